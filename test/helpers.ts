import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { loadSpec, NetworkSpec } from "../config";

export const PROJECT = "fabric-network";
/** The repository root (tests run from bin/test/). */
export const ROOT = path.resolve(__dirname, "..", "..");

/** A stack file's `fabric-network:` values, keys without the namespace, as Pulumi hands them over. */
export function stackConfig(stack: string): Record<string, unknown> {
    const doc = parse(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
    return Object.fromEntries(Object.entries(doc.config).map(([k, v]) => [k.replace(`${PROJECT}:`, ""), v]));
}

export function stackSpec(stack: string, projectDir = "/project"): NetworkSpec {
    return loadSpec(stackConfig(stack), { project: PROJECT, stack, projectDir });
}
