// Step 1 of the config pipeline (schema → defaults → rules → spec): the shape of the `fabric-network:`
// stack config, its types, unknown keys, and every default that follows from nothing else. Defaults that
// follow from other values (orgs, channels, images) are filled in defaults.ts; rules that relate several
// values (Kafka/ZooKeeper sizing, byte limits, names) live in rules.ts.
import { z } from "zod";
import { parseDuration, parseSize } from "./units";

const count = () =>
    z.int({ error: "must be a whole number; write it as a plain integer, e.g. 3" });

const size = () =>
    z
        .union([z.number(), z.string()])
        .refine((v) => parseSize(v) !== undefined, {
            error: 'must be a positive byte count or a size string; write e.g. 103809024 or "98 MB" (units B, KB, MB, GB, binary)',
        })
        .transform((v) => parseSize(v) as number);

const duration = () =>
    z
        .string({ error: 'must be a Go-style duration string; write e.g. "2s" or "500ms"' })
        .refine((v) => parseDuration(v) !== undefined, {
            error: 'must be a Go-style duration string in whole milliseconds; write e.g. "2s", "500ms" or "1m30s"',
        })
        .transform((v) => parseDuration(v) as number);

const text = () => z.string({ error: 'must be a string; write it in quotes, e.g. "example.com"' });

const flag = () => z.boolean({ error: "must be true or false" });

const hosts = () => z.array(text(), { error: 'must be a list of swarm node hostnames or node labels, e.g. ["node1", "node2", "node3"] or ["zone=a", "zone=b"]' });

const orgSchema = z.strictObject({
    name: text(),
    domain: text(),
    peers: count().default(2),
    users: count().default(1),
});

const channelSchema = z.strictObject({
    name: text(),
    orgs: z.array(text(), { error: 'must be a list of org names, e.g. ["Org1"]' }),
});

const chaincodeSchema = z.strictObject({
    name: text(),
    version: text().default("1.0"),
    channels: z.array(text(), { error: 'must be a list of channel names, e.g. ["channel1"]' }),
    init: z.array(text(), { error: 'must be the first transaction as a list, e.g. ["init", "a", "100", "b", "200"]' }).default([]),
    image: text(),
    /** A folder (from the project folder) with the chaincode's Dockerfile: the program builds `image` from it. */
    source: text().optional(),
});

export const KAFKA_FAMILIES = ["confluent", "fabric", "bitnami"] as const;
/** The orderer's consensus: Kafka (the seed's, deprecated since Fabric 2.0) or Raft. */
export const ORDERER_TYPES = ["kafka", "etcdraft"] as const;
export const ZOOKEEPER_FAMILIES = ["apache", "confluent", "fabric", "bitnami"] as const;
/** Where the nodes run: one Docker daemon (containers), or a Docker Swarm (services pinned to its nodes). */
export const ENGINES = ["docker", "swarm"] as const;

const family = <T extends readonly [string, ...string[]]>(values: T) =>
    z.enum(values, { error: `must be one of ${values.join(", ")}` });

export const stackConfigSchema = z.strictObject({
    fabricVersion: text().default("2.5.12"),
    domain: text().default("example.com"),
    zookeeper: z
        .strictObject({
            nodes: count().default(3),
            // TLS on every ZooKeeper link: brokers as clients with a certificate, znode ACLs, the quorum (docs/security.md).
            tls: flag().default(false),
        })
        .prefault({}),
    kafka: z
        .strictObject({
            brokers: count().default(4),
            minInsyncReplicas: count().default(2),
            replicationFactor: count().default(3),
            messageMaxBytes: size().default(103809024),
            replicaFetchMaxBytes: size().default(103809024),
            socketRequestMaxBytes: size().default(104857600),
            uncleanLeaderElection: flag().default(false),
            // How long a killed broker stays registered (and partition leader) before ZooKeeper drops it:
            // Kafka's default, 18s, stalled a channel for 20-40 s after its leader broker died (docs/faults.md).
            zookeeperSessionTimeout: duration().default(6000),
            // How long a starting broker waits to connect to ZooKeeper. Kafka's default is the session timeout:
            // at 6s, brokers on a loaded host gave up before their first connection and exited (docs/faults.md).
            zookeeperConnectionTimeout: duration().default(60000),
            // TLS on every Kafka link: orderer → broker with a client certificate each way, broker ↔ broker
            // with host name verification; no plaintext listener (docs/security.md).
            tls: flag().default(false),
            // SASL/PLAIN on top of kafka.tls: every broker and orderer logs in as `user` with the stack's secret
            // kafkaSaslPassword (docs/security.md).
            sasl: z.strictObject({ user: text() }).optional(),
        })
        .prefault({}),
    // kafka.sasl's password: a Pulumi secret (`pulumi config set --secret kafkaSaslPassword …`), never in the spec.
    kafkaSaslPassword: text().optional(),
    orderer: z
        .strictObject({
            type: family(ORDERER_TYPES).default("kafka"),
            nodes: count().default(3),
            batchTimeout: duration().default(2000),
            maxMessageCount: count().default(10),
            absoluteMaxBytes: size().default(98 * 1024 * 1024),
            preferredMaxBytes: size().default(512 * 1024),
            kafkaRetry: z
                .strictObject({
                    shortInterval: duration().default(1000),
                    shortTotal: duration().default(30_000),
                    longInterval: duration().default(10_000),
                    longTotal: duration().default(100_000),
                    // How often an orderer's Kafka consumer looks for a partition's new leader (Fabric's default: 2s).
                    consumerBackoff: duration().default(1000),
                    // How long an orderer's producer keeps posting a message (a transaction, or the batch timer's
                    // time-to-cut) to a partition whose leader broker is gone. Fabric's 3 × 100ms gives up long before
                    // the new leader is elected, and a time-to-cut that is not posted is never posted again: the
                    // pending batch then waits for the channel's next transaction (docs/faults.md, the quiet channel).
                    producerRetryMax: count().default(30),
                    producerBackoff: duration().default(500),
                    // How often a metadata request is repeated while a partition has no leader (Fabric: 3 × 250ms).
                    metadataRetryMax: count().default(10),
                    metadataBackoff: duration().default(500),
                })
                .prefault({}),
            logSpec: text().default("info"),
            /** Raft's options (configtx `EtcdRaft.Options`), read when `type` is etcdraft; Fabric's defaults. */
            raft: z
                .strictObject({
                    tickInterval: duration().default(500),
                    electionTick: count().default(10),
                    heartbeatTick: count().default(1),
                    maxInflightBlocks: count().default(5),
                    snapshotIntervalSize: size().default(16 * 1024 * 1024),
                })
                .prefault({}),
        })
        .prefault({}),
    /** How a node cut off is noticed (a partition: no error, no answer). Fabric: 60s, 20s, 30s. */
    peer: z
        .strictObject({
            // gRPC keepalive of peers towards their orderer and of clients towards their peer (the connection
            // profiles); with Fabric's, a peer waits up to 80 s on an orderer cut off. The servers allow it.
            keepaliveInterval: duration().default(10_000),
            keepaliveTimeout: duration().default(5000),
            // How long a peer's gateway waits for an orderer to take a transaction before it tries the next one;
            // its default follows the orderers' producer retries (defaults.ts).
            gatewayBroadcastTimeout: duration().optional(),
        })
        .prefault({}),
    // No default here: defaults.ts derives the orgs from `domain` and the channels from the orgs.
    orgs: z.array(orgSchema, { error: "must be a list of orgs, each { name, domain, peers, users }" }).optional(),
    channels: z.array(channelSchema, { error: "must be a list of channels, each { name, orgs }" }).optional(),
    chaincodes: z
        .array(chaincodeSchema, { error: "must be a list of chaincodes, each { name, version, channels, init, image, source }" })
        .default([]),
    images: z
        .strictObject({
            orderer: text().optional(),
            peer: text().optional(),
            kafka: text().default("confluentinc/cp-kafka:5.3.1"),
            zookeeper: text().default("confluentinc/cp-zookeeper:5.3.1"),
            kafkaFamily: family(KAFKA_FAMILIES).optional(),
            zookeeperFamily: family(ZOOKEEPER_FAMILIES).optional(),
        })
        .prefault({}),
    ports: z
        .strictObject({
            publish: flag().default(false),
            hostIp: text().default("127.0.0.1"),
        })
        .prefault({}),
    // The orderers' and peers' operations endpoints over TLS: /healthz open, /metrics and /logspec only to a
    // client certificate of the node's own org's TLS CA (docs/security.md).
    operations: z.strictObject({ tls: flag().default(false) }).prefault({}),
    // Mutual TLS at every orderer's and peer's service port: a client without a certificate of a member org's TLS
    // CA is refused; the steps, the peers and the exported identities present their TLS key pairs (docs/security.md).
    tls: z.strictObject({ clientAuthRequired: flag().default(false) }).prefault({}),
    // The engine (docs/swarm.md): a swarm through its manager's endpoint, each cluster placed on its nodes.
    engine: z
        .strictObject({
            kind: family(ENGINES).default("docker"),
            /** A swarm manager's Docker endpoint: unix://, tcp:// (with certPath) or ssh://. */
            manager: text().optional(),
            /** For tcp://: a folder with Docker's ca.pem, cert.pem and key.pem. */
            certPath: text().optional(),
            placement: z
                .strictObject({
                    zookeeper: hosts().optional(),
                    kafka: hosts().optional(),
                    orderer: hosts().optional(),
                    orgs: z.record(z.string(), hosts(), { error: 'must map org names to swarm node lists, e.g. { Org1: ["node1", "node2"] }' }).optional(),
                })
                .prefault({}),
            /** A placement that one lost swarm node would break is refused, unless this says it is accepted. */
            acceptNodeLoss: flag().default(false),
            /**
             * Where the program pushes the images it builds (a chaincode's `source`), and the same registry as the
             * swarm's nodes reach it, when by another address.
             */
            registry: z.strictObject({ push: text(), pull: text().optional() }).optional(),
            /** Each swarm node's own Docker endpoint (hostname → endpoint), where `destroy` removes the volumes its tasks made. */
            nodes: z.record(z.string(), text(), { error: 'must map swarm node hostnames to Docker endpoints, e.g. { node2: "tcp://10.0.0.2:2376" }' }).optional(),
        })
        .prefault({}),
});

/** A parsed stack config: the schema's defaults filled, the derived ones (defaults.ts) not yet. */
export type StackConfig = z.output<typeof stackConfigSchema>;
/** The `kafka.*` settings: spec.ts hands every one of them to the render code as it is. */
export type KafkaConfig = StackConfig["kafka"];
export type OrgConfig = z.output<typeof orgSchema>;
export type ChannelConfig = z.output<typeof channelSchema>;
export type KafkaFamily = (typeof KAFKA_FAMILIES)[number];
export type ZookeeperFamily = (typeof ZOOKEEPER_FAMILIES)[number];
export type OrdererType = (typeof ORDERER_TYPES)[number];
export type Engine = (typeof ENGINES)[number];

/** The top-level keys a stack may set under the `fabric-network:` namespace. */
export const TOP_LEVEL_KEYS = Object.keys(stackConfigSchema.shape);
