// `pulumi` for the fault suite, through the project's scripts/pulumi.sh, and its stack file.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { PROJECT, ROOT } from "../helpers";

/** `pulumi …` with the project's environment: status, output, and the seconds it took. */
export function pulumi(...args: string[]) {
    const t0 = Date.now();
    const r = spawnSync("bash", [path.join(ROOT, "scripts", "pulumi.sh"), ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 << 20 });
    return { status: r.status, stdout: r.stdout, out: r.stdout + r.stderr, seconds: (Date.now() - t0) / 1000 };
}

export function pulumiOk(...args: string[]) {
    const r = pulumi(...args);
    assert.equal(r.status, 0, `pulumi ${args.join(" ")} failed:\n${r.out.slice(-4000)}`);
    return r;
}

/**
 * `pulumi …` without blocking the event loop, so that the load generator (same process) keeps running
 * while `up` heals the network; fails on a non-zero status. Resolves to the seconds it took.
 */
export function pulumiAsync(...args: string[]): Promise<number> {
    const t0 = Date.now();
    return new Promise((resolve, reject) => {
        const child = spawn("bash", [path.join(ROOT, "scripts", "pulumi.sh"), ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (out += d));
        child.on("close", (code) => (code === 0 ? resolve((Date.now() - t0) / 1000) : reject(new Error(`pulumi ${args.join(" ")} failed:\n${out.slice(-4000)}`))));
    });
}

/** Writes Pulumi.<stack>.yaml: the dev stack's file with `over` laid over its config. */
export function writeStackFile(stack: string, over: Record<string, unknown>): void {
    const dev = parse(fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8"));
    for (const [k, v] of Object.entries(over)) dev.config[`${PROJECT}:${k}`] = v;
    fs.writeFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), stringify(dev));
}

/** Destroys and forgets a stack, and removes its file. */
export function removeStack(stack: string): void {
    pulumi("destroy", "--yes", "--skip-preview", "--stack", stack);
    pulumi("stack", "rm", "--yes", "--force", stack);
    fs.rmSync(path.join(ROOT, `Pulumi.${stack}.yaml`), { force: true });
}
