// The whole cycle through the real Pulumi engine (scripts/setup-pulumi.sh): `pulumi up` of the dev stack's
// config, checks from outside the program, the seed's chaincode test through a gateway client with the
// stack's exported profile and identity, a second `up` that changes nothing, a second stack beside it,
// `destroy` leaving nothing, and `up` again after it. Phase times go to reports/e2e-pulumi.json.
//
// The stack is "ci", a copy of Pulumi.dev.yaml with ports published on 127.0.0.1 (so that the client on
// this host reaches a peer): a dev network that is up is left alone.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Contract } from "@hyperledger/fabric-gateway";
import { loadSpec } from "../../config";
import { peerCliEnv } from "../../render";
import { copySource, PROJECT, ROOT, stackConfig } from "../helpers";
import {
    assertAllHealthy,
    docker,
    healthByName,
    leftovers,
    logsOf,
    registeredBrokers,
    text,
    topicReplicas,
    zookeeperMode,
} from "./checks";
import { runCaliper } from "../../bench/caliper";
import { engineSkip, pulumi, pulumiOk, removeStack, seedTest, withContract, writeStackFile } from "./stack";

const STACK = "ci";
const SMALL = "ci-small";

/** Runs `use` with mycc on channel1 through a gateway client connected to Org1's peer `peerHost`. */
const withMycc = <T>(stack: string, prefix: string, peerHost: string, use: (contract: Contract) => Promise<T>): Promise<T> =>
    withContract({ stack, prefix, org: "Org1", peerHost, channel: "channel1", chaincode: "mycc" }, use);

/** Per stage of an `up`, from its event log: seconds from the first resource's start to the last one's end. */
function stageSeconds(eventLog: string): Record<string, number> {
    const stageOf = (urn: string) => {
        const name = urn.split("::").pop() ?? "";
        // The image build of a chaincode starts at once, beside the nodes: a stage of its own.
        if (/-cc-.+-image$/.test(name)) return "chaincode image";
        const known = ["artifacts", "zookeeper", "kafka", "orderer", "channel", "cc"].find((s) => name.includes(`-${s}-`));
        if (known) return known === "cc" ? "chaincode" : known === "orderer" ? "orderers" : known;
        return /-org\d+-peer/.test(name) ? "peers" : "network, volumes, images";
    };
    const spans: Record<string, [number, number]> = {};
    for (const line of fs.readFileSync(eventLog, "utf8").split("\n").filter(Boolean)) {
        const e = JSON.parse(line);
        const meta = e.resourcePreEvent?.metadata ?? e.resOutputsEvent?.metadata;
        if (!meta || meta.type.startsWith("fabric:") || meta.type.startsWith("pulumi:")) continue;
        const s = (spans[stageOf(meta.urn)] ??= [Infinity, -Infinity]);
        s[0] = Math.min(s[0], e.timestamp);
        s[1] = Math.max(s[1], e.timestamp);
    }
    return Object.fromEntries(Object.entries(spans).map(([k, [a, b]]) => [k, b - a]));
}

const raw: Record<string, unknown> = { ...stackConfig("dev"), ports: { publish: true } };
const spec = loadSpec(raw, { project: PROJECT, stack: STACK, projectDir: ROOT });
const skip = engineSkip(spec);

describe("pulumi up / destroy of the dev stack's network on real Docker", { skip }, () => {
    const report: Record<string, unknown> = { stack: `${STACK} (the dev stack's config, ports published)` };
    const seconds: Record<string, number> = {};
    const record = (phase: string, s: number) => {
        seconds[phase] = s;
        console.log(`# phase ${phase}: ${s.toFixed(1)} s`);
    };
    const eventLog = path.join(ROOT, "reports", "e2e-pulumi-up.events.jsonl");

    before(() => {
        fs.mkdirSync(path.join(ROOT, "reports"), { recursive: true });
        for (const s of [STACK, SMALL]) removeStack(s);
        writeStackFile(STACK, { ports: { publish: true } });
        pulumiOk("stack", "init", STACK);
    });
    after(() => {
        fs.writeFileSync(path.join(ROOT, "reports", "e2e-pulumi.json"), JSON.stringify({ ...report, seconds }, null, 2));
        if (process.env.KEEP_NETWORK !== "1") removeStack(STACK);
        removeStack(SMALL);
    });

    let firstUpOut = "";
    it("pulumi up brings the whole network up, channels and chaincode included, and ends only when it serves", () => {
        const r = pulumiOk("up", "--yes", "--skip-preview", "--stack", STACK, "--event-log", eventLog);
        firstUpOut = r.out;
        record("first up", r.seconds);
        report.firstUpStages = stageSeconds(eventLog);
        console.log(`# first up by stage (s, overlapping): ${JSON.stringify(report.firstUpStages)}`);
        assert.match(r.out, /Resources:\s+\+ 86 created/);
    });

    it("from outside: every container healthy, ZooKeeper has a quorum, all brokers registered, a topic per channel", () => {
        const health = healthByName(spec.names.prefix);
        assertAllHealthy(health, 17); // 3 ZooKeeper, 4 Kafka, 3 orderers, 6 peers, 1 chaincode service
        assert.deepEqual(spec.zookeeper.nodes.map((n) => zookeeperMode(spec, n.containerName)).sort(), ["follower", "follower", "leader"]);
        assert.deepEqual(registeredBrokers(spec), [0, 1, 2, 3]);
        for (const topic of ["system-channel", ...spec.channels.map((c) => c.name)]) {
            assert.equal(topicReplicas(spec, topic), spec.kafka.replicationFactor, `topic ${topic}`);
        }
        for (const o of spec.orderer.nodes) {
            assert.match(logsOf(o.containerName), /\[channel: channel1\] Start phase completed successfully/);
        }
    });

    it("no private key in any container's log, in the engine's output or in the stack's state", () => {
        const state = pulumiOk("stack", "export", "--stack", STACK).stdout;
        const logs = Object.keys(healthByName(spec.names.prefix)).map((c) => [c, logsOf(c)] as const);
        assert.ok(logs.length === 17 && state.includes(`${spec.names.prefix}-record`), "the logs and the state were read");
        const secret = /PRIVATE KEY/;
        assert.deepEqual([...logs, ["engine", firstUpOut] as const, ["state", state] as const].filter(([, text]) => secret.test(text)).map(([where]) => where), []);
    });

    it("the seed's test through the gateway with the stack's exported profile and Org1's user: 100, move 1, 101, 199", async () => {
        record("one invoke", await withMycc(STACK, spec.names.prefix, spec.orgs[0].peers[0].hostname, seedTest));
    });

    it("Hyperledger Caliper against the stack (npm run caliper's path): 1 and 8 outstanding, nothing failed, a lone transaction waits out the batch timeout, and its count is the ledger's", async () => {
        const run = `e2e-${Date.now()}`;
        const t0 = Date.now();
        const [one, eight] = runCaliper(STACK, { loads: [1, 8], seconds: 6, run });
        record("caliper (install on first use, 2 rounds of 6 s)", (Date.now() - t0) / 1000);
        report.caliper = { one, eight };
        for (const r of [one, eight]) {
            assert.equal(r.failed, 0, `${r.outstanding} outstanding: Caliper counted failures`);
            assert.ok(r.committed >= r.outstanding, `${r.outstanding} outstanding: ${r.committed} committed`);
        }
        // BatchTimeout 2 s, MaxMessageCount 10: neither 1 nor 8 in flight fills a block, so each waits for the timer.
        const batch = spec.orderer.batchTimeoutMs / 1000;
        for (const r of [one, eight]) {
            assert.ok(r.p50 >= batch * 0.75 && r.p50 <= batch + 3, `${r.outstanding} outstanding: p50 ${r.p50} s, against a batch timeout of ${batch} s`);
        }
        // The lone transaction's rounds all moved 1 from the same key: the ledger holds exactly Caliper's count.
        const a = await withMycc(STACK, spec.names.prefix, spec.orgs[0].peers[0].hostname, (contract) => contract.evaluateTransaction("query", `caliper-${run}-1-w0-0-a`));
        assert.equal(Number(text(a)), 1_000_000 - one.committed);
    });

    it("a second pulumi up with no change makes no changes", () => {
        const r = pulumiOk("up", "--yes", "--skip-preview", "--expect-no-changes", "--stack", STACK);
        record("no-op up", r.seconds);
        assert.match(r.out, /Resources:\s+86 unchanged/);
    });

    it("an up that lost its record of steps it ran (as one that died half-way would) finds their work done and redoes none", async () => {
        // Drop channel3's steps and mycc's definition steps from the state, the work on the network staying.
        const urns = pulumiOk("stack", "--show-urns", "--stack", STACK).stdout.match(/urn:pulumi:\S+/g) ?? [];
        for (const step of ["channel-channel3-create", "cc-mycc-channel1-sequence"]) {
            const urn = urns.find((u) => u.endsWith(`::${spec.names.prefix}-${step}`));
            assert.ok(urn, step);
            pulumiOk("state", "delete", urn, "--target-dependents", "--yes", "--stack", STACK);
        }
        const r = pulumiOk("up", "--yes", "--skip-preview", "--stack", STACK);
        record("up after lost steps", r.seconds);
        assert.match(r.out, /Resources:\s+\+ 8 created\s+78 unchanged/);
        const state = JSON.parse(pulumiOk("stack", "export", "--stack", STACK).stdout);
        const stdoutOf = (step: string) =>
            state.deployment.resources.find((x: { urn: string }) => x.urn.endsWith(`::${spec.names.prefix}-${step}`)).outputs.stdout.trim();
        assert.deepEqual(
            ["create", "join"].map((s) => stdoutOf(`channel-channel3-${s}`)),
            ["channel channel3 exists", "peer0.org3.example.com:7051 already in channel3\npeer1.org3.example.com:7051 already in channel3"],
        );
        const config = JSON.parse(stdoutOf("channel-channel3-config"));
        assert.deepEqual([config.changed, config.live.anchorPeers], [[], { Org3MSP: "peer0.org3.example.com:7051" }], "the channel's config found as the stack wants it");
        assert.deepEqual(
            ["sequence", "approve-Org1MSP", "commit", "init"].map((s) => stdoutOf(`cc-mycc-channel1-${s}`)),
            ["1", "Org1MSP has approved mycc 1.0 sequence 1", "mycc sequence 1 is committed on channel1", "mycc on channel1 holds state already"],
        );
        const a = await withMycc(STACK, spec.names.prefix, spec.orgs[0].peers[0].hostname, (contract) => contract.evaluateTransaction("query", "a"));
        assert.equal(text(a), "101", "no second init");
    });

    const channel4 = { name: "channel4", orgs: ["Org2", "Org3"] };
    const channels = [...(raw.channels as object[]), channel4];
    const org1With3Peers = (raw.orgs as { name: string }[]).map((o) => (o.name === "Org1" ? { ...o, peers: 3 } : o));
    it("adding a channel of two orgs to the running network: its tx, create, config (both anchors), one join for the 4 peers; no container touched", () => {
        writeStackFile(STACK, { ports: { publish: true }, channels });
        const r = pulumiOk("up", "--yes", "--skip-preview", "--stack", STACK);
        record("add a channel", r.seconds);
        assert.match(r.out, /\+ 5 created/, "its tx, the FabricChannel component, create, config, join");
        assert.doesNotMatch(r.out, /docker:index\/container:Container|replaced|deleted/);
        for (const org of spec.orgs.filter((o) => channel4.orgs.includes(o.name))) {
            for (const p of org.peers) {
                const channels = docker("run", "--rm", "--network", spec.names.network, "-v", `${spec.paths.cryptoDir}:/crypto:ro`,
                    ...peerCliEnv(spec, org, p).flatMap((e) => ["-e", e]), "--entrypoint", "peer", spec.images.peer, "channel", "list");
                assert.match(channels, /^channel4$/m, `${p.hostname} is in channel4`);
            }
        }
    });

    it("adding a peer to Org1: its crypto (cryptogen extend), container, join and chaincode install; Org1's peers restart on the new gossip list", async () => {
        writeStackFile(STACK, { ports: { publish: true }, channels, orgs: org1With3Peers });
        const r = pulumiOk("up", "--yes", "--skip-preview", "--stack", STACK);
        record("add a peer", r.seconds);
        assert.match(r.out, /\+ 2 created/, "volume, container (channel1's join step and Org1's install run again for it)");
        assert.match(r.out, /\+-2 replaced/, "peer0 and peer1 of Org1: their gossip bootstrap names peer2 now");
        assert.match(r.out, /Container fabric-network-ci-org1-peer2\.org1\.example\.com created/);
        // `up` returns once the peer has joined and has the package; it serves the gateway once it has caught up
        // with the channel's blocks and gossip has made it known: poll for that, for at most 60 s, and record it.
        const t0 = Date.now();
        await withMycc(STACK, spec.names.prefix, "peer2.org1.example.com", async (contract) => {
            for (;;) {
                try {
                    assert.equal(text(await contract.evaluateTransaction("query", "a")), "101", "the new peer has the ledger");
                    break;
                } catch (e) {
                    if (Date.now() - t0 > 60_000 || !/no peers available/.test(String(e))) throw e;
                    await new Promise((r) => setTimeout(r, 1000));
                }
            }
        });
        record("new peer serves the gateway after up", (Date.now() - t0) / 1000);
    });

    // mycc built from an edited copy of its source: one message of the chaincode reads differently.
    const editedSource = fs.mkdtempSync(path.join(os.tmpdir(), "mycc-edited-"));
    const chaincodes = (raw.chaincodes as object[]).map((c) => ({ ...c, source: editedSource }));
    it("changing the chaincode's source upgrades it: new image, new package, the channel's next sequence (2); the ledger stays", async () => {
        copySource(path.join(ROOT, (raw.chaincodes as { source: string }[])[0].source), editedSource);
        const main = path.join(editedSource, "src", "index.ts");
        fs.writeFileSync(main, fs.readFileSync(main, "utf8").replace("Expecting integer value for", "Expecting an integer for"));
        const before = JSON.parse(pulumiOk("stack", "output", "chaincodes", "--json", "--stack", STACK).stdout);
        writeStackFile(STACK, { ports: { publish: true }, channels, orgs: org1With3Peers, chaincodes });
        const r = pulumiOk("up", "--yes", "--skip-preview", "--stack", STACK);
        record("chaincode source upgrade", r.seconds);
        assert.match(r.out, /^\s+\+-1 replaced$/m, "the service container, on the new image and package ID");
        assert.match(r.out, /^\s+~ 8 updated$/m, "image, package, sequence, Org1's install on its 3 peers, approve, commit, init, the service's readiness step");
        assert.doesNotMatch(r.out, /^\s+(\+|-) \d+ (created|deleted)$/m);
        const after = JSON.parse(pulumiOk("stack", "output", "chaincodes", "--json", "--stack", STACK).stdout);
        assert.deepEqual([before[0].sequence, after[0].sequence], [1, 2]);
        assert.match(after[0].packageId, /^mycc_1\.0_[0-9a-f]{12}:[0-9a-f]{64}$/);
        assert.notEqual(after[0].packageId.split(":")[0], before[0].packageId.split(":")[0], "a new label: the code digest changed");
        await withMycc(STACK, spec.names.prefix, spec.orgs[0].peers[0].hostname, async (contract) => {
            assert.equal(text(await contract.evaluateTransaction("query", "a")), "101", "the upgrade kept the ledger");
            await assert.rejects(contract.submitTransaction("invoke", "b", "a", "one"), (e: any) => {
                assert.match(JSON.stringify(e.details ?? []) + e.message, /Expecting an integer for amount to be transferred/, "the new code answers");
                return true;
            });
            await contract.submitTransaction("invoke", "b", "a", "1");
            assert.equal(text(await contract.evaluateTransaction("query", "a")), "102");
        });
    });

    it("dropping a created channel from config is refused with the rule and the fix, and nothing changes", () => {
        writeStackFile(STACK, { ports: { publish: true }, channels: channels.filter((c) => c !== (raw.channels as object[])[2]), orgs: org1With3Peers, chaincodes });
        const r = pulumi("up", "--yes", "--skip-preview", "--stack", STACK);
        assert.notEqual(r.status, 0);
        assert.match(r.out, /stack "ci" has 1 config problem; nothing was created or changed:/);
        assert.match(r.out, /channels \(without "channel3"\) must keep every channel already created: Fabric cannot delete a channel/);
        writeStackFile(STACK, { ports: { publish: true }, channels, orgs: org1With3Peers, chaincodes });
        assert.match(pulumiOk("up", "--yes", "--skip-preview", "--expect-no-changes", "--stack", STACK).out, /93 unchanged/);
    });

    it("a second stack lives beside it: its own names, no clash; its destroy leaves the first alone", () => {
        writeStackFile(SMALL, {
            orderer: { ...(raw.orderer as object), nodes: 1 },
            orgs: [{ name: "Org1", domain: "org1.example.com", peers: 1, users: 1 }],
            channels: [{ name: "channel1", orgs: ["Org1"] }],
            chaincodes: [],
        });
        pulumiOk("stack", "init", SMALL);
        const up = pulumiOk("up", "--yes", "--skip-preview", "--stack", SMALL);
        record("second stack up", up.seconds);
        const small = healthByName(`${PROJECT}-${SMALL}`);
        assert.equal(Object.keys(small).length, 3 + 4 + 1 + 1);
        assert.deepEqual(Object.entries(small).filter(([, h]) => h !== "healthy"), []);
        const down = pulumiOk("destroy", "--yes", "--skip-preview", "--stack", SMALL);
        record("second stack destroy", down.seconds);
        assert.deepEqual(leftovers(`${PROJECT}-${SMALL}`), []);
        assertAllHealthy(healthByName(spec.names.prefix), 18);
    });

    it("pulumi destroy leaves no container, volume or network of the stack", () => {
        const r = pulumiOk("destroy", "--yes", "--skip-preview", "--stack", STACK);
        record("destroy", r.seconds);
        assert.deepEqual(leftovers(spec.names.prefix), []);
    });

    it("up after destroy works again, from fresh volumes: a is 100 once more", async () => {
        const r = pulumiOk("up", "--yes", "--skip-preview", "--stack", STACK);
        record("up after destroy", r.seconds);
        assert.match(r.out, /Resources:\s+\+ 93 created/, "the dev stack's 86, channel4's 5, peer2's 2");
        assertAllHealthy(healthByName(spec.names.prefix), 18);
        const a = await withMycc(STACK, spec.names.prefix, spec.orgs[0].peers[1].hostname, (contract) => contract.evaluateTransaction("query", "a"));
        assert.equal(text(a), "100");
    });
});
