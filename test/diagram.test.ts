// render/diagram.ts: the picture of the network, from the spec.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { NetworkSpec } from "../config";
import { renderDiagram } from "../render";
import { stackSpec } from "./helpers";

let dev: NetworkSpec;
before(() => {
    dev = stackSpec("dev");
});

describe("network picture", () => {
    it("draws every node of the dev stack once, each channel to its orgs, mycc to channel1", () => {
        const dot = renderDiagram(dev);
        for (const host of [...dev.zookeeper.nodes, ...dev.kafka.brokers, ...dev.orderer.nodes, ...dev.orgs.flatMap((o) => o.peers)].map((n) => n.hostname)) {
            assert.equal(dot.split(`    "${host}";`).length - 1, 1, host);
        }
        assert.match(dot, /label="Kafka \(K=4, N=3, M=2\)"/);
        assert.deepEqual(dot.match(/^ {2}"channel channel\d" -> "peer0\.org\d\.example\.com"/gm), [1, 2, 3].map((i) => `  "channel channel${i}" -> "peer0.org${i}.example.com"`));
        assert.match(dot, /"mycc-channel1\.example\.com" -> "channel channel1" \[label="mycc", style=dashed\];/);
    });
});
