// A network on Raft ordering from the start, through the real Pulumi engine: `pulumi up` of the raft
// stack's config brings up 3 etcdraft orderers and the peers, with no ZooKeeper or Kafka; the seed's test
// through a gateway client; a second `up` changes nothing; going back to Kafka is refused; `destroy` leaves
// nothing. Phase times go to reports/e2e-raft.json.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { loadSpec } from "../../config";
import { PROJECT, ROOT, stackConfig } from "../helpers";
import { healthByName, leftovers, liveChannelConfig, logsOf } from "./checks";
import { engineSkip, pulumi, pulumiOk, removeStack, seedTest, withContract, writeStackFile } from "./stack";

const STACK = "r12-raft";
const raw: Record<string, unknown> = { ...stackConfig("raft"), ports: { publish: true } };
const spec = loadSpec(raw, { project: PROJECT, stack: STACK, projectDir: ROOT });
const skip = engineSkip(spec);

describe("pulumi up of a network on Raft ordering from the start, on real Docker", { skip }, () => {
    const seconds: Record<string, number> = {};
    const record = (phase: string, s: number) => {
        seconds[phase] = s;
        console.log(`# phase ${phase}: ${s.toFixed(1)} s`);
    };
    before(() => {
        removeStack(STACK);
        writeStackFile(STACK, { ports: { publish: true } }, "raft");
        pulumiOk("stack", "init", STACK);
    });
    after(() => {
        fs.mkdirSync(path.join(ROOT, "reports"), { recursive: true });
        fs.writeFileSync(path.join(ROOT, "reports", "e2e-raft.json"), JSON.stringify({ stack: `${STACK} (the raft stack's config, ports published)`, seconds }, null, 2));
        if (process.env.KEEP_NETWORK !== "1") removeStack(STACK);
    });

    it("pulumi up creates the network without ZooKeeper or Kafka: the dev stack's resources less 3 + 4 nodes, their volumes and 2 images, and the consensus step", () => {
        const r = pulumiOk("up", "--yes", "--skip-preview", "--stack", STACK);
        record("first up", r.seconds);
        // The dev stack's 82 (pulumi.e2e) less 7 containers, 7 volumes, 2 images and 2 components, plus the consensus step.
        assert.match(r.out, /Resources:\s+\+ 66 created/);
    });

    it("from outside: 3 orderers, 6 peers and the chaincode service healthy, none of ZooKeeper or Kafka; each orderer in channel1's Raft cluster", () => {
        const health = healthByName(spec.names.prefix);
        assert.deepEqual(Object.keys(health).filter((n) => /zookeeper|kafka/.test(n)), []);
        assert.equal(Object.keys(health).length, 10);
        assert.deepEqual(Object.entries(health).filter(([, h]) => h !== "healthy"), []);
        for (const o of spec.orderer.nodes) {
            const logs = logsOf(o.containerName);
            assert.match(logs, /Raft leader changed: 0 -> [123] channel=system-channel/, o.hostname);
            assert.match(logs, /Raft leader changed: 0 -> [123] channel=channel1/, o.hostname);
        }
        for (const channel of ["system-channel", "channel1"]) {
            const consensus = liveChannelConfig(spec, channel).channel_group.groups.Orderer.values.ConsensusType.value;
            assert.deepEqual([consensus.type, consensus.state, consensus.metadata.consenters.length], ["etcdraft", "STATE_NORMAL", 3], channel);
        }
        const state = JSON.parse(pulumiOk("stack", "export", "--stack", STACK).stdout);
        const consensus = state.deployment.resources.find((x: { urn: string }) => x.urn.endsWith(`::${spec.names.prefix}-consensus`));
        assert.equal(consensus.outputs.stdout.trim(), "every channel on etcdraft: system-channel channel1 channel2 channel3", "a new network has nothing to migrate");
    });

    it("the seed's test through the gateway: 100, move 1, 101, 199", async () => {
        const at = { stack: STACK, prefix: spec.names.prefix, org: "Org1", peerHost: spec.orgs[0].peers[0].hostname, channel: "channel1", chaincode: "mycc" };
        record("one invoke", await withContract(at, seedTest));
    });

    it("a second pulumi up with no change makes no changes", () => {
        const r = pulumiOk("up", "--yes", "--skip-preview", "--expect-no-changes", "--stack", STACK);
        record("no-op up", r.seconds);
        assert.match(r.out, /Resources:\s+66 unchanged/);
    });

    it("orderer.type back to kafka is refused before anything changes: Fabric's migration is one way", () => {
        writeStackFile(STACK, { ports: { publish: true }, orderer: { ...(raw.orderer as object), type: "kafka" } }, "raft");
        const r = pulumi("up", "--yes", "--skip-preview", "--stack", STACK);
        assert.notEqual(r.status, 0);
        assert.match(r.out, /stack "r12-raft" has 1 config problem; nothing was created or changed:/);
        assert.match(r.out, /orderer\.type \("kafka"\) cannot replace "etcdraft" on this stack's running network: Fabric migrates Kafka to Raft only, one way/);
        writeStackFile(STACK, { ports: { publish: true } }, "raft");
        assert.match(pulumiOk("up", "--yes", "--skip-preview", "--expect-no-changes", "--stack", STACK).out, /66 unchanged/);
    });

    it("pulumi destroy leaves no container, volume or network of the stack", () => {
        const r = pulumiOk("destroy", "--yes", "--skip-preview", "--stack", STACK);
        record("destroy", r.seconds);
        assert.deepEqual(leftovers(spec.names.prefix), []);
    });
});
