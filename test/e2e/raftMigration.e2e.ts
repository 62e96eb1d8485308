// Kafka → Raft on a running network by one config change, through the real Pulumi engine: the dev stack's
// network up on Kafka, the seed's test (a = 101), `orderer.type: etcdraft`, `up`: every channel's live config
// on etcdraft, no ZooKeeper or Kafka container or volume left, `a` still 101, an invoke commits (102), block
// heights continued, a second `up` changes nothing. Invoke latency and throughput are measured before and
// after, and everything goes to reports/e2e-raft-migration.json. RAFT_MIGRATION_KILL=1 kills the engine
// half-way through the migration first: the next `up` finishes it.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Contract } from "@hyperledger/fabric-gateway";
import { loadSpec, SYSTEM_CHANNEL } from "../../config";
import { PROJECT, ROOT, stackConfig } from "../helpers";
import { docker, healthByName, liveChannelConfig, text } from "./checks";
import { engineSkip, pulumi, pulumiOk, removeStack, stackOutput, withContract, writeStackFile } from "./stack";

/** RAFT_MIGRATION_STACK names another stack (a Docker network of the default one may be left behind by a kill). */
const STACK = process.env.RAFT_MIGRATION_STACK ?? "raft-mig";
const raw: Record<string, unknown> = { ...stackConfig("dev"), ports: { publish: true } };
const spec = loadSpec(raw, { project: PROJECT, stack: STACK, projectDir: ROOT });
const channels = [SYSTEM_CHANNEL, ...spec.channels.map((c) => c.name)];
const skip = engineSkip(spec);

/** Bounded load: LATENCY_INVOKES one after another, then CLIENTS clients side by side, INVOKES each, on keys of their own. */
const LATENCY_INVOKES = 10;
const CLIENTS = 4;
const INVOKES = 5;

const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Median latency of single invokes (ms), and transactions per second of several clients on keys of their own. */
async function measure(tag: string, contract: Contract) {
    const latencies: number[] = [];
    for (let i = 0; i < LATENCY_INVOKES; i++) {
        const t0 = Date.now();
        await contract.submitTransaction("invoke", "b", "a", "1");
        latencies.push(Date.now() - t0);
    }
    const keys = Array.from({ length: CLIENTS }, (_, c) => [`${tag}${c}x`, `${tag}${c}y`]);
    await Promise.all(keys.map(([x, y]) => contract.submitTransaction("init", x, "1000", y, "1000")));
    const t0 = Date.now();
    await Promise.all(
        keys.map(async ([x, y]) => {
            for (let i = 0; i < INVOKES; i++) await contract.submitTransaction("invoke", x, y, "1");
        }),
    );
    const seconds = (Date.now() - t0) / 1000;
    for (const [x, y] of keys) {
        assert.deepEqual([text(await contract.evaluateTransaction("query", x)), text(await contract.evaluateTransaction("query", y))], [`${1000 - INVOKES}`, `${1000 + INVOKES}`]);
    }
    return { medianInvokeMs: median(latencies), minMs: Math.min(...latencies), maxMs: Math.max(...latencies), clients: CLIENTS, invokesEach: INVOKES, txPerSecond: Number(((CLIENTS * INVOKES) / seconds).toFixed(2)) };
}

describe("Kafka → Raft on the running dev network by one config change, on real Docker", { skip }, () => {
    const report: Record<string, unknown> = { stack: `${STACK} (the dev stack's config, ports published)` };
    const at = { stack: STACK, prefix: spec.names.prefix, org: "Org1", peerHost: spec.orgs[0].peers[0].hostname, channel: "channel1", chaincode: "mycc" };
    const heightsBefore: Record<string, number> = {};
    let aBefore = 0;
    const containersBefore: string[] = [];
    before(() => {
        removeStack(STACK);
        writeStackFile(STACK, { ports: { publish: true } });
        pulumiOk("stack", "init", STACK);
    });
    after(() => {
        fs.mkdirSync(path.join(ROOT, "reports"), { recursive: true });
        fs.writeFileSync(path.join(ROOT, "reports", "e2e-raft-migration.json"), JSON.stringify(report, null, 2));
        if (process.env.KEEP_NETWORK !== "1") removeStack(STACK);
    });

    it("the dev network on Kafka: up, the seed's test (a 101), then latency and throughput measured", async () => {
        report.kafkaUpSeconds = pulumiOk("up", "--yes", "--skip-preview", "--stack", STACK).seconds;
        await withContract(at, async (contract) => {
            assert.equal(text(await contract.evaluateTransaction("query", "a")), "100");
            await contract.submitTransaction("invoke", "b", "a", "1");
            assert.equal(text(await contract.evaluateTransaction("query", "a")), "101");
            report.kafka = await measure("k", contract);
            aBefore = Number(text(await contract.evaluateTransaction("query", "a")));
        });
        assert.equal(aBefore, 101 + LATENCY_INVOKES);
        for (const ch of channels) {
            const consensus = liveChannelConfig(spec, ch).channel_group.groups.Orderer.values.ConsensusType.value;
            assert.equal(consensus.type, "kafka", ch);
        }
        for (const ch of spec.channels) heightsBefore[ch.name] = channelHeight(ch.name);
        containersBefore.push(...Object.keys(healthByName(spec.names.prefix)).sort());
        console.log(`# on Kafka: ${JSON.stringify(report.kafka)}`);
    });

    const etcdraft = { ports: { publish: true }, orderer: { ...(raw.orderer as object), type: "etcdraft" } };
    it("pulumi preview of orderer.type etcdraft says what the up will do, step by step, and what not to do meanwhile", () => {
        writeStackFile(STACK, etcdraft);
        const r = pulumiOk("preview", "--stack", STACK);
        assert.match(r.out, /orderer\.type kafka → etcdraft: this up migrates the running network to Raft/);
        assert.match(r.out, /every channel \(system-channel, channel1, channel2, channel3\) into maintenance mode/);
        assert.match(r.out, /Do not submit transactions meanwhile/);
    });

    it("pulumi up migrates it: every channel's live config on etcdraft, normal, with the 3 consenters; then ZooKeeper and Kafka removed", async () => {
        const events = path.join(ROOT, "reports", "e2e-raft-migration.events.jsonl");
        fs.mkdirSync(path.dirname(events), { recursive: true });
        if (process.env.RAFT_MIGRATION_KILL === "1") report.killed = await killedUp();
        const r = pulumiOk("up", "--yes", "--skip-preview", "--stack", STACK, "--event-log", events);
        report.migrationUpSeconds = r.seconds;
        console.log(`# migration up: ${r.seconds.toFixed(1)} s`);
        assert.equal(stackOutput(STACK, "consensus"), `migrated to etcdraft: ${channels.join(" ")}`);
        for (const ch of channels) {
            const consensus = liveChannelConfig(spec, ch).channel_group.groups.Orderer.values.ConsensusType.value;
            assert.deepEqual(
                [consensus.type, consensus.state, consensus.metadata.consenters.map((c: { host: string }) => c.host)],
                ["etcdraft", "STATE_NORMAL", spec.orderer.nodes.map((n) => n.hostname)],
                ch,
            );
        }
        assert.deepEqual(Object.keys(healthByName(spec.names.prefix)).sort(), containersBefore.filter((n) => !/zookeeper|kafka/.test(n)));
        assert.deepEqual(docker("volume", "ls", "-q", "--filter", `name=${spec.names.prefix}-`).split("\n").filter((v) => /zookeeper|kafka/.test(v)), []);
        // The engine's order: every ZooKeeper and Kafka deletion starts after the consensus step's outputs.
        const log = fs.readFileSync(events, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
        const done = log.find((e) => e.resOutputsEvent?.metadata.urn.endsWith("-consensus"));
        const deletions = log.filter((e) => e.resourcePreEvent?.metadata.op === "delete" && /zookeeper|kafka/.test(e.resourcePreEvent.metadata.urn));
        assert.ok(done, "no outputs of the consensus step in the event log");
        assert.equal(
            deletions.filter((e) => e.resourcePreEvent.metadata.type === "docker:index/container:Container").length,
            containersBefore.filter((n) => /zookeeper|kafka/.test(n)).length,
        );
        assert.ok(deletions.every((e) => e.sequence > done.sequence));
    });

    it("the ledger is kept: a reads what it did, an invoke commits, block heights continued; then latency and throughput on Raft", async () => {
        await withContract(at, async (contract) => {
            assert.equal(Number(text(await contract.evaluateTransaction("query", "a"))), aBefore);
            await contract.submitTransaction("invoke", "b", "a", "1");
            assert.equal(Number(text(await contract.evaluateTransaction("query", "a"))), aBefore + 1);
            report.raft = await measure("r", contract);
        });
        for (const ch of spec.channels) {
            const height = channelHeight(ch.name);
            assert.ok(height > heightsBefore[ch.name], `${ch.name}: ${heightsBefore[ch.name]} → ${height}`);
        }
        report.heights = Object.fromEntries(spec.channels.map((c) => [c.name, [heightsBefore[c.name], channelHeight(c.name)]]));
        console.log(`# on Raft: ${JSON.stringify(report.raft)}; heights ${JSON.stringify(report.heights)}`);
    });

    it("a second up is a no-op", () => {
        const r = pulumiOk("up", "--yes", "--skip-preview", "--expect-no-changes", "--stack", STACK);
        report.noOpUpSeconds = r.seconds;
        assert.doesNotMatch(r.out, /migrates the running network/);
    });

    /**
     * RAFT_MIGRATION_KILL=1: the engine killed half-way through the migration. `pulumi up` runs in a process
     * group of its own until channel1's live config shows maintenance mode, then the group gets SIGKILL.
     */
    async function killedUp() {
        const t0 = Date.now();
        const child = spawn("bash", [path.join(ROOT, "scripts", "pulumi.sh"), "up", "--yes", "--skip-preview", "--stack", STACK], { cwd: ROOT, detached: true, stdio: "ignore" });
        const exited = new Promise((resolve) => child.on("exit", resolve));
        let state = "";
        while (Date.now() - t0 < 30 * 60_000 && child.exitCode === null) {
            await new Promise((r) => setTimeout(r, 5000));
            try {
                state = liveChannelConfig(spec, "channel1").channel_group.groups.Orderer.values.ConsensusType.value.state ?? "";
            } catch {
                state = "";
            }
            if (state === "STATE_MAINTENANCE") break;
        }
        assert.equal(state, "STATE_MAINTENANCE", `the up ended (${child.exitCode}) or took 30 min before channel1 was in maintenance mode`);
        process.kill(-child.pid!, "SIGKILL");
        await exited;
        const seconds = (Date.now() - t0) / 1000;
        console.log(`# engine killed after ${seconds.toFixed(1)} s, channel1 in maintenance mode`);
        // The killed engine's lock on the stack stays: `pulumi cancel` removes it, as the next `up` says.
        assert.match(pulumi("up", "--yes", "--skip-preview", "--stack", STACK).out, /the stack is currently locked/);
        pulumiOk("cancel", "--yes", "--stack", STACK);
        return { afterSeconds: seconds, channel1: state };
    }

    /** The channel's height on peer0 of its first org, from `peer channel getinfo` as that peer. */
    function channelHeight(channel: string): number {
        const ch = spec.channels.find((c) => c.name === channel)!;
        const org = spec.orgs.find((o) => o.name === ch.orgs[0])!;
        const out = docker("exec", org.peers[0].containerName, "peer", "channel", "getinfo", "-c", channel);
        const m = /"height":(\d+)/.exec(out);
        assert.ok(m, `no height for ${channel}: ${out.slice(-500)}`);
        return Number(m[1]);
    }
});
