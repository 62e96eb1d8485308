// Step 2 of the config pipeline (schema → defaults → rules → spec): every default that follows from other
// values, filled once. The schema fills the defaults that follow from nothing; the rules and the spec read
// only what this returns, so no default is worked out anywhere else.
import { ChannelConfig, KafkaFamily, OrgConfig, StackConfig, ZookeeperFamily } from "./schema";

/** The orgs a stack gets when it names none: the seed's Org1..Org3, under the stack's domain. */
export const DEFAULT_ORG_COUNT = 3;

/** The value at a dotted key (`orgs[1].domain`) as the user wrote it; undefined where a default stands. */
export function writtenAt(input: unknown, key: string): unknown {
    let v: unknown = input;
    for (const part of key.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== "")) {
        if (v === null || typeof v !== "object") {
            return undefined;
        }
        v = (v as Record<string, unknown>)[part];
    }
    return v;
}

/** What the user wrote, kept beside the filled values so that messages can quote it (`"99 MB"`, `"2s"`). */
export interface AsWritten {
    get(key: string): unknown;
    /** Whether the user set this key; false where a default stands. */
    has(key: string): boolean;
}

export const asWritten = (input: unknown): AsWritten => ({
    get: (key) => writtenAt(input, key),
    has: (key) => writtenAt(input, key) !== undefined,
});

type Parsed = StackConfig;

/** A parsed stack config with every default filled: what the rules check and the spec is built from. */
export interface FilledConfig extends Omit<Parsed, "orgs" | "channels" | "images" | "peer"> {
    readonly peer: Omit<Parsed["peer"], "gatewayBroadcastTimeout"> & { readonly gatewayBroadcastTimeout: number };
    readonly orgs: readonly OrgConfig[];
    readonly channels: readonly ChannelConfig[];
    readonly images: Omit<Parsed["images"], "orderer" | "peer" | "kafkaFamily" | "zookeeperFamily"> & {
        readonly orderer: string;
        readonly peer: string;
        /** `images.kafkaFamily`, else inferred from `images.kafka`; undefined for an image nobody knows (a rule refuses it). */
        readonly kafkaFamily?: KafkaFamily;
        readonly zookeeperFamily?: ZookeeperFamily;
    };
    readonly written: AsWritten;
}

/** The orgs a stack gets when it names none. */
function defaultOrgs(domain: string): OrgConfig[] {
    return Array.from({ length: DEFAULT_ORG_COUNT }, (_, i) => ({
        name: `Org${i + 1}`,
        domain: `org${i + 1}.${domain}`,
        peers: 2,
        users: 1,
    }));
}

/** The channels a stack gets when it names none: the seed's channelN holding OrgN alone. */
function defaultChannels(orgs: readonly OrgConfig[]): ChannelConfig[] {
    return orgs.map((o, i) => ({ name: `channel${i + 1}`, orgs: [o.name] }));
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
function inferFamily<F>(image: string, table: [RegExp, F][]): F | undefined {
    return table.find(([re]) => re.test(image))?.[1];
}

/** How long an orderer's Kafka producer keeps posting one message (ms): `producerRetryMax × producerBackoff`. */
export const producerWindow = (r: Parsed["orderer"]["kafkaRetry"]): number => r.producerRetryMax * r.producerBackoff;

/**
 * A gateway's wait for an orderer: on Kafka 5 s longer than an orderer's producer keeps posting a transaction
 * through a failover (so the gateway does not send it to a second orderer meanwhile); on Raft 5 s, as an orderer
 * answers at once (it hands the transaction to its leader, or refuses while there is none).
 */
function defaultGatewayBroadcastTimeout(parsed: Parsed): number {
    return parsed.orderer.type === "kafka" ? producerWindow(parsed.orderer.kafkaRetry) + 5000 : 5000;
}

/**
 * Fills the defaults that depend on other values: orgs from `domain`, channels from the orgs, Fabric
 * images from `fabricVersion`, image families from the image names, the gateway's wait from the orderers'
 * retries. `input` is what was parsed.
 */
export function fillDefaults(parsed: Parsed, input: unknown): FilledConfig {
    const orgs = parsed.orgs ?? defaultOrgs(parsed.domain);
    const images = parsed.images;
    return {
        ...parsed,
        orgs,
        channels: parsed.channels ?? defaultChannels(orgs),
        peer: { ...parsed.peer, gatewayBroadcastTimeout: parsed.peer.gatewayBroadcastTimeout ?? defaultGatewayBroadcastTimeout(parsed) },
        images: {
            ...images,
            orderer: images.orderer ?? `hyperledger/fabric-orderer:${parsed.fabricVersion}`,
            peer: images.peer ?? `hyperledger/fabric-peer:${parsed.fabricVersion}`,
            kafkaFamily: images.kafkaFamily ?? inferFamily(images.kafka, KAFKA_IMAGE_FAMILIES),
            zookeeperFamily: images.zookeeperFamily ?? inferFamily(images.zookeeper, ZOOKEEPER_IMAGE_FAMILIES),
        },
        written: asWritten(input),
    };
}
