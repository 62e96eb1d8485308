// The shell (and node) scripts that the Command steps run live in render/steps/ as files of their own, so
// that shellcheck reads them; this module hands their text and paths to the components and the tests.
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

/** The project folder: the nearest one holding Pulumi.yaml above this file (or its compiled copy in bin/). */
function projectRoot(from = __dirname): string {
    for (let dir = from; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) return dir;
        if (dir === path.dirname(dir)) throw new Error(`no Pulumi.yaml above ${from}`);
    }
}

/** Absolute folder of the step scripts; steps that source peer-cli.sh get it as STEPS_DIR. */
export const STEPS_DIR = path.join(projectRoot(), "render", "steps");

/** Absolute path of a file of render/steps/. */
export const stepFile = (name: string): string => path.join(STEPS_DIR, name);

/** The text of a file of render/steps/. */
export const stepScript = (name: string): string => fs.readFileSync(stepFile(name), "utf8");

/** sha256 of files of render/steps/ (their names and texts). */
export const stepsDigest = (...names: string[]): string =>
    createHash("sha256").update(names.map((n) => `${n}\0${stepScript(n)}`).join("\0")).digest("hex");

const SOURCED = /^\s*source "\$STEPS_DIR\/([\w.-]+)"/gm;

/**
 * The files of render/steps/ a step runs besides its own script, which is its `create` input already: the
 * ones it sources (and those source, to any depth) and the ones its environment names by path (a node script).
 */
export function stepDependencies(script: string, environment: Record<string, unknown>): string[] {
    const found = new Set<string>();
    const visit = (text: string) => {
        for (const [, name] of text.matchAll(SOURCED)) {
            if (!found.has(name)) {
                found.add(name);
                visit(stepScript(name));
            }
        }
    };
    visit(script);
    for (const value of Object.values(environment)) {
        if (typeof value === "string" && path.dirname(value) === STEPS_DIR) found.add(path.basename(value));
    }
    return [...found].sort();
}
