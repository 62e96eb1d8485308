// config/state.ts: what earlier `pulumi up`s left that a config must stay consistent with.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { APPLIED_FILE, appliedRecord, checkAgainstExisting, ConfigError, createdChannels, loadSpec, readAppliedRecord, removedChannelProblems, unchangeableProblems } from "../config";
import { PROJECT, swarmStackConfig } from "./helpers";

const ctx = { project: PROJECT, stack: "dev", projectDir: "/project" };

describe("what earlier runs created", () => {
    it("reads created channels from the block files the create step leaves", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "state-"));
        const spec = loadSpec({}, { project: PROJECT, stack: "s", projectDir: dir });
        assert.deepEqual(createdChannels(spec), [], "no artifacts folder yet");
        fs.mkdirSync(spec.paths.channelArtifactsDir, { recursive: true });
        for (const f of ["genesis.block", "channel1.block", "channel1.config.block", "channel1.tx", "old.block"]) {
            fs.writeFileSync(path.join(spec.paths.channelArtifactsDir, f), "");
        }
        assert.deepEqual(createdChannels(spec), ["channel1", "old"]);
    });
    it("refuses dropping a created channel, and accepts keeping or adding channels", () => {
        const spec = loadSpec({}, ctx);
        assert.deepEqual(removedChannelProblems(spec, ["channel1", "channel3"]), []);
        assert.deepEqual(removedChannelProblems(spec, ["channel1", "gone"]), [
            'channels (without "gone") must keep every channel already created: Fabric cannot delete a channel, and "gone" exists on this network; put { name: "gone", orgs: [...] } back in channels, or run `pulumi destroy` to remove the whole network',
        ]);
    });
});

describe("changes a running network cannot take", () => {
    const was = appliedRecord(loadSpec({}, ctx));
    const problemsOf = (raw: Record<string, unknown>) => unchangeableProblems(loadSpec(raw, ctx), was);

    it("accepts the same network, new orgs, more brokers and orderers, a higher replication factor", () => {
        assert.deepEqual(problemsOf({}), []);
        const orgs = [1, 2, 3, 4].map((i) => ({ name: `Org${i}`, domain: `org${i}.example.com`, peers: 2, users: 1 }));
        assert.deepEqual(problemsOf({ orgs, kafka: { brokers: 6, replicationFactor: 4, minInsyncReplicas: 2 }, orderer: { nodes: 5 } }), []);
    });
    it("refuses a new domain, naming both and the way out; the default orgs' domains follow it, and are refused too", () => {
        assert.deepEqual(problemsOf({ domain: "other.org" }), [
            'domain ("other.org") cannot change on a running network built with "example.com": every orderer, ZooKeeper and Kafka hostname, the orderer certificates and the channel configs name it; put back "example.com", or run `pulumi destroy` then `pulumi up` for a new network (its ledgers are lost)',
            ...[1, 2, 3].map(
                (i) =>
                    `orgs[${i - 1}].domain ("org${i}.other.org") cannot change on a running network: Org${i} was built with "org${i}.example.com", which its MSP, certificates and peer hostnames carry; put back "org${i}.example.com", or add the new domain as a new org and take Org${i} out of its channels`,
            ),
        ]);
    });
    it("refuses a new domain for an org, and renaming an org", () => {
        const orgs = [
            { name: "Org1", domain: "first.example.com", peers: 2, users: 1 },
            { name: "Second", domain: "org2.example.com", peers: 2, users: 1 },
            { name: "Org3", domain: "org3.example.com", peers: 2, users: 1 },
        ];
        const channels = [{ name: "channel1", orgs: ["Org1"] }, { name: "channel2", orgs: ["Second"] }, { name: "channel3", orgs: ["Org3"] }];
        assert.deepEqual(problemsOf({ orgs, channels }), [
            'orgs[0].domain ("first.example.com") cannot change on a running network: Org1 was built with "org1.example.com", which its MSP, certificates and peer hostnames carry; put back "org1.example.com", or add the new domain as a new org and take Org1 out of its channels',
            'orgs[1].name ("Second") cannot rename Org2 (domain "org2.example.com") on a running network: its MSP ID Org2MSP is in the channel configs and ledgers; put back "Org2", or give the new org a domain of its own',
        ]);
    });
    it("refuses resizing ZooKeeper and lowering the replication factor", () => {
        assert.deepEqual(unchangeableProblems(loadSpec({ zookeeper: { nodes: 5 } }, ctx), { ...was, replicationFactor: 4 }), [
            "zookeeper.nodes (5) cannot change on a running network of 3: the ensemble's membership is in every node's and broker's settings, and restarting all of them at once with new members risks the quorum; keep 3, or run `pulumi destroy` then `pulumi up` for a new network (its ledgers are lost)",
            "kafka.replicationFactor (3) cannot be lower than the running network's 4: its channels' Kafka topics keep 4 replicas, which Fabric does not change; keep 4 (a higher value applies to new channels only)",
        ]);
    });
    it("refuses turning kafka.tls on or off on a running Kafka network; takes it on a new one and on one leaving Kafka", () => {
        const tls = { kafka: { tls: true }, images: { kafka: "fabric-network/kafka:3.9.1", kafkaFamily: "confluent" } };
        const reason =
            "every broker and orderer would restart at once on the other listener, and ordering would stop meanwhile; moving a running network live " +
            "(both listeners side by side, then one) is not built yet";
        assert.deepEqual(unchangeableProblems(loadSpec(tls, ctx), was), [
            `kafka.tls (true) cannot change on a running network built with false: ${reason}; keep false, or run \`pulumi destroy\` then \`pulumi up\` for a new network (its ledgers are lost)`,
        ]);
        const secured = appliedRecord(loadSpec(tls, ctx));
        assert.equal(secured.kafkaTls, true);
        assert.equal("kafkaTls" in was, false, "a plaintext network's record has no kafkaTls: records from before the key read the same");
        assert.deepEqual(unchangeableProblems(loadSpec({}, ctx), secured), [
            `kafka.tls (false) cannot change on a running network built with true: ${reason}; keep true, or run \`pulumi destroy\` then \`pulumi up\` for a new network (its ledgers are lost)`,
        ]);
        assert.deepEqual(unchangeableProblems(loadSpec(tls, ctx), secured), []);
        const zookeeperTls = { zookeeper: { tls: true }, images: { ...tls.images, zookeeper: "fabric-network/zookeeper:3.8.4", zookeeperFamily: "apache" } };
        assert.deepEqual(unchangeableProblems(loadSpec(zookeeperTls, ctx), was), [
            "zookeeper.tls (true) cannot change on a running network built with false: every ZooKeeper node and broker would restart at once on the " +
                "other listener, and ordering would stop meanwhile; moving a running network live (both listeners side by side, then one) is not built " +
                "yet; keep false, or run `pulumi destroy` then `pulumi up` for a new network (its ledgers are lost)",
        ]);
        assert.deepEqual(unchangeableProblems(loadSpec({ orderer: { type: "etcdraft" } }, ctx), secured), [], "a network migrating to Raft leaves Kafka behind");
    });
    it("refuses turning kafka.sasl on or off on a running Kafka network, as kafka.tls", () => {
        const tls = { kafka: { tls: true }, images: { kafka: "fabric-network/kafka:3.9.1", kafkaFamily: "confluent" } };
        const sasl = { ...tls, kafka: { tls: true, sasl: { user: "orderer" } }, kafkaSaslPassword: "long-enough-secret" };
        const tail =
            "every broker and orderer would restart at once on the other listener, and ordering would stop meanwhile; moving a running network live " +
            "(both listeners side by side, then one) is not built yet";
        const withSasl = appliedRecord(loadSpec(sasl, ctx));
        assert.equal(withSasl.kafkaSasl, true);
        assert.equal(JSON.stringify(withSasl).includes("long-enough-secret"), false, "the record holds no password");
        assert.deepEqual(unchangeableProblems(loadSpec(sasl, ctx), appliedRecord(loadSpec(tls, ctx))), [
            `kafka.sasl (true) cannot change on a running network built with false: ${tail}; keep false, or run \`pulumi destroy\` then \`pulumi up\` for a new network (its ledgers are lost)`,
        ]);
        assert.deepEqual(unchangeableProblems(loadSpec(tls, ctx), withSasl), [
            `kafka.sasl (false) cannot change on a running network built with true: ${tail}; keep true, or run \`pulumi destroy\` then \`pulumi up\` for a new network (its ledgers are lost)`,
        ]);
        assert.deepEqual(unchangeableProblems(loadSpec(sasl, ctx), withSasl), []);
    });
    it("refuses moving a running network between one Docker host and a swarm, either way", () => {
        const swarm = swarmStackConfig("dev", { manager: "tcp://10.0.0.1:2376" });
        const onHost = appliedRecord(loadSpec({}, ctx));
        const onSwarm = appliedRecord(loadSpec(swarm, ctx));
        assert.equal(onHost.engine, undefined, "a record of one host stays as it was");
        assert.equal(onSwarm.engine, "swarm");
        const tail =
            "every node would be deleted there and made again on the other engine, its ledger, Kafka log and ZooKeeper data with it (moving a running " +
            "network between engines is not built)";
        assert.deepEqual(unchangeableProblems(loadSpec(swarm, ctx), onHost), [
            `engine.kind ("swarm") cannot change on a running network built on "docker": ${tail}; keep "docker", or run \`pulumi destroy\` then \`pulumi up\` for a new network (its ledgers are lost)`,
        ]);
        assert.deepEqual(unchangeableProblems(loadSpec({}, ctx), onSwarm), [
            `engine.kind ("docker") cannot change on a running network built on "swarm": ${tail}; keep "swarm", or run \`pulumi destroy\` then \`pulumi up\` for a new network (its ledgers are lost)`,
        ]);
        assert.deepEqual(unchangeableProblems(loadSpec(swarm, ctx), onSwarm), []);
    });
    it("on a swarm, records the swarm's cluster ID and refuses a manager of another swarm; another manager of the same swarm, or an older record without the ID, passes", () => {
        const swarm = loadSpec(swarmStackConfig("dev", { manager: "tcp://10.0.0.2:2376" }), ctx);
        const was = appliedRecord(swarm, "k3x1s8a0ukf7pzq0z2r5m9d4c");
        assert.equal(was.swarmId, "k3x1s8a0ukf7pzq0z2r5m9d4c");
        assert.equal(appliedRecord(loadSpec({}, ctx), "k3x1s8a0ukf7pzq0z2r5m9d4c").swarmId, undefined, "one host records no swarm");
        assert.deepEqual(unchangeableProblems(swarm, was, "w8e2q0pl3n6b1y7t5r4x9c0ms"), [
            `engine.manager ("tcp://10.0.0.2:2376") is a manager of another swarm (cluster ID w8e2q0pl3n6b1y7t5r4x9c0ms) than the one this network runs on ` +
                "(k3x1s8a0ukf7pzq0z2r5m9d4c): none of its services, secrets or volumes are there, and the up would fail half-way on them; name a manager of the " +
                "swarm k3x1s8a0ukf7pzq0z2r5m9d4c (docker info --format '{{.Swarm.Cluster.ID}}' on it prints that ID), or run `pulumi destroy` then `pulumi up` for a new network (its ledgers are lost)",
        ]);
        assert.deepEqual(unchangeableProblems(swarm, was, "k3x1s8a0ukf7pzq0z2r5m9d4c"), [], "the same swarm through any of its managers");
        const { swarmId: _older, ...older } = was;
        assert.deepEqual(unchangeableProblems(swarm, older, "w8e2q0pl3n6b1y7t5r4x9c0ms"), [], "a record written before the ID was kept");
    });
    it("reads the record of the last up from the artifacts folder, none before the first", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "state-"));
        const spec = loadSpec({}, { project: PROJECT, stack: "s", projectDir: dir });
        assert.equal(readAppliedRecord(spec), undefined);
        fs.mkdirSync(spec.paths.artifactsDir, { recursive: true });
        fs.writeFileSync(path.join(spec.paths.artifactsDir, APPLIED_FILE), JSON.stringify({ ...appliedRecord(spec), domain: "old.example" }));
        assert.equal(readAppliedRecord(spec)?.domain, "old.example");
        assert.throws(() => checkAgainstExisting(spec), (e: Error) => e instanceof ConfigError && /^ {2}- domain \("example.com"\) cannot change/m.test(e.message));
    });
});
