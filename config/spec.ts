// The checked, frozen description of one stack's network: every default filled (defaults.ts), every name derived.
import * as path from "path";
import { FilledConfig } from "./defaults";
import { Engine, KafkaConfig, KafkaFamily, OrdererType, ZookeeperFamily } from "./schema";
import type { PlacementConfig } from "./placement";
import {
    artifactFiles,
    chaincodeHost,
    channelProfile,
    cryptoPaths,
    endpoint,
    kafkaHost,
    mspId,
    ORDERER_ORG,
    ordererHost,
    peerHost,
    PORTS,
    stackNames,
    zookeeperClientHost,
    zookeeperHost,
} from "./names";

/** A container of the network: its DNS name on the Docker network and its stack-scoped names. */
export interface Node {
    readonly hostname: string;
    readonly containerName: string;
    readonly volumeName: string;
    /** The node's name as a Swarm service (engine.kind swarm). */
    readonly serviceName: string;
}

export interface ZookeeperNode extends Node {
    /** ZooKeeper's myid, 1-based, in ensemble order. */
    readonly id: number;
    /** With zookeeper.tls: the node's folder under crypto-config/ (tls/ only, like a TLS broker's). */
    readonly cryptoDir?: string;
}

export interface KafkaBroker extends Node {
    readonly brokerId: number;
    readonly endpoint: string;
    /**
     * With kafka.tls: the broker's folder under crypto-config/, among the orderer org's nodes (its TLS key
     * pair from the orderer org's TLS CA, SANs its host names); only tls/ is kept, no signing identity.
     */
    readonly cryptoDir?: string;
}

export interface FabricNode extends Node {
    readonly endpoint: string;
    /** The node's folder under crypto-config/, holding msp/ and tls/. */
    readonly cryptoDir: string;
}

/** A Raft consenter (configtx `EtcdRaft.Consenters`): an orderer of the cluster and its TLS certificate. */
export interface RaftConsenter {
    readonly host: string;
    readonly port: number;
    /** Under crypto-config/: the certificate the node presents to other consenters and serves with (cryptogen's TLS cert is both). */
    readonly clientTlsCert: string;
    readonly serverTlsCert: string;
}

export interface Peer extends FabricNode {
    readonly index: number;
    readonly orgName: string;
    readonly mspId: string;
    readonly chaincodeEndpoint: string;
}

export interface Org {
    readonly name: string;
    readonly mspId: string;
    readonly domain: string;
    readonly users: number;
    readonly peers: readonly Peer[];
    /** The peer other orgs find first through gossip: peer0, as in the seed. */
    readonly anchorPeer: Peer;
    readonly cryptoDir: string;
    readonly tlsCaFile: string;
    /** The org admin's folder under crypto-config/ (msp/ and tls/). */
    readonly adminDir: string;
}

export interface Channel {
    readonly name: string;
    readonly profile: string;
    readonly orgs: readonly string[];
    readonly txFile: string;
}

/** One chaincode served on one channel: its own service container, its own CCAAS package. */
export interface ChaincodeDeployment {
    readonly channel: string;
    readonly node: Node;
    /** `host:9999`, written into the package's connection.json: where the peers dial the chaincode. */
    readonly address: string;
    readonly packageFile: string;
}

export interface Chaincode {
    readonly name: string;
    readonly version: string;
    readonly image: string;
    /**
     * Absolute folder the program builds `image` from (`chaincodes[].source`); none: `image` is used as
     * it is. The lifecycle sequence is not here: the steps take the channel's next one when the package changes.
     */
    readonly source?: string;
    /** The first transaction (the seed's instantiate args); empty for none. */
    readonly init: readonly string[];
    readonly deployments: readonly ChaincodeDeployment[];
}

export interface NetworkSpec {
    readonly project: string;
    readonly stack: string;
    readonly fabricVersion: string;
    readonly names: { readonly prefix: string; readonly network: string };
    readonly paths: {
        /** Absolute folder of this stack's generated material. */
        readonly artifactsDir: string;
        readonly cryptoDir: string;
        readonly channelArtifactsDir: string;
        readonly genesisBlock: string;
    };
    readonly zookeeper: {
        readonly nodes: readonly ZookeeperNode[];
        readonly connect: string;
        /** zookeeper.tls: clients and the quorum over TLS, brokers authenticated by certificate, znode ACLs. */
        readonly tls: boolean;
        /** With zookeeper.tls: the brokers' one client identity at ZooKeeper, its folder under crypto-config/ (tls/ only). */
        readonly brokersClient?: { readonly hostname: string; readonly cryptoDir: string };
    };
    /**
     * Every `kafka.*` setting as schema.ts declares and documents it (sizes in bytes, durations in ms), so
     * a new broker setting reaches the render code without an edit here; `brokers` is the derived brokers.
     */
    readonly kafka: Readonly<Omit<KafkaConfig, "brokers">> & {
        readonly brokers: readonly KafkaBroker[];
        readonly brokerEndpoints: readonly string[];
    };
    readonly ordererOrg: {
        readonly name: string;
        readonly cryptoName: string;
        readonly mspId: string;
        readonly domain: string;
        readonly cryptoDir: string;
        readonly tlsCaFile: string;
        /** The orderer org admin's folder under crypto-config/: it signs and submits channel config updates. */
        readonly adminDir: string;
    };
    readonly orderer: {
        /** The consensus: `kafka` needs the ZooKeeper ensemble and the Kafka cluster; `etcdraft` has neither. */
        readonly type: OrdererType;
        readonly nodes: readonly FabricNode[];
        readonly endpoints: readonly string[];
        readonly batchTimeoutMs: number;
        readonly maxMessageCount: number;
        readonly absoluteMaxBytes: number;
        readonly preferredMaxBytes: number;
        readonly kafkaRetryMs: {
            readonly shortInterval: number;
            readonly shortTotal: number;
            readonly longInterval: number;
            readonly longTotal: number;
            /** `Kafka.Retry.Consumer.RetryBackoff`: the pause before a consumer looks for a partition's leader again. */
            readonly consumerBackoff: number;
            /** `Kafka.Retry.Producer.RetryBackoff`: the pause before a producer posts a message again. */
            readonly producerBackoff: number;
            /** `Kafka.Retry.Metadata.RetryBackoff`: the pause before a metadata request is repeated. */
            readonly metadataBackoff: number;
        };
        /** `Kafka.Retry.Producer.RetryMax` and `Kafka.Retry.Metadata.RetryMax`: how many times each is repeated. */
        readonly kafkaRetryMax: { readonly producer: number; readonly metadata: number };
        readonly logSpec: string;
        /** Raft's consenters and options; only for `etcdraft`. */
        readonly raft?: {
            /** Every orderer of the cluster, in order. */
            readonly consenters: readonly RaftConsenter[];
            readonly tickIntervalMs: number;
            readonly electionTick: number;
            readonly heartbeatTick: number;
            readonly maxInflightBlocks: number;
            readonly snapshotIntervalSize: number;
        };
    };
    readonly orgs: readonly Org[];
    readonly channels: readonly Channel[];
    readonly chaincodes: readonly Chaincode[];
    readonly images: {
        readonly orderer: string;
        readonly peer: string;
        readonly kafka: string;
        readonly zookeeper: string;
        readonly kafkaFamily: KafkaFamily;
        readonly zookeeperFamily: ZookeeperFamily;
    };
    readonly ports: { readonly publish: boolean; readonly hostIp: string };
    /** operations.tls: the operations endpoints over TLS, /metrics and /logspec for a client certificate of the node's org. */
    readonly operations: { readonly tls: boolean };
    /** tls.clientAuthRequired: orderers and peers require a client certificate of a member org's TLS CA. */
    readonly tls: { readonly clientAuthRequired: boolean };
    /** Where the nodes run: one Docker daemon, or a swarm through its manager (docs/swarm.md). */
    readonly engine: {
        readonly kind: Engine;
        readonly manager?: string;
        readonly certPath?: string;
        readonly placement: PlacementConfig;
        readonly acceptNodeLoss: boolean;
        /** Where the program pushes the images it builds, and the address the swarm's nodes pull them from. */
        readonly registry?: { readonly push: string; readonly pull?: string };
        /** Each swarm node's own Docker endpoint, by hostname (engine.certPath's material for tcp://). */
        readonly nodes?: Readonly<Record<string, string>>;
    };
    /** The peers' keepalive towards the orderers and their gateway's wait for an orderer, in ms. */
    readonly peer: { readonly keepaliveIntervalMs: number; readonly keepaliveTimeoutMs: number; readonly gatewayBroadcastTimeoutMs: number };
}

export interface SpecContext {
    readonly project: string;
    readonly stack: string;
    /** The Pulumi project folder; artifacts go to `<projectDir>/artifacts/<stack>`. */
    readonly projectDir: string;
}

function deepFreeze<T>(value: T): T {
    if (value && typeof value === "object" && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const v of Object.values(value)) {
            deepFreeze(v);
        }
    }
    return value;
}

/** A container's stack-scoped names, from its hostname. */
type NodeOf = (hostname: string) => Node;

/**
 * Step 4 of the config pipeline (schema → defaults → rules → spec): the frozen spec of a filled config
 * that the rules have passed. It derives names and paths only; every value and default comes filled.
 */
export function buildSpec(cfg: FilledConfig, ctx: SpecContext): NetworkSpec {
    const names = stackNames(ctx.project, ctx.stack);
    const node: NodeOf = (hostname) => ({
        hostname,
        containerName: names.container(hostname),
        volumeName: names.volume(hostname),
        serviceName: names.service(hostname),
    });
    const orgs = orgsSpec(cfg, node);
    return deepFreeze({
        project: ctx.project,
        stack: ctx.stack,
        fabricVersion: cfg.fabricVersion,
        names: { prefix: names.prefix, network: names.network },
        paths: pathsSpec(ctx),
        zookeeper: zookeeperSpec(cfg, node),
        kafka: kafkaSpec(cfg, node),
        ordererOrg: ordererOrgSpec(cfg),
        orderer: ordererSpec(cfg, node),
        orgs,
        channels: channelsSpec(cfg),
        chaincodes: chaincodesSpec(cfg, ctx, node),
        images: imagesSpec(cfg),
        ports: { ...cfg.ports },
        operations: { ...cfg.operations },
        tls: { ...cfg.tls },
        engine: { ...cfg.engine, certPath: cfg.engine.certPath && path.resolve(ctx.projectDir, cfg.engine.certPath) },
        peer: {
            keepaliveIntervalMs: cfg.peer.keepaliveInterval,
            keepaliveTimeoutMs: cfg.peer.keepaliveTimeout,
            gatewayBroadcastTimeoutMs: cfg.peer.gatewayBroadcastTimeout,
        },
    });
}

function pathsSpec(ctx: SpecContext): NetworkSpec["paths"] {
    const artifactsDir = path.resolve(ctx.projectDir, "artifacts", ctx.stack);
    return {
        artifactsDir,
        cryptoDir: path.join(artifactsDir, "crypto-config"),
        channelArtifactsDir: path.join(artifactsDir, "channel-artifacts"),
        genesisBlock: path.join(artifactsDir, "channel-artifacts", artifactFiles.genesis),
    };
}

function zookeeperSpec(cfg: FilledConfig, node: NodeOf): NetworkSpec["zookeeper"] {
    // An etcdraft network has no ZooKeeper ensemble and no Kafka cluster.
    const tls = cfg.orderer.type === "kafka" && cfg.zookeeper.tls;
    const nodes = Array.from({ length: cfg.orderer.type === "kafka" ? cfg.zookeeper.nodes : 0 }, (_, i) => {
        const n = node(zookeeperHost(i, cfg.domain));
        return { ...n, id: i + 1, ...(tls ? { cryptoDir: cryptoPaths.ordererNode(cfg.domain, n.hostname) } : {}) };
    });
    const clientHost = zookeeperClientHost(cfg.domain);
    return {
        nodes,
        connect: nodes.map((z) => endpoint(z.hostname, PORTS.zookeeperClient)).join(","),
        tls,
        ...(tls ? { brokersClient: { hostname: clientHost, cryptoDir: cryptoPaths.ordererNode(cfg.domain, clientHost) } } : {}),
    };
}

function kafkaSpec(cfg: FilledConfig, node: NodeOf): NetworkSpec["kafka"] {
    const brokers = Array.from({ length: cfg.orderer.type === "kafka" ? cfg.kafka.brokers : 0 }, (_, i) => {
        const n = node(kafkaHost(i, cfg.domain));
        return {
            ...n,
            brokerId: i,
            endpoint: endpoint(n.hostname, PORTS.kafka),
            ...(cfg.kafka.tls ? { cryptoDir: cryptoPaths.ordererNode(cfg.domain, n.hostname) } : {}),
        };
    });
    const { brokers: _count, ...settings } = cfg.kafka;
    return { brokers, brokerEndpoints: brokers.map((b) => b.endpoint), ...settings };
}

function ordererOrgSpec(cfg: FilledConfig): NetworkSpec["ordererOrg"] {
    return {
        name: ORDERER_ORG.configName,
        cryptoName: ORDERER_ORG.cryptoName,
        mspId: ORDERER_ORG.mspId,
        domain: cfg.domain,
        cryptoDir: cryptoPaths.ordererOrg(cfg.domain),
        tlsCaFile: cryptoPaths.ordererTlsCa(cfg.domain),
        adminDir: cryptoPaths.ordererAdmin(cfg.domain),
    };
}

function ordererSpec(cfg: FilledConfig, node: NodeOf): NetworkSpec["orderer"] {
    const nodes = Array.from({ length: cfg.orderer.nodes }, (_, i) => {
        const n = node(ordererHost(i, cfg.domain));
        return { ...n, endpoint: endpoint(n.hostname, PORTS.orderer), cryptoDir: cryptoPaths.ordererNode(cfg.domain, n.hostname) };
    });
    const o = cfg.orderer;
    return {
        nodes,
        endpoints: nodes.map((n) => n.endpoint),
        batchTimeoutMs: o.batchTimeout,
        maxMessageCount: o.maxMessageCount,
        absoluteMaxBytes: o.absoluteMaxBytes,
        preferredMaxBytes: o.preferredMaxBytes,
        kafkaRetryMs: {
            shortInterval: o.kafkaRetry.shortInterval,
            shortTotal: o.kafkaRetry.shortTotal,
            longInterval: o.kafkaRetry.longInterval,
            longTotal: o.kafkaRetry.longTotal,
            consumerBackoff: o.kafkaRetry.consumerBackoff,
            producerBackoff: o.kafkaRetry.producerBackoff,
            metadataBackoff: o.kafkaRetry.metadataBackoff,
        },
        kafkaRetryMax: { producer: o.kafkaRetry.producerRetryMax, metadata: o.kafkaRetry.metadataRetryMax },
        logSpec: o.logSpec,
        type: o.type,
        ...(o.type === "kafka"
            ? {}
            : {
                  raft: {
                      consenters: nodes.map((n) => ({
                          host: n.hostname,
                          port: PORTS.orderer,
                          clientTlsCert: cryptoPaths.nodeTlsCert(n.cryptoDir),
                          serverTlsCert: cryptoPaths.nodeTlsCert(n.cryptoDir),
                      })),
                      tickIntervalMs: o.raft.tickInterval,
                      electionTick: o.raft.electionTick,
                      heartbeatTick: o.raft.heartbeatTick,
                      maxInflightBlocks: o.raft.maxInflightBlocks,
                      snapshotIntervalSize: o.raft.snapshotIntervalSize,
                  },
              }),
    };
}

function orgsSpec(cfg: FilledConfig, node: NodeOf): Org[] {
    return cfg.orgs.map((o) => {
        const id = mspId(o.name);
        const peers = Array.from({ length: o.peers }, (_, i) => {
            const n = node(peerHost(i, o.domain));
            return {
                ...n,
                index: i,
                orgName: o.name,
                mspId: id,
                endpoint: endpoint(n.hostname, PORTS.peer),
                chaincodeEndpoint: endpoint(n.hostname, PORTS.chaincode),
                cryptoDir: cryptoPaths.peerNode(o.domain, n.hostname),
            };
        });
        return {
            name: o.name,
            mspId: id,
            domain: o.domain,
            users: o.users,
            peers,
            anchorPeer: peers[0],
            cryptoDir: cryptoPaths.peerOrg(o.domain),
            tlsCaFile: cryptoPaths.peerTlsCa(o.domain),
            adminDir: cryptoPaths.user(o.domain, "Admin"),
        };
    });
}

function channelsSpec(cfg: FilledConfig): Channel[] {
    return cfg.channels.map((c) => ({
        name: c.name,
        profile: channelProfile(c.name),
        orgs: [...c.orgs],
        txFile: artifactFiles.channelTx(c.name),
    }));
}

function chaincodesSpec(cfg: FilledConfig, ctx: SpecContext, node: NodeOf): Chaincode[] {
    return cfg.chaincodes.map((cc) => ({
        name: cc.name,
        version: cc.version,
        image: cc.image,
        ...(cc.source === undefined ? {} : { source: path.resolve(ctx.projectDir, cc.source) }),
        init: [...cc.init],
        deployments: cc.channels.map((ch) => {
            const n = node(chaincodeHost(cc.name, ch, cfg.domain));
            return {
                channel: ch,
                node: n,
                address: endpoint(n.hostname, PORTS.chaincodeService),
                packageFile: artifactFiles.ccaasPackage(cc.name, ch),
            };
        }),
    }));
}

function imagesSpec(cfg: FilledConfig): NetworkSpec["images"] {
    const { orderer, peer, kafka, zookeeper } = cfg.images;
    // No Kafka or ZooKeeper image runs on an etcdraft network: an unknown family stands as the default one.
    const fallback = cfg.orderer.type === "kafka" ? undefined : "confluent";
    const kafkaFamily = cfg.images.kafkaFamily ?? fallback;
    const zookeeperFamily = cfg.images.zookeeperFamily ?? fallback;
    if (!kafkaFamily || !zookeeperFamily) {
        throw new Error("buildSpec needs a config that passed the rules: an image family is unknown");
    }
    return { orderer, peer, kafka, zookeeper, kafkaFamily, zookeeperFamily };
}

/** The orgs of a channel, in the channel's order. */
export function channelOrgs(spec: NetworkSpec, channel: Channel): Org[] {
    return channel.orgs.map((name) => spec.orgs.find((o) => o.name === name) as Org);
}

/**
 * The nodes that get only a TLS key pair, as nodes of the orderer org (its TLS CA signs them): the brokers with
 * kafka.tls, the ZooKeeper nodes and the brokers' ZooKeeper client with zookeeper.tls; in crypto-config order.
 */
export function tlsOnlyNodes(spec: NetworkSpec): { readonly hostname: string; readonly cryptoDir: string }[] {
    const withCrypto = (n: { hostname: string; cryptoDir?: string }) => (n.cryptoDir === undefined ? [] : [{ hostname: n.hostname, cryptoDir: n.cryptoDir }]);
    return [...spec.kafka.brokers.flatMap(withCrypto), ...spec.zookeeper.nodes.flatMap(withCrypto), ...(spec.zookeeper.brokersClient ? [spec.zookeeper.brokersClient] : [])];
}

/** Every hostname of the network, in a stable order (ZooKeeper, Kafka, orderers, peers). */
export function allNodes(spec: NetworkSpec): Node[] {
    return [
        ...spec.zookeeper.nodes,
        ...spec.kafka.brokers,
        ...spec.orderer.nodes,
        ...spec.orgs.flatMap((o) => o.peers),
    ];
}
