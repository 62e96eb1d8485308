// The checked, frozen description of one stack's network: every default filled, every name derived.
import * as path from "path";
import { DEFAULTS, KafkaFamily, OrdererType, StackConfig, ZookeeperFamily } from "./schema";
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
    zookeeperHost,
} from "./names";

/** A container of the network: its DNS name on the Docker network and its stack-scoped names. */
export interface Node {
    readonly hostname: string;
    readonly containerName: string;
    readonly volumeName: string;
}

export interface ZookeeperNode extends Node {
    /** ZooKeeper's myid, 1-based, in ensemble order. */
    readonly id: number;
}

export interface KafkaBroker extends Node {
    readonly brokerId: number;
    readonly endpoint: string;
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
    readonly zookeeper: { readonly nodes: readonly ZookeeperNode[]; readonly connect: string };
    readonly kafka: {
        readonly brokers: readonly KafkaBroker[];
        readonly brokerEndpoints: readonly string[];
        readonly minInsyncReplicas: number;
        readonly replicationFactor: number;
        readonly messageMaxBytes: number;
        readonly replicaFetchMaxBytes: number;
        readonly socketRequestMaxBytes: number;
        readonly uncleanLeaderElection: boolean;
        /** `zookeeper.session.timeout.ms`: how soon a dead broker is noticed and its partitions get new leaders. */
        readonly zookeeperSessionTimeoutMs: number;
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
        };
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
}

export interface SpecContext {
    readonly project: string;
    readonly stack: string;
    /** The Pulumi project folder; artifacts go to `<projectDir>/artifacts/<stack>`. */
    readonly projectDir: string;
}

/** The orgs a stack gets when it names none: the seed's Org1..Org3. */
export function defaultOrgs(domain: string) {
    return Array.from({ length: DEFAULTS.orgCount }, (_, i) => ({
        name: `Org${i + 1}`,
        domain: `org${i + 1}.${domain}`,
        peers: 2,
        users: 1,
    }));
}

/** The channels a stack gets when it names none: the seed's channelN holding OrgN alone. */
export function defaultChannels(orgNames: readonly string[]) {
    return orgNames.map((name, i) => ({ name: `channel${i + 1}`, orgs: [name] }));
}

const KAFKA_IMAGE_FAMILIES: [RegExp, KafkaFamily][] = [
    [/(^|\/)cp-kafka(:|@|$)/, "confluent"],
    [/(^|\/)fabric-kafka(:|@|$)/, "fabric"],
    [/(^|\/)bitnami\/kafka(:|@|$)/, "bitnami"],
];
const ZOOKEEPER_IMAGE_FAMILIES: [RegExp, ZookeeperFamily][] = [
    [/(^|\/)cp-zookeeper(:|@|$)/, "confluent"],
    [/(^|\/)fabric-zookeeper(:|@|$)/, "fabric"],
    [/(^|\/)bitnami\/zookeeper(:|@|$)/, "bitnami"],
    [/^(docker\.io\/)?(library\/)?zookeeper(:|@|$)/, "apache"],
];

/** The env convention of a well-known image, from its name; undefined for an image this does not know. */
export function inferFamily<F>(image: string, table: [RegExp, F][]): F | undefined {
    return table.find(([re]) => re.test(image))?.[1];
}
export const inferKafkaFamily = (image: string) => inferFamily(image, KAFKA_IMAGE_FAMILIES);
export const inferZookeeperFamily = (image: string) => inferFamily(image, ZOOKEEPER_IMAGE_FAMILIES);

function deepFreeze<T>(value: T): T {
    if (value && typeof value === "object" && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const v of Object.values(value)) {
            deepFreeze(v);
        }
    }
    return value;
}

/**
 * The spec of a config that rules.ts has passed. Families must be known here: rules.ts refuses an
 * image whose family can be neither inferred nor is given.
 */
export function buildSpec(cfg: StackConfig, ctx: SpecContext): NetworkSpec {
    const names = stackNames(ctx.project, ctx.stack);
    const node = (hostname: string): Node => ({
        hostname,
        containerName: names.container(hostname),
        volumeName: names.volume(hostname),
    });
    const artifactsDir = path.resolve(ctx.projectDir, "artifacts", ctx.stack);
    const domain = cfg.domain;

    // An etcdraft network has no ZooKeeper ensemble and no Kafka cluster.
    const kafka = cfg.orderer.type === "kafka";
    const zookeeperNodes = Array.from({ length: kafka ? cfg.zookeeper.nodes : 0 }, (_, i) => ({
        ...node(zookeeperHost(i, domain)),
        id: i + 1,
    }));
    const brokers = Array.from({ length: kafka ? cfg.kafka.brokers : 0 }, (_, i) => {
        const n = node(kafkaHost(i, domain));
        return { ...n, brokerId: i, endpoint: endpoint(n.hostname, PORTS.kafka) };
    });
    const orderers = Array.from({ length: cfg.orderer.nodes }, (_, i) => {
        const n = node(ordererHost(i, domain));
        return {
            ...n,
            endpoint: endpoint(n.hostname, PORTS.orderer),
            cryptoDir: cryptoPaths.ordererNode(domain, n.hostname),
        };
    });
    const orgConfigs = cfg.orgs ?? defaultOrgs(domain);
    const orgs: Org[] = orgConfigs.map((o) => {
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
    const channelConfigs = cfg.channels ?? defaultChannels(orgs.map((o) => o.name));
    const channels = channelConfigs.map((c) => ({
        name: c.name,
        profile: channelProfile(c.name),
        orgs: [...c.orgs],
        txFile: artifactFiles.channelTx(c.name),
    }));
    const images = cfg.images;
    // No Kafka or ZooKeeper image runs on an etcdraft network: an unknown family stands as the default one.
    const kafkaFamily = images.kafkaFamily ?? inferKafkaFamily(images.kafka) ?? (kafka ? undefined : "confluent");
    const zookeeperFamily = images.zookeeperFamily ?? inferZookeeperFamily(images.zookeeper) ?? (kafka ? undefined : "confluent");
    if (!kafkaFamily || !zookeeperFamily) {
        throw new Error("buildSpec needs a config that passed the rules: an image family is unknown");
    }

    return deepFreeze({
        project: ctx.project,
        stack: ctx.stack,
        fabricVersion: cfg.fabricVersion,
        names: { prefix: names.prefix, network: names.network },
        paths: {
            artifactsDir,
            cryptoDir: path.join(artifactsDir, "crypto-config"),
            channelArtifactsDir: path.join(artifactsDir, "channel-artifacts"),
            genesisBlock: path.join(artifactsDir, "channel-artifacts", artifactFiles.genesis),
        },
        zookeeper: {
            nodes: zookeeperNodes,
            connect: zookeeperNodes.map((z) => endpoint(z.hostname, PORTS.zookeeperClient)).join(","),
        },
        kafka: {
            brokers,
            brokerEndpoints: brokers.map((b) => b.endpoint),
            minInsyncReplicas: cfg.kafka.minInsyncReplicas,
            replicationFactor: cfg.kafka.replicationFactor,
            messageMaxBytes: cfg.kafka.messageMaxBytes,
            replicaFetchMaxBytes: cfg.kafka.replicaFetchMaxBytes,
            socketRequestMaxBytes: cfg.kafka.socketRequestMaxBytes,
            uncleanLeaderElection: cfg.kafka.uncleanLeaderElection,
            zookeeperSessionTimeoutMs: cfg.kafka.zookeeperSessionTimeout,
        },
        ordererOrg: {
            name: ORDERER_ORG.configName,
            cryptoName: ORDERER_ORG.cryptoName,
            mspId: ORDERER_ORG.mspId,
            domain,
            cryptoDir: cryptoPaths.ordererOrg(domain),
            tlsCaFile: cryptoPaths.ordererTlsCa(domain),
            adminDir: cryptoPaths.ordererAdmin(domain),
        },
        orderer: {
            type: cfg.orderer.type,
            nodes: orderers,
            endpoints: orderers.map((o) => o.endpoint),
            batchTimeoutMs: cfg.orderer.batchTimeout,
            maxMessageCount: cfg.orderer.maxMessageCount,
            absoluteMaxBytes: cfg.orderer.absoluteMaxBytes,
            preferredMaxBytes: cfg.orderer.preferredMaxBytes,
            kafkaRetryMs: { ...cfg.orderer.kafkaRetry },
            logSpec: cfg.orderer.logSpec,
            ...(kafka
                ? {}
                : {
                      raft: {
                          consenters: orderers.map((o) => ({
                              host: o.hostname,
                              port: PORTS.orderer,
                              clientTlsCert: cryptoPaths.nodeTlsCert(o.cryptoDir),
                              serverTlsCert: cryptoPaths.nodeTlsCert(o.cryptoDir),
                          })),
                          tickIntervalMs: cfg.orderer.raft.tickInterval,
                          electionTick: cfg.orderer.raft.electionTick,
                          heartbeatTick: cfg.orderer.raft.heartbeatTick,
                          maxInflightBlocks: cfg.orderer.raft.maxInflightBlocks,
                          snapshotIntervalSize: cfg.orderer.raft.snapshotIntervalSize,
                      },
                  }),
        },
        orgs,
        channels,
        chaincodes: cfg.chaincodes.map((cc) => ({
            name: cc.name,
            version: cc.version,
            image: cc.image,
            ...(cc.source === undefined ? {} : { source: path.resolve(ctx.projectDir, cc.source) }),
            init: [...cc.init],
            deployments: cc.channels.map((ch) => {
                const n = node(chaincodeHost(cc.name, ch, domain));
                return {
                    channel: ch,
                    node: n,
                    address: endpoint(n.hostname, PORTS.chaincodeService),
                    packageFile: artifactFiles.ccaasPackage(cc.name, ch),
                };
            }),
        })),
        images: {
            orderer: images.orderer ?? `hyperledger/fabric-orderer:${cfg.fabricVersion}`,
            peer: images.peer ?? `hyperledger/fabric-peer:${cfg.fabricVersion}`,
            kafka: images.kafka,
            zookeeper: images.zookeeper,
            kafkaFamily,
            zookeeperFamily,
        },
        ports: { ...cfg.ports },
    });
}

/** The orgs of a channel, in the channel's order. */
export function channelOrgs(spec: NetworkSpec, channel: Channel): Org[] {
    return channel.orgs.map((name) => spec.orgs.find((o) => o.name === name) as Org);
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
