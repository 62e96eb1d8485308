// What each container of the network is: image, env, ports, mounts, healthcheck. Pure data, so the
// whole network's settings can be checked without Docker; components/ turns plans into resources.
import * as path from "path";
import {
    Chaincode,
    ChaincodeDeployment,
    endpoint,
    FabricNode,
    formatDuration,
    KafkaBroker,
    NetworkSpec,
    Node,
    Org,
    Peer,
    PORTS,
    ZookeeperNode,
} from "../config";

export interface BindMount {
    /** Absolute path on the Docker host. */
    readonly hostPath: string;
    readonly containerPath: string;
    /** A single file (else a folder). */
    readonly file?: boolean;
}

export interface HealthcheckPlan {
    readonly tests: readonly string[];
    readonly interval: string;
    readonly timeout: string;
    readonly retries: number;
    readonly startPeriod: string;
}

export interface ContainerPlan {
    readonly node: Node;
    readonly image: string;
    /** Sorted `KEY=value` lines. */
    readonly env: readonly string[];
    /** Ports other hosts use; published on the host only when `ports.publish` is set. */
    readonly ports: readonly number[];
    /** Where the node's named volume (data that must survive a restart) is mounted; none without. */
    readonly dataPath?: string;
    readonly binds: readonly BindMount[];
    readonly healthcheck: HealthcheckPlan;
    readonly restart: "always" | "unless-stopped";
    /** Replaces the image's command, when the node needs more than its env. */
    readonly command?: readonly string[];
    /**
     * What the image itself runs (its entrypoint and command), where `command` does not replace it and the node
     * has files: an engine that must start something before it (Swarm unpacking the files) runs this after.
     */
    readonly imageStart?: readonly string[];
    /** Kernel settings of the node's own network namespace (`net.*`), where it needs Linux's defaults changed. */
    readonly sysctls?: Readonly<Record<string, string>>;
}

type Env = Record<string, string | number | boolean>;

const envLines = (env: Env): string[] =>
    Object.entries(env)
        .map(([k, v]) => `${k}=${v}`)
        .sort();

/** The entrypoint of the project's Kafka and ZooKeeper images (images/jvm), the only ones kafka.tls and zookeeper.tls take. */
const PROJECT_JVM_START = ["/bin/bash", "/usr/local/bin/entrypoint.sh"];

/** A TCP port check that needs only bash, which the Kafka and ZooKeeper images of every family have. */
const tcpCheck = (port: number): HealthcheckPlan => ({
    tests: ["CMD", "bash", "-c", `exec 3<>/dev/tcp/127.0.0.1/${port}`],
    interval: "5s",
    timeout: "3s",
    retries: 30,
    startPeriod: "10s",
});

/**
 * Fabric's operations endpoint: /healthz answers 200 once the node serves. With operations.tls the check
 * dials the node by its own name (its certificate's) and checks the certificate against its TLS CA;
 * /healthz needs no client certificate.
 */
const healthzCheck = (spec: NetworkSpec, node: FabricNode, home: string, port: number): HealthcheckPlan => ({
    tests: spec.operations.tls
        ? ["CMD", "wget", "-q", "-O", "/dev/null", "--ca-certificate", `${home}/tls/ca.crt`, `https://${node.hostname}:${port}/healthz`]
        : ["CMD", "wget", "-q", "-O", "/dev/null", `http://127.0.0.1:${port}/healthz`],
    interval: "5s",
    timeout: "3s",
    retries: 30,
    startPeriod: "10s",
});

/**
 * operations.tls: the node's own TLS key pair; a client certificate optional at the TLS layer (so /healthz
 * stays open) and required by /metrics and /logspec, from the node's own org's TLS CA.
 */
const operationsTlsEnv = (
    spec: NetworkSpec,
    home: string,
    names: { enabled: string; cert: string; key: string; clientAuth: string; clientCas: string; list: (paths: string[]) => string },
): Env =>
    spec.operations.tls
        ? {
              [names.enabled]: true,
              [names.cert]: `${home}/tls/server.crt`,
              [names.key]: `${home}/tls/server.key`,
              [names.clientAuth]: false,
              [names.clientCas]: names.list([`${home}/tls/ca.crt`]),
          }
        : {};

/** Where a ZooKeeper node with zookeeper.tls finds its tls/ folder, and the PEM key store its image makes from it. */
export const ZOOKEEPER_TLS_DIR = "/etc/zookeeper/tls";
const ZOOKEEPER_KEYSTORE = "/tmp/zookeeper-tls/keystore.pem";

/** A node's TLS pair (server.key, server.crt, ca.crt) on this machine: crypto-config/<cryptoDir>/tls. */
export const tlsHostDir = (spec: NetworkSpec, cryptoDir: string): string => crypto(spec, cryptoDir, "tls");
/** A TLS-only node's tls/ folder mounted read-only at `dir`. */
const tlsBind = (spec: NetworkSpec, cryptoDir: string, dir: string): BindMount => ({ hostPath: tlsHostDir(spec, cryptoDir), containerPath: dir });
/** An entry of PEM_KEYSTORES ("STORE KEY CERT"): the project's images make `store` from the pair mounted at `dir`. */
const pemKeystore = (store: string, dir: string): string => `${store} ${dir}/server.key ${dir}/server.crt`;

/**
 * zookeeper.tls, as zoo.cfg lines: the client port (2181) TLS only, a client certificate of the orderer org's
 * TLS CA required and taken as the client's identity (x509, for the znode ACLs the brokers set); the plaintext
 * port on 127.0.0.1 only (the node's own checks); the quorum over TLS. The quorum does not verify host names:
 * ZooKeeper checks a peer's certificate against its address (the IP first), and a container's IP is not known
 * when its certificate is made; every peer still needs a certificate of that CA.
 */
function zookeeperTlsCfg(): string[] {
    const stores = (prefix: string) => [
        `${prefix}.keyStore.location=${ZOOKEEPER_KEYSTORE}`,
        `${prefix}.keyStore.type=PEM`,
        `${prefix}.trustStore.location=${ZOOKEEPER_TLS_DIR}/ca.crt`,
        `${prefix}.trustStore.type=PEM`,
    ];
    return [
        "clientPortAddress=127.0.0.1",
        `secureClientPort=${PORTS.zookeeperClient}`,
        "serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory",
        "authProvider.x509=org.apache.zookeeper.server.auth.X509AuthenticationProvider",
        ...stores("ssl"),
        "ssl.clientAuth=need",
        "sslQuorum=true",
        ...stores("ssl.quorum"),
        "ssl.quorum.hostnameVerification=false",
    ];
}

/** The port a ZooKeeper node answers plaintext clients on inside its container (4-letter words, the CLI). */
export const zookeeperLocalPort = (spec: NetworkSpec): number => (spec.zookeeper.tls ? PORTS.zookeeperLocal : PORTS.zookeeperClient);

export function zookeeperPlan(spec: NetworkSpec, node: ZookeeperNode): ContainerPlan {
    const nodes = spec.zookeeper.nodes;
    const quorum = (n: ZookeeperNode) => `${n.hostname}:${PORTS.zookeeperPeer}:${PORTS.zookeeperElection}`;
    const tls = node.cryptoDir !== undefined;
    const byFamily: Record<typeof spec.images.zookeeperFamily, { dataPath: string; env: Env }> = {
        // The official image; ZooKeeper ≥ 3.5 takes the client port after a semicolon.
        apache: {
            dataPath: "/var/lib/zookeeper",
            env: {
                ZOO_MY_ID: node.id,
                // With TLS the client ports come from ZOO_CFG_EXTRA, not from the server lines.
                ZOO_SERVERS: nodes.map((n) => `server.${n.id}=${quorum(n)}${tls ? "" : `;${PORTS.zookeeperClient}`}`).join(" "),
                ZOO_DATA_DIR: "/var/lib/zookeeper/data",
                ZOO_DATA_LOG_DIR: "/var/lib/zookeeper/log",
                ZOO_4LW_COMMANDS_WHITELIST: "srvr,ruok,mntr",
                ZOO_STANDALONE_ENABLED: "false",
                // The project's image (images/jvm): extra zoo.cfg lines, the plaintext port, the PEM key store.
                ...(tls
                    ? {
                          ZOO_CLIENT_PORT: PORTS.zookeeperLocal,
                          ZOO_CFG_EXTRA: zookeeperTlsCfg().join(" "),
                          PEM_KEYSTORES: pemKeystore(ZOOKEEPER_KEYSTORE, ZOOKEEPER_TLS_DIR),
                      }
                    : {}),
            },
        },
        // hyperledger/fabric-zookeeper (ZooKeeper 3.4): the seed's variables.
        fabric: {
            dataPath: "/data",
            env: { ZOO_MY_ID: node.id, ZOO_SERVERS: nodes.map((n) => `server.${n.id}=${quorum(n)}`).join(" ") },
        },
        confluent: {
            dataPath: "/var/lib/zookeeper",
            env: {
                ZOOKEEPER_SERVER_ID: node.id,
                ZOOKEEPER_CLIENT_PORT: PORTS.zookeeperClient,
                ZOOKEEPER_SERVERS: nodes.map(quorum).join(";"),
                ZOOKEEPER_TICK_TIME: 2000,
                ZOOKEEPER_INIT_LIMIT: 5,
                ZOOKEEPER_SYNC_LIMIT: 2,
            },
        },
        bitnami: {
            dataPath: "/bitnami/zookeeper",
            env: {
                ZOO_SERVER_ID: node.id,
                ZOO_SERVERS: nodes.map((n) => `${quorum(n)}::${n.id}`).join(","),
                ALLOW_ANONYMOUS_LOGIN: "yes",
                ZOO_4LW_COMMANDS_WHITELIST: "srvr,ruok,mntr",
            },
        },
    };
    const family = byFamily[spec.images.zookeeperFamily];
    return {
        node,
        image: spec.images.zookeeper,
        env: envLines(family.env),
        ports: [PORTS.zookeeperClient, PORTS.zookeeperPeer, PORTS.zookeeperElection],
        dataPath: family.dataPath,
        binds: node.cryptoDir ? [tlsBind(spec, node.cryptoDir, ZOOKEEPER_TLS_DIR)] : [],
        ...(tls ? { imageStart: PROJECT_JVM_START } : {}),
        // With TLS, the loopback plaintext port: a TCP check of the TLS port would log a failed handshake every 5 s.
        healthcheck: tcpCheck(tls ? PORTS.zookeeperLocal : PORTS.zookeeperClient),
        restart: "unless-stopped",
    };
}

/** Where a broker with kafka.tls finds its tls/ folder, and the PEM key store its image makes from it. */
export const KAFKA_TLS_DIR = "/etc/kafka/tls";
export const KAFKA_KEYSTORE = "/tmp/kafka-tls/keystore.pem";
/** zookeeper.tls: the brokers' ZooKeeper client identity (one for all), and its PEM key store. */
export const KAFKA_ZK_TLS_DIR = "/etc/kafka/zookeeper-tls";
export const KAFKA_ZK_KEYSTORE = "/tmp/kafka-tls/zookeeper-keystore.pem";
/** The JVM option that makes a ZooKeeper client (a broker, the replicas step's CLI) able to speak TLS. */
export const ZK_NETTY_CLIENT = "-Dzookeeper.clientCnxnSocket=org.apache.zookeeper.ClientCnxnSocketNetty";

/** JVM options of a ZooKeeper CLI over TLS with a PEM key store (key then certificate) and a PEM CA. */
export const zookeeperTlsClientOpts = (keystore: string, ca: string): string =>
    [
        ZK_NETTY_CLIENT,
        "-Dzookeeper.client.secure=true",
        `-Dzookeeper.ssl.keyStore.location=${keystore}`,
        "-Dzookeeper.ssl.keyStore.type=PEM",
        `-Dzookeeper.ssl.trustStore.location=${ca}`,
        "-Dzookeeper.ssl.trustStore.type=PEM",
    ].join(" ");

/** zookeeper.tls: a broker reaches ZooKeeper over TLS as the brokers' client, and its znodes get ACLs for that client. */
const kafkaZookeeperTlsProperties = (): Env => ({
    "zookeeper.ssl.client.enable": true,
    "zookeeper.ssl.keystore.location": KAFKA_ZK_KEYSTORE,
    "zookeeper.ssl.keystore.type": "PEM",
    "zookeeper.ssl.truststore.location": `${KAFKA_ZK_TLS_DIR}/ca.crt`,
    "zookeeper.ssl.truststore.type": "PEM",
    "zookeeper.set.acl": true,
});

/**
 * kafka.tls: one TLS listener, no plaintext one. Every client shows a certificate of the orderer org's TLS
 * CA (orderers, and brokers to each other); a broker dialled is checked against the host name dialled.
 * With kafka.sasl the listener is SASL_SSL: every client, brokers included, also logs in with SASL/PLAIN
 * (its JAAS line holds the password: kafkaSaslSecretEnv, apart from these).
 */
function kafkaTlsProperties(spec: NetworkSpec, broker: KafkaBroker): Env {
    const protocol = spec.kafka.sasl ? "SASL_SSL" : "SSL";
    return {
        listeners: `${protocol}://0.0.0.0:${PORTS.kafka}`,
        "advertised.listeners": `${protocol}://${broker.endpoint}`,
        "security.inter.broker.protocol": protocol,
        // Kafka ignores the broker-wide ssl.client.auth on a SASL_SSL listener (KIP-684): only the listener's own
        // setting keeps client certificates required there (found by security.e2e: without it a client with no
        // certificate completed the TLS handshake).
        ...(spec.kafka.sasl
            ? { "sasl.enabled.mechanisms": "PLAIN", "sasl.mechanism.inter.broker.protocol": "PLAIN", "listener.name.sasl_ssl.ssl.client.auth": "required" }
            : {}),
        "ssl.client.auth": "required",
        "ssl.keystore.type": "PEM",
        "ssl.keystore.location": KAFKA_KEYSTORE,
        "ssl.truststore.type": "PEM",
        "ssl.truststore.location": `${KAFKA_TLS_DIR}/ca.crt`,
        "ssl.endpoint.identification.algorithm": "https",
        "ssl.enabled.protocols": "TLSv1.2,TLSv1.3",
    };
}

/** The broker's server.properties, as Fabric needs them (the seed's settings plus retention). */
/** `rack`: the broker's `broker.rack` (on a swarm, the node it runs on), so that a partition's replicas spread over racks. */
export function kafkaBrokerProperties(spec: NetworkSpec, broker: KafkaBroker, logDir: string, rack?: string): Env {
    const k = spec.kafka;
    return {
        "broker.id": broker.brokerId,
        ...(rack === undefined ? {} : { "broker.rack": rack }),
        "zookeeper.connect": spec.zookeeper.connect,
        ...(spec.zookeeper.tls ? kafkaZookeeperTlsProperties() : {}),
        ...(broker.cryptoDir
            ? kafkaTlsProperties(spec, broker)
            : { listeners: `PLAINTEXT://0.0.0.0:${PORTS.kafka}`, "advertised.listeners": `PLAINTEXT://${broker.endpoint}` }),
        "log.dirs": logDir,
        "message.max.bytes": k.messageMaxBytes,
        "replica.fetch.max.bytes": k.replicaFetchMaxBytes,
        "socket.request.max.bytes": k.socketRequestMaxBytes,
        "unclean.leader.election.enable": k.uncleanLeaderElection,
        "zookeeper.session.timeout.ms": k.zookeeperSessionTimeout,
        "zookeeper.connection.timeout.ms": k.zookeeperConnectionTimeout,
        "min.insync.replicas": k.minInsyncReplicas,
        "default.replication.factor": k.replicationFactor,
        "offsets.topic.replication.factor": k.replicationFactor,
        // Blocks are the ledger: Kafka must never expire them.
        "log.retention.ms": -1,
    };
}

/** `a.b-c_d` as an env name after `prefix`: dots to `_`, underscores to `__`, dashes to `___`. */
export const propertyEnv = (prefix: string, property: string): string =>
    prefix + property.replace(/_/g, "__").replace(/-/g, "___").replace(/\./g, "_").toUpperCase();

const KAFKA_FAMILY: Record<NetworkSpec["images"]["kafkaFamily"], { prefix: string; dataPath: string; logDir: string; extra: Env }> = {
    confluent: { prefix: "KAFKA_", dataPath: "/var/lib/kafka/data", logDir: "/var/lib/kafka/data", extra: {} },
    fabric: { prefix: "KAFKA_", dataPath: "/var/lib/kafka/data", logDir: "/var/lib/kafka/data", extra: {} },
    bitnami: { prefix: "KAFKA_CFG_", dataPath: "/bitnami/kafka", logDir: "/bitnami/kafka/data", extra: { ALLOW_PLAINTEXT_LISTENER: "yes" } },
};

/** kafka.sasl: the SASL_SSL listener's JAAS line, the broker's own login and the one user it accepts. */
const KAFKA_SASL_JAAS = "listener.name.sasl_ssl.plain.sasl.jaas.config";

/**
 * The env that holds kafka.sasl's password, given it: a broker's JAAS line, or an orderer's SASL/PLAIN
 * password. The components pass the stack's secret through it, so that the containers' env is a secret
 * in Pulumi's state; nothing else of a plan holds it.
 */
export function kafkaSaslSecretEnv(spec: NetworkSpec, role: "kafka" | "orderer", password: string): Env {
    const sasl = spec.kafka.sasl;
    if (!sasl) return {};
    if (role === "orderer") return { ORDERER_KAFKA_SASLPLAIN_PASSWORD: password };
    const q = (v: string) => `"${v}"`;
    const jaas = `org.apache.kafka.common.security.plain.PlainLoginModule required username=${q(sasl.user)} password=${q(password)} user_${sasl.user}=${q(password)};`;
    return { [propertyEnv(KAFKA_FAMILY[spec.images.kafkaFamily].prefix, KAFKA_SASL_JAAS)]: jaas };
}

export function kafkaPlan(spec: NetworkSpec, broker: KafkaBroker, rack?: string): ContainerPlan {
    const family = KAFKA_FAMILY[spec.images.kafkaFamily];
    // The project's image (images/jvm) writes each of PEM_KEYSTORES ("store key cert;…") from a key and its certificate.
    const keystores = [
        ...(broker.cryptoDir ? [pemKeystore(KAFKA_KEYSTORE, KAFKA_TLS_DIR)] : []),
        ...(spec.zookeeper.tls ? [pemKeystore(KAFKA_ZK_KEYSTORE, KAFKA_ZK_TLS_DIR)] : []),
    ];
    const env: Env = {
        ...family.extra,
        ...(keystores.length ? { PEM_KEYSTORES: keystores.join(";") } : {}),
        // Kafka's own zookeeper.clientCnxnSocket has capitals, which the env convention cannot spell.
        ...(spec.zookeeper.tls ? { KAFKA_OPTS: ZK_NETTY_CLIENT } : {}),
    };
    for (const [prop, v] of Object.entries(kafkaBrokerProperties(spec, broker, family.logDir, rack))) {
        env[propertyEnv(family.prefix, prop)] = v;
    }
    return {
        node: broker,
        image: spec.images.kafka,
        env: envLines(env),
        ports: [PORTS.kafka],
        dataPath: family.dataPath,
        binds: [
            ...(broker.cryptoDir ? [tlsBind(spec, broker.cryptoDir, KAFKA_TLS_DIR)] : []),
            ...(spec.zookeeper.brokersClient ? [tlsBind(spec, spec.zookeeper.brokersClient.cryptoDir, KAFKA_ZK_TLS_DIR)] : []),
        ],
        ...(keystores.length ? { imageStart: PROJECT_JVM_START } : {}),
        healthcheck: tcpCheck(PORTS.kafka),
        restart: "always",
    };
}

const crypto = (spec: NetworkSpec, ...parts: string[]) => path.join(spec.paths.cryptoDir, ...parts);

/** A Fabric node's own msp/ and tls/ folders, mounted under its home in the container. */
const identityBinds = (spec: NetworkSpec, node: FabricNode, home: string) =>
    ["msp", "tls"].map((dir) => ({ hostPath: crypto(spec, node.cryptoDir, dir), containerPath: `${home}/${dir}` }));

export const ORDERER_HOME = "/var/hyperledger/orderer";
export const ORDERER_GENESIS = `${ORDERER_HOME}/orderer.genesis.block`;
export const PEER_HOME = "/etc/hyperledger/fabric";
const LEDGER_PATH = "/var/hyperledger/production";

/**
 * The consensus part of an orderer's env. Kafka: the client's retry settings and topic replication.
 * Raft: the cluster's TLS identity. Consenters reach each other on the orderer's own listener (7050), so
 * the node dials them with its TLS key pair and trusts the orderer org's TLS CA; the write-ahead log and
 * snapshots live on the ledger volume.
 */
export function ordererConsensusEnv(spec: NetworkSpec): Env {
    const o = spec.orderer;
    if (o.type === "etcdraft") {
        return {
            ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE: `${ORDERER_HOME}/tls/server.crt`,
            ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY: `${ORDERER_HOME}/tls/server.key`,
            ORDERER_GENERAL_CLUSTER_ROOTCAS: `[${ORDERER_HOME}/tls/ca.crt]`,
            ORDERER_CONSENSUS_WALDIR: `${LEDGER_PATH}/orderer/etcdraft/wal`,
            ORDERER_CONSENSUS_SNAPDIR: `${LEDGER_PATH}/orderer/etcdraft/snapshot`,
        };
    }
    return {
        ORDERER_KAFKA_RETRY_SHORTINTERVAL: formatDuration(o.kafkaRetryMs.shortInterval),
        ORDERER_KAFKA_RETRY_SHORTTOTAL: formatDuration(o.kafkaRetryMs.shortTotal),
        ORDERER_KAFKA_RETRY_LONGINTERVAL: formatDuration(o.kafkaRetryMs.longInterval),
        ORDERER_KAFKA_RETRY_LONGTOTAL: formatDuration(o.kafkaRetryMs.longTotal),
        ORDERER_KAFKA_RETRY_CONSUMER_RETRYBACKOFF: formatDuration(o.kafkaRetryMs.consumerBackoff),
        ORDERER_KAFKA_RETRY_PRODUCER_RETRYBACKOFF: formatDuration(o.kafkaRetryMs.producerBackoff),
        ORDERER_KAFKA_RETRY_PRODUCER_RETRYMAX: o.kafkaRetryMax.producer,
        ORDERER_KAFKA_RETRY_METADATA_RETRYBACKOFF: formatDuration(o.kafkaRetryMs.metadataBackoff),
        ORDERER_KAFKA_RETRY_METADATA_RETRYMAX: o.kafkaRetryMax.metadata,
        ORDERER_KAFKA_VERBOSE: true,
        ORDERER_KAFKA_TOPIC_REPLICATIONFACTOR: spec.kafka.replicationFactor,
        // kafka.tls: the orderer's own TLS key pair is its client certificate at the brokers.
        ...(spec.kafka.tls
            ? {
                  ORDERER_KAFKA_TLS_ENABLED: true,
                  ORDERER_KAFKA_TLS_PRIVATEKEY_FILE: `${ORDERER_HOME}/tls/server.key`,
                  ORDERER_KAFKA_TLS_CERTIFICATE_FILE: `${ORDERER_HOME}/tls/server.crt`,
                  ORDERER_KAFKA_TLS_ROOTCAS_FILE: `${ORDERER_HOME}/tls/ca.crt`,
              }
            : {}),
        // kafka.sasl: the user here, its password from kafkaSaslSecretEnv.
        ...(spec.kafka.sasl ? { ORDERER_KAFKA_SASLPLAIN_ENABLED: true, ORDERER_KAFKA_SASLPLAIN_USER: spec.kafka.sasl.user } : {}),
    };
}

/**
 * The orderers' FABRIC_LOGGING_SPEC. At start an orderer logs its whole config at INFO, the Kafka TLS key it
 * read and the SASL password included (Fabric 2.5.12 orderer/common/server/main.go prettyPrintStruct): with
 * kafka.tls (which kafka.sasl needs) that logger logs warnings only.
 */
export const ordererLogSpec = (spec: NetworkSpec): string =>
    spec.orderer.type === "kafka" && spec.kafka.tls ? `${spec.orderer.logSpec}:orderer.common.server=warning` : spec.orderer.logSpec;

export function ordererPlan(spec: NetworkSpec, node: FabricNode): ContainerPlan {
    const env = {
        FABRIC_LOGGING_SPEC: ordererLogSpec(spec),
        ORDERER_GENERAL_LISTENADDRESS: "0.0.0.0",
        ORDERER_GENERAL_LISTENPORT: PORTS.orderer,
        ORDERER_GENERAL_BOOTSTRAPMETHOD: "file",
        ORDERER_GENERAL_BOOTSTRAPFILE: ORDERER_GENESIS,
        ORDERER_GENERAL_LOCALMSPID: spec.ordererOrg.mspId,
        ORDERER_GENERAL_LOCALMSPDIR: `${ORDERER_HOME}/msp`,
        ORDERER_GENERAL_TLS_ENABLED: true,
        ORDERER_GENERAL_TLS_PRIVATEKEY: `${ORDERER_HOME}/tls/server.key`,
        ORDERER_GENERAL_TLS_CERTIFICATE: `${ORDERER_HOME}/tls/server.crt`,
        ORDERER_GENERAL_TLS_ROOTCAS: `[${ORDERER_HOME}/tls/ca.crt]`,
        // Mutual TLS: the orderer org's TLS CA to start with; Fabric adds every channel's member orgs' TLS CAs
        // (the system channel's consortium among them) as it loads and updates their configs.
        ...(spec.tls.clientAuthRequired
            ? { ORDERER_GENERAL_TLS_CLIENTAUTHREQUIRED: true, ORDERER_GENERAL_TLS_CLIENTROOTCAS: `[${ORDERER_HOME}/tls/ca.crt]` }
            : {}),
        ORDERER_FILELEDGER_LOCATION: `${LEDGER_PATH}/orderer`,
        ...ordererConsensusEnv(spec),
        ORDERER_CHANNELPARTICIPATION_ENABLED: false,
        ORDERER_OPERATIONS_LISTENADDRESS: endpoint("0.0.0.0", PORTS.ordererOperations),
        ...operationsTlsEnv(spec, ORDERER_HOME, {
            enabled: "ORDERER_OPERATIONS_TLS_ENABLED",
            cert: "ORDERER_OPERATIONS_TLS_CERTIFICATE",
            key: "ORDERER_OPERATIONS_TLS_PRIVATEKEY",
            clientAuth: "ORDERER_OPERATIONS_TLS_CLIENTAUTHREQUIRED",
            clientCas: "ORDERER_OPERATIONS_TLS_CLIENTROOTCAS",
            // The orderer reads a list from env as [a, b]
            list: (paths) => `[${paths.join(", ")}]`,
        }),
        ORDERER_METRICS_PROVIDER: "prometheus",
        // Peers ping their orderer every peer.keepaliveInterval: allow twice that often (Fabric: 60s).
        ORDERER_GENERAL_KEEPALIVE_SERVERMININTERVAL: formatDuration(Math.floor(spec.peer.keepaliveIntervalMs / 2)),
    };
    return {
        node,
        image: spec.images.orderer,
        env: envLines(env),
        ports: [PORTS.orderer, PORTS.ordererOperations],
        dataPath: LEDGER_PATH,
        binds: [
            { hostPath: spec.paths.genesisBlock, containerPath: ORDERER_GENESIS, file: true },
            ...identityBinds(spec, node, ORDERER_HOME),
        ],
        // Fabric's orderer images run `orderer` (no entrypoint).
        imageStart: ["orderer"],
        healthcheck: healthzCheck(spec, node, ORDERER_HOME, PORTS.ordererOperations),
        restart: "unless-stopped",
    };
}

/**
 * A chaincode service (CCAAS): it keeps no data; the peers dial it at its address. Its CHAINCODE_ID, the
 * package ID, is known only once the package exists, so the component adds it.
 */
export function chaincodePlan(cc: Chaincode, deployment: ChaincodeDeployment): ContainerPlan {
    return {
        node: deployment.node,
        image: cc.image,
        env: envLines({ CHAINCODE_SERVER_ADDRESS: endpoint("0.0.0.0", PORTS.chaincodeService) }),
        ports: [PORTS.chaincodeService],
        binds: [],
        healthcheck: tcpCheck(PORTS.chaincodeService),
        restart: "unless-stopped",
    };
}

/**
 * Peers start on a copy of the image's own core.yaml with `vm.endpoint` blanked: they have no Docker
 * socket (chaincode runs as a service), and Fabric ignores an empty CORE_VM_ENDPOINT, so without this
 * the peer keeps a Docker client whose failing health check makes /healthz answer 503 for ever.
 */
export const PEER_START = [
    "sh",
    "-c",
    'mkdir -p /tmp/fabric-cfg && sed -E \'s#^([[:space:]]+endpoint:[[:space:]]*)unix:///var/run/docker.sock[[:space:]]*$#\\1""#\' "$FABRIC_CFG_PATH/core.yaml" > /tmp/fabric-cfg/core.yaml && FABRIC_CFG_PATH=/tmp/fabric-cfg exec peer node start',
] as const;

/** Gossip bootstrap: the org's other peers (a lone peer names itself, as Fabric's samples do). */
export function gossipBootstrap(org: Org, peer: Peer): string {
    const others = org.peers.filter((p) => p !== peer);
    return (others.length ? others : [peer]).map((p) => p.endpoint).join(" ");
}

/**
 * The most retries n whose total wait, `firstMs` × (2^(n+1) − 1) (each retry doubles the wait), fits in
 * `boundMs`, kept within [min, max].
 */
export function retriesWithin(firstMs: number, boundMs: number, min: number, max: number): number {
    let n = min;
    while (n < max && firstMs * (2 ** (n + 2) - 1) <= boundMs) n++;
    return n;
}

/**
 * A peer's kernel settings on a swarm: a node gone silent is given up within the keepalive's bound (interval +
 * timeout) however the peer talks to it. Fabric's gateway dials its orderers without gRPC keepalive
 * (internal/pkg/gateway/endpoint.go) and waits for each up to its broadcast timeout: a transaction sent to the
 * orderer of a lost swarm node waited on the kernel, since the overlay answers nothing for a lost node's
 * addresses, not even "unreachable". A dial to it waits for SYN answers (`tcp_syn_retries`, first wait 1 s;
 * Linux's 6: 127 s, so gRPC's own 20 s connect deadline decided) and data sent on a connection that was open
 * (a host that lost its power closes nothing) waits for acknowledgements (`tcp_retries2`, first wait 200 ms on a
 * LAN; Linux's 15: about 15 minutes). With these both end within the bound (3 and 5 for 10 s + 5 s: 15 s and
 * 12.6 s), at least 1 and 3, never above Linux's own. Not on one host, where the peers keep Linux's defaults as
 * before (a changed sysctl replaces a container: every running peer at once).
 */
export function peerSysctls(spec: NetworkSpec): Record<string, string> | undefined {
    if (spec.engine.kind !== "swarm") return undefined;
    const bound = spec.peer.keepaliveIntervalMs + spec.peer.keepaliveTimeoutMs;
    return {
        "net.ipv4.tcp_retries2": String(retriesWithin(200, bound, 3, 15)),
        "net.ipv4.tcp_syn_retries": String(retriesWithin(1000, bound, 1, 6)),
    };
}

export function peerPlan(spec: NetworkSpec, org: Org, peer: Peer): ContainerPlan {
    const env = {
        FABRIC_LOGGING_SPEC: "info",
        CORE_PEER_ID: peer.hostname,
        CORE_PEER_ADDRESS: peer.endpoint,
        CORE_PEER_LISTENADDRESS: endpoint("0.0.0.0", PORTS.peer),
        CORE_PEER_CHAINCODEADDRESS: peer.chaincodeEndpoint,
        CORE_PEER_CHAINCODELISTENADDRESS: endpoint("0.0.0.0", PORTS.chaincode),
        CORE_PEER_LOCALMSPID: org.mspId,
        CORE_PEER_MSPCONFIGPATH: `${PEER_HOME}/msp`,
        CORE_PEER_TLS_ENABLED: true,
        CORE_PEER_TLS_CERT_FILE: `${PEER_HOME}/tls/server.crt`,
        CORE_PEER_TLS_KEY_FILE: `${PEER_HOME}/tls/server.key`,
        CORE_PEER_TLS_ROOTCERT_FILE: `${PEER_HOME}/tls/ca.crt`,
        // Mutual TLS: its own org's TLS CA to start with (its admin, its org's peers); Fabric adds the TLS CAs of
        // every channel's orgs as the peer joins. Towards orderers and other peers it presents its own TLS pair.
        ...(spec.tls.clientAuthRequired
            ? {
                  CORE_PEER_TLS_CLIENTAUTHREQUIRED: true,
                  CORE_PEER_TLS_CLIENTROOTCAS_FILES: `${PEER_HOME}/tls/ca.crt`,
                  CORE_PEER_TLS_CLIENTCERT_FILE: `${PEER_HOME}/tls/server.crt`,
                  CORE_PEER_TLS_CLIENTKEY_FILE: `${PEER_HOME}/tls/server.key`,
              }
            : {}),
        CORE_PEER_GOSSIP_BOOTSTRAP: gossipBootstrap(org, peer),
        // An orderer cut off answers nothing: the keepalive finds it, and the peer pulls its blocks from another.
        CORE_PEER_KEEPALIVE_DELIVERYCLIENT_INTERVAL: formatDuration(spec.peer.keepaliveIntervalMs),
        CORE_PEER_KEEPALIVE_DELIVERYCLIENT_TIMEOUT: formatDuration(spec.peer.keepaliveTimeoutMs),
        // Clients ping at the same interval (their connection profile says so): allow twice that often (Fabric: 60s).
        CORE_PEER_KEEPALIVE_MININTERVAL: formatDuration(Math.floor(spec.peer.keepaliveIntervalMs / 2)),
        CORE_PEER_GATEWAY_BROADCASTTIMEOUT: formatDuration(spec.peer.gatewayBroadcastTimeoutMs),
        // Every peer is reachable from other orgs under its own name; the anchor peer is set per channel.
        CORE_PEER_GOSSIP_EXTERNALENDPOINT: peer.endpoint,
        // Every peer pulls blocks from the orderers itself (Fabric 2.x's default): a peer that joins a
        // channel has its blocks at once, not after an org leader election (~5 s), and needs no other peer.
        CORE_PEER_GOSSIP_USELEADERELECTION: false,
        CORE_PEER_GOSSIP_ORGLEADER: true,
        CORE_PEER_FILESYSTEMPATH: LEDGER_PATH,
        CORE_PEER_PROFILE_ENABLED: false,
        CORE_OPERATIONS_LISTENADDRESS: endpoint("0.0.0.0", PORTS.peerOperations),
        ...operationsTlsEnv(spec, PEER_HOME, {
            enabled: "CORE_OPERATIONS_TLS_ENABLED",
            cert: "CORE_OPERATIONS_TLS_CERT_FILE",
            key: "CORE_OPERATIONS_TLS_KEY_FILE",
            clientAuth: "CORE_OPERATIONS_TLS_CLIENTAUTHREQUIRED",
            clientCas: "CORE_OPERATIONS_TLS_CLIENTROOTCAS_FILES",
            // The peer (viper's GetStringSlice) as words: brackets would be part of the path
            list: (paths) => paths.join(" "),
        }),
        CORE_METRICS_PROVIDER: "prometheus",
    };
    return {
        node: peer,
        image: spec.images.peer,
        env: envLines(env),
        ports: [PORTS.peer, PORTS.peerOperations],
        dataPath: LEDGER_PATH,
        binds: identityBinds(spec, peer, PEER_HOME),
        healthcheck: healthzCheck(spec, peer, PEER_HOME, PORTS.peerOperations),
        restart: "unless-stopped",
        command: PEER_START,
        sysctls: peerSysctls(spec),
    };
}
