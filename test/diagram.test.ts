// render/diagram.ts: the picture of the network, from the spec, for every stack file of the project.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { describe, it } from "node:test";
import { allNodes, NetworkSpec } from "../config";
import { renderDiagram } from "../render";
import { ROOT, stackSpec } from "./helpers";

/** Every stack file of the project folder (`Pulumi.<stack>.yaml`): a new one is drawn here without an edit. */
const STACKS = fs.readdirSync(ROOT).flatMap((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1] ?? []).sort();

interface Box {
    readonly name: string;
    label: string;
    readonly members: string[];
}

/** The picture read back: every node statement, every edge, and each box with its title and members. */
function readDot(dot: string): { nodes: string[]; edges: [string, string][]; boxes: Box[] } {
    const nodes: string[] = [];
    const edges: [string, string][] = [];
    const boxes: Box[] = [];
    let open: Box | undefined;
    for (const line of dot.split("\n")) {
        const subgraph = /^ {2}subgraph "cluster_([^"]+)" \{$/.exec(line);
        const label = /^ {4}label="([^"]*)"; color="[^"]+";$/.exec(line);
        const edge = /^ {2}"([^"]+)" -> "([^"]+)"/.exec(line);
        const node = /^ {2,4}"([^"]+)"( \[[^\]]*\])?;$/.exec(line);
        if (subgraph) {
            open = { name: subgraph[1], label: "", members: [] };
            boxes.push(open);
        } else if (line === "  }") {
            open = undefined;
        } else if (label && open) {
            open.label = label[1];
        } else if (edge) {
            edges.push([edge[1], edge[2]]);
        } else if (node) {
            nodes.push(node[1]);
            open?.members.push(node[1]);
        }
    }
    return { nodes, edges, boxes };
}

const channelNode = (name: string) => `channel ${name}`;
const hosts = (nodes: readonly { hostname: string }[]) => nodes.map((n) => n.hostname);

describe("the picture of every stack file's network", () => {
    it("finds the dev, ha and raft stack files in the project folder", () => {
        assert.deepEqual(["dev", "ha", "raft"].filter((s) => STACKS.includes(s)), ["dev", "ha", "raft"]);
    });
    for (const stack of STACKS) {
        it(`${stack}: draws every node of the spec once, each box with exactly its nodes, and only edges between drawn nodes`, () => {
            const spec: NetworkSpec = stackSpec(stack);
            const { nodes, edges, boxes } = readDot(renderDiagram(spec));
            const chaincodeHosts = spec.chaincodes.flatMap((cc) => cc.deployments.map((d) => d.node.hostname));
            assert.deepEqual(
                [...nodes].sort(),
                [...hosts(allNodes(spec)), ...spec.channels.map((c) => channelNode(c.name)), ...chaincodeHosts].sort(),
            );
            assert.deepEqual(
                boxes.map((b) => [b.name, b.members]),
                [
                    ...(spec.orderer.type === "kafka"
                        ? [
                              ["zookeeper", hosts(spec.zookeeper.nodes)],
                              ["kafka", hosts(spec.kafka.brokers)],
                          ]
                        : []),
                    ["orderers", hosts(spec.orderer.nodes)],
                    ...spec.orgs.map((o) => [o.name, hosts(o.peers)]),
                ],
            );
            assert.deepEqual(edges.filter((e) => e.some((end) => !nodes.includes(end))), [], "no edge to a node not drawn");
        });
        it(`${stack}: draws exactly the edges of its consensus, orderers to every channel, channels to their orgs' anchor peers, chaincode services to their channels`, () => {
            const spec = stackSpec(stack);
            const orderer0 = spec.orderer.nodes[0].hostname;
            const consensus =
                spec.orderer.type === "kafka"
                    ? [
                          [spec.zookeeper.nodes[0].hostname, spec.kafka.brokers[0].hostname],
                          [spec.kafka.brokers[0].hostname, orderer0],
                      ]
                    : [];
            assert.deepEqual(readDot(renderDiagram(spec)).edges, [
                ...consensus,
                ...spec.channels.map((c) => [orderer0, channelNode(c.name)]),
                ...spec.channels.flatMap((c) => c.orgs.map((name) => [channelNode(c.name), spec.orgs.find((o) => o.name === name)?.anchorPeer.hostname])),
                ...spec.chaincodes.flatMap((cc) => cc.deployments.map((d) => [d.node.hostname, channelNode(d.channel)])),
            ]);
        });
    }
});

describe("the picture of a Kafka and of a Raft network", () => {
    /** Org1..Org3 of the dev and raft stacks, each a box titled with its MSP ID and domain. */
    const orgBoxes = [1, 2, 3].map((i) => [`Org${i}`, `Org${i}MSP (org${i}.example.com)`]);
    it("dev: ZooKeeper, Kafka (K=4, N=3, M=2), the orderers, each org's peers; mycc's service to channel1", () => {
        const dot = renderDiagram(stackSpec("dev"));
        assert.deepEqual(readDot(dot).boxes.map((b) => [b.name, b.label]), [
            ["zookeeper", "ZooKeeper ensemble (3)"],
            ["kafka", "Kafka (K=4, N=3, M=2)"],
            ["orderers", "orderers, OrdererMSP (3, TLS)"],
            ...orgBoxes,
        ]);
        assert.match(dot, /\n {2}"mycc-channel1\.example\.com" -> "channel channel1" \[label="mycc", style=dashed\];\n/);
    });
    it("raft: the orderers as a Raft cluster, no ZooKeeper or Kafka anywhere, each org's peers", () => {
        const dot = renderDiagram(stackSpec("raft"));
        assert.deepEqual(readDot(dot).boxes.map((b) => [b.name, b.label]), [
            ["orderers", "Raft cluster (etcdraft), OrdererMSP (3 orderers, TLS)"],
            ...orgBoxes,
        ]);
        assert.doesNotMatch(dot, /zookeeper|kafka/i);
    });
});
