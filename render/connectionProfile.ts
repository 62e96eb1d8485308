// What a client application needs to reach an org: a connection profile in the format Fabric SDKs read,
// and where a user's identity lies in the crypto tree.
import * as path from "path";
import { cryptoPaths, endpoint, NetworkSpec, Org, PORTS, userName } from "../config";

export interface UserIdentity {
    readonly mspId: string;
    /** The user's MSP folder. */
    readonly mspDir: string;
    /** The X.509 signing certificate. */
    readonly certPath: string;
    /** The private key (PKCS#8 PEM). */
    readonly keyPath: string;
    /** The org's TLS CA certificate, to trust its peers. */
    readonly tlsCaPath: string;
    /** The user's TLS client key pair: what a client presents where tls.clientAuthRequired is set. */
    readonly tlsCertPath: string;
    readonly tlsKeyPath: string;
}

/** User N of the org (User1 by default; cryptogen makes `users` of them besides Admin). */
export function userIdentity(spec: NetworkSpec, org: Org, n = 1): UserIdentity {
    const user = userName(n);
    const userDir = path.join(spec.paths.cryptoDir, cryptoPaths.user(org.domain, user));
    const mspDir = path.join(userDir, "msp");
    return {
        mspId: org.mspId,
        mspDir,
        certPath: path.join(mspDir, cryptoPaths.userCert(org.domain, user)),
        keyPath: path.join(mspDir, cryptoPaths.userKey()),
        tlsCaPath: path.join(spec.paths.cryptoDir, org.tlsCaFile),
        tlsCertPath: path.join(userDir, "tls", "client.crt"),
        tlsKeyPath: path.join(userDir, "tls", "client.key"),
    };
}

/** gRPC keepalive for a client of the network's nodes: a node cut off is noticed within interval + timeout. */
export const keepaliveGrpcOptions = (spec: NetworkSpec): Record<string, number> => ({
    "grpc.keepalive_time_ms": spec.peer.keepaliveIntervalMs,
    "grpc.keepalive_timeout_ms": spec.peer.keepaliveTimeoutMs,
});

/**
 * The org's common connection profile: its peers and the orderers, with TLS CA paths and the names their
 * certificates carry. URLs use the in-network hostnames; a client outside the Docker network dials a
 * published port and keeps the name as the TLS target (`ssl-target-name-override`).
 */
export function connectionProfile(spec: NetworkSpec, org: Org): Record<string, unknown> {
    const ordererCa = path.join(spec.paths.cryptoDir, spec.ordererOrg.tlsCaFile);
    const orgCa = path.join(spec.paths.cryptoDir, org.tlsCaFile);
    const user = userIdentity(spec, org);
    const node = (host: string, endpoint: string, ca: string) => ({
        url: `grpcs://${endpoint}`,
        tlsCACerts: { path: ca },
        grpcOptions: { "ssl-target-name-override": host, hostnameOverride: host, ...keepaliveGrpcOptions(spec) },
    });
    return {
        name: `${spec.names.prefix}-${org.name}`,
        version: "1.0.0",
        client: {
            organization: org.name,
            connection: { timeout: { peer: { endorser: "300" } } },
            // tls.clientAuthRequired: the key pair a client presents (User1's; any user's tls/client.* does).
            ...(spec.tls.clientAuthRequired
                ? { tlsCerts: { client: { key: { path: user.tlsKeyPath }, cert: { path: user.tlsCertPath } } } }
                : {}),
        },
        organizations: { [org.name]: { mspid: org.mspId, peers: org.peers.map((p) => p.hostname) } },
        peers: Object.fromEntries(org.peers.map((p) => [p.hostname, node(p.hostname, p.endpoint, orgCa)])),
        orderers: Object.fromEntries(spec.orderer.nodes.map((o) => [o.hostname, node(o.hostname, o.endpoint, ordererCa)])),
        channels: Object.fromEntries(
            spec.channels
                .filter((c) => c.orgs.includes(org.name))
                .map((c) => [c.name, { orderers: spec.orderer.nodes.map((o) => o.hostname), peers: Object.fromEntries(org.peers.map((p) => [p.hostname, {}])) }]),
        ),
    };
}

/** A Prometheus scrape target: a node's /metrics, and with operations.tls the client a scraper must be. */
export interface MetricsTarget {
    readonly node: string;
    readonly mspId: string;
    /** In-network URL (https with operations.tls). */
    readonly url: string;
    /** With operations.tls: the node's org admin's TLS client key pair, and the CA that signed the node's certificate. */
    readonly client?: { readonly certPath: string; readonly keyPath: string; readonly caPath: string };
}

/** Every orderer's and peer's /metrics: the orderers' scraped as the orderer org's admin, a peer's as its org's. */
export function metricsTargets(spec: NetworkSpec): MetricsTarget[] {
    const scheme = spec.operations.tls ? "https" : "http";
    const client = (adminDir: string, tlsCaFile: string) =>
        spec.operations.tls
            ? {
                  client: {
                      certPath: path.join(spec.paths.cryptoDir, adminDir, "tls", "client.crt"),
                      keyPath: path.join(spec.paths.cryptoDir, adminDir, "tls", "client.key"),
                      caPath: path.join(spec.paths.cryptoDir, tlsCaFile),
                  },
              }
            : {};
    const target = (host: string, mspId: string, port: number, c: object): MetricsTarget => ({ node: host, mspId, url: `${scheme}://${endpoint(host, port)}/metrics`, ...c });
    return [
        ...spec.orderer.nodes.map((n) => target(n.hostname, spec.ordererOrg.mspId, PORTS.ordererOperations, client(spec.ordererOrg.adminDir, spec.ordererOrg.tlsCaFile))),
        ...spec.orgs.flatMap((o) => o.peers.map((p) => target(p.hostname, o.mspId, PORTS.peerOperations, client(o.adminDir, o.tlsCaFile)))),
    ];
}
