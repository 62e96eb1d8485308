// Where each node of the network runs on a Docker Swarm (engine.kind swarm), and the rules that make the
// loss of any one swarm node survivable. Target-neutral: it reads the spec and the swarm's nodes as the
// manager reports them, and gives each container name a swarm node; the engine layer turns that into
// placement constraints. Nothing here talks to Docker (engine.ts reads the swarm).
import type { NetworkSpec, Node } from "./spec";
import { show } from "./rules";

/** A swarm node as `docker node ls` reports it. */
export interface SwarmNode {
    readonly hostname: string;
    /** `Ready`, `Down`, `Unknown`, `Disconnected`. */
    readonly status: string;
    /** `Active`, `Pause`, `Drain`. */
    readonly availability: string;
    readonly manager: boolean;
    /** The node's labels (`docker node update --label-add key=value`); none when not read. */
    readonly labels?: Readonly<Record<string, string>>;
}

/**
 * `engine.placement`: per cluster (and per org), the swarm nodes its members go to, in turn. An entry is a node's
 * hostname, or a node label `key=value` (a hostname has no `=`), which stands for every Ready, Active node with that
 * label, in hostname order.
 */
export interface PlacementConfig {
    readonly zookeeper?: readonly string[];
    readonly kafka?: readonly string[];
    readonly orderer?: readonly string[];
    readonly orgs?: Readonly<Record<string, readonly string[]>>;
}

/** One cluster to place: its members in order, and how many of them may go with one swarm node. */
interface Cluster {
    /** The placement key, e.g. `engine.placement.kafka` or `engine.placement.orgs.Org1`. */
    readonly key: string;
    readonly what: string;
    readonly members: readonly Node[];
    readonly given?: readonly string[];
    /** The rule losing the node that holds `onNode` of the members must keep; undefined: it keeps it. */
    readonly lossRule: (onNode: number, nodes: number) => string | undefined;
}

export interface NetworkPlacement {
    /** Each node's container name → the swarm node it is pinned to. */
    readonly byContainer: ReadonlyMap<string, string>;
    /** Each Kafka broker's `broker.rack`: the swarm node it runs on. */
    readonly rackOf: (brokerId: number) => string;
    /** Refusals: the placement loses a cluster with one swarm node, or names a node that cannot take tasks. */
    readonly problems: readonly string[];
    /** With engine.acceptNodeLoss: what losing one node would cost, said but not refused. */
    readonly warnings: readonly string[];
}

const majority = (n: number) => Math.floor(n / 2) + 1;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A node can take the network's tasks: Ready, and Active (not paused or drained). */
export const schedulable = (n: SwarmNode): boolean => n.status.toLowerCase() === "ready" && n.availability.toLowerCase() === "active";

function clusters(spec: NetworkSpec, cfg: PlacementConfig): Cluster[] {
    const out: Cluster[] = [];
    if (spec.orderer.type === "kafka") {
        const n = spec.zookeeper.nodes.length;
        out.push({
            key: "engine.placement.zookeeper",
            what: "ZooKeeper nodes",
            members: spec.zookeeper.nodes,
            given: cfg.zookeeper,
            lossRule: (k) => (n - k >= majority(n) ? undefined : `leaves ${n - k} of ${n}, not a majority (${majority(n)})`),
        });
        const { replicationFactor: rf, minInsyncReplicas: m } = spec.kafka;
        out.push({
            key: "engine.placement.kafka",
            what: "Kafka brokers",
            members: spec.kafka.brokers,
            given: cfg.kafka,
            // broker.rack is the swarm node: Kafka spreads a partition's replicas over the racks, at most
            // ceil(N / racks) on one, so losing a rack leaves N minus that many in sync.
            lossRule: (_k, racks) => {
                const onOne = Math.ceil(rf / racks);
                return rf - onOne >= m
                    ? undefined
                    : `leaves ${rf - onOne} of a channel's ${rf} replicas (kafka.replicationFactor) on ${plural(racks, "rack")}, fewer than kafka.minInsyncReplicas (${m}): the channel stops`;
            },
        });
    }
    const o = spec.orderer.nodes.length;
    out.push({
        key: "engine.placement.orderer",
        what: "orderers",
        members: spec.orderer.nodes,
        given: cfg.orderer,
        lossRule:
            spec.orderer.type === "etcdraft"
                ? (k) => (o - k >= majority(o) ? undefined : `leaves ${o - k} of ${o} Raft consenters, not a majority (${majority(o)})`)
                : (k) => (o - k >= 1 ? undefined : "leaves no orderer"),
    });
    for (const org of spec.orgs) {
        const p = org.peers.length;
        out.push({
            key: `engine.placement.orgs.${org.name}`,
            what: `peers of ${org.name}`,
            members: org.peers,
            given: cfg.orgs?.[org.name],
            // An org of one peer loses it with its node whatever the placement: only orgs of two or more are held to it.
            lossRule: (k) => (p < 2 || p - k >= 1 ? undefined : `leaves ${org.name} no peer`),
        });
    }
    return out;
}

/** What a member that cannot stay where its data is can do instead (docs/swarm.md, "Moving a member"). */
const MOVE_WAY_OUT = '; a member whose node is lost for good cannot be moved by up yet (docs/swarm.md, "Moving a member")';

/**
 * Each node's swarm node, and every problem of the placement against the swarm as it is: named nodes
 * that are missing or cannot take tasks, and clusters that losing one swarm node would break. With
 * `acceptNodeLoss` the latter are warnings. Unplaced clusters spread over the schedulable nodes in
 * hostname order, member i on node i mod n, except members that `previous` (the last up's placement,
 * container name → node) placed: they stay where they are. Named nodes that would move such a member are
 * refused (its data is in its volume on its node).
 */
export function placeNetwork(
    spec: NetworkSpec,
    cfg: PlacementConfig,
    swarm: readonly SwarmNode[],
    manager: string,
    acceptNodeLoss = false,
    previous: ReadonlyMap<string, string> = new Map(),
): NetworkPlacement {
    const problems: string[] = [];
    const warnings: string[] = [];
    const byContainer = new Map<string, string>();
    const ready = swarm.filter(schedulable).map((n) => n.hostname).sort();
    const known = new Map(swarm.map((n) => [n.hostname, n]));
    const listed = `its nodes: ${swarm.map((n) => `${n.hostname} (${n.status}, ${n.availability})`).join(", ") || "none"}`;
    if (ready.length === 0) {
        return { byContainer, rackOf: () => "", problems: [`engine.manager (${show(manager)}) reports no Ready, Active swarm node; ${listed}`], warnings };
    }
    for (const c of clusters(spec, cfg).filter((c) => c.members.length > 0)) {
        let usable = true;
        /** A given entry's nodes: a hostname checked against the swarm, or every Ready, Active node with a label. */
        const nodesOf = (entry: string, i: number): string[] => {
            if (entry.includes("=")) {
                const [key, value] = [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)];
                const hosts = swarm.filter((n) => schedulable(n) && n.labels?.[key] === value).map((n) => n.hostname).sort();
                if (hosts.length === 0) {
                    problems.push(
                        `${c.key}[${i}] (${show(entry)}) is a node label no Ready, Active node of the swarm at ${manager} has; ` +
                            `label a node (docker node update --label-add ${entry} NODE), or name another label or a node; ${listed}`,
                    );
                    usable = false;
                }
                return hosts;
            }
            const node = known.get(entry);
            if (!node) {
                problems.push(`${c.key}[${i}] (${show(entry)}) names no node of the swarm at ${manager}; ${listed}`);
                usable = false;
            } else if (!schedulable(node)) {
                const fix = node.status.toLowerCase() === "ready" ? `make it Active (docker node update --availability active ${entry})` : "start its Docker daemon again";
                problems.push(`${c.key}[${i}] (${show(entry)}) is ${node.status}, ${node.availability}: it cannot take tasks; ${fix}, or name a Ready, Active node`);
                usable = false;
            }
            return [entry];
        };
        const list = c.given?.length ? c.given.flatMap(nodesOf) : ready;
        const labels = c.given?.some((e) => e.includes("=")) ? `, that is ${show(list)}` : "";
        const shown = c.given?.length ? `${show(c.given)}${labels}` : `not set: the default spread over ${show(ready)}`;
        // A member the last up placed never moves: Swarm moves no volume, so its task would start empty on another
        // node and its data stay behind. Unplaced, it stays on its node (a node added to or lost from the swarm
        // moves nothing), which must still take tasks; named nodes must name its node for it again.
        const stays = (m: Node) => (c.given?.length ? undefined : previous.get(m.containerName));
        const hosts = list.length ? c.members.map((m, i) => stays(m) ?? list[i % list.length]) : [];
        c.members.forEach((m, i) => {
            const was = previous.get(m.containerName);
            if (was === undefined) return;
            if (!c.given?.length) {
                const node = known.get(was);
                if (node && schedulable(node)) return;
                problems.push(
                    `${c.key} (not set) keeps ${m.hostname} on ${was}, where the last up placed it, and ${was} is ${node ? `${node.status}, ${node.availability}` : "no node of the swarm now"}: ` +
                        `the up would move it and leave its data on ${was}; bring ${was} back (Ready, Active)${MOVE_WAY_OUT}`,
                );
            } else {
                if (hosts[i] === undefined || hosts[i] === was) return;
                problems.push(
                    `${c.key} (${shown}) would move ${m.hostname} from ${was}, where the last up placed it, to ${hosts[i]}: its task would start empty there and its data stay in ` +
                        `its volume on ${was} (Swarm moves no volume); name ${was} for it again (member ${i + 1} takes entry ${(i % list.length) + 1} of the ${list.length})${MOVE_WAY_OUT}`,
                );
            }
            usable = false;
        });
        hosts.forEach((h, i) => byContainer.set(c.members[i].containerName, h));
        if (!usable) continue;
        const counts = new Map<string, number>();
        for (const h of hosts) counts.set(h, (counts.get(h) ?? 0) + 1);
        const [worst, most] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
        const broken = c.lossRule(most, counts.size);
        if (broken) {
            const message =
                `${c.key} (${shown}) puts ${most} of the ${c.members.length} ${c.what} on ${worst} (${plural(counts.size, "swarm node")} in all): losing ${worst} ${broken}; ` +
                `spread them over more swarm nodes (name them in ${c.key}, or add nodes to the swarm), or set engine.acceptNodeLoss: true for a test swarm`;
            (acceptNodeLoss ? warnings : problems).push(message);
        }
    }
    const rackOf = (brokerId: number) => byContainer.get(spec.kafka.brokers[brokerId]?.containerName ?? "") ?? "";
    return { byContainer, rackOf, problems, warnings };
}
