// config/spec.ts and config/names.ts: the names and sizing a stack file gives the spec.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { allNodes, NetworkSpec } from "../config";
import { stackSpec } from "./helpers";

let dev: NetworkSpec;
before(() => {
    dev = stackSpec("dev");
});

describe("derived names of the dev stack", () => {
    it("names every node once, from the config", () => {
        assert.deepEqual(dev.zookeeper.nodes.map((n) => [n.id, n.hostname]), [
            [1, "zookeeper0.example.com"],
            [2, "zookeeper1.example.com"],
            [3, "zookeeper2.example.com"],
        ]);
        assert.equal(dev.zookeeper.connect, "zookeeper0.example.com:2181,zookeeper1.example.com:2181,zookeeper2.example.com:2181");
        assert.deepEqual(dev.kafka.brokerEndpoints, ["kafka0.example.com:9092", "kafka1.example.com:9092", "kafka2.example.com:9092", "kafka3.example.com:9092"]);
        assert.deepEqual(dev.orderer.endpoints, ["orderer0.example.com:7050", "orderer1.example.com:7050", "orderer2.example.com:7050"]);
        assert.deepEqual(dev.orgs.map((o) => [o.mspId, o.peers.map((p) => p.endpoint)]), [
            ["Org1MSP", ["peer0.org1.example.com:7051", "peer1.org1.example.com:7051"]],
            ["Org2MSP", ["peer0.org2.example.com:7051", "peer1.org2.example.com:7051"]],
            ["Org3MSP", ["peer0.org3.example.com:7051", "peer1.org3.example.com:7051"]],
        ]);
        assert.equal(dev.orderer.nodes[1].containerName, "fabric-network-dev-orderer1.example.com");
        assert.equal(dev.orgs[2].peers[1].volumeName, "fabric-network-dev-peer1.org3.example.com-data");
        assert.equal(dev.names.network, "fabric-network-dev");
        assert.equal(dev.paths.genesisBlock, "/project/artifacts/dev/channel-artifacts/genesis.block");
        const hosts = allNodes(dev).map((n) => n.hostname);
        assert.deepEqual([hosts.length, new Set(hosts).size], [16, 16], "no two nodes share a name");
    });
    it("the spec is frozen", () => {
        assert.ok(Object.isFrozen(dev) && Object.isFrozen(dev.orgs[0].peers[0]));
    });
    it("the ha stack sizes 5/7/5 and 4 orgs × 2 peers", () => {
        const ha = stackSpec("ha");
        assert.deepEqual(
            [ha.zookeeper.nodes.length, ha.kafka.brokers.length, ha.orderer.nodes.length, ha.orgs.length, ha.orgs.flatMap((o) => o.peers).length],
            [5, 7, 5, 4, 8],
        );
        assert.deepEqual([ha.kafka.minInsyncReplicas, ha.kafka.replicationFactor], [3, 5]);
    });
});
