// Raft (etcdraft) ordering: the rules its options must obey, the warnings a valid config can still earn,
// and which consensus the stack's existing network runs, so that a change of orderer.type is checked
// against it before anything changes.
//
// Errors are what Fabric itself refuses (a zero tick, an election no longer than a heartbeat, a block
// that cannot travel between orderers): such a network would not start or not order. Warnings are
// sizes Fabric accepts but that give less than they seem to (an even cluster, one without a spare
// node) and keys that the chosen consensus does not read: the network works, the user should know.
import type { NetworkSpec } from "./spec";
import type { OrdererType, StackConfig } from "./schema";

type Add = (key: string, shown: string, rule: string, fix: string, others?: string[]) => void;

/** The orderers' gRPC message limit (orderer.yaml General.MaxRecvMsgSize/MaxSendMsgSize, 100 MiB by default). */
export const ORDERER_GRPC_MAX_BYTES = 100 * 1024 * 1024;

/** Fabric's Raft defaults (sampleconfig/configtx.yaml), quoted in fixes. */
const RAFT_DEFAULTS = { tickInterval: '"500ms"', electionTick: 10, heartbeatTick: 1, maxInflightBlocks: 5 };

/** The rules of an etcdraft config; `show`/`size` quote values as the user wrote them. */
export function raftRules(cfg: Pick<StackConfig, "orderer">, add: Add, value: (key: string, v: unknown) => string, size: (key: string, bytes: number) => string): void {
    const r = cfg.orderer.raft;
    if (r.tickInterval <= 0) {
        add("orderer.raft.tickInterval", value("orderer.raft.tickInterval", r.tickInterval), "must be greater than 0: Raft counts time in ticks of this length, and Fabric refuses a zero TickInterval", `set it to ${RAFT_DEFAULTS.tickInterval} (Fabric's default)`);
    }
    for (const key of ["heartbeatTick", "electionTick", "maxInflightBlocks"] as const) {
        if (r[key] < 1) {
            add(`orderer.raft.${key}`, value(`orderer.raft.${key}`, r[key]), "must be at least 1: Fabric refuses Raft options with a zero HeartbeatTick, ElectionTick or MaxInflightBlocks", `set it to ${RAFT_DEFAULTS[key]} (Fabric's default)`);
        }
    }
    if (r.heartbeatTick >= 1 && r.electionTick >= 1 && r.electionTick <= r.heartbeatTick) {
        add(
            "orderer.raft.electionTick",
            value("orderer.raft.electionTick", r.electionTick),
            `must be greater than orderer.raft.heartbeatTick (${value("orderer.raft.heartbeatTick", r.heartbeatTick)}): a follower must miss heartbeats before it calls an election, and Fabric refuses otherwise`,
            `set orderer.raft.electionTick to ${Math.max(RAFT_DEFAULTS.electionTick, 10 * r.heartbeatTick)} (ten heartbeats, as Fabric's defaults)`,
            ["orderer.raft.heartbeatTick"],
        );
    }
    const o = cfg.orderer;
    if (o.absoluteMaxBytes >= ORDERER_GRPC_MAX_BYTES) {
        add(
            "orderer.absoluteMaxBytes",
            size("orderer.absoluteMaxBytes", o.absoluteMaxBytes),
            `must be less than ${ORDERER_GRPC_MAX_BYTES} bytes (100 MB), the orderers' gRPC message limit: the Raft leader sends each block to its followers in one message`,
            'lower orderer.absoluteMaxBytes to "98 MB"',
        );
    }
}

/** Keys that only a Kafka network reads. */
const KAFKA_ONLY_KEYS = ["zookeeper", "kafka", "orderer.kafkaRetry", "images.kafka", "images.kafkaFamily", "images.zookeeper", "images.zookeeperFamily"];

/**
 * What a valid config should still tell its user: Raft cluster sizes that tolerate fewer crashes than
 * they seem to, and keys that the chosen orderer type ignores. `has(key)`: the user wrote the key.
 */
export function ordererWarnings(cfg: StackConfig, has: (key: string) => boolean): string[] {
    const warnings: string[] = [];
    const n = cfg.orderer.nodes;
    if (cfg.orderer.type === "etcdraft") {
        if (n >= 1 && n < 3) {
            warnings.push(
                `orderer.nodes (${n}): a Raft cluster of ${n} tolerates no crashed orderer (a majority of ${n} is ${n}), so losing one stops ordering on every channel; ` +
                    "use 3 (tolerates 1 crash) or 5 (tolerates 2) where ordering must survive a crash",
            );
        } else if (n >= 4 && n % 2 === 0) {
            const tolerates = Math.floor((n - 1) / 2);
            warnings.push(
                `orderer.nodes (${n}): an even Raft cluster tolerates no more crashes than one node fewer (${n} tolerates ${tolerates}, as ${n - 1} does: a majority of ${n} is ${n / 2 + 1}) and has one more node that can fail; ` +
                    `use ${n - 1} or ${n + 1}`,
            );
        }
        const ignored = KAFKA_ONLY_KEYS.filter(has);
        if (ignored.length > 0) {
            warnings.push(
                `${ignored.join(", ")} ${ignored.length === 1 ? "is" : "are"} ignored: orderer.type is "etcdraft", so the network runs no ZooKeeper or Kafka; ` +
                    `remove ${ignored.length === 1 ? "it" : "them"} from the stack config`,
            );
        }
    } else if (has("orderer.raft")) {
        warnings.push('orderer.raft is ignored while orderer.type is "kafka": Kafka-based orderers have no Raft options; remove it, or set orderer.type to "etcdraft"');
    }
    return warnings;
}

/**
 * A change of orderer.type that the running network cannot take, refused before anything changes.
 * kafka → etcdraft is Fabric's migration, which the consensus step carries out (render/consensus.ts).
 */
export function ordererTypeProblems(spec: NetworkSpec, deployed: OrdererType | undefined): string[] {
    const wanted = spec.orderer.type;
    if (deployed === "etcdraft" && wanted === "kafka") {
        return [
            `orderer.type ("${wanted}") cannot replace "etcdraft" on this stack's running network: Fabric migrates Kafka to Raft only, one way, and has no way back to Kafka (which Fabric 3.0 removes); ` +
                'set orderer.type back to "etcdraft", or run `pulumi destroy` and then `pulumi up` for a new Kafka network (its ledgers start empty)',
        ];
    }
    return [];
}

/** A running Kafka network that this config takes to Raft. */
export const migratesToRaft = (spec: NetworkSpec, deployed: OrdererType | undefined): boolean => deployed === "kafka" && spec.orderer.type === "etcdraft";
