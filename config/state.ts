// What earlier `pulumi up`s left in the stack's artifacts folder that the config must stay consistent with.
import * as fs from "fs";
import * as path from "path";
import { ConfigError } from "./load";
import { mspId } from "./names";
import { NetworkSpec } from "./spec";
import { ordererTypeProblems } from "./raft";
import type { OrdererType } from "./schema";

/** Channels created before: the create step leaves `<channel>.block` in channel-artifacts/. */
export function createdChannels(spec: NetworkSpec): string[] {
    let files: string[];
    try {
        files = fs.readdirSync(spec.paths.channelArtifactsDir);
    } catch {
        return [];
    }
    return files
        .filter((f) => f.endsWith(".block") && !f.endsWith(".config.block") && f !== path.basename(spec.paths.genesisBlock))
        .map((f) => f.slice(0, -".block".length))
        .sort();
}

/** A channel cannot be deleted in Fabric: refuse a config that drops one that exists. */
export function removedChannelProblems(spec: NetworkSpec, created: readonly string[]): string[] {
    const configured = new Set(spec.channels.map((c) => c.name));
    return created
        .filter((name) => !configured.has(name))
        .map(
            (name) =>
                `channels (without "${name}") must keep every channel already created: Fabric cannot delete a channel, and "${name}" exists on this network; ` +
                `put { name: "${name}", orgs: [...] } back in channels, or run \`pulumi destroy\` to remove the whole network`,
        );
}

/**
 * What a running network was built with that no `up` can change: the record step writes it to
 * `applied.json` after every successful `up`, and the next run compares the config with it.
 */
export interface AppliedRecord {
    readonly domain: string;
    readonly zookeeperNodes: number;
    readonly replicationFactor: number;
    readonly orgs: readonly { readonly name: string; readonly domain: string }[];
    /** The consensus the network was left on; absent in records written before orderer.type existed (Kafka networks). */
    readonly ordererType?: OrdererType;
    /** kafka.tls when the network was built with it; absent when not (and in records older than the key). */
    readonly kafkaTls?: true;
    /** zookeeper.tls likewise. */
    readonly zookeeperTls?: true;
    /** kafka.sasl likewise. */
    readonly kafkaSasl?: true;
    /** engine.kind when the network runs on a swarm; absent on one Docker host (and in records older than the key). */
    readonly engine?: "swarm";
    /** On a swarm, its cluster ID (config/swarm.ts readSwarmId); absent in records older than the key. */
    readonly swarmId?: string;
    /** On a swarm, each node's container name → the swarm node the up placed it on; absent in older records. */
    readonly placement?: Readonly<Record<string, string>>;
}

export const APPLIED_FILE = "applied.json";

/** The record of `spec`; on a swarm, `swarmId` the cluster ID its manager reports and `placement` where the up put each node. */
export function appliedRecord(spec: NetworkSpec, swarmId?: string, placement?: ReadonlyMap<string, string>): AppliedRecord {
    return {
        domain: spec.ordererOrg.domain,
        zookeeperNodes: spec.zookeeper.nodes.length,
        replicationFactor: spec.kafka.replicationFactor,
        orgs: spec.orgs.map((o) => ({ name: o.name, domain: o.domain })),
        ordererType: spec.orderer.type,
        ...(spec.kafka.tls ? { kafkaTls: true as const } : {}),
        ...(spec.zookeeper.tls ? { zookeeperTls: true as const } : {}),
        ...(spec.kafka.sasl ? { kafkaSasl: true as const } : {}),
        ...(spec.engine.kind === "swarm"
            ? { engine: "swarm" as const, ...(swarmId ? { swarmId } : {}), ...(placement ? { placement: Object.fromEntries([...placement].sort(([a], [b]) => a.localeCompare(b))) } : {}) }
            : {}),
    };
}

/** The consensus the running network was left on by its last successful `up`; none before the first. */
export function deployedOrdererType(spec: NetworkSpec): OrdererType | undefined {
    const was = readAppliedRecord(spec);
    return was === undefined ? undefined : (was.ordererType ?? "kafka");
}

/** The record of the last successful `up` of this stack; none before the first. */
export function readAppliedRecord(spec: NetworkSpec): AppliedRecord | undefined {
    try {
        return JSON.parse(fs.readFileSync(path.join(spec.paths.artifactsDir, APPLIED_FILE), "utf8")) as AppliedRecord;
    } catch {
        return undefined;
    }
}

const q = JSON.stringify;
const NEW_NETWORK = "or run `pulumi destroy` then `pulumi up` for a new network (its ledgers are lost)";

/** Changes a running network cannot take: each names the key, both values, why, and what to do instead. */
export function unchangeableProblems(spec: NetworkSpec, was: AppliedRecord, swarmId?: string): string[] {
    const now = appliedRecord(spec, swarmId);
    const problems: string[] = [];
    if (now.domain !== was.domain) {
        problems.push(
            `domain (${q(now.domain)}) cannot change on a running network built with ${q(was.domain)}: every orderer, ZooKeeper and Kafka hostname, ` +
                `the orderer certificates and the channel configs name it; put back ${q(was.domain)}, ${NEW_NETWORK}`,
        );
    }
    now.orgs.forEach((org, i) => {
        const sameName = was.orgs.find((o) => o.name === org.name);
        const sameDomain = was.orgs.find((o) => o.domain === org.domain);
        if (sameName && sameName.domain !== org.domain) {
            problems.push(
                `orgs[${i}].domain (${q(org.domain)}) cannot change on a running network: ${org.name} was built with ${q(sameName.domain)}, which its MSP, ` +
                    `certificates and peer hostnames carry; put back ${q(sameName.domain)}, or add the new domain as a new org and take ${org.name} out of its channels`,
            );
        } else if (!sameName && sameDomain) {
            problems.push(
                `orgs[${i}].name (${q(org.name)}) cannot rename ${sameDomain.name} (domain ${q(org.domain)}) on a running network: its MSP ID ` +
                    `${mspId(sameDomain.name)} is in the channel configs and ledgers; put back ${q(sameDomain.name)}, or give the new org a domain of its own`,
            );
        }
    });
    // Kafka's sizes bind only a Kafka network that stays on Kafka: an etcdraft one has (or is migrated to) neither.
    const staysOnKafka = spec.orderer.type === "kafka" && (was.ordererType ?? "kafka") === "kafka";
    if (staysOnKafka && now.zookeeperNodes !== was.zookeeperNodes) {
        problems.push(
            `zookeeper.nodes (${now.zookeeperNodes}) cannot change on a running network of ${was.zookeeperNodes}: the ensemble's membership is in every ` +
                `node's and broker's settings, and restarting all of them at once with new members risks the quorum; keep ${was.zookeeperNodes}, ${NEW_NETWORK}`,
        );
    }
    const tlsSwitches = [
        { key: "kafka.tls", field: "kafkaTls", who: "every broker and orderer" },
        { key: "zookeeper.tls", field: "zookeeperTls", who: "every ZooKeeper node and broker" },
        { key: "kafka.sasl", field: "kafkaSasl", who: "every broker and orderer" },
    ] as const;
    for (const { key, field, who } of tlsSwitches) {
        const had = was[field] ?? false;
        if (staysOnKafka && (now[field] ?? false) !== had) {
            problems.push(
                `${key} (${!had}) cannot change on a running network built with ${had}: ${who} would restart at once on the other ` +
                    `listener, and ordering would stop meanwhile; moving a running network live (both listeners side by side, then one) is not built yet; ` +
                    `keep ${had}, ${NEW_NETWORK}`,
            );
        }
    }
    const [engineNow, engineWas] = [now.engine ?? "docker", was.engine ?? "docker"];
    if (engineNow !== engineWas) {
        problems.push(
            `engine.kind (${q(engineNow)}) cannot change on a running network built on ${q(engineWas)}: every node would be deleted there and made ` +
                `again on the other engine, its ledger, Kafka log and ZooKeeper data with it (moving a running network between engines is not built); ` +
                `keep ${q(engineWas)}, ${NEW_NETWORK}`,
        );
    }
    if (engineNow === engineWas && now.swarmId && was.swarmId && now.swarmId !== was.swarmId) {
        problems.push(
            `engine.manager (${q(spec.engine.manager)}) is a manager of another swarm (cluster ID ${now.swarmId}) than the one this network runs on ` +
                `(${was.swarmId}): none of its services, secrets or volumes are there, and the up would fail half-way on them; name a manager of the ` +
                `swarm ${was.swarmId} (docker info --format '{{.Swarm.Cluster.ID}}' on it prints that ID), ${NEW_NETWORK}`,
        );
    }
    if (staysOnKafka && now.replicationFactor < was.replicationFactor) {
        problems.push(
            `kafka.replicationFactor (${now.replicationFactor}) cannot be lower than the running network's ${was.replicationFactor}: its channels' Kafka ` +
                `topics keep ${was.replicationFactor} replicas, which Fabric does not change; keep ${was.replicationFactor} (a higher value applies to new channels only)`,
        );
    }
    return problems;
}

/**
 * Throws a ConfigError when the config asks what the running network cannot do: drop a channel, rename, resize
 * ZooKeeper, another swarm...; `swarmId`, on a swarm, the cluster ID its manager reports.
 */
export function checkAgainstExisting(spec: NetworkSpec, swarmId?: string): void {
    const was = readAppliedRecord(spec);
    const problems = [
        ...removedChannelProblems(spec, createdChannels(spec)),
        ...(was ? unchangeableProblems(spec, was, swarmId) : []),
        ...ordererTypeProblems(spec, was === undefined ? undefined : (was.ordererType ?? "kafka")),
    ];
    if (problems.length > 0) {
        throw new ConfigError(spec.stack, problems);
    }
}
