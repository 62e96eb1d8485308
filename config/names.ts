// Every name in the network is derived here and nowhere else: hostnames, MSP IDs, container,
// volume and network names, endpoints, connect strings, artifact file names.

export const PORTS = {
    orderer: 7050,
    peer: 7051,
    chaincode: 7052,
    /** Fabric's defaults: the orderer's admin endpoint holds 9443, so its operations endpoint is 8443. */
    ordererOperations: 8443,
    peerOperations: 9443,
    kafka: 9092,
    chaincodeService: 9999,
    zookeeperClient: 2181,
    /** With zookeeper.tls, 2181 is TLS and the plaintext port listens on 127.0.0.1 only: the node's own checks. */
    zookeeperLocal: 2182,
    zookeeperPeer: 2888,
    zookeeperElection: 3888,
} as const;

/** The orderer org as cryptogen and configtxgen name it. */
export const ORDERER_ORG = { cryptoName: "Orderer", configName: "OrdererOrg", mspId: "OrdererMSP" } as const;

/** The Kafka-backed system channel that the genesis block bootstraps. */
export const SYSTEM_CHANNEL = "system-channel";

/** The one consortium that holds every peer org, so any set of them can open a channel later. */
export const CONSORTIUM = "FabricConsortium";

export const GENESIS_PROFILE = "OrdererGenesis";

export const mspId = (orgName: string): string => `${orgName}MSP`;

export const zookeeperHost = (i: number, domain: string): string => `zookeeper${i}.${domain}`;
export const kafkaHost = (i: number, domain: string): string => `kafka${i}.${domain}`;
/** zookeeper.tls: the one identity every broker shows ZooKeeper (Kafka's znode ACLs name a single client). */
export const zookeeperClientHost = (domain: string): string => `kafka-zk-client.${domain}`;
/** cryptogen's `Specs: Hostname` for orderer i; the full name appends the orderer domain. */
export const ordererShortName = (i: number): string => `orderer${i}`;
export const ordererHost = (i: number, domain: string): string => `${ordererShortName(i)}.${domain}`;
/** cryptogen's `Template` names peers peer0, peer1, … under the org domain. */
export const peerHost = (i: number, orgDomain: string): string => `peer${i}.${orgDomain}`;

/** The first part of a chaincode service's host name: what chaincode `name` on `channel` adds before the domain. */
export const chaincodeServiceLabel = (name: string, channel: string): string => `${name}-${channel}`;
/** The chaincode service of chaincode `name` on `channel`: one container per deployment. */
export const chaincodeHost = (name: string, channel: string, domain: string): string => `${chaincodeServiceLabel(name, channel)}.${domain}`;

export const endpoint = (host: string, port: number): string => `${host}:${port}`;

/** Stack-scoped names, so that two stacks live side by side on one Docker engine. */
export function stackNames(project: string, stack: string) {
    const prefix = `${project}-${stack}`;
    return {
        prefix,
        network: prefix,
        container: (host: string): string => `${prefix}-${host}`,
        volume: (host: string): string => `${prefix}-${host}-data`,
        /** A Swarm service's name: Swarm refuses dots in names, so the dotted host name is its network alias only. */
        service: (host: string): string => `${prefix}-${host}`.replace(/\./g, "-"),
    };
}

/** Paths inside `crypto-config/`, as cryptogen lays them out. */
export const cryptoPaths = {
    ordererOrg: (domain: string) => `ordererOrganizations/${domain}`,
    ordererNode: (domain: string, host: string) => `ordererOrganizations/${domain}/orderers/${host}`,
    ordererTlsCa: (domain: string) => `ordererOrganizations/${domain}/tlsca/tlsca.${domain}-cert.pem`,
    ordererAdmin: (domain: string) => `ordererOrganizations/${domain}/users/Admin@${domain}`,
    peerOrg: (orgDomain: string) => `peerOrganizations/${orgDomain}`,
    peerNode: (orgDomain: string, host: string) => `peerOrganizations/${orgDomain}/peers/${host}`,
    peerTlsCa: (orgDomain: string) => `peerOrganizations/${orgDomain}/tlsca/tlsca.${orgDomain}-cert.pem`,
    /** A node's TLS certificate, which cryptogen issues for server and client use: a Raft consenter's identity. */
    nodeTlsCert: (nodeDir: string) => `${nodeDir}/tls/server.crt`,
    user: (orgDomain: string, user: string) => `peerOrganizations/${orgDomain}/users/${user}@${orgDomain}`,
    /** cryptogen's names for a user's certificate and private key inside its msp/. */
    userCert: (orgDomain: string, user: string) => `signcerts/${user}@${orgDomain}-cert.pem`,
    userKey: () => "keystore/priv_sk",
};

/** Artifact file names inside `channel-artifacts/`. */
export const artifactFiles = {
    genesis: "genesis.block",
    channelTx: (channel: string) => `${channel}.tx`,
    ccaasPackage: (chaincode: string, channel: string) => `${chaincode}-${channel}.ccaas.tar.gz`,
    connectionProfile: (orgName: string) => `connection-${orgName}.json`,
};

/**
 * The label of a chaincode package; the package ID is `<label>:<sha256 of the package>`. `code` is a
 * short digest of what the service runs, so that `queryinstalled` tells which code each package is.
 */
export const ccaasLabel = (name: string, version: string, code: string): string => `${name}_${version}_${code}`;

/** cryptogen's name for user N (1-based) of an org; `Admin` is the admin. */
export const userName = (n: number): string => `User${n}`;

export const channelProfile = (channel: string): string => `Channel-${channel}`;
