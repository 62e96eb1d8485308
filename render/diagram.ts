// A picture of a stack's network as Graphviz DOT, drawn from the spec (scripts/diagram.sh renders it to SVG
// for the README): the ZooKeeper ensemble, the Kafka cluster, the orderers, each org's peers, the channels
// and their members, the chaincode services.
import { NetworkSpec } from "../config";

const id = (s: string) => JSON.stringify(s);
const box = (name: string, label: string, nodes: readonly string[], color: string) =>
    [`  subgraph ${id(`cluster_${name}`)} {`, `    label=${id(label)}; color=${id(color)};`, ...nodes.map((n) => `    ${id(n)};`), "  }"];

export function renderDiagram(spec: NetworkSpec): string {
    const k = spec.kafka;
    const lines = [
        `digraph ${id(spec.names.prefix)} {`,
        '  rankdir=LR; node [shape=box, style="rounded,filled", fillcolor=white, fontname=Helvetica]; edge [fontname=Helvetica, fontsize=10];',
        ...box("zookeeper", `ZooKeeper ensemble (${spec.zookeeper.nodes.length})`, spec.zookeeper.nodes.map((n) => n.hostname), "gray40"),
        ...box("kafka", `Kafka (K=${k.brokers.length}, N=${k.replicationFactor}, M=${k.minInsyncReplicas})`, k.brokers.map((b) => b.hostname), "darkorange"),
        ...box("orderers", `orderers, ${spec.ordererOrg.mspId} (${spec.orderer.nodes.length}, TLS)`, spec.orderer.nodes.map((n) => n.hostname), "steelblue"),
        ...spec.orgs.flatMap((o) => box(o.name, `${o.mspId} (${o.domain})`, o.peers.map((p) => p.hostname), "seagreen")),
        ...spec.channels.map((c) => `  ${id(`channel ${c.name}`)} [shape=ellipse, fillcolor=lightyellow];`),
        ...spec.chaincodes.flatMap((cc) => cc.deployments.map((d) => `  ${id(d.node.hostname)} [shape=component, fillcolor=lavender];`)),
        `  ${id(spec.zookeeper.nodes[0].hostname)} -> ${id(k.brokers[0].hostname)} [label="zookeeper.connect", ltail="cluster_zookeeper", lhead="cluster_kafka"];`,
        `  ${id(k.brokers[0].hostname)} -> ${id(spec.orderer.nodes[0].hostname)} [label="one partition per channel", ltail="cluster_kafka", lhead="cluster_orderers"];`,
        ...spec.channels.map((c) => `  ${id(spec.orderer.nodes[0].hostname)} -> ${id(`channel ${c.name}`)} [ltail="cluster_orderers"];`),
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
