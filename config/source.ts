// A chaincode's source folder, read once: the program builds the chaincode's image from it, and its
// digest goes into the package label, so changed source means a new package and a new definition.
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { ConfigError } from "./load";
import { NetworkSpec } from "./spec";

/** Build outputs and local state: never part of what the digest covers. */
const IGNORED = new Set(["node_modules", "dist", ".git"]);

/** What a source folder must hold for the program to build an image from it. */
export const SOURCE_FILES = ["Dockerfile", "package.json", "package-lock.json"] as const;

/** The source files of `dir`, relative and sorted, without build outputs. */
export function sourceFiles(dir: string): string[] {
    const walk = (rel: string): string[] =>
        fs
            .readdirSync(path.join(dir, rel), { withFileTypes: true })
            .filter((e) => !IGNORED.has(e.name))
            .flatMap((e) => {
                const child = rel ? `${rel}/${e.name}` : e.name;
                return e.isDirectory() ? walk(child) : e.isFile() ? [child] : [];
            });
    return walk("").sort();
}

/** sha256 over every source file's path and content: the same tree gives the same digest on any machine. */
export function sourceDigest(dir: string): string {
    const tree = createHash("sha256");
    for (const file of sourceFiles(dir)) {
        const content = createHash("sha256").update(fs.readFileSync(path.join(dir, file))).digest("hex");
        tree.update(`${file}\0${content}\n`);
    }
    return tree.digest("hex");
}

/** What is missing for `dir` to be a source folder: an empty list when it is one. */
export function missingSourceFiles(dir: string): string[] {
    return SOURCE_FILES.filter((f) => !fs.existsSync(path.join(dir, f)));
}

/**
 * The source digest of every chaincode that names a source folder, by chaincode name; a ConfigError
 * naming each folder that is not a source folder, before anything is created.
 */
export function readSources(spec: NetworkSpec): ReadonlyMap<string, string> {
    const digests = new Map<string, string>();
    const problems: string[] = [];
    spec.chaincodes.forEach((cc, i) => {
        if (cc.source === undefined) {
            return;
        }
        const missing = fs.existsSync(cc.source) && fs.statSync(cc.source).isDirectory() ? missingSourceFiles(cc.source) : ["the folder itself"];
        if (missing.length > 0) {
            problems.push(
                `chaincodes[${i}].source (${JSON.stringify(cc.source)}) must be a folder holding ${SOURCE_FILES.join(", ")}: ` +
                    `missing ${missing.join(", ")}; fix the path (it is read from the project folder) or add the files`,
            );
        } else {
            digests.set(cc.name, sourceDigest(cc.source));
        }
    });
    if (problems.length > 0) {
        throw new ConfigError(spec.stack, problems);
    }
    return digests;
}
