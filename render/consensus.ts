// The consensus step of an etcdraft network (render/steps/consensus.sh and consensus.js): Fabric 2.5's
// Kafka → Raft migration of the live channels, as one step that reads every channel's ConsensusType first
// and carries on from there, so a network that started on Raft or is migrated already is left as it is and
// a migration stopped half-way is finished by the next run. This module gives it its environment, and
// `pulumi preview` the plan.
import * as path from "path";
import { FabricTools, NetworkSpec, SYSTEM_CHANNEL, formatDuration } from "../config";
import { channelConfigStepEnv } from "./channelConfig";
import { peerCliStepEnv } from "./channels";
import { stepFile, stepScript } from "./steps";

/** Every channel of the network, the system channel first (Fabric's order for maintenance mode). */
export const consensusChannels = (spec: NetworkSpec): string[] => [SYSTEM_CHANNEL, ...spec.channels.map((c) => c.name)];

/**
 * ConsensusType.metadata as configtxlator writes etcdraft's ConfigMetadata in JSON, with each certificate
 * as the absolute path of its file: the step puts the files' content in their place (they exist only once
 * cryptogen has run). The same consenters and options as the genesis block's (render/fabricConfig.ts).
 */
export function raftMetadata(spec: NetworkSpec) {
    const raft = spec.orderer.raft;
    if (!raft) {
        throw new Error("raftMetadata needs an etcdraft spec");
    }
    const cert = (file: string) => path.join(spec.paths.cryptoDir, file);
    return {
        consenters: raft.consenters.map((c) => ({ host: c.host, port: c.port, client_tls_cert: cert(c.clientTlsCert), server_tls_cert: cert(c.serverTlsCert) })),
        options: {
            tick_interval: formatDuration(raft.tickIntervalMs),
            election_tick: raft.electionTick,
            heartbeat_tick: raft.heartbeatTick,
            max_inflight_blocks: raft.maxInflightBlocks,
            snapshot_interval_size: raft.snapshotIntervalSize,
        },
    };
}

/** What a Kafka → Raft migration does, step by step, and what the user must not do meanwhile. */
export function migrationPlan(spec: NetworkSpec): string {
    const channels = consensusChannels(spec).join(", ");
    const orderers = spec.orderer.nodes.map((n) => n.hostname).join(", ");
    return [
        `orderer.type kafka → etcdraft: this up migrates the running network to Raft (Fabric 2.5's Kafka-to-Raft migration):`,
        `  1. every channel (${channels}) into maintenance mode;`,
        `  2. on every channel, consensus type etcdraft with ${spec.orderer.nodes.length} consenters (${orderers}) and the Raft options;`,
        `  3. every orderer restarted, as a Raft node;`,
        `  4. every channel out of maintenance mode, and each checked to order a block under Raft;`,
        `  5. then the ZooKeeper and Kafka containers and their volumes are removed.`,
        `Do not submit transactions meanwhile: a channel in maintenance mode refuses them. The migration is one way: there is no going back to Kafka.`,
    ].join("\n");
}

/** The consensus step's shell (render/steps/consensus.sh, on channel-config.sh's functions). */
export const CONSENSUS_SCRIPT = stepScript("consensus.sh");

/**
 * Env of the consensus step: the system channel's config-step env for the functions it shares (the orderer
 * org's admin, the peer CLI on the stack network, configtxlator), the channels, the orderers to restart and
 * the Raft metadata.
 */
export function consensusStepEnv(spec: NetworkSpec, tools: Pick<FabricTools, "configtxgen" | "configtxlator">): Record<string, string> {
    const config = channelConfigStepEnv(spec, undefined, tools);
    return {
        ...peerCliStepEnv(spec),
        ...Object.fromEntries((["ORDERER_MSP_ID", "ORDERER_ADMIN_MSP", "CONFIGTXLATOR", "RECONCILE_JS"] as const).map((k) => [k, config[k]])),
        CONSENSUS_JS: stepFile("consensus.js"),
        CHANNELS: consensusChannels(spec).join(" "),
        // The orderers the migration restarts: containers on one host, services on a swarm.
        ...(spec.engine.kind === "swarm"
            ? { ORDERER_SERVICES: spec.orderer.nodes.map((n) => n.serviceName).join(" ") }
            : { ORDERER_CONTAINERS: spec.orderer.nodes.map((n) => n.containerName).join(" ") }),
        RAFT_METADATA: JSON.stringify(raftMetadata(spec)),
    };
}
