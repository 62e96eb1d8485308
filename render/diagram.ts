// A picture of a stack's network as Graphviz DOT, drawn from the spec (scripts/diagram.sh renders it to SVG
// for the README): on Kafka the ZooKeeper ensemble, the Kafka cluster and the orderers; on etcdraft the
// orderers alone, as the Raft cluster they form; then each org's peers, the channels and their members, the
// chaincode services.
import { NetworkSpec } from "../config";

const id = (s: string) => JSON.stringify(s);
const box = (name: string, label: string, nodes: readonly string[], color: string) =>
    [`  subgraph ${id(`cluster_${name}`)} {`, `    label=${id(label)}; color=${id(color)};`, ...nodes.map((n) => `    ${id(n)};`), "  }"];

/** Kafka's two boxes and what links them to the orderers; an etcdraft network has neither. */
function kafkaParts(spec: NetworkSpec): { boxes: string[]; edges: string[] } {
    const k = spec.kafka;
    const [zookeeper0, kafka0, orderer0] = [spec.zookeeper.nodes[0].hostname, k.brokers[0].hostname, spec.orderer.nodes[0].hostname];
    return {
        boxes: [
            ...box("zookeeper", `ZooKeeper ensemble (${spec.zookeeper.nodes.length})`, spec.zookeeper.nodes.map((n) => n.hostname), "gray40"),
            ...box("kafka", `Kafka (K=${k.brokers.length}, N=${k.replicationFactor}, M=${k.minInsyncReplicas})`, k.brokers.map((b) => b.hostname), "darkorange"),
        ],
        edges: [
            `  ${id(zookeeper0)} -> ${id(kafka0)} [label="zookeeper.connect", ltail="cluster_zookeeper", lhead="cluster_kafka"];`,
            `  ${id(kafka0)} -> ${id(orderer0)} [label="one partition per channel", ltail="cluster_kafka", lhead="cluster_orderers"];`,
        ],
    };
}

/** The orderers' box title: on etcdraft the orderers themselves are the consensus, so it says so. */
function orderersLabel(spec: NetworkSpec): string {
    const n = spec.orderer.nodes.length;
    return spec.orderer.type === "etcdraft"
        ? `Raft cluster (etcdraft), ${spec.ordererOrg.mspId} (${n} orderers, TLS)`
        : `orderers, ${spec.ordererOrg.mspId} (${n}, TLS)`;
}

export function renderDiagram(spec: NetworkSpec): string {
    const kafka = spec.orderer.type === "kafka" ? kafkaParts(spec) : { boxes: [], edges: [] };
    const orderer0 = spec.orderer.nodes[0].hostname;
    const lines = [
        `digraph ${id(spec.names.prefix)} {`,
        '  rankdir=LR; node [shape=box, style="rounded,filled", fillcolor=white, fontname=Helvetica]; edge [fontname=Helvetica, fontsize=10];',
        ...kafka.boxes,
        ...box("orderers", orderersLabel(spec), spec.orderer.nodes.map((n) => n.hostname), "steelblue"),
        ...spec.orgs.flatMap((o) => box(o.name, `${o.mspId} (${o.domain})`, o.peers.map((p) => p.hostname), "seagreen")),
        ...spec.channels.map((c) => `  ${id(`channel ${c.name}`)} [shape=ellipse, fillcolor=lightyellow];`),
        ...spec.chaincodes.flatMap((cc) => cc.deployments.map((d) => `  ${id(d.node.hostname)} [shape=component, fillcolor=lavender];`)),
        ...kafka.edges,
        ...spec.channels.map((c) => `  ${id(orderer0)} -> ${id(`channel ${c.name}`)} [ltail="cluster_orderers"];`),
        ...spec.channels.flatMap((c) =>
            c.orgs.map((name) => {
                const org = spec.orgs.find((o) => o.name === name);
                return `  ${id(`channel ${c.name}`)} -> ${id(org?.anchorPeer.hostname ?? name)} [lhead=${id(`cluster_${name}`)}];`;
            }),
        ),
        ...spec.chaincodes.flatMap((cc) => cc.deployments.map((d) => `  ${id(d.node.hostname)} -> ${id(`channel ${d.channel}`)} [label=${id(cc.name)}, style=dashed];`)),
        "  compound=true;",
        "}",
    ];
    return `${lines.join("\n")}\n`;
}
