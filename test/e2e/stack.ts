// Driving a stack through the real Pulumi engine, for the e2e files: `pulumi` with the project's
// environment, stack files laid over the dev stack's, and gateway clients from the stack's own outputs.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Contract } from "@hyperledger/fabric-gateway";
import { parse, stringify } from "yaml";
import { stackNames, type NetworkSpec } from "../../config";
import { PROJECT, ROOT } from "../helpers";
import { gatewayAt, gatewayTo, Identity, missingForDocker, ProfilePeer, text } from "./checks";

/**
 * How long one `pulumi` command may take before it is killed and fails (E2E_PULUMI_SECONDS): the longest
 * measured is under 2 minutes; a hung one fails its test with what it printed and the containers running.
 */
const PULUMI_SECONDS = Number(process.env.E2E_PULUMI_SECONDS ?? 900);
const hung = (args: string[]) =>
    `\n!! pulumi ${args.join(" ")} did not end in ${PULUMI_SECONDS} s: killed. Containers running:\n` +
    spawnSync("docker", ["ps", "--format", "{{.Names}} {{.Status}}"], { encoding: "utf8" }).stdout;

/** `pulumi …` with the project's environment; stdout, stderr and status, and the time it took. */
export function pulumi(...args: string[]) {
    const t0 = Date.now();
    const r = spawnSync("bash", [path.join(ROOT, "scripts", "pulumi.sh"), ...args], {
        cwd: ROOT,
        encoding: "utf8",
        maxBuffer: 64 << 20,
        timeout: PULUMI_SECONDS * 1000,
        killSignal: "SIGKILL",
        // Debug commands: `up --event-log`, whose timestamps split the first `up` by stage.
        env: { ...process.env, PULUMI_DEBUG_COMMANDS: "true" },
    });
    const out = r.stdout + r.stderr + (r.signal === "SIGKILL" ? hung(args) : "");
    return { status: r.status, stdout: r.stdout, out, seconds: (Date.now() - t0) / 1000 };
}

/** What a suite through the real engine lacks on this machine: Docker and the stack's images, then Pulumi. */
export function missingForEngine(spec: NetworkSpec): string[] {
    const missing = missingForDocker(spec);
    if (!missing.length && pulumi("version").status !== 0) missing.push("Pulumi (scripts/setup-pulumi.sh)");
    return missing;
}

/** A suite's `skip`: false, or what it needs. */
export const engineSkip = (spec: NetworkSpec): string | false => {
    const missing = missingForEngine(spec);
    return missing.length ? `needs ${missing.join("; ")}` : false;
};

/**
 * A failed `pulumi` command's message: its Diagnostics section first (where the engine puts each resource's error,
 * which the stack's outputs printed after it would push out of a plain tail), then the last lines it printed.
 */
export function pulumiFailure(args: string[], out: string): string {
    const diagnostics = /^Diagnostics:\n[\s\S]*?(?=^(?:Outputs|Resources|Duration):)/m.exec(out)?.[0] ?? "";
    return `pulumi ${args.join(" ")} failed:\n${diagnostics.slice(0, 6000)}${diagnostics ? "\n[…]\n" : ""}${out.slice(-2500)}`;
}

export const pulumiOk = (...args: string[]) => {
    const r = pulumi(...args);
    assert.equal(r.status, 0, pulumiFailure(args, r.out));
    return r;
};

/**
 * A test stack's kafka.sasl password, new each run: 24 base64url characters after a letter, so that no tool's argument
 * parser reads it as a flag (one that began with "-" once failed a CI run at `pulumi config set`).
 */
export const testPassword = () => `p${randomBytes(18).toString("base64url")}`;

/**
 * `pulumi config set --secret`: the value after `--`, so that it is never taken for a flag, and never in the failure
 * message (pulumiOk prints its arguments).
 */
export function setSecret(stack: string, key: string, value: string) {
    const r = pulumi("config", "set", "--secret", "--stack", stack, "--", key, value);
    assert.equal(r.status, 0, pulumiFailure(["config", "set", "--secret", key, "(value not shown)", "--stack", stack], r.out.split(value).join("<the value>")));
}

/**
 * `pulumi …` without blocking the event loop, so that a load generator in the same process keeps running
 * meanwhile (the fault suite heals the network this way); fails on a non-zero status. Resolves to the
 * seconds it took.
 */
export function pulumiAsync(...args: string[]): Promise<number> {
    const t0 = Date.now();
    return new Promise((resolve, reject) => {
        const child = spawn("bash", [path.join(ROOT, "scripts", "pulumi.sh"), ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        const timer = setTimeout(() => {
            out += hung(args);
            child.kill("SIGKILL");
        }, PULUMI_SECONDS * 1000);
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (out += d));
        child.on("close", (code) => {
            clearTimeout(timer);
            if (code === 0) resolve((Date.now() - t0) / 1000);
            else reject(new Error(pulumiFailure(args, out)));
        });
    });
}

/** A stack output, parsed. */
export const stackOutput = (stack: string, name: string) => JSON.parse(pulumiOk("stack", "output", name, "--json", "--stack", stack).stdout);

/** Writes Pulumi.<stack>.yaml from the dev stack's file (or Pulumi.<base>.yaml), with config laid over it. */
export function writeStackFile(stack: string, over: Record<string, unknown>, base = "dev") {
    const dev = parse(fs.readFileSync(path.join(ROOT, `Pulumi.${base}.yaml`), "utf8"));
    // A stack file Pulumi already wrote keeps its encryption salt and its secrets (`config set --secret`).
    const file = path.join(ROOT, `Pulumi.${stack}.yaml`);
    const was = fs.existsSync(file) ? (parse(fs.readFileSync(file, "utf8")) ?? {}) : {};
    if (was.encryptionsalt) dev.encryptionsalt = was.encryptionsalt;
    for (const [k, v] of Object.entries((was.config ?? {}) as Record<string, unknown>)) {
        if (typeof v === "object" && v !== null && "secure" in v) dev.config[k] = v;
    }
    for (const [k, v] of Object.entries(over)) dev.config[`${PROJECT}:${k}`] = v;
    fs.writeFileSync(file, stringify(dev));
}

/**
 * Removes what a stack of this name left in Docker that no state here knows: another clone's run on this machine
 * killed half-way (a CI run once left `fabric-network-faults-ha`'s network, and the next clone's first `up` of that
 * stack failed on "network … already exists"). Its containers and volumes by the stack's label, the steps' CLI
 * containers by name, and its network; each removal is said.
 */
export function clearLeftovers(stack: string): string[] {
    const { prefix, network } = stackNames(PROJECT, stack);
    const list = (...args: string[]) => spawnSync("docker", args, { encoding: "utf8" }).stdout.split("\n").filter(Boolean);
    const containers = [...new Set([...list("ps", "-a", "--filter", `label=fabric-network.stack=${prefix}`, "--format", "{{.Names}}"), ...list("ps", "-a", "--filter", `name=^${prefix}-cli-`, "--format", "{{.Names}}")])];
    const volumes = list("volume", "ls", "-q", "--filter", `label=fabric-network.stack=${prefix}`);
    const networks = spawnSync("docker", ["network", "inspect", network], { encoding: "utf8" }).status === 0 ? [network] : [];
    if (containers.length) spawnSync("docker", ["rm", "-f", "-v", ...containers]);
    if (volumes.length) spawnSync("docker", ["volume", "rm", "-f", ...volumes]);
    if (networks.length) spawnSync("docker", ["network", "rm", network]);
    const removed = [...containers, ...volumes.map((v) => `volume ${v}`), ...networks.map((n) => `network ${n}`)];
    if (removed.length) console.log(`# ${stack}: removed what no state here knew of: ${removed.join(", ")}`);
    return removed;
}

export const removeStack = (stack: string) => {
    pulumi("destroy", "--yes", "--skip-preview", "--stack", stack);
    pulumi("stack", "rm", "--yes", "--force", stack);
    fs.rmSync(path.join(ROOT, `Pulumi.${stack}.yaml`), { force: true });
    clearLeftovers(stack);
};

/**
 * Runs `use` with a chaincode through a gateway client connected to peer `peerHost` of `org`, built from the
 * stack's exported connection profile and identity (`pulumi stack output`), as an application would.
 */
export async function withContract<T>(
    at: { stack: string; prefix: string; org: string; peerHost: string; channel: string; chaincode: string; address?: string },
    use: (contract: Contract) => Promise<T>,
): Promise<T> {
    const profiles = stackOutput(at.stack, "connectionProfiles");
    const identities = stackOutput(at.stack, "identities");
    const [peer, id] = [profiles[at.org].peers[at.peerHost] as ProfilePeer, identities[at.org] as Identity];
    // On a swarm the caller says where the peer's task published its port; on one host its container says.
    const { gateway, close } = at.address ? gatewayAt(at.address, peer, id) : gatewayTo(`${at.prefix}-${at.peerHost}`, peer, id);
    try {
        return await use(gateway.getNetwork(at.channel).getContract(at.chaincode));
    } finally {
        close();
    }
}

/** The seed's chaincode test on a fresh network: a reads 100, invoke b → a 1, a reads 101 and b 199. Returns the invoke's seconds. */
export async function seedTest(contract: Contract): Promise<number> {
    assert.equal(text(await contract.evaluateTransaction("query", "a")), "100");
    const t0 = Date.now();
    await contract.submitTransaction("invoke", "b", "a", "1");
    const seconds = (Date.now() - t0) / 1000;
    assert.equal(text(await contract.evaluateTransaction("query", "a")), "101");
    assert.equal(text(await contract.evaluateTransaction("query", "b")), "199");
    return seconds;
}
