// crypto-config.yaml (cryptogen) and configtx.yaml (configtxgen, Fabric 2.5 format) as pure functions of the spec.
import * as path from "path";
import { stringify } from "yaml";
import { channelOrgs, CONSORTIUM, GENESIS_PROFILE, NetworkSpec, Org, formatDuration, formatSize, tlsOnlyNodes } from "../config";

const toYaml = (doc: unknown): string => stringify(doc, { aliasDuplicateObjects: false, lineWidth: 0 });

export function renderCryptoConfig(spec: NetworkSpec): string {
    return toYaml({
        OrdererOrgs: [
            {
                Name: spec.ordererOrg.cryptoName,
                Domain: spec.ordererOrg.domain,
                EnableNodeOUs: true,
                // cryptogen writes <Hostname>.<Domain>: the short name is the hostname minus the domain.
                // Nodes that need only a TLS key pair (tlsOnlyNodes: brokers, ZooKeeper) get it here too; the step keeps only their tls/.
                Specs: [...spec.orderer.nodes, ...tlsOnlyNodes(spec)].map((n) => ({ Hostname: n.hostname.slice(0, -(spec.ordererOrg.domain.length + 1)) })),
            },
        ],
        PeerOrgs: spec.orgs.map((o) => ({
            Name: o.name,
            Domain: o.domain,
            EnableNodeOUs: true,
            Template: { Count: o.peers.length },
            Users: { Count: o.users },
        })),
    });
}

/** A size as configtxgen reads it: `98 MB`, `512 KB` when a unit divides it, else the byte count as a number. */
export function configtxSize(bytes: number): string | number {
    const text = formatSize(bytes);
    return text.endsWith(" B") ? bytes : text;
}

const signature = (rule: string) => ({ Type: "Signature", Rule: rule });
const implicit = (rule: string) => ({ Type: "ImplicitMeta", Rule: rule });
const or = (...principals: string[]) => `OR(${principals.map((p) => `'${p}'`).join(", ")})`;

const CHANNEL_CAPABILITIES = { V2_0: true };
const ORDERER_CAPABILITIES = { V2_0: true };
const APPLICATION_CAPABILITIES = { V2_5: true };

const channelPolicies = () => ({
    Readers: implicit("ANY Readers"),
    Writers: implicit("ANY Writers"),
    Admins: implicit("MAJORITY Admins"),
});

/** The configtx `Name` of a peer org: its MSP ID, as the seed's `-asOrg Org1MSP` expects. */
export const configtxOrgName = (org: Org): string => org.mspId;

function peerOrgSection(spec: NetworkSpec, org: Org) {
    const id = org.mspId;
    return {
        Name: configtxOrgName(org),
        ID: id,
        MSPDir: path.join(spec.paths.cryptoDir, org.cryptoDir, "msp"),
        Policies: {
            Readers: signature(or(`${id}.admin`, `${id}.peer`, `${id}.client`)),
            Writers: signature(or(`${id}.admin`, `${id}.client`)),
            Admins: signature(or(`${id}.admin`)),
            Endorsement: signature(or(`${id}.peer`)),
        },
        AnchorPeers: [{ Host: org.anchorPeer.hostname, Port: Number(org.anchorPeer.endpoint.split(":")[1]) }],
    };
}

function ordererOrgSection(spec: NetworkSpec) {
    const id = spec.ordererOrg.mspId;
    return {
        Name: spec.ordererOrg.name,
        ID: id,
        MSPDir: path.join(spec.paths.cryptoDir, spec.ordererOrg.cryptoDir, "msp"),
        Policies: {
            Readers: signature(or(`${id}.member`)),
            Writers: signature(or(`${id}.member`)),
            Admins: signature(or(`${id}.admin`)),
        },
        OrdererEndpoints: [...spec.orderer.endpoints],
    };
}

/**
 * The consensus part of the Orderer section: Kafka's broker list (the cluster's own hostnames), or Raft's
 * consenters (every orderer with its TLS certificate, absolute paths) and options.
 */
export function consensusSection(spec: NetworkSpec) {
    const raft = spec.orderer.raft;
    if (spec.orderer.type === "kafka" || !raft) {
        return { OrdererType: "kafka", Kafka: { Brokers: [...spec.kafka.brokerEndpoints] } };
    }
    const cert = (file: string) => path.join(spec.paths.cryptoDir, file);
    return {
        OrdererType: "etcdraft",
        EtcdRaft: {
            Consenters: raft.consenters.map((c) => ({ Host: c.host, Port: c.port, ClientTLSCert: cert(c.clientTlsCert), ServerTLSCert: cert(c.serverTlsCert) })),
            Options: {
                TickInterval: formatDuration(raft.tickIntervalMs),
                ElectionTick: raft.electionTick,
                HeartbeatTick: raft.heartbeatTick,
                MaxInflightBlocks: raft.maxInflightBlocks,
                SnapshotIntervalSize: configtxSize(raft.snapshotIntervalSize),
            },
        },
    };
}

function ordererSection(spec: NetworkSpec) {
    const o = spec.orderer;
    const { OrdererType, ...consensus } = consensusSection(spec);
    return {
        OrdererType,
        BatchTimeout: formatDuration(o.batchTimeoutMs),
        BatchSize: {
            MaxMessageCount: o.maxMessageCount,
            AbsoluteMaxBytes: configtxSize(o.absoluteMaxBytes),
            PreferredMaxBytes: configtxSize(o.preferredMaxBytes),
        },
        ...consensus,
        Organizations: [ordererOrgSection(spec)],
        Policies: { ...channelPolicies(), BlockValidation: implicit("ANY Writers") },
        Capabilities: ORDERER_CAPABILITIES,
    };
}

function applicationSection(orgs: unknown[]) {
    return {
        Organizations: orgs,
        Policies: {
            ...channelPolicies(),
            LifecycleEndorsement: implicit("MAJORITY Endorsement"),
            Endorsement: implicit("MAJORITY Endorsement"),
        },
        Capabilities: APPLICATION_CAPABILITIES,
    };
}

interface Profile {
    readonly body: unknown;
    /** The orgs the profile names, for the file's top-level Organizations. */
    readonly orderer: boolean;
    readonly orgs: readonly Org[];
}

/** Every configtxgen profile of the stack, by name: the genesis profile, then one per channel. */
export function configtxProfiles(spec: NetworkSpec): Record<string, Profile> {
    const profiles: Record<string, Profile> = {
        [GENESIS_PROFILE]: {
            orderer: true,
            orgs: spec.orgs,
            body: {
                Policies: channelPolicies(),
                Capabilities: CHANNEL_CAPABILITIES,
                Orderer: ordererSection(spec),
                Consortiums: { [CONSORTIUM]: { Organizations: spec.orgs.map((o) => peerOrgSection(spec, o)) } },
            },
        },
    };
    for (const ch of spec.channels) {
        const orgs = channelOrgs(spec, ch);
        profiles[ch.profile] = {
            orderer: false,
            orgs,
            body: {
                Consortium: CONSORTIUM,
                Policies: channelPolicies(),
                Capabilities: CHANNEL_CAPABILITIES,
                Application: applicationSection(orgs.map((o) => peerOrgSection(spec, o))),
            },
        };
    }
    return profiles;
}

/**
 * configtx.yaml holding the named profiles (all by default) and the orgs they name, nothing else: a file
 * for one artifact changes only when that artifact's inputs do. Each profile is written out in full, with
 * no YAML anchors (the seed's forward references are what broke its file). MSPDir paths are absolute, so
 * the file works from any folder.
 */
export function renderConfigtx(spec: NetworkSpec, only?: readonly string[]): string {
    const all = configtxProfiles(spec);
    const names = only ?? Object.keys(all);
    const chosen = names.map((n) => {
        if (!(n in all)) {
            throw new Error(`no configtx profile ${n}`);
        }
        return all[n];
    });
    const used = new Set(chosen.flatMap((p) => p.orgs.map((o) => o.name)));
    return toYaml({
        Organizations: [
            ...(chosen.some((p) => p.orderer) ? [ordererOrgSection(spec)] : []),
            ...spec.orgs.filter((o) => used.has(o.name)).map((o) => peerOrgSection(spec, o)),
        ],
        Capabilities: { Channel: CHANNEL_CAPABILITIES, Orderer: ORDERER_CAPABILITIES, Application: APPLICATION_CAPABILITIES },
        Profiles: Object.fromEntries(names.map((n) => [n, all[n].body])),
    });
}
