// The program's side: `pulumi up` of stack `bench` (the dev stack's config, ports published) from nothing to
// `a = 101`, a no-op `up`, and `destroy`, with the engine's event log and Docker's container events.
import * as fs from "fs";
import * as path from "path";
import type { Contract } from "@hyperledger/fabric-gateway";
import { parse, stringify } from "yaml";
import { gatewayTo, Identity, ProfilePeer, text } from "../test/e2e/checks";
import { stackOutput } from "../test/e2e/stack";
import { ContainerEvent, log, pulumi, recordContainerEvents, ROOT, timed } from "./common";

const PROJECT = "fabric-network";
export const containerPrefix = (stack: string) => `${PROJECT}-${stack}-`;

/** Writes Pulumi.<stack>.yaml: the `base` stack's file (dev, or raft) with ports published and `over` laid over it. */
export function writeStackFile(stack: string, over: Record<string, unknown> = {}, base = "dev"): void {
    const dev = parse(fs.readFileSync(path.join(ROOT, `Pulumi.${base}.yaml`), "utf8"));
    dev.config[`${PROJECT}:ports`] = { publish: true };
    for (const [k, v] of Object.entries(over)) {
        const key = `${PROJECT}:${k}`;
        dev.config[key] = typeof v === "object" && v && !Array.isArray(v) ? { ...dev.config[key], ...v } : v;
    }
    fs.writeFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), stringify(dev));
}

/** Makes sure the stack exists and holds nothing: destroyed, its artifacts folder gone. */
export function destroyStack(stack: string): number {
    pulumi(["stack", "select", "--create", stack]);
    const r = pulumi(["destroy", "--yes", "--skip-preview", "--stack", stack], 600);
    if (r.status !== 0) {
        throw new Error(`pulumi destroy --stack ${stack} failed:\n${r.out.slice(-4000)}`);
    }
    fs.rmSync(path.join(ROOT, "artifacts", stack), { recursive: true, force: true });
    return r.seconds;
}

/** Removes the stack and its file. */
export function removeStack(stack: string): void {
    destroyStack(stack);
    pulumi(["stack", "rm", "--yes", "--force", stack]);
    fs.rmSync(path.join(ROOT, `Pulumi.${stack}.yaml`), { force: true });
}

/** mycc on channel1 through a gateway client on Org1's peer `peerIndex`, from the stack's exported profile and identity. */
export async function withMycc<T>(stack: string, use: (contract: Contract) => Promise<T>, peerIndex = 0): Promise<T> {
    const profiles = stackOutput(stack, "connectionProfiles");
    const identities = stackOutput(stack, "identities");
    const host = Object.keys(profiles.Org1.peers)[peerIndex];
    const { gateway, close } = gatewayTo(`${containerPrefix(stack)}${host}`, profiles.Org1.peers[host] as ProfilePeer, identities.Org1 as Identity);
    try {
        return await use(gateway.getNetwork("channel1").getContract("mycc"));
    } finally {
        close();
    }
}

/** One resource step of an `up`, from the engine's event log: seconds since the `up` started. */
export interface ResourceSpan {
    readonly name: string;
    readonly type: string;
    readonly start: number;
    readonly end: number;
}

/** Every resource's span in an `--event-log` file (the engine's timestamps are whole seconds). */
export function resourceSpans(eventLog: string, upStart: number): ResourceSpan[] {
    const spans = new Map<string, { type: string; start: number; end: number }>();
    for (const line of fs.readFileSync(eventLog, "utf8").split("\n").filter(Boolean)) {
        const e = JSON.parse(line);
        const pre = e.resourcePreEvent?.metadata;
        const done = e.resOutputsEvent?.metadata;
        const meta = pre ?? done;
        if (!meta || meta.type.startsWith("pulumi:")) continue;
        const name = meta.urn.split("::").pop() as string;
        const s = spans.get(name) ?? { type: meta.type, start: NaN, end: NaN };
        if (pre) s.start = e.timestamp - upStart;
        if (done) s.end = e.timestamp - upStart;
        spans.set(name, s);
    }
    return [...spans].map(([name, s]) => ({ name, ...s })).filter((s) => !Number.isNaN(s.start) && !Number.isNaN(s.end));
}

export interface ProgramRun {
    /** `pulumi up` from nothing (no containers, volumes or artifacts of the stack). */
    readonly upSeconds: number;
    /** One invoke through the gateway (b → a 1) after it, and the query that reads a = 101. */
    readonly invokeSeconds: number;
    /** The two together: from nothing to `a = 101`. */
    readonly firstSeconds: number;
    /** `pulumi up` again with nothing changed, and the whole `npm run up` (scripts/up.sh) likewise. */
    readonly noopUpSeconds: number;
    readonly noopNpmRunUpSeconds: number;
    readonly destroySeconds: number;
    /** Per resource (containers, steps): when it started and ended, seconds since the `up` started. */
    readonly resources: ResourceSpan[];
    /** When each container started and first reported healthy, seconds since the `up` started. */
    readonly containers: Record<string, { start?: number; healthy?: number }>;
}

/** One cycle on `stack`: destroyed, up from nothing to a = 101, no-op up twice; `keep` leaves it running. */
export async function runProgram(stack: string, reportsDir: string, index: number, keep = false): Promise<ProgramRun> {
    destroyStack(stack);
    const eventLog = path.join(reportsDir, `bench-${stack}-up-${index}.events.jsonl`);
    fs.rmSync(eventLog, { force: true });
    const events = recordContainerEvents(`fabric-network.stack=${PROJECT}-${stack}`, containerPrefix(stack));
    const upStart = Date.now() / 1000;
    const up = pulumi(["up", "--yes", "--skip-preview", "--stack", stack, "--event-log", eventLog], 900);
    if (up.status !== 0) {
        await events.stop();
        throw new Error(`pulumi up --stack ${stack} failed (${up.seconds.toFixed(1)} s):\n${up.out.slice(-6000)}`);
    }
    const t0 = Date.now();
    const a = await withMycc(stack, async (mycc) => {
        await mycc.submitTransaction("invoke", "b", "a", "1");
        return text(await mycc.evaluateTransaction("query", "a"));
    });
    const invokeSeconds = (Date.now() - t0) / 1000;
    if (a !== "101") {
        throw new Error(`after the first up and one invoke, a reads ${a}, not 101`);
    }
    const recorded = await events.stop();
    const noop = pulumi(["up", "--yes", "--skip-preview", "--stack", stack, "--expect-no-changes"], 600);
    if (noop.status !== 0) {
        throw new Error(`no-op pulumi up --stack ${stack} failed:\n${noop.out.slice(-4000)}`);
    }
    const npmUp = timed("bash", [path.join(ROOT, "scripts", "up.sh"), stack], { timeoutS: 600 });
    if (npmUp.status !== 0) {
        throw new Error(`scripts/up.sh ${stack} failed:\n${npmUp.out.slice(-4000)}`);
    }
    const destroySeconds = keep ? NaN : destroyStack(stack);
    const run: ProgramRun = {
        upSeconds: up.seconds,
        invokeSeconds,
        firstSeconds: up.seconds + invokeSeconds,
        noopUpSeconds: noop.seconds,
        noopNpmRunUpSeconds: npmUp.seconds,
        destroySeconds,
        resources: resourceSpans(eventLog, Math.floor(upStart)),
        containers: containerTimes(recorded, containerPrefix(stack), upStart),
    };
    log(`program ${stack} #${index}: up ${up.seconds.toFixed(1)} s, invoke ${invokeSeconds.toFixed(1)} s, no-op up ${noop.seconds.toFixed(1)} s, npm run up ${npmUp.seconds.toFixed(1)} s`);
    return run;
}

/** First start and first healthy report of each container, seconds since `t0`, names without the prefix. */
export function containerTimes(events: readonly ContainerEvent[], prefix: string, t0: number): Record<string, { start?: number; healthy?: number }> {
    const out: Record<string, { start?: number; healthy?: number }> = {};
    const r = (t: number) => Math.round((t - t0) * 100) / 100;
    for (const e of events) {
        const c = (out[e.container.replace(prefix, "")] ??= {});
        if (e.status === "start" && c.start === undefined) c.start = r(e.time);
        if (e.status.startsWith("health_status: healthy") && c.healthy === undefined) c.healthy = r(e.time);
    }
    return out;
}
