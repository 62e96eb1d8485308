// config/source.ts: chaincode source folders and their digests.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { ConfigError, loadSpec, readSources, sourceDigest, sourceFiles } from "../config";
import { copySource, PROJECT, ROOT } from "./helpers";

const ctx = { project: PROJECT, stack: "dev", projectDir: "/project" };

describe("chaincode source folders", () => {
    /** A copy of chaincode/example02's source files (no build outputs) in a scratch project folder. */
    function sourceCopy(): { project: string; dir: string } {
        const project = fs.mkdtempSync(path.join(os.tmpdir(), "cc-source-"));
        const dir = path.join(project, "cc");
        copySource(path.join(ROOT, "chaincode", "example02"), dir);
        return { project, dir };
    }
    const withSource = (source: string) => ({ chaincodes: [{ name: "mycc", channels: ["channel1"], image: "cc:1", source }] });

    it("covers the source files and skips build outputs", () => {
        const files = sourceFiles(path.join(ROOT, "chaincode", "example02"));
        assert.deepEqual(files.filter((f) => !f.startsWith("src/")), [".gitignore", "Dockerfile", "package-lock.json", "package.json", "tsconfig.json"]);
        assert.ok(files.includes("src/index.ts"));
        assert.ok(!files.some((f) => f.startsWith("node_modules/") || f.startsWith("dist/")));
    });

    it("the digest follows the source: same tree, same digest; a changed file or a new one, a new digest; build outputs do not count", () => {
        const { dir } = sourceCopy();
        const first = sourceDigest(dir);
        assert.match(first, /^[0-9a-f]{64}$/);
        assert.equal(sourceDigest(path.join(ROOT, "chaincode", "example02")), first, "a copy of the same files has the same digest");
        fs.mkdirSync(path.join(dir, "node_modules", "x"), { recursive: true });
        fs.writeFileSync(path.join(dir, "node_modules", "x", "index.js"), "1");
        fs.mkdirSync(path.join(dir, "dist"), { recursive: true });
        fs.writeFileSync(path.join(dir, "dist", "index.js"), "1");
        assert.equal(sourceDigest(dir), first, "node_modules and dist are build outputs");
        const src = path.join(dir, "src", "index.ts");
        fs.writeFileSync(src, fs.readFileSync(src, "utf8").replace("Expecting integer value", "Expecting an integer"));
        const edited = sourceDigest(dir);
        assert.notEqual(edited, first);
        fs.writeFileSync(path.join(dir, "src", "extra.ts"), "export {};\n");
        assert.notEqual(sourceDigest(dir), edited);
    });

    it("reads the digest of each chaincode with a source folder, from the project folder", () => {
        const { project, dir } = sourceCopy();
        const spec = loadSpec(withSource("cc"), { project: PROJECT, stack: "s", projectDir: project });
        assert.equal(spec.chaincodes[0].source, dir);
        assert.deepEqual([...readSources(spec)], [["mycc", sourceDigest(dir)]]);
        assert.deepEqual([...readSources(loadSpec({ chaincodes: [{ name: "x", channels: ["channel1"], image: "cc:1" }] }, ctx))], [], "no source: the image is used as it is");
    });

    it("refuses a source folder that is missing or lacks a Dockerfile, naming the key, the path and the fix", () => {
        const { project, dir } = sourceCopy();
        fs.rmSync(path.join(dir, "Dockerfile"));
        const spec = loadSpec(
            { chaincodes: [...withSource("cc").chaincodes, { name: "other", channels: ["channel2"], image: "cc:2", source: "nowhere" }] },
            { project: PROJECT, stack: "s", projectDir: project },
        );
        assert.throws(
            () => readSources(spec),
            (e: unknown) => {
                assert.ok(e instanceof ConfigError);
                assert.deepEqual(e.problems, [
                    `chaincodes[0].source (${JSON.stringify(dir)}) must be a folder holding Dockerfile, package.json, package-lock.json: missing Dockerfile; fix the path (it is read from the project folder) or add the files`,
                    `chaincodes[1].source (${JSON.stringify(path.join(project, "nowhere"))}) must be a folder holding Dockerfile, package.json, package-lock.json: missing the folder itself; fix the path (it is read from the project folder) or add the files`,
                ]);
                return true;
            },
        );
    });
});
