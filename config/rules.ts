// Step 3 of the config pipeline (schema → defaults → rules → spec): the rules a filled stack config must
// obey before anything is created, one function per area. Each problem names the key, the value as the
// user wrote it, the rule and a fix.
import { formatDuration, formatSize, wholeMegabytesBelow } from "./units";
import { chaincodeHost, chaincodeServiceLabel, kafkaHost, mspId, ORDERER_ORG, ordererHost, peerHost, SYSTEM_CHANNEL, zookeeperHost } from "./names";
import { KAFKA_FAMILIES, ZOOKEEPER_FAMILIES } from "./schema";
import { FilledConfig, producerWindow } from "./defaults";
import { raftRules } from "./raft";

export interface Problem {
    /** The config key at fault, e.g. `kafka.replicationFactor` or `orgs[1].domain`. */
    readonly key: string;
    /** Every key the rule reads; a type error on any of them suppresses this problem. */
    readonly keys: readonly string[];
    readonly message: string;
}

/** How a value is quoted in a message: strings in quotes, sizes with their byte count. */
export function show(value: unknown): string {
    return typeof value === "string" ? JSON.stringify(value) : String(JSON.stringify(value) ?? value);
}

/** Records a problem: `key (shown) rule; fix`; `others` are the further keys the rule reads. */
type Add = (key: string, shown: string, rule: string, fix: string, others?: string[]) => void;

/** The areas in the order their problems are listed. A new area (say the orderer type) is one more entry. */
const AREAS: ((cfg: FilledConfig, add: Add) => void)[] = [
    checkRelease,
    kafkaOnly(checkZookeeper),
    kafkaOnly(checkKafkaReplication),
    checkByteLimits,
    checkRaft,
    checkOrdererTimings,
    kafkaOnly(checkKafkaSession),
    kafkaOnly(checkProducerCoversFailover),
    kafkaOnly(checkTlsImages),
    kafkaOnly(checkKafkaSasl),
    checkPeerTimings,
    checkOrdererLogging,
    checkOrgsAndChannels,
    checkChaincodes,
    checkImages,
    checkPorts,
    checkEngine,
];

/** Kafka's and ZooKeeper's rules hold only where they run: an etcdraft network has neither. */
function kafkaOnly(area: (cfg: FilledConfig, add: Add) => void): (cfg: FilledConfig, add: Add) => void {
    return (cfg, add) => {
        if (cfg.orderer.type === "kafka") {
            area(cfg, add);
        }
    };
}

/** Raft's options and limits (config/raft.ts), for an etcdraft network. */
function checkRaft(cfg: FilledConfig, add: Add): void {
    if (cfg.orderer.type === "etcdraft") {
        raftRules(cfg, add, (key, v) => value(cfg, key, v), (key, bytes) => size(cfg, key, bytes));
    }
}

/** Every rule problem of a filled config, in a stable order. */
export function check(cfg: FilledConfig): Problem[] {
    const problems: Problem[] = [];
    const add: Add = (key, shown, rule, fix, others = []) =>
        problems.push({ key, keys: [key, ...others], message: `${key} (${shown}) ${rule}; ${fix}` });
    for (const area of AREAS) {
        area(cfg, add);
    }
    return problems;
}

/** A size as the user wrote it: `"99 MB" = 103809024 bytes`, or the byte count alone. */
function size(cfg: FilledConfig, key: string, bytes: number): string {
    const given = cfg.written.get(key);
    return typeof given === "string" ? `${show(given)} = ${bytes} bytes` : String(bytes);
}

/** A value as the user wrote it (`"2s"`), else the filled one. */
const value = (cfg: FilledConfig, key: string, v: unknown): string => show(cfg.written.get(key) ?? v);

function checkRelease(cfg: FilledConfig, add: Add): void {
    if (!/^2\.5\.\d+$/.test(cfg.fabricVersion)) {
        add(
            "fabricVersion",
            show(cfg.fabricVersion),
            "must be a Fabric 2.5.x release: 2.5 is the last line with Kafka ordering (removed in 3.0) and the format this program writes",
            'set it to "2.5.12"',
        );
    }
    checkDnsName(add, "domain", cfg.domain);
}

// ZooKeeper: an odd ensemble keeps a majority through (n-1)/2 failures; past 7 it only slows writes.
function checkZookeeper(cfg: FilledConfig, add: Add): void {
    const zk = cfg.zookeeper.nodes;
    if (![3, 5, 7].includes(zk)) {
        add("zookeeper.nodes", show(zk), "must be 3, 5 or 7: an odd ensemble, and more than 7 only slows writes", `use ${zk < 3 ? 3 : zk > 7 ? 7 : zk + 1}`);
    }
}

// Kafka: 1 < M < N < K, at least 4 brokers so that one may fail and channels can still be created.
function checkKafkaReplication(cfg: FilledConfig, add: Add): void {
    const k = cfg.kafka;
    if (k.brokers < 4) {
        add("kafka.brokers", show(k.brokers), "must be at least 4, so that one broker may fail and channels can still be created", "set kafka.brokers to 4 or more");
    }
    if (k.minInsyncReplicas <= 1) {
        add("kafka.minInsyncReplicas", show(k.minInsyncReplicas), "must be greater than 1 (1 < minInsyncReplicas): with 1 a write is acknowledged by a single broker", "set kafka.minInsyncReplicas to 2");
    }
    if (k.minInsyncReplicas >= k.replicationFactor) {
        add(
            "kafka.minInsyncReplicas",
            show(k.minInsyncReplicas),
            `must be less than kafka.replicationFactor (${k.replicationFactor}) (minInsyncReplicas < replicationFactor): otherwise one lost replica stops every write`,
            k.replicationFactor - 1 >= 2
                ? `lower kafka.minInsyncReplicas to ${k.replicationFactor - 1} or raise kafka.replicationFactor to ${k.minInsyncReplicas + 1}`
                : `raise kafka.replicationFactor to ${k.minInsyncReplicas + 1}`,
            ["kafka.replicationFactor"],
        );
    }
    if (k.replicationFactor >= k.brokers) {
        add(
            "kafka.replicationFactor",
            show(k.replicationFactor),
            `must be less than kafka.brokers (${k.brokers}) (replicationFactor < brokers): with fewer spare brokers one failure stops channel creation`,
            k.brokers - 1 > k.minInsyncReplicas
                ? `lower kafka.replicationFactor to ${k.brokers - 1} or raise kafka.brokers to ${k.replicationFactor + 1}`
                : `raise kafka.brokers to ${k.replicationFactor + 1}`,
            ["kafka.brokers"],
        );
    }
}

// Byte limits: absoluteMaxBytes < replica.fetch.max.bytes <= message.max.bytes < socket.request.max.bytes.
function checkByteLimits(cfg: FilledConfig, add: Add): void {
    const k = cfg.kafka;
    const o = cfg.orderer;
    // The Kafka chain binds a Kafka network only (Raft's limit is checked by checkRaft).
    const kafka = o.type === "kafka";
    if (kafka && o.absoluteMaxBytes >= k.replicaFetchMaxBytes) {
        add(
            "orderer.absoluteMaxBytes",
            size(cfg, "orderer.absoluteMaxBytes", o.absoluteMaxBytes),
            `must be less than kafka.replicaFetchMaxBytes (${size(cfg, "kafka.replicaFetchMaxBytes", k.replicaFetchMaxBytes)}): a block as large as the fetch limit cannot be replicated`,
            `lower orderer.absoluteMaxBytes to ${show(wholeMegabytesBelow(k.replicaFetchMaxBytes))} or raise kafka.replicaFetchMaxBytes and kafka.messageMaxBytes above ${o.absoluteMaxBytes}`,
            ["kafka.replicaFetchMaxBytes"],
        );
    }
    if (kafka && k.replicaFetchMaxBytes > k.messageMaxBytes) {
        add(
            "kafka.replicaFetchMaxBytes",
            size(cfg, "kafka.replicaFetchMaxBytes", k.replicaFetchMaxBytes),
            `must not exceed kafka.messageMaxBytes (${size(cfg, "kafka.messageMaxBytes", k.messageMaxBytes)}): a broker cannot accept what replicas would fetch`,
            `lower kafka.replicaFetchMaxBytes to ${k.messageMaxBytes} or raise kafka.messageMaxBytes to ${k.replicaFetchMaxBytes}`,
            ["kafka.messageMaxBytes"],
        );
    }
    if (kafka && k.messageMaxBytes >= k.socketRequestMaxBytes) {
        add(
            "kafka.messageMaxBytes",
            size(cfg, "kafka.messageMaxBytes", k.messageMaxBytes),
            `must be less than kafka.socketRequestMaxBytes (${size(cfg, "kafka.socketRequestMaxBytes", k.socketRequestMaxBytes)}): a request carrying one message has overhead beyond it`,
            `lower kafka.messageMaxBytes below ${k.socketRequestMaxBytes} or raise kafka.socketRequestMaxBytes above ${k.messageMaxBytes}`,
            ["kafka.socketRequestMaxBytes"],
        );
    }
    if (o.preferredMaxBytes > o.absoluteMaxBytes) {
        add(
            "orderer.preferredMaxBytes",
            size(cfg, "orderer.preferredMaxBytes", o.preferredMaxBytes),
            `must not exceed orderer.absoluteMaxBytes (${size(cfg, "orderer.absoluteMaxBytes", o.absoluteMaxBytes)})`,
            `lower orderer.preferredMaxBytes to ${show(formatSize(o.absoluteMaxBytes))} or less`,
            ["orderer.absoluteMaxBytes"],
        );
    }
}

// Orderer counts and durations; each retry interval within its total.
function checkOrdererTimings(cfg: FilledConfig, add: Add): void {
    const o = cfg.orderer;
    const kafka = o.type === "kafka";
    const positive: [string, number, string][] = [
        ["orderer.nodes", o.nodes, "set it to 3, as in the seed"],
        ["orderer.maxMessageCount", o.maxMessageCount, "set it to 10, as in the seed"],
        ["orderer.batchTimeout", o.batchTimeout, 'set it to "2s", as in the seed'],
        ...(kafka
            ? ([
                  ["orderer.kafkaRetry.shortInterval", o.kafkaRetry.shortInterval, 'set it to "1s"'],
                  ["orderer.kafkaRetry.shortTotal", o.kafkaRetry.shortTotal, 'set it to "30s"'],
                  ["orderer.kafkaRetry.longInterval", o.kafkaRetry.longInterval, 'set it to "10s"'],
                  ["orderer.kafkaRetry.longTotal", o.kafkaRetry.longTotal, 'set it to "100s"'],
                  ["orderer.kafkaRetry.consumerBackoff", o.kafkaRetry.consumerBackoff, 'set it to "1s"'],
                  ["orderer.kafkaRetry.producerRetryMax", o.kafkaRetry.producerRetryMax, "set it to 30"],
                  ["orderer.kafkaRetry.producerBackoff", o.kafkaRetry.producerBackoff, 'set it to "500ms"'],
                  ["orderer.kafkaRetry.metadataRetryMax", o.kafkaRetry.metadataRetryMax, "set it to 10"],
                  ["orderer.kafkaRetry.metadataBackoff", o.kafkaRetry.metadataBackoff, 'set it to "500ms"'],
              ] as [string, number, string][])
            : []),
    ];
    for (const [key, v, fix] of positive) {
        if (v <= 0) {
            add(key, value(cfg, key, v), "must be greater than 0", fix);
        }
    }
    for (const span of kafka ? (["short", "long"] as const) : []) {
        const interval = o.kafkaRetry[`${span}Interval`];
        const total = o.kafkaRetry[`${span}Total`];
        if (interval > 0 && total > 0 && interval > total) {
            const key = `orderer.kafkaRetry.${span}Interval`;
            const totalKey = `orderer.kafkaRetry.${span}Total`;
            add(key, value(cfg, key, interval), `must not exceed ${totalKey} (${value(cfg, totalKey, total)}): the orderer retries every interval until the total has passed`, `lower ${key} or raise ${totalKey}`, [totalKey]);
        }
    }
}

// ZooKeeper grants sessions of 2 to 20 ticks (its tick is 2s in every image family here).
function checkKafkaSession(cfg: FilledConfig, add: Add): void {
    const timeout = cfg.kafka.zookeeperSessionTimeout;
    if (timeout < 4000 || timeout > 40_000) {
        add(
            "kafka.zookeeperSessionTimeout",
            value(cfg, "kafka.zookeeperSessionTimeout", timeout),
            "must be between 4s and 40s: ZooKeeper grants sessions of 2 to 20 ticks of 2s",
            'set it to "6s": a killed broker is then replaced as partition leader within about 10 s',
        );
    }
}

/**
 * A partition's leader broker that dies stays registered for the ZooKeeper session timeout, and Kafka's
 * controller then elects a new leader (measured: within another session timeout, docs/faults.md). An
 * orderer's producer must keep posting for that long: a time-to-cut message it gives up on is never posted
 * again, and the channel's pending transactions wait for its next transaction.
 */
function checkProducerCoversFailover(cfg: FilledConfig, add: Add): void {
    const r = cfg.orderer.kafkaRetry;
    const failover = 2 * cfg.kafka.zookeeperSessionTimeout;
    const window = producerWindow(r);
    if (r.producerRetryMax > 0 && r.producerBackoff > 0 && window < failover) {
        const session = value(cfg, "kafka.zookeeperSessionTimeout", formatDuration(cfg.kafka.zookeeperSessionTimeout));
        add(
            "orderer.kafkaRetry.producerRetryMax",
            value(cfg, "orderer.kafkaRetry.producerRetryMax", r.producerRetryMax),
            `× orderer.kafkaRetry.producerBackoff (${value(cfg, "orderer.kafkaRetry.producerBackoff", formatDuration(r.producerBackoff))}) = ${formatDuration(window)} ` +
                `must cover a partition leader's failover, twice kafka.zookeeperSessionTimeout (${session}) = ${formatDuration(failover)}: ` +
                "an orderer that gives up posting a time-to-cut message leaves the channel's pending transactions unordered until its next transaction",
            `raise orderer.kafkaRetry.producerRetryMax to ${Math.ceil(failover / r.producerBackoff)} or lower kafka.zookeeperSessionTimeout`,
            ["orderer.kafkaRetry.producerBackoff", "kafka.zookeeperSessionTimeout"],
        );
    }
}

/**
 * The peers' waits: positive, and on Kafka the gateway's wait for an orderer longer than that orderer's producer
 * keeps posting through a failover; shorter, and the gateway sends the transaction to a second orderer while
 * the first may still order it.
 */
function checkPeerTimings(cfg: FilledConfig, add: Add): void {
    const p = cfg.peer;
    for (const [key, v] of [
        ["peer.keepaliveInterval", p.keepaliveInterval],
        ["peer.keepaliveTimeout", p.keepaliveTimeout],
        ["peer.gatewayBroadcastTimeout", p.gatewayBroadcastTimeout],
    ] as const) {
        if (v <= 0) add(key, value(cfg, key, formatDuration(v)), "must be greater than 0", `remove it for the default`);
    }
    const producer = producerWindow(cfg.orderer.kafkaRetry);
    if (cfg.orderer.type === "kafka" && p.gatewayBroadcastTimeout > 0 && producer > 0 && p.gatewayBroadcastTimeout <= producer) {
        add(
            "peer.gatewayBroadcastTimeout",
            value(cfg, "peer.gatewayBroadcastTimeout", formatDuration(p.gatewayBroadcastTimeout)),
            `must be longer than orderer.kafkaRetry.producerRetryMax × producerBackoff (${formatDuration(producer)}), how long an orderer keeps posting a ` +
                "transaction through a partition leader's failover: a gateway that gives up sooner sends it to a second orderer while the first may still order it",
            `raise peer.gatewayBroadcastTimeout above ${formatDuration(producer)}`,
            ["orderer.kafkaRetry.producerRetryMax", "orderer.kafkaRetry.producerBackoff"],
        );
    }
}

/** The project's images (images/jvm): their entrypoints assemble the PEM key stores that kafka.tls and zookeeper.tls need. */
// Local (`fabric-network/kafka:3.9.1`) or from a registry (`host:5000/fabric-network/kafka@sha256:…`, a swarm's).
const PROJECT_IMAGES = {
    kafka: { pattern: /^(?:[^/]+\/)?fabric-network\/kafka[:@]/, name: "fabric-network/kafka:3.9.1" },
    zookeeper: { pattern: /^(?:[^/]+\/)?fabric-network\/zookeeper[:@]/, name: "fabric-network/zookeeper:3.8.4" },
};

// kafka.tls and zookeeper.tls: the servers (and the brokers as ZooKeeper clients) read PEM key stores, which the
// project's images assemble at start (Kafka ≥ 2.7, ZooKeeper ≥ 3.6 read PEM; others' entrypoints want JKS).
function checkTlsImages(cfg: FilledConfig, add: Add): void {
    const needs = (key: "kafka.tls" | "zookeeper.tls", image: "kafka" | "zookeeper", why: string) => {
        const { pattern, name } = PROJECT_IMAGES[image];
        if (!pattern.test(cfg.images[image])) {
            add(key, "true", `needs the project's ${image === "kafka" ? "Kafka" : "ZooKeeper"} image (${name}, built by npm run images), ${why}; images.${image} is ${show(cfg.images[image])}`, `set images.${image} to ${name}, or ${key} to false`, [`images.${image}`]);
        }
    };
    if (cfg.kafka.tls) needs("kafka.tls", "kafka", "whose entrypoint makes the PEM key store the brokers read");
    if (cfg.zookeeper.tls) {
        needs("zookeeper.tls", "zookeeper", "whose entrypoint makes the PEM key store and the TLS settings of zoo.cfg");
        needs("zookeeper.tls", "kafka", "whose entrypoint makes the PEM key store the brokers show ZooKeeper");
    }
}

/**
 * kafka.sasl: SASL/PLAIN sends the password as it is, so only inside kafka.tls; the password is the stack's
 * secret kafkaSaslPassword, written into a JAAS line between double quotes (no quote, backslash or line break).
 * The password itself is never shown.
 */
function checkKafkaSasl(cfg: FilledConfig, add: Add): void {
    const sasl = cfg.kafka.sasl;
    if (!sasl) {
        if (cfg.kafkaSaslPassword !== undefined) {
            add("kafkaSaslPassword", "set", "is read only with kafka.sasl", "set kafka.sasl.user to use it, or remove kafkaSaslPassword", ["kafka.sasl"]);
        }
        return;
    }
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(sasl.user)) {
        add("kafka.sasl.user", show(sasl.user), "must be 1 to 64 letters, digits, dots, dashes or underscores (it names a JAAS option)", 'set it to e.g. "orderer"');
    }
    if (!cfg.kafka.tls) {
        add("kafka.sasl", show(sasl), "needs kafka.tls: SASL/PLAIN sends the password in clear on a plaintext listener", "set kafka.tls to true, or remove kafka.sasl", ["kafka.tls"]);
    }
    const pw = cfg.kafkaSaslPassword;
    if (pw === undefined) {
        add("kafka.sasl", show(sasl), "needs the stack's secret kafkaSaslPassword", "run: npm run pulumi -- config set --secret kafkaSaslPassword <password> --stack <stack>", ["kafkaSaslPassword"]);
    } else if (pw.length < 12 || /["\\\r\n]/.test(pw)) {
        add("kafkaSaslPassword", "not shown", "must be at least 12 characters, with no double quote, backslash or line break (it is written into a JAAS line)", "set another with pulumi config set --secret kafkaSaslPassword", ["kafka.sasl"]);
    }
}

function checkOrdererLogging(cfg: FilledConfig, add: Add): void {
    if (cfg.orderer.logSpec.trim() === "") {
        add("orderer.logSpec", show(cfg.orderer.logSpec), "must be a Fabric logging spec", 'set it to "info" or e.g. "info:orderer.consensus.kafka=debug"');
    }
}

function checkPorts(cfg: FilledConfig, add: Add): void {
    const ip = cfg.ports.hostIp;
    if (!/^(\d{1,3})(\.\d{1,3}){3}$/.test(ip) || ip.split(".").some((b) => Number(b) > 255)) {
        add("ports.hostIp", show(ip), "must be an IPv4 address of this host to publish ports on", 'set it to "127.0.0.1" (this host only) or "0.0.0.0" (every interface)');
    }
}

/** Manager endpoints Docker's CLI takes: a local socket, TCP (with TLS material) or SSH. */
const ENDPOINT = /^(unix:\/\/\/\S+|tcp:\/\/[^\s/]+:\d+|ssh:\/\/[^\s/]+)$/;

/** engine.*: a swarm needs its manager's endpoint; placement only on a swarm, and only for what the network has. */
function checkEngine(cfg: FilledConfig, add: Add): void {
    const e = cfg.engine;
    const placed = Object.entries(e.placement).filter(([, v]) => v !== undefined).map(([k]) => `engine.placement.${k}`);
    if (e.kind === "docker") {
        for (const key of [...(e.manager !== undefined ? ["engine.manager"] : []), ...(e.certPath !== undefined ? ["engine.certPath"] : []), ...(e.registry !== undefined ? ["engine.registry"] : []), ...(e.nodes !== undefined ? ["engine.nodes"] : []), ...placed]) {
            add(key, show(cfg.written.get(key)), 'is read only with engine.kind "swarm"', 'remove it, or set engine.kind: "swarm"', ["engine.kind"]);
        }
        return;
    }
    if (e.manager === undefined) {
        add("engine.manager", "not set", 'is needed with engine.kind "swarm": the Docker endpoint of one of the swarm\'s managers', 'set it, e.g. "tcp://10.0.0.1:2376" (with engine.certPath), "ssh://admin@10.0.0.1" or "unix:///var/run/docker.sock"', ["engine.kind"]);
    } else if (!ENDPOINT.test(e.manager)) {
        add("engine.manager", show(e.manager), "must be a Docker endpoint: unix:///path, tcp://host:port or ssh://[user@]host", 'write e.g. "tcp://10.0.0.1:2376"');
    } else if (e.certPath !== undefined && !e.manager.startsWith("tcp://")) {
        add("engine.certPath", show(e.certPath), "is read only for a tcp:// manager (TLS material for Docker's TCP endpoint)", "remove it", ["engine.manager"]);
    }
    if (cfg.orderer.type === "etcdraft") {
        for (const key of placed.filter((k) => k === "engine.placement.zookeeper" || k === "engine.placement.kafka")) {
            add(key, show(cfg.written.get(key)), 'places nodes a Raft network (orderer.type "etcdraft") does not have', "remove it", ["orderer.type"]);
        }
    }
    checkSwarmImages(cfg, add);
    const withSource = cfg.chaincodes.flatMap((cc, i) => (cc.source === undefined ? [] : [i]));
    if (withSource.length && !e.registry) {
        add(
            `chaincodes[${withSource[0]}].source`,
            show(cfg.chaincodes[withSource[0]].source),
            'needs engine.registry on a swarm: the program builds the image on this host and pushes it there for the nodes to pull',
            'set engine.registry: { push: "host:port" } (and pull: the address the nodes reach it by, when another), or build and push it yourself and give its image by digest',
            ["engine.kind"],
        );
    }
    for (const [node, endpoint] of Object.entries(e.nodes ?? {}).filter(([, v]) => !ENDPOINT.test(v))) {
        add(`engine.nodes.${node}`, show(endpoint), "must be a Docker endpoint: unix:///path, tcp://host:port or ssh://[user@]host", 'write e.g. "tcp://10.0.0.2:2376"');
    }
    for (const [key, value] of Object.entries({ "engine.registry.push": e.registry?.push, "engine.registry.pull": e.registry?.pull })) {
        if (value !== undefined && !REGISTRY_HOST.test(value)) add(key, show(value), "must be a registry's host[:port], without a scheme or a path", 'write e.g. "registry.example.com:5000"');
    }
    const orgNames = new Set(cfg.orgs.map((o) => o.name));
    for (const org of Object.keys(e.placement.orgs ?? {}).filter((o) => !orgNames.has(o))) {
        add(`engine.placement.orgs.${org}`, show(e.placement.orgs![org]), "places the peers of an org the stack does not have", `name one of ${[...orgNames].join(", ")}`, ["orgs"]);
    }
}

/** A registry's address as Docker names it in an image reference. */
const REGISTRY_HOST = /^[a-z0-9.-]+(:\d+)?$/;

/** An image a swarm's nodes can pull and that cannot change under them: a registry host, a name, a digest. */
const PULLABLE_BY_DIGEST = /^[a-z0-9.-]+(:\d+)?\/[a-z0-9._/-]+@sha256:[0-9a-f]{64}$/;

/** engine.kind swarm: every image the services run, from a registry by digest (a new digest rolls the services). */
function checkSwarmImages(cfg: FilledConfig, add: Add): void {
    const images: [string, string][] = [
        ["images.orderer", cfg.images.orderer],
        ["images.peer", cfg.images.peer],
        ...(cfg.orderer.type === "kafka" ? ([["images.kafka", cfg.images.kafka], ["images.zookeeper", cfg.images.zookeeper]] as [string, string][]) : []),
        ...cfg.chaincodes.flatMap((cc, i): [string, string][] => (cc.source === undefined ? [[`chaincodes[${i}].image`, cc.image]] : [])),
    ];
    for (const [key, image] of images.filter(([, image]) => !PULLABLE_BY_DIGEST.test(image))) {
        add(
            key,
            show(image),
            "must name a registry and a digest on a swarm (registry-host[:port]/name@sha256:<64 hex>): each node pulls its image itself, and a digest cannot change under a running service",
            "push the image (docker tag and docker push; bash scripts/swarm.sh push IMAGE on the test swarm) and write the reference it prints",
            ["engine.kind"],
        );
    }
}

const DNS_LABEL_MAX = 63;
const DNS_LABEL = new RegExp(`^[a-z0-9]([a-z0-9-]{0,${DNS_LABEL_MAX - 2}}[a-z0-9])?$`);
const NOT_A_LABEL = `which is not a DNS label (a-z, 0-9 and inner hyphens, at most ${DNS_LABEL_MAX} characters)`;

/** A lower-case DNS name: labels of letters, digits and inner hyphens, 253 characters at most. */
export function isDnsName(name: string): boolean {
    return name.length <= 253 && name.split(".").every((label) => DNS_LABEL.test(label));
}

function checkDnsName(add: Add, key: string, name: string): void {
    if (!isDnsName(name)) {
        const cleaned = name
            .toLowerCase()
            .split(".")
            .map((label) => label.replace(/[^a-z0-9-]/g, "-").replace(/^-+|-+$/g, ""))
            .join(".");
        const fix = isDnsName(cleaned) ? `write e.g. ${show(cleaned)}` : "shorten it: at most 63 characters a label and 253 in all";
        add(key, show(name), "must be a lower-case DNS name (labels of a-z, 0-9 and inner hyphens, at most 63 characters each)", fix);
    }
}

const ORG_NAME = /^[A-Za-z][A-Za-z0-9-]{0,63}$/;
const CHANNEL_NAME = /^[a-z][a-z0-9.-]{0,248}$/;

function checkOrgsAndChannels(cfg: FilledConfig, add: Add): void {
    // Default orgs take their domains from `domain`: a bad one is reported once, under `domain`, and the
    // orgs and channels derived from it are not checked.
    const fromBadDomain = !cfg.written.has("orgs") && !isDnsName(cfg.domain);
    const orgs = fromBadDomain ? [] : cfg.orgs;
    checkOrgs(cfg, orgs, add);
    checkChannels(fromBadDomain && !cfg.written.has("channels") ? [] : cfg.channels, orgs, add);
}

function checkOrgs(cfg: FilledConfig, orgs: FilledConfig["orgs"], add: Add): void {
    if (cfg.orgs.length === 0) {
        add("orgs", "[]", "must name at least one peer org", 'add one, e.g. { name: "Org1", domain: "org1.example.com", peers: 2, users: 1 }');
    }
    const seenNames = new Map<string, number>();
    const seenDomains = new Map<string, number>();
    const soundDomains: { domain: string; peers: number; key: string }[] = [];
    const seenMsp = new Map<string, string>([[ORDERER_ORG.mspId, "the orderer org"]]);
    orgs.forEach((org, i) => {
        const at = `orgs[${i}]`;
        if (!ORG_NAME.test(org.name)) {
            add(`${at}.name`, show(org.name), "must start with a letter and hold only letters, digits and hyphens (64 at most): it becomes the MSP ID and a configtx key", 'write e.g. "Org1"');
        } else if (seenNames.has(org.name.toLowerCase())) {
            add(`${at}.name`, show(org.name), `must be unique: orgs[${seenNames.get(org.name.toLowerCase())}] has the same name`, "rename one of them");
        } else {
            seenNames.set(org.name.toLowerCase(), i);
            const id = mspId(org.name);
            if (seenMsp.has(id)) {
                add(`${at}.name`, show(org.name), `gives MSP ID ${show(id)}, which ${seenMsp.get(id)} already has`, "rename the org");
            }
            seenMsp.set(id, `orgs[${i}]`);
        }
        if (!isDnsName(org.domain)) {
            checkDnsName(add, `${at}.domain`, org.domain);
        } else if (org.domain === cfg.domain) {
            add(`${at}.domain`, show(org.domain), `must differ from the orderer org's domain (${show(cfg.domain)}): cryptogen would give both the same CA names`, `write e.g. ${show(`org${i + 1}.${cfg.domain}`)}`, ["domain"]);
        } else if (seenDomains.has(org.domain)) {
            add(`${at}.domain`, show(org.domain), `must be unique: orgs[${seenDomains.get(org.domain)}] has the same domain`, `write e.g. ${show(`org${i + 1}.${cfg.domain}`)}`);
        } else {
            seenDomains.set(org.domain, i);
            soundDomains.push({ domain: org.domain, peers: org.peers, key: `${at}.domain` });
        }
        if (org.peers < 1) {
            add(`${at}.peers`, show(org.peers), "must be at least 1: an org serves through its peers", "set it to 2, as in the seed");
        }
        if (org.users < 1) {
            add(
                `${at}.users`,
                show(org.users),
                "must be at least 1: the identities output hands the org's clients User1's certificate and key (beside its connection profile), which cryptogen makes only when users is 1 or more",
                "set it to 1 or more",
            );
        }
    });
    checkHostnames(cfg, soundDomains, add);
}

function checkChannels(channels: FilledConfig["channels"], orgs: FilledConfig["orgs"], add: Add): void {
    const known = new Set(orgs.map((o) => o.name));
    const seenChannels = new Map<string, number>();
    channels.forEach((ch, i) => {
        const at = `channels[${i}]`;
        if (!CHANNEL_NAME.test(ch.name)) {
            add(`${at}.name`, show(ch.name), "must be a Fabric channel name: a lower-case letter, then lower-case letters, digits, dots and hyphens, shorter than 250", `write e.g. ${show(ch.name.toLowerCase().replace(/[^a-z0-9.-]/g, "") || "channel1")}`);
        } else if (ch.name === SYSTEM_CHANNEL) {
            add(`${at}.name`, show(ch.name), "is the name of the orderers' system channel", `choose another name, e.g. "channel${i + 1}"`);
        } else if (seenChannels.has(ch.name)) {
            add(`${at}.name`, show(ch.name), `must be unique: channels[${seenChannels.get(ch.name)}] has the same name`, "rename or remove one of them");
        } else {
            seenChannels.set(ch.name, i);
        }
        if (ch.orgs.length === 0) {
            add(`${at}.orgs`, "[]", "must name at least one org", `add one of ${[...known].join(", ")}`);
        }
        const seen = new Set<string>();
        ch.orgs.forEach((org, j) => {
            if (!known.has(org)) {
                add(`${at}.orgs[${j}]`, show(org), "is not an org of this stack", `use one of ${[...known].map((n) => show(n)).join(", ")} or add it to orgs`, ["orgs"]);
            } else if (seen.has(org)) {
                add(`${at}.orgs[${j}]`, show(org), "is listed twice in this channel", "remove the repeat");
            }
            seen.add(org);
        });
    });
}

/**
 * Linux's HOST_NAME_MAX. Each derived host name below is a container's host name (components/container.ts),
 * and a longer one stops the container from starting, long after the rules could have said why.
 */
const HOST_NAME_MAX = 64;

/** `the host name … (n characters), longer than …`: what every host name check says. */
const tooLongHost = (host: string) =>
    `the host name ${show(host)} (${host.length} characters), longer than the ${HOST_NAME_MAX} characters a container's host name may have (Linux's HOST_NAME_MAX)`;

/** The longest of some host names (the first of equals), which decides how short their common part must be. */
const longest = (hosts: readonly string[]): string => hosts.reduce((a, h) => (h.length > a.length ? h : a), "");

const range = (n: number) => Array.from({ length: Math.max(0, n) }, (_, i) => i);
const peerHosts = (org: { domain: string; peers: number }) => range(org.peers).map((j) => peerHost(j, org.domain));

/**
 * The nodes' host names under `domain`: the orderers', ZooKeeper's and Kafka's (only a Kafka network runs
 * them), and the default orgs' peers', whose domains are `orgN.<domain>`.
 */
function domainHosts(cfg: FilledConfig): string[] {
    const kafka = cfg.orderer.type === "kafka";
    return [
        ...(kafka ? range(cfg.zookeeper.nodes).map((i) => zookeeperHost(i, cfg.domain)) : []),
        ...(kafka ? range(cfg.kafka.brokers).map((i) => kafkaHost(i, cfg.domain)) : []),
        ...range(cfg.orderer.nodes).map((i) => ordererHost(i, cfg.domain)),
        ...(cfg.written.has("orgs") ? [] : cfg.orgs.flatMap(peerHosts)),
    ];
}

/** Whether `domain` passes its rules: a DNS name whose nodes' host names all fit. */
const domainAccepted = (cfg: FilledConfig): boolean => isDnsName(cfg.domain) && longest(domainHosts(cfg)).length <= HOST_NAME_MAX;

/**
 * Every node's host name fits in HOST_NAME_MAX: a domain can be a valid DNS name and still too long once
 * `zookeeper0.` or `peer0.` stands before it. A written org's peers are its domain's to fit.
 */
function checkHostnames(cfg: FilledConfig, orgDomains: { domain: string; peers: number; key: string }[], add: Add): void {
    const owners = [
        ...(isDnsName(cfg.domain) ? [{ key: "domain", domain: cfg.domain, hosts: domainHosts(cfg) }] : []),
        ...(cfg.written.has("orgs") ? orgDomains.map((o) => ({ key: o.key, domain: o.domain, hosts: peerHosts(o) })) : []),
    ];
    for (const { key, domain, hosts } of owners) {
        const host = longest(hosts);
        if (host.length > HOST_NAME_MAX) {
            // Every host here ends in `domain`: the rest of the longest one is what the domain must leave room for.
            add(key, show(domain), `gives ${tooLongHost(host)}`, `use a domain of at most ${HOST_NAME_MAX - (host.length - domain.length)} characters`);
        }
    }
}

/** Chaincode names also name the chaincode's service host, so they are Fabric names that are DNS labels too. */
const CHAINCODE_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const IMAGE_REF = /^[a-z0-9][a-z0-9._\/:@-]*$/i;

function checkChaincodes(cfg: FilledConfig, add: Add): void {
    const channels = new Set(cfg.channels.map((c) => c.name));
    const seen = new Map<string, number>();
    cfg.chaincodes.forEach((cc, i) => {
        const at = `chaincodes[${i}]`;
        const nameOk = CHAINCODE_NAME.test(cc.name) && cc.name.length <= DNS_LABEL_MAX;
        if (!nameOk) {
            add(`${at}.name`, show(cc.name), "must be lower-case letters and digits in groups joined by single hyphens (63 at most): it names the chaincode and its service host", 'write e.g. "mycc"');
        } else if (seen.has(cc.name)) {
            add(`${at}.name`, show(cc.name), `must be unique: chaincodes[${seen.get(cc.name)}] has the same name`, "rename one, or list both channels in one entry");
        } else {
            seen.set(cc.name, i);
        }
        if (!/^[A-Za-z0-9_.+-]+$/.test(cc.version)) {
            add(`${at}.version`, show(cc.version), "must be letters, digits and . _ + -", 'write e.g. "1.0"');
        }
        if (cc.channels.length === 0) {
            add(`${at}.channels`, "[]", "must name at least one channel", `add one of ${[...channels].join(", ")}`);
        }
        cc.channels.forEach((ch, j) => {
            if (!channels.has(ch)) {
                add(`${at}.channels[${j}]`, show(ch), "is not a channel of this stack", `use one of ${[...channels].map((c) => show(c)).join(", ")} or add it to channels`, ["channels"]);
            } else if (cc.channels.indexOf(ch) !== j) {
                add(`${at}.channels[${j}]`, show(ch), "is listed twice for this chaincode", "remove the repeat");
            }
        });
        if (nameOk) {
            // A channel named wrongly or not in the stack is reported above, under its own key.
            const deployed = cc.channels.flatMap((ch, j) => (channels.has(ch) && CHANNEL_NAME.test(ch) && cc.channels.indexOf(ch) === j ? [{ ch, j }] : []));
            checkServiceHosts(cfg, cc.name, at, deployed, add);
        }
        if (!IMAGE_REF.test(cc.image)) {
            add(`${at}.image`, show(cc.image), "must be a Docker image reference such as repo/name:tag", 'write e.g. "fabric-network/example02:1.0"');
        }
    });
}

/**
 * A chaincode's service host (`chaincodeHost`) is a container's host name and the address its peers dial:
 * the part the chaincode and channel names make must be DNS labels, and the whole must fit in HOST_NAME_MAX.
 * Where a shorter chaincode name is enough, the name is at fault, once, with the length that fits every
 * channel; otherwise the channel is. A refused domain is reported once, under `domain`: the host names
 * under it are measured once it is fixed.
 */
function checkServiceHosts(cfg: FilledConfig, name: string, at: string, deployed: { ch: string; j: number }[], add: Add): void {
    const measureHost = domainAccepted(cfg);
    const badLabel = (n: string, ch: string) => chaincodeServiceLabel(n, ch).split(".").find((part) => !DNS_LABEL.test(part));
    const fits = (n: string, ch: string) => badLabel(n, ch) === undefined && (!measureHost || chaincodeHost(n, ch, cfg.domain).length <= HOST_NAME_MAX);
    const byName: { room: number; rule: string }[] = [];
    for (const { ch, j } of deployed) {
        if (fits(name, ch)) {
            continue;
        }
        const label = badLabel(name, ch);
        const host = chaincodeHost(name, ch, cfg.domain);
        const what = label === undefined ? tooLongHost(host) : `the service host label ${show(label)} (${label.length} characters), ${NOT_A_LABEL}`;
        // Each character cut from the name comes off the label and the host name alike: the host name, when
        // measured, binds first; unmeasured, only a label can have failed.
        const room = measureHost ? HOST_NAME_MAX - (host.length - name.length) : DNS_LABEL_MAX - ((label as string).length - name.length);
        if (room >= 1 && fits(name.slice(0, room), ch)) {
            byName.push({ room, rule: `on channel ${show(ch)} gives ${what}` });
        } else {
            const fix =
                label === undefined
                    ? "deploy the chaincode on a channel with a shorter name, or use a shorter domain"
                    : label.length > DNS_LABEL_MAX
                    ? "deploy the chaincode on a channel with a shorter name"
                    : "deploy the chaincode on a channel whose name splits at dots into DNS labels";
            add(`${at}.channels[${j}]`, show(ch), `gives chaincode ${show(name)} ${what}`, fix, [`${at}.name`, "domain"]);
        }
    }
    // The smallest room binds: a name that short fits every channel.
    const tightest = byName.reduce<(typeof byName)[number] | undefined>((a, p) => (a === undefined || p.room < a.room ? p : a), undefined);
    if (tightest) {
        add(`${at}.name`, show(name), tightest.rule, `use a chaincode name of at most ${tightest.room} characters`, [`${at}.channels`, "domain"]);
    }
}

function checkImages(cfg: FilledConfig, add: Add): void {
    const images = cfg.images;
    // An etcdraft network runs no Kafka or ZooKeeper image: their env conventions do not matter.
    const kafka = cfg.orderer.type === "kafka";
    if (kafka && !images.kafkaFamily) {
        add("images.kafka", show(images.kafka), "is not an image whose environment convention this program knows", `set images.kafkaFamily to one of ${KAFKA_FAMILIES.join(", ")} (the image it is built like)`, ["images.kafkaFamily"]);
    }
    if (kafka && !images.zookeeperFamily) {
        add("images.zookeeper", show(images.zookeeper), "is not an image whose environment convention this program knows", `set images.zookeeperFamily to one of ${ZOOKEEPER_FAMILIES.join(", ")} (the image it is built like)`, ["images.zookeeperFamily"]);
    }
    for (const key of ["orderer", "peer", "kafka", "zookeeper"] as const) {
        // The Fabric images' defaults follow fabricVersion, which has its own rule: only what was written is checked here.
        const image = images[key];
        if (cfg.written.has(`images.${key}`) && !IMAGE_REF.test(image)) {
            add(`images.${key}`, show(image), "must be a Docker image reference such as repo/name:tag", `write e.g. "hyperledger/fabric-${key}:2.5.12"`);
        }
    }
}
