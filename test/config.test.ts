// config/load.ts with schema.ts, defaults.ts and rules.ts: every problem of a stack config, with its exact message.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError, findProblems, loadSpec, rawFromPulumiConfig } from "../config";
import { PROJECT, stackConfig } from "./helpers";

const ctx = { project: PROJECT, stack: "dev", projectDir: "/project" };
const problems = (raw: unknown) => findProblems(raw).problems;

/** Each rule: a config that passes, one that breaks it, and the exact message for the break. */
const RULES: { rule: string; valid: object; invalid: object; message: string | string[] }[] = [
    {
        rule: "fabricVersion is a 2.5.x release",
        valid: { fabricVersion: "2.5.9" },
        invalid: { fabricVersion: "3.0.0" },
        message: 'fabricVersion ("3.0.0") must be a Fabric 2.5.x release: 2.5 is the last line with Kafka ordering (removed in 3.0) ' +
            'and the format this program writes; set it to "2.5.12"',
    },
    {
        rule: "domain is a lower-case DNS name",
        valid: { domain: "corp.example.org" },
        invalid: { domain: "Example_Com" },
        message: 'domain ("Example_Com") must be a lower-case DNS name (labels of a-z, 0-9 and inner hyphens, at most 63 characters ' +
            'each); write e.g. "example-com"',
    },
    {
        rule: "zookeeper.nodes is 3, 5 or 7",
        valid: { zookeeper: { nodes: 5 } },
        invalid: { zookeeper: { nodes: 4 } },
        message: "zookeeper.nodes (4) must be 3, 5 or 7: an odd ensemble, and more than 7 only slows writes; use 5",
    },
    {
        rule: "zookeeper.nodes is at most 7",
        valid: { zookeeper: { nodes: 7 } },
        invalid: { zookeeper: { nodes: 9 } },
        message: "zookeeper.nodes (9) must be 3, 5 or 7: an odd ensemble, and more than 7 only slows writes; use 7",
    },
    {
        rule: "kafka.brokers is at least 4",
        valid: { kafka: { brokers: 4, replicationFactor: 3 } },
        // 1 < M < N < K needs K >= 4 anyway: three brokers always break replicationFactor < brokers too.
        invalid: { kafka: { brokers: 3 } },
        message: [
            "kafka.brokers (3) must be at least 4, so that one broker may fail and channels can still be created; set kafka.brokers to 4 or more",
            "kafka.replicationFactor (3) must be less than kafka.brokers (3) (replicationFactor < brokers): with fewer spare " +
            "brokers one failure stops channel creation; raise kafka.brokers to 4",
        ],
    },
    {
        rule: "1 < minInsyncReplicas",
        valid: { kafka: { minInsyncReplicas: 2 } },
        invalid: { kafka: { minInsyncReplicas: 1 } },
        message: "kafka.minInsyncReplicas (1) must be greater than 1 (1 < minInsyncReplicas): with 1 a write is acknowledged by a " +
            "single broker; set kafka.minInsyncReplicas to 2",
    },
    {
        rule: "minInsyncReplicas < replicationFactor",
        valid: { kafka: { brokers: 5, minInsyncReplicas: 3, replicationFactor: 4 } },
        invalid: { kafka: { minInsyncReplicas: 3, replicationFactor: 3 } },
        message: "kafka.minInsyncReplicas (3) must be less than kafka.replicationFactor (3) (minInsyncReplicas < replicationFactor): " +
            "otherwise one lost replica stops every write; lower kafka.minInsyncReplicas to 2 or raise kafka.replicationFactor " +
            "to 4",
    },
    {
        rule: "replicationFactor < brokers",
        valid: { kafka: { brokers: 5, replicationFactor: 4 } },
        invalid: { kafka: { brokers: 4, replicationFactor: 4 } },
        message: "kafka.replicationFactor (4) must be less than kafka.brokers (4) (replicationFactor < brokers): with fewer spare " +
            "brokers one failure stops channel creation; lower kafka.replicationFactor to 3 or raise kafka.brokers to 5",
    },
    {
        rule: "absoluteMaxBytes < replicaFetchMaxBytes (the seed's 99 MB is refused)",
        valid: { orderer: { absoluteMaxBytes: "98 MB" } },
        invalid: { orderer: { absoluteMaxBytes: "99 MB" }, kafka: { messageMaxBytes: 103809024, replicaFetchMaxBytes: 103809024 } },
        message: 'orderer.absoluteMaxBytes ("99 MB" = 103809024 bytes) must be less than kafka.replicaFetchMaxBytes (103809024): a ' +
            'block as large as the fetch limit cannot be replicated; lower orderer.absoluteMaxBytes to "98 MB" or raise ' +
            'kafka.replicaFetchMaxBytes and kafka.messageMaxBytes above 103809024',
    },
    {
        rule: "replicaFetchMaxBytes <= messageMaxBytes",
        valid: { kafka: { replicaFetchMaxBytes: 103809024, messageMaxBytes: 103809024 } },
        invalid: { kafka: { replicaFetchMaxBytes: "100 MB", messageMaxBytes: 103809024, socketRequestMaxBytes: "101 MB" } },
        message: 'kafka.replicaFetchMaxBytes ("100 MB" = 104857600 bytes) must not exceed kafka.messageMaxBytes (103809024): a ' +
            'broker cannot accept what replicas would fetch; lower kafka.replicaFetchMaxBytes to 103809024 or raise ' +
            'kafka.messageMaxBytes to 104857600',
    },
    {
        rule: "messageMaxBytes < socketRequestMaxBytes",
        valid: { kafka: { socketRequestMaxBytes: 104857600 } },
        invalid: { kafka: { socketRequestMaxBytes: 103809024 } },
        message: "kafka.messageMaxBytes (103809024) must be less than kafka.socketRequestMaxBytes (103809024): a request carrying " +
            "one message has overhead beyond it; lower kafka.messageMaxBytes below 103809024 or raise " +
            "kafka.socketRequestMaxBytes above 103809024",
    },
    {
        rule: "preferredMaxBytes <= absoluteMaxBytes",
        valid: { orderer: { preferredMaxBytes: "98 MB" } },
        invalid: { orderer: { preferredMaxBytes: "99 MB", absoluteMaxBytes: "10 MB" } },
        message: 'orderer.preferredMaxBytes ("99 MB" = 103809024 bytes) must not exceed orderer.absoluteMaxBytes ("10 MB" = 10485760 ' +
            'bytes); lower orderer.preferredMaxBytes to "10 MB" or less',
    },
    {
        rule: "orderer.nodes is positive",
        valid: { orderer: { nodes: 1 } },
        invalid: { orderer: { nodes: 0 } },
        message: "orderer.nodes (0) must be greater than 0; set it to 3, as in the seed",
    },
    {
        rule: "orderer.maxMessageCount is positive",
        valid: { orderer: { maxMessageCount: 1 } },
        invalid: { orderer: { maxMessageCount: -2 } },
        message: "orderer.maxMessageCount (-2) must be greater than 0; set it to 10, as in the seed",
    },
    {
        rule: "orderer.batchTimeout is positive",
        valid: { orderer: { batchTimeout: "500ms" } },
        invalid: { orderer: { batchTimeout: "0s" } },
        message: 'orderer.batchTimeout ("0s") must be greater than 0; set it to "2s", as in the seed',
    },
    {
        rule: "kafkaRetry durations are positive",
        valid: { orderer: { kafkaRetry: { longTotal: "12m" } } },
        invalid: { orderer: { kafkaRetry: { shortTotal: "0ms" } } },
        message: 'orderer.kafkaRetry.shortTotal ("0ms") must be greater than 0; set it to "30s"',
    },
    {
        rule: "kafkaRetry interval <= total",
        valid: { orderer: { kafkaRetry: { longInterval: "100s", longTotal: "100s" } } },
        invalid: { orderer: { kafkaRetry: { longInterval: "2m", longTotal: "100s" } } },
        message: 'orderer.kafkaRetry.longInterval ("2m") must not exceed orderer.kafkaRetry.longTotal ("100s"): the orderer retries ' +
            'every interval until the total has passed; lower orderer.kafkaRetry.longInterval or raise ' +
            'orderer.kafkaRetry.longTotal',
    },
    {
        rule: "kafka.zookeeperSessionTimeout is within what ZooKeeper grants (4s..40s)",
        valid: { kafka: { zookeeperSessionTimeout: "18s" }, orderer: { kafkaRetry: { producerRetryMax: 72 } } },
        invalid: { kafka: { zookeeperSessionTimeout: "2s" } },
        message: 'kafka.zookeeperSessionTimeout ("2s") must be between 4s and 40s: ZooKeeper grants sessions of 2 to 20 ticks of 2s; ' +
            'set it to "6s": a killed broker is then replaced as partition leader within about 10 s',
    },
    {
        rule: "orderer.kafkaRetry.consumerBackoff is positive",
        valid: { orderer: { kafkaRetry: { consumerBackoff: "2s" } } },
        invalid: { orderer: { kafkaRetry: { consumerBackoff: "0s" } } },
        message: 'orderer.kafkaRetry.consumerBackoff ("0s") must be greater than 0; set it to "1s"',
    },
    {
        rule: "orderer.kafkaRetry's producer and metadata retries are positive",
        valid: { orderer: { kafkaRetry: { metadataRetryMax: 1, metadataBackoff: "1ms" } } },
        invalid: { orderer: { kafkaRetry: { metadataRetryMax: 0 } } },
        message: "orderer.kafkaRetry.metadataRetryMax (0) must be greater than 0; set it to 10",
    },
    {
        rule: "the orderers' producer keeps posting through a partition leader's failover (twice the ZooKeeper session timeout)",
        valid: { kafka: { zookeeperSessionTimeout: "10s" }, orderer: { kafkaRetry: { producerRetryMax: 20, producerBackoff: "1s" } } },
        invalid: { orderer: { kafkaRetry: { producerRetryMax: 3, producerBackoff: "100ms" } } },
        message: 'orderer.kafkaRetry.producerRetryMax (3) × orderer.kafkaRetry.producerBackoff ("100ms") = 300ms must cover a partition ' +
            "leader's failover, twice kafka.zookeeperSessionTimeout (\"6s\") = 12s: an orderer that gives up posting a time-to-cut message " +
            "leaves the channel's pending transactions unordered until its next transaction; raise orderer.kafkaRetry.producerRetryMax " +
            "to 120 or lower kafka.zookeeperSessionTimeout",
    },
    {
        rule: "kafka.tls needs the project's Kafka image, whose entrypoint makes the PEM key store",
        valid: { kafka: { tls: true }, images: { kafka: "fabric-network/kafka:3.9.1", kafkaFamily: "confluent" } },
        invalid: { kafka: { tls: true } },
        message:
            "kafka.tls (true) needs the project's Kafka image (fabric-network/kafka:3.9.1, built by npm run images), whose entrypoint makes " +
            'the PEM key store the brokers read; images.kafka is "confluentinc/cp-kafka:5.3.1"; set images.kafka to fabric-network/kafka:3.9.1, or kafka.tls to false',
    },
    {
        rule: "zookeeper.tls needs the project's ZooKeeper and Kafka images",
        valid: { zookeeper: { tls: true }, images: { kafka: "fabric-network/kafka:3.9.1", kafkaFamily: "confluent", zookeeper: "fabric-network/zookeeper:3.8.4", zookeeperFamily: "apache" } },
        invalid: { zookeeper: { tls: true }, images: { kafka: "fabric-network/kafka:3.9.1", kafkaFamily: "confluent" } },
        message:
            "zookeeper.tls (true) needs the project's ZooKeeper image (fabric-network/zookeeper:3.8.4, built by npm run images), whose entrypoint " +
            'makes the PEM key store and the TLS settings of zoo.cfg; images.zookeeper is "confluentinc/cp-zookeeper:5.3.1"; set images.zookeeper ' +
            "to fabric-network/zookeeper:3.8.4, or zookeeper.tls to false",
    },
    {
        rule: "zookeeper.tls needs the project's Kafka image too: its brokers show ZooKeeper a PEM key store",
        valid: { zookeeper: { tls: true }, images: { kafka: "fabric-network/kafka:3.9.1", kafkaFamily: "confluent", zookeeper: "fabric-network/zookeeper:3.8.4", zookeeperFamily: "apache" } },
        invalid: { zookeeper: { tls: true }, images: { zookeeper: "fabric-network/zookeeper:3.8.4", zookeeperFamily: "apache" } },
        message:
            "zookeeper.tls (true) needs the project's Kafka image (fabric-network/kafka:3.9.1, built by npm run images), whose entrypoint " +
            'makes the PEM key store the brokers show ZooKeeper; images.kafka is "confluentinc/cp-kafka:5.3.1"; set images.kafka to ' +
            "fabric-network/kafka:3.9.1, or zookeeper.tls to false",
    },
    {
        rule: "kafka.sasl needs kafka.tls: SASL/PLAIN sends the password as it is",
        valid: { kafka: { tls: true, sasl: { user: "orderer" } }, kafkaSaslPassword: "long-enough-secret", images: { kafka: "fabric-network/kafka:3.9.1", kafkaFamily: "confluent" } },
        invalid: { kafka: { sasl: { user: "orderer" } }, kafkaSaslPassword: "long-enough-secret" },
        message: 'kafka.sasl ({"user":"orderer"}) needs kafka.tls: SASL/PLAIN sends the password in clear on a plaintext listener; set kafka.tls to true, or remove kafka.sasl',
    },
    {
        rule: "kafka.sasl needs the stack's secret password",
        valid: { kafka: { tls: true, sasl: { user: "orderer" } }, kafkaSaslPassword: "long-enough-secret", images: { kafka: "fabric-network/kafka:3.9.1", kafkaFamily: "confluent" } },
        invalid: { kafka: { tls: true, sasl: { user: "orderer" } }, images: { kafka: "fabric-network/kafka:3.9.1", kafkaFamily: "confluent" } },
        message: 'kafka.sasl ({"user":"orderer"}) needs the stack\'s secret kafkaSaslPassword; run: npm run pulumi -- config set --secret kafkaSaslPassword <password> --stack <stack>',
    },
    {
        rule: "kafkaSaslPassword: 12 characters or more, none that breaks its JAAS line; never shown",
        valid: { kafka: { tls: true, sasl: { user: "orderer" } }, kafkaSaslPassword: "long-enough-secret", images: { kafka: "fabric-network/kafka:3.9.1", kafkaFamily: "confluent" } },
        invalid: { kafka: { tls: true, sasl: { user: "orderer" } }, kafkaSaslPassword: 'has"quote-in-it', images: { kafka: "fabric-network/kafka:3.9.1", kafkaFamily: "confluent" } },
        message: "kafkaSaslPassword (not shown) must be at least 12 characters, with no double quote, backslash or line break (it is written into a JAAS line); set another with pulumi config set --secret kafkaSaslPassword",
    },
    {
        rule: "kafka.sasl.user names a JAAS option",
        valid: { kafka: { tls: true, sasl: { user: "orderer_1.x" } }, kafkaSaslPassword: "long-enough-secret", images: { kafka: "fabric-network/kafka:3.9.1", kafkaFamily: "confluent" } },
        invalid: { kafka: { tls: true, sasl: { user: "or derer" } }, kafkaSaslPassword: "long-enough-secret", images: { kafka: "fabric-network/kafka:3.9.1", kafkaFamily: "confluent" } },
        message: 'kafka.sasl.user ("or derer") must be 1 to 64 letters, digits, dots, dashes or underscores (it names a JAAS option); set it to e.g. "orderer"',
    },
    {
        rule: "kafkaSaslPassword is read only with kafka.sasl",
        valid: {},
        invalid: { kafkaSaslPassword: "long-enough-secret" },
        message: "kafkaSaslPassword (set) is read only with kafka.sasl; set kafka.sasl.user to use it, or remove kafkaSaslPassword",
    },
    {
        rule: "the peers' keepalive and gateway waits are positive",
        valid: { peer: { keepaliveInterval: "1s", keepaliveTimeout: "1s" } },
        invalid: { peer: { keepaliveTimeout: "0s" } },
        message: 'peer.keepaliveTimeout ("0s") must be greater than 0; remove it for the default',
    },
    {
        rule: "a gateway waits for an orderer longer than the orderer's producer keeps posting through a failover (Kafka)",
        valid: { peer: { gatewayBroadcastTimeout: "16s" } },
        invalid: { peer: { gatewayBroadcastTimeout: "15s" } },
        message: 'peer.gatewayBroadcastTimeout ("15s") must be longer than orderer.kafkaRetry.producerRetryMax × producerBackoff (15s), how long an ' +
            "orderer keeps posting a transaction through a partition leader's failover: a gateway that gives up sooner sends it to a second orderer " +
            "while the first may still order it; raise peer.gatewayBroadcastTimeout above 15s",
    },
    {
        rule: "orderer.logSpec is not empty",
        valid: { orderer: { logSpec: "debug" } },
        invalid: { orderer: { logSpec: " " } },
        message: 'orderer.logSpec (" ") must be a Fabric logging spec; set it to "info" or e.g. "info:orderer.consensus.kafka=debug"',
    },
    {
        rule: "at least one org",
        valid: { orgs: [{ name: "Solo", domain: "solo.example.com" }], channels: [] },
        invalid: { orgs: [], channels: [] },
        message: 'orgs ([]) must name at least one peer org; add one, e.g. { name: "Org1", domain: "org1.example.com", peers: 2, users: 1 }',
    },
    {
        rule: "org names are valid",
        valid: { orgs: [{ name: "Bank-A", domain: "a.example.com" }], channels: [] },
        invalid: { orgs: [{ name: "1bank", domain: "a.example.com" }], channels: [] },
        message: 'orgs[0].name ("1bank") must start with a letter and hold only letters, digits and hyphens (64 at most): it becomes ' +
            'the MSP ID and a configtx key; write e.g. "Org1"',
    },
    {
        rule: "org names are unique",
        valid: { orgs: [{ name: "A", domain: "a.example.com" }, { name: "B", domain: "b.example.com" }], channels: [] },
        invalid: { orgs: [{ name: "A", domain: "a.example.com" }, { name: "a", domain: "b.example.com" }], channels: [] },
        message: 'orgs[1].name ("a") must be unique: orgs[0] has the same name; rename one of them',
    },
    {
        rule: "MSP IDs are unique, the orderer's included",
        valid: { orgs: [{ name: "Orderers", domain: "o.example.com" }], channels: [] },
        invalid: { orgs: [{ name: "Orderer", domain: "o.example.com" }], channels: [] },
        message: 'orgs[0].name ("Orderer") gives MSP ID "OrdererMSP", which the orderer org already has; rename the org',
    },
    {
        rule: "org domains are DNS names",
        valid: { orgs: [{ name: "A", domain: "a-1.example.com" }], channels: [] },
        invalid: { orgs: [{ name: "A", domain: "-a.example.com" }], channels: [] },
        message: 'orgs[0].domain ("-a.example.com") must be a lower-case DNS name (labels of a-z, 0-9 and inner hyphens, at most 63 ' +
            'characters each); write e.g. "a.example.com"',
    },
    {
        rule: "org domains differ from the orderer domain",
        valid: { orgs: [{ name: "A", domain: "a.example.com" }], channels: [] },
        invalid: { orgs: [{ name: "A", domain: "example.com" }], channels: [] },
        message: 'orgs[0].domain ("example.com") must differ from the orderer org\'s domain ("example.com"): cryptogen would give ' +
            'both the same CA names; write e.g. "org1.example.com"',
    },
    {
        rule: "org domains are unique",
        valid: { orgs: [{ name: "A", domain: "a.example.com" }, { name: "B", domain: "b.example.com" }], channels: [] },
        invalid: { orgs: [{ name: "A", domain: "a.example.com" }, { name: "B", domain: "a.example.com" }], channels: [] },
        message: 'orgs[1].domain ("a.example.com") must be unique: orgs[0] has the same domain; write e.g. "org2.example.com"',
    },
    {
        rule: "an org has at least one peer",
        valid: { orgs: [{ name: "A", domain: "a.example.com", peers: 1 }], channels: [] },
        invalid: { orgs: [{ name: "A", domain: "a.example.com", peers: 0 }], channels: [] },
        message: "orgs[0].peers (0) must be at least 1: an org serves through its peers; set it to 2, as in the seed",
    },
    {
        rule: "users is at least 1: the identities output hands clients User1",
        valid: { orgs: [{ name: "A", domain: "a.example.com", users: 1 }], channels: [] },
        invalid: { orgs: [{ name: "A", domain: "a.example.com", users: 0 }], channels: [] },
        message: "orgs[0].users (0) must be at least 1: the identities output hands the org's clients User1's certificate and key " +
            "(beside its connection profile), which cryptogen makes only when users is 1 or more; set it to 1 or more",
    },
    {
        rule: "a negative users count is refused by the same rule",
        valid: { orgs: [{ name: "A", domain: "a.example.com", users: 3 }], channels: [] },
        invalid: { orgs: [{ name: "A", domain: "a.example.com", users: -1 }], channels: [] },
        message: "orgs[0].users (-1) must be at least 1: the identities output hands the org's clients User1's certificate and key " +
            "(beside its connection profile), which cryptogen makes only when users is 1 or more; set it to 1 or more",
    },
    {
        rule: "a domain with an over-long label is refused",
        valid: { domain: `${"d".repeat(40)}.com` },
        invalid: { domain: `${"d".repeat(64)}.com` },
        message: `domain ("${"d".repeat(64)}.com") must be a lower-case DNS name (labels of a-z, 0-9 and inner hyphens, at most 63 ` +
            `characters each); shorten it: at most 63 characters a label and 253 in all`,
    },
    {
        // zookeeper0.<domain> and the default orgs' peer0.org1.<domain> are the longest: 11 + 53 = 64.
        rule: "a domain of 53 characters passes on Kafka; one of 65 is refused: its host names pass Linux's 64",
        valid: { domain: `${"d".repeat(49)}.com` },
        invalid: { domain: `${"d".repeat(61)}.com` },
        message: `domain ("${"d".repeat(61)}.com") gives the host name "zookeeper0.${"d".repeat(61)}.com" (76 characters), longer ` +
            `than the 64 characters a container's host name may have (Linux's HOST_NAME_MAX); use a domain of at most 53 characters`,
    },
    {
        rule: "a domain that fits the orderers but not ZooKeeper is refused on Kafka",
        valid: { domain: `${"d".repeat(49)}.com`, orgs: [{ name: "A", domain: "a.example.com" }] },
        invalid: { domain: `${"d".repeat(51)}.com`, orgs: [{ name: "A", domain: "a.example.com" }] },
        message: `domain ("${"d".repeat(51)}.com") gives the host name "zookeeper0.${"d".repeat(51)}.com" (66 characters), longer ` +
            `than the 64 characters a container's host name may have (Linux's HOST_NAME_MAX); use a domain of at most 53 characters`,
    },
    {
        // etcdraft runs no ZooKeeper or Kafka: orderer0.<domain> is the longest, 9 + 55 = 64.
        rule: "a domain that fits the orderers but not ZooKeeper passes on etcdraft, up to 55 characters",
        valid: { orderer: { type: "etcdraft" }, domain: `${"d".repeat(51)}.com`, orgs: [{ name: "A", domain: "a.example.com" }] },
        invalid: { orderer: { type: "etcdraft" }, domain: `${"d".repeat(52)}.com`, orgs: [{ name: "A", domain: "a.example.com" }] },
        message: `domain ("${"d".repeat(52)}.com") gives the host name "orderer0.${"d".repeat(52)}.com" (65 characters), longer ` +
            `than the 64 characters a container's host name may have (Linux's HOST_NAME_MAX); use a domain of at most 55 characters`,
    },
    {
        rule: "an org domain whose peer host names pass 64 characters is refused",
        valid: { orgs: [{ name: "A", domain: `${"a".repeat(54)}.com` }] },
        invalid: { orgs: [{ name: "A", domain: `${"a".repeat(55)}.com` }] },
        message: `orgs[0].domain ("${"a".repeat(55)}.com") gives the host name "peer0.${"a".repeat(55)}.com" (65 characters), longer ` +
            `than the 64 characters a container's host name may have (Linux's HOST_NAME_MAX); use a domain of at most 58 characters`,
    },
    {
        rule: "channel names are Fabric channel names",
        valid: { channels: [{ name: "ch.1-a", orgs: ["Org1"] }] },
        invalid: { channels: [{ name: "Channel_1", orgs: ["Org1"] }] },
        message: 'channels[0].name ("Channel_1") must be a Fabric channel name: a lower-case letter, then lower-case letters, ' +
            'digits, dots and hyphens, shorter than 250; write e.g. "channel1"',
    },
    {
        rule: "a channel is not the system channel",
        valid: { channels: [{ name: "system", orgs: ["Org1"] }] },
        invalid: { channels: [{ name: "system-channel", orgs: ["Org1"] }] },
        message: 'channels[0].name ("system-channel") is the name of the orderers\' system channel; choose another name, e.g. "channel1"',
    },
    {
        rule: "channel names are unique",
        valid: { channels: [{ name: "a", orgs: ["Org1"] }, { name: "b", orgs: ["Org2"] }] },
        invalid: { channels: [{ name: "a", orgs: ["Org1"] }, { name: "a", orgs: ["Org2"] }] },
        message: 'channels[1].name ("a") must be unique: channels[0] has the same name; rename or remove one of them',
    },
    {
        rule: "a channel names at least one org",
        valid: { channels: [{ name: "a", orgs: ["Org1"] }] },
        invalid: { channels: [{ name: "a", orgs: [] }] },
        message: "channels[0].orgs ([]) must name at least one org; add one of Org1, Org2, Org3",
    },
    {
        rule: "a channel names known orgs",
        valid: { channels: [{ name: "a", orgs: ["Org3"] }] },
        invalid: { channels: [{ name: "a", orgs: ["Org4"] }] },
        message: 'channels[0].orgs[0] ("Org4") is not an org of this stack; use one of "Org1", "Org2", "Org3" or add it to orgs',
    },
    {
        rule: "a channel names an org once",
        valid: { channels: [{ name: "a", orgs: ["Org1", "Org2"] }] },
        invalid: { channels: [{ name: "a", orgs: ["Org1", "Org1"] }] },
        message: 'channels[0].orgs[1] ("Org1") is listed twice in this channel; remove the repeat',
    },
    {
        rule: "chaincode names are lower-case DNS-label names",
        valid: { chaincodes: [{ name: "my-cc2", channels: ["channel1"], image: "cc:1" }] },
        invalid: { chaincodes: [{ name: "My_CC", channels: ["channel1"], image: "cc:1" }] },
        message: 'chaincodes[0].name ("My_CC") must be lower-case letters and digits in groups joined by single hyphens (63 at ' +
            'most): it names the chaincode and its service host; write e.g. "mycc"',
    },
    {
        rule: "chaincode names are unique",
        valid: { chaincodes: [{ name: "a", channels: ["channel1", "channel2"], image: "cc:1" }] },
        invalid: { chaincodes: [{ name: "a", channels: ["channel1"], image: "cc:1" }, { name: "a", channels: ["channel2"], image: "cc:1" }] },
        message: 'chaincodes[1].name ("a") must be unique: chaincodes[0] has the same name; rename one, or list both channels in one entry',
    },
    {
        rule: "a chaincode version is a label-safe string",
        valid: { chaincodes: [{ name: "a", version: "2.0.1-rc1", channels: ["channel1"], image: "cc:1" }] },
        invalid: { chaincodes: [{ name: "a", version: "2 0", channels: ["channel1"], image: "cc:1" }] },
        message: 'chaincodes[0].version ("2 0") must be letters, digits and . _ + -; write e.g. "1.0"',
    },
    {
        rule: "a chaincode's sequence is not set by hand",
        valid: { chaincodes: [{ name: "a", version: "2", channels: ["channel1"], image: "cc:1" }] },
        invalid: { chaincodes: [{ name: "a", sequence: 2, channels: ["channel1"], image: "cc:1" }] },
        message:
            "chaincodes[0].sequence (2) is not a setting of this program; the lifecycle sequence is no longer set by hand: the " +
            "program approves and commits the channel's next sequence whenever the chaincode's package changes (a new version, " +
            "source or image); remove it",
    },
    {
        rule: "a chaincode names at least one channel",
        valid: { chaincodes: [{ name: "a", channels: ["channel3"], image: "cc:1" }] },
        invalid: { chaincodes: [{ name: "a", channels: [], image: "cc:1" }] },
        message: "chaincodes[0].channels ([]) must name at least one channel; add one of channel1, channel2, channel3",
    },
    {
        rule: "a chaincode names known channels, each once",
        valid: { chaincodes: [{ name: "a", channels: ["channel1", "channel2"], image: "cc:1" }] },
        invalid: { chaincodes: [{ name: "a", channels: ["channel9", "channel1", "channel1"], image: "cc:1" }] },
        message: [
            'chaincodes[0].channels[0] ("channel9") is not a channel of this stack; use one of "channel1", "channel2", ' +
            '"channel3" or add it to channels',
            'chaincodes[0].channels[2] ("channel1") is listed twice for this chaincode; remove the repeat',
        ],
    },
    {
        // <name>-channel1.example.com: 43 + 21 = 64.
        rule: "a chaincode whose service host name passes 64 characters is refused",
        valid: { chaincodes: [{ name: "c".repeat(43), channels: ["channel1"], image: "cc:1" }] },
        invalid: { chaincodes: [{ name: "c".repeat(44), channels: ["channel1"], image: "cc:1" }] },
        message: `chaincodes[0].name ("${"c".repeat(44)}") on channel "channel1" gives the host name "${"c".repeat(44)}-channel1.example.com" ` +
            `(65 characters), longer than the 64 characters a container's host name may have (Linux's HOST_NAME_MAX); use a chaincode ` +
            `name of at most 43 characters`,
    },
    {
        rule: "a chaincode whose service host label passes 63 characters is refused, with a name short enough for the host name too",
        valid: { chaincodes: [{ name: "c".repeat(43), channels: ["channel1"], image: "cc:1" }] },
        invalid: { chaincodes: [{ name: "c".repeat(55), channels: ["channel1"], image: "cc:1" }] },
        message: `chaincodes[0].name ("${"c".repeat(55)}") on channel "channel1" gives the service host label "${"c".repeat(55)}-channel1" ` +
            `(64 characters), which is not a DNS label (a-z, 0-9 and inner hyphens, at most 63 characters); use a chaincode name of at ` +
            `most 43 characters`,
    },
    {
        rule: "a long chaincode name is refused once, with the length that fits its longest channel",
        valid: { channels: [{ name: "channel1", orgs: ["Org1"] }, { name: "longer-channel", orgs: ["Org1"] }], chaincodes: [{ name: "c".repeat(37), channels: ["channel1", "longer-channel"], image: "cc:1" }] },
        invalid: { channels: [{ name: "channel1", orgs: ["Org1"] }, { name: "longer-channel", orgs: ["Org1"] }], chaincodes: [{ name: "c".repeat(44), channels: ["channel1", "longer-channel"], image: "cc:1" }] },
        message: `chaincodes[0].name ("${"c".repeat(44)}") on channel "longer-channel" gives the host name "${"c".repeat(44)}-longer-channel.` +
            `example.com" (71 characters), longer than the 64 characters a container's host name may have (Linux's HOST_NAME_MAX); use a ` +
            `chaincode name of at most 37 characters`,
    },
    {
        rule: "a channel too long for any chaincode's service host label is refused for the chaincode",
        valid: { channels: [{ name: `c${"h".repeat(46)}`, orgs: ["Org1"] }], chaincodes: [{ name: "a", channels: [`c${"h".repeat(46)}`], image: "cc:1" }] },
        invalid: { channels: [{ name: `c${"h".repeat(59)}`, orgs: ["Org1"] }], chaincodes: [{ name: "mycc", channels: [`c${"h".repeat(59)}`], image: "cc:1" }] },
        message: `chaincodes[0].channels[0] ("c${"h".repeat(59)}") gives chaincode "mycc" the service host label "mycc-c${"h".repeat(59)}" ` +
            `(65 characters), which is not a DNS label (a-z, 0-9 and inner hyphens, at most 63 characters); deploy the chaincode on a ` +
            `channel with a shorter name`,
    },
    {
        // "-" + 51 + "." + 11 leaves no character for a chaincode name within 64.
        rule: "a channel whose service host names pass 64 characters with any chaincode name is refused for the chaincode",
        valid: { channels: [{ name: `c${"h".repeat(49)}`, orgs: ["Org1"] }], chaincodes: [{ name: "a", channels: [`c${"h".repeat(49)}`], image: "cc:1" }] },
        invalid: { channels: [{ name: `c${"h".repeat(50)}`, orgs: ["Org1"] }], chaincodes: [{ name: "mycc", channels: [`c${"h".repeat(50)}`], image: "cc:1" }] },
        message: `chaincodes[0].channels[0] ("c${"h".repeat(50)}") gives chaincode "mycc" the host name "mycc-c${"h".repeat(50)}.example.com" ` +
            `(68 characters), longer than the 64 characters a container's host name may have (Linux's HOST_NAME_MAX); deploy the ` +
            `chaincode on a channel with a shorter name, or use a shorter domain`,
    },
    {
        rule: "a channel whose name makes no DNS labels is refused for a chaincode",
        valid: { channels: [{ name: "ch.x", orgs: ["Org1"] }], chaincodes: [{ name: "mycc", channels: ["ch.x"], image: "cc:1" }] },
        invalid: { channels: [{ name: "ch-.x", orgs: ["Org1"] }], chaincodes: [{ name: "mycc", channels: ["ch-.x"], image: "cc:1" }] },
        message: 'chaincodes[0].channels[0] ("ch-.x") gives chaincode "mycc" the service host label "mycc-ch-" (8 characters), which is not ' +
            "a DNS label (a-z, 0-9 and inner hyphens, at most 63 characters); deploy the chaincode on a channel whose name splits at " +
            "dots into DNS labels",
    },
    {
        rule: "a refused domain is reported once: the chaincode host names under it are not measured",
        valid: { domain: `${"d".repeat(49)}.com`, chaincodes: [{ name: "a", channels: ["channel1"], image: "cc:1" }] },
        invalid: { domain: `${"d".repeat(61)}.com`, chaincodes: [{ name: "mycc", channels: ["channel1"], image: "cc:1" }] },
        message: `domain ("${"d".repeat(61)}.com") gives the host name "zookeeper0.${"d".repeat(61)}.com" (76 characters), longer ` +
            `than the 64 characters a container's host name may have (Linux's HOST_NAME_MAX); use a domain of at most 53 characters`,
    },
    {
        rule: "a chaincode image is a Docker reference",
        valid: { chaincodes: [{ name: "a", channels: ["channel1"], image: "registry.local:5000/cc@sha256:abc" }] },
        invalid: { chaincodes: [{ name: "a", channels: ["channel1"], image: "my cc" }] },
        message: 'chaincodes[0].image ("my cc") must be a Docker image reference such as repo/name:tag; write e.g. "fabric-network/example02:1.0"',
    },
    {
        rule: "a Kafka image of unknown family needs images.kafkaFamily",
        valid: { images: { kafka: "registry.local/kafka:3.9.1", kafkaFamily: "confluent" } },
        invalid: { images: { kafka: "registry.local/kafka:3.9.1" } },
        message: 'images.kafka ("registry.local/kafka:3.9.1") is not an image whose environment convention this program knows; set ' +
            'images.kafkaFamily to one of confluent, fabric, bitnami (the image it is built like)',
    },
    {
        rule: "a ZooKeeper image of unknown family needs images.zookeeperFamily",
        valid: { images: { zookeeper: "zookeeper:3.8" } },
        invalid: { images: { zookeeper: "registry.local/zk:3.8" } },
        message: 'images.zookeeper ("registry.local/zk:3.8") is not an image whose environment convention this program knows; set ' +
            'images.zookeeperFamily to one of apache, confluent, fabric, bitnami (the image it is built like)',
    },
    {
        rule: "image names are Docker references",
        valid: { images: { peer: "hyperledger/fabric-peer:2.5.12" } },
        invalid: { images: { peer: "fabric peer" } },
        message: 'images.peer ("fabric peer") must be a Docker image reference such as repo/name:tag; write e.g. "hyperledger/fabric-peer:2.5.12"',
    },
    {
        rule: "ports.hostIp is an IPv4 address",
        valid: { ports: { publish: true, hostIp: "0.0.0.0" } },
        invalid: { ports: { publish: true, hostIp: "localhost" } },
        message: 'ports.hostIp ("localhost") must be an IPv4 address of this host to publish ports on; set it to "127.0.0.1" (this ' +
            'host only) or "0.0.0.0" (every interface)',
    },
];

/** Schema-level problems: types, unknown keys. */
const SHAPES: { rule: string; invalid: object; message: string }[] = [
    {
        rule: "a count must be a whole number",
        invalid: { kafka: { brokers: "4" } },
        message: 'kafka.brokers ("4") must be a whole number; write it as a plain integer, e.g. 3',
    },
    {
        rule: "a size must be a byte count or size string",
        invalid: { orderer: { absoluteMaxBytes: "98 megabytes" } },
        message: 'orderer.absoluteMaxBytes ("98 megabytes") must be a positive byte count or a size string; write e.g. 103809024 or ' +
            '"98 MB" (units B, KB, MB, GB, binary)',
    },
    {
        rule: "a duration must be a Go duration string",
        invalid: { orderer: { batchTimeout: 2 } },
        message: 'orderer.batchTimeout (2) must be a Go-style duration string; write e.g. "2s" or "500ms"',
    },
    {
        rule: "a duration must be whole milliseconds",
        invalid: { orderer: { kafkaRetry: { shortInterval: "2 seconds" } } },
        message: 'orderer.kafkaRetry.shortInterval ("2 seconds") must be a Go-style duration string in whole milliseconds; write ' +
            'e.g. "2s", "500ms" or "1m30s"',
    },
    {
        rule: "a flag must be a boolean",
        invalid: { kafka: { uncleanLeaderElection: "no" } },
        message: 'kafka.uncleanLeaderElection ("no") must be true or false',
    },
    {
        rule: "an unknown key is refused with the closest known one",
        invalid: { kafka: { replicationFactr: 3 } },
        message: "kafka.replicationFactr (3) is not a setting of this program; did you mean kafka.replicationFactor?",
    },
    {
        rule: "an unknown top-level key is refused",
        invalid: { zookeepers: { nodes: 3 } },
        message: 'zookeepers ({"nodes":3}) is not a setting of this program; did you mean zookeeper?',
    },
    {
        rule: "an unknown key with no close match lists the keys there",
        invalid: { ports: { expose: true } },
        message: "ports.expose (true) is not a setting of this program; remove it; the keys here are ports.publish, ports.hostIp",
    },
    {
        rule: "an org needs a name and a domain",
        invalid: { orgs: [{ name: "A" }], channels: [] },
        message: "orgs[0].domain (missing) is required; add it",
    },
    {
        rule: "a chaincode needs its image",
        invalid: { chaincodes: [{ name: "a", channels: ["channel1"] }] },
        message: "chaincodes[0].image (missing) is required; add it",
    },
    {
        rule: "an image family must be a known one",
        invalid: { images: { kafkaFamily: "strimzi" } },
        message: 'images.kafkaFamily ("strimzi") must be one of confluent, fabric, bitnami',
    },
];

describe("stack config rules", () => {
    it("the dev, ha and raft stacks and an empty config pass", () => {
        assert.deepEqual(problems(stackConfig("dev")), []);
        assert.deepEqual(problems(stackConfig("ha")), []);
        assert.deepEqual(problems(stackConfig("raft")), []);
        assert.deepEqual(problems({}), []);
    });
    for (const r of RULES) {
        it(`${r.rule}: accepts a valid value`, () => assert.deepEqual(problems(r.valid), []));
        it(`${r.rule}: refuses an invalid one with the exact message`, () =>
            assert.deepEqual(problems(r.invalid), Array.isArray(r.message) ? r.message : [r.message]));
    }
    for (const s of SHAPES) {
        it(`${s.rule}`, () => assert.deepEqual(problems(s.invalid), [s.message]));
    }
});

describe("all problems at once", () => {
    it("reports every broken rule and type problem of one config together, type problems first", () => {
        const got = problems({
            zookeeper: { nodes: 4 },
            kafka: { brokers: 4, minInsyncReplicas: 1, replicationFactor: 4, uncleanLeaderElection: "false" },
            orderer: { absoluteMaxBytes: "99 MB" },
            channels: [{ name: "Bad", orgs: ["Nobody"] }],
            typo: 1,
        });
        assert.deepEqual(got, [
            "kafka.uncleanLeaderElection (\"false\") must be true or false",
            "typo (1) is not a setting of this program; remove it; the keys here are fabricVersion, domain, zookeeper, kafka, kafkaSaslPassword, " +
            "orderer, peer, orgs, channels, chaincodes, images, ports, operations, tls, engine",
            "zookeeper.nodes (4) must be 3, 5 or 7: an odd ensemble, and more than 7 only slows writes; use 5",
            "kafka.minInsyncReplicas (1) must be greater than 1 (1 < minInsyncReplicas): with 1 a write is acknowledged by a " +
            "single broker; set kafka.minInsyncReplicas to 2",
            "kafka.replicationFactor (4) must be less than kafka.brokers (4) (replicationFactor < brokers): with fewer spare " +
            "brokers one failure stops channel creation; lower kafka.replicationFactor to 3 or raise kafka.brokers to 5",
            'orderer.absoluteMaxBytes ("99 MB" = 103809024 bytes) must be less than kafka.replicaFetchMaxBytes (103809024): a ' +
            'block as large as the fetch limit cannot be replicated; lower orderer.absoluteMaxBytes to "98 MB" or raise ' +
            'kafka.replicaFetchMaxBytes and kafka.messageMaxBytes above 103809024',
            'channels[0].name ("Bad") must be a Fabric channel name: a lower-case letter, then lower-case letters, digits, dots ' +
            'and hyphens, shorter than 250; write e.g. "bad"',
            'channels[0].orgs[0] ("Nobody") is not an org of this stack; use one of "Org1", "Org2", "Org3" or add it to orgs',
        ]);
    });

    it("a rule that reads a key with a type problem is not reported twice", () => {
        assert.deepEqual(problems({ kafka: { brokers: "seven", replicationFactor: 9 } }), [
            'kafka.brokers ("seven") must be a whole number; write it as a plain integer, e.g. 3',
        ]);
    });

    it("loadSpec throws one ConfigError listing every problem, saying nothing was changed", () => {
        assert.throws(
            () => loadSpec({ zookeeper: { nodes: 2 }, kafka: { brokers: 3, replicationFactor: 2 } }, ctx),
            (e: unknown) => {
                assert.ok(e instanceof ConfigError);
                assert.equal(
                    e.message,
                    'stack "dev" has 3 config problems; nothing was created or changed:\n' +
                        "  - zookeeper.nodes (2) must be 3, 5 or 7: an odd ensemble, and more than 7 only slows writes; use 3\n" +
                        "  - kafka.brokers (3) must be at least 4, so that one broker may fail and channels can still be created; set " +
                        "kafka.brokers to 4 or more\n" +
                        "  - kafka.minInsyncReplicas (2) must be less than kafka.replicationFactor (2) (minInsyncReplicas < " +
                        "replicationFactor): otherwise one lost replica stops every write; raise kafka.replicationFactor to 3",
                );
                return true;
            },
        );
    });
});

describe("reading Pulumi's config map", () => {
    it("takes only this project's keys, parses structured values and keeps scalars as strings", () => {
        const raw = rawFromPulumiConfig(
            {
                "fabric-network:kafka": '{"brokers":5}',
                "fabric-network:fabricVersion": "2.5",
                "fabric-network:orgs": '[{"name":"A","domain":"a.example.com"}]',
                "docker:host": "unix:///var/run/docker.sock",
            },
            PROJECT,
        );
        assert.deepEqual(raw, { kafka: { brokers: 5 }, fabricVersion: "2.5", orgs: [{ name: "A", domain: "a.example.com" }] });
    });
});

