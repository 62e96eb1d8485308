// What the fault suite reads from the network's containers: ledger heights (the nodes' own metrics),
// the partition leader of a channel's Kafka topic, the ZooKeeper leader, the orderers' broadcast counts.
import { FabricNode, NetworkSpec, PORTS } from "../../config";
import { ORDERER_HOME, PEER_HOME } from "../../render/containers";
import { dockerOk, zkCli, zookeeperMode } from "../e2e/checks";

/** An orderer's or a peer's operations endpoint: its container, host name, port and the folder holding its tls/. */
interface OperationsEndpoint {
    container: string;
    hostname: string;
    port: number;
    home: string;
}

const ordererEndpoint = (o: FabricNode): OperationsEndpoint => ({ container: o.containerName, hostname: o.hostname, port: PORTS.ordererOperations, home: ORDERER_HOME });
const peerEndpoint = (p: FabricNode): OperationsEndpoint => ({ container: p.containerName, hostname: p.hostname, port: PORTS.peerOperations, home: PEER_HOME });

/**
 * A node's Prometheus metrics through its operations endpoint, from inside its container; undefined when it is down.
 * With operations.tls, over HTTPS to its own host name, presenting its own TLS pair (cryptogen makes it a client
 * certificate too, of the org's TLS CA, which /metrics requires).
 */
function metrics(spec: NetworkSpec, e: OperationsEndpoint): string | undefined {
    const get = spec.operations.tls
        ? ["--ca-certificate", `${e.home}/tls/ca.crt`, "--certificate", `${e.home}/tls/server.crt`, "--private-key", `${e.home}/tls/server.key`, `https://${e.hostname}:${e.port}/metrics`]
        : [`http://127.0.0.1:${e.port}/metrics`];
    const r = dockerOk("exec", e.container, "wget", "-q", "-T", "3", "-O", "-", ...get);
    return r.status === 0 ? r.stdout : undefined;
}

/** The sum of a metric's samples whose labels include every `labels` pair. */
function metricSum(text: string, name: string, labels: Record<string, string>): number {
    let sum = 0;
    for (const line of text.split("\n")) {
        const m = /^(\w+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
        if (!m || m[1] !== name) continue;
        const have = Object.fromEntries([...(m[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
        if (Object.entries(labels).every(([k, v]) => have[k] === v)) sum += Number(m[3]);
    }
    return sum;
}

/** The containers that hold `channel`'s ledger: every orderer and every peer of its orgs. */
export function ledgerHolders(spec: NetworkSpec, channel: string): OperationsEndpoint[] {
    const ch = spec.channels.find((c) => c.name === channel);
    if (!ch) throw new Error(`no channel ${channel}`);
    return [...spec.orderer.nodes.map(ordererEndpoint), ...spec.orgs.filter((o) => ch.orgs.includes(o.name)).flatMap((o) => o.peers.map(peerEndpoint))];
}

/** Each ledger holder's height of `channel` (container → height; undefined when down or without it yet). */
export function heights(spec: NetworkSpec, channel: string): Record<string, number | undefined> {
    return Object.fromEntries(
        ledgerHolders(spec, channel).map((e) => {
            const text = metrics(spec, e);
            const h = text === undefined ? 0 : metricSum(text, "ledger_blockchain_height", { channel });
            return [e.container, h > 0 ? h : undefined];
        }),
    );
}

/** The one height every holder has, or undefined while they differ or one has none. */
export function equalHeight(h: Record<string, number | undefined>): number | undefined {
    const values = new Set(Object.values(h));
    const [only] = [...values];
    return values.size === 1 && only !== undefined ? only : undefined;
}

/** How many Broadcast messages each orderer has processed on `channel` (container → count). */
export function broadcastCounts(spec: NetworkSpec, channel: string): Record<string, number> {
    return Object.fromEntries(
        spec.orderer.nodes.map((o) => {
            const text = metrics(spec, ordererEndpoint(o));
            return [o.containerName, text === undefined ? 0 : metricSum(text, "broadcast_processed_count", { channel })];
        }),
    );
}

/** Partition 0 of a channel's topic, as ZooKeeper holds it: leader broker id and in-sync replicas. */
export function partitionState(spec: NetworkSpec, topic: string): { leader: number; isr: number[] } {
    const line = zkCli(spec, "get", `/brokers/topics/${topic}/partitions/0/state`);
    if (!line.startsWith("{")) throw new Error(`no partition state for ${topic}: ${line}`);
    const s = JSON.parse(line) as { leader: number; isr: number[] };
    return { leader: s.leader, isr: [...s.isr].sort((a, b) => a - b) };
}

/** The replicas assigned to partition 0 of a topic. */
export function partitionReplicas(spec: NetworkSpec, topic: string): number[] {
    const line = zkCli(spec, "get", `/brokers/topics/${topic}`);
    if (!line.startsWith("{")) throw new Error(`no topic ${topic}: ${line}`);
    return (JSON.parse(line).partitions["0"] as number[]).slice();
}

/** The container of the ZooKeeper node that leads the ensemble now. */
export function zookeeperLeader(spec: NetworkSpec): string {
    const leader = spec.zookeeper.nodes.find((n) => zookeeperMode(spec, n.containerName) === "leader");
    if (!leader) throw new Error("no ZooKeeper node reports itself leader");
    return leader.containerName;
}

/** The orderer container that leads `channel`'s Raft cluster now, by the orderers' own `consensus_etcdraft_is_leader`. */
export function raftLeader(spec: NetworkSpec, channel: string): string {
    const leaders = spec.orderer.nodes.filter((o) => {
        const text = metrics(spec, ordererEndpoint(o));
        return text !== undefined && metricSum(text, "consensus_etcdraft_is_leader", { channel }) === 1;
    });
    if (leaders.length !== 1) throw new Error(`${leaders.length} orderers report themselves Raft leader of ${channel}`);
    return leaders[0].containerName;
}
