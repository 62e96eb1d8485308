// The real Pulumi engine from a test: the project's `pulumi` (scripts/pulumi.sh), stack files laid over a
// committed one, and mycc through a gateway client built from a stack's exported profile and identity.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Contract } from "@hyperledger/fabric-gateway";
import { parse, stringify } from "yaml";
import { PROJECT, ROOT } from "../helpers";
import { gatewayTo, Identity, ProfilePeer } from "./checks";

/** `pulumi …` with the project's environment; stdout, stderr and status, and the time it took. */
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

/** Writes Pulumi.<stack>.yaml from the committed Pulumi.<base>.yaml, with `over` laid over its config. */
export function writeStackFile(stack: string, base: string, over: Record<string, unknown>) {
    const doc = parse(fs.readFileSync(path.join(ROOT, `Pulumi.${base}.yaml`), "utf8"));
    delete doc.encryptionsalt;
    for (const [k, v] of Object.entries(over)) doc.config[`${PROJECT}:${k}`] = v;
    fs.writeFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), stringify(doc));
}

/** Destroys a stack's network, removes the stack and its file: nothing of it is left. */
export function removeStack(stack: string) {
    pulumi("destroy", "--yes", "--skip-preview", "--stack", stack);
    pulumi("stack", "rm", "--yes", "--force", stack);
    fs.rmSync(path.join(ROOT, `Pulumi.${stack}.yaml`), { force: true });
}

/** Runs `use` with mycc on channel1 through Org1's peer `peerHost`, as an application with the stack's outputs would. */
export async function withMycc<T>(stack: string, prefix: string, peerHost: string, use: (contract: Contract) => Promise<T>): Promise<T> {
    const profiles = JSON.parse(pulumiOk("stack", "output", "connectionProfiles", "--json", "--stack", stack).stdout);
    const identities = JSON.parse(pulumiOk("stack", "output", "identities", "--json", "--stack", stack).stdout);
    const { gateway, close } = gatewayTo(`${prefix}-${peerHost}`, profiles.Org1.peers[peerHost] as ProfilePeer, identities.Org1 as Identity);
    try {
        return await use(gateway.getNetwork("channel1").getContract("mycc"));
    } finally {
        close();
    }
}
