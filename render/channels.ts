// Channel operations (create, join, anchor-peer update) as idempotent shell steps. Each runs Fabric's
// peer CLI from the peer image, on the stack's Docker network, as an org admin: the host needs only
// Docker. Already-done states are detected before acting, never hidden after failing.
import * as path from "path";
import { Channel, NetworkSpec, Org, Peer } from "../config";
import { stepScript, STEPS_DIR } from "./steps";

/** Where the steps mount the crypto tree and the channel artifacts inside the CLI container. */
export const CRYPTO_MOUNT = "/crypto";
export const CHANNEL_MOUNT = "/channel";

/**
 * With tls.clientAuthRequired: the peer CLI's TLS client key pair, an admin's (cryptogen's `tls/client.*` beside
 * its `msp/`), towards peers; render/steps/peer-cli.sh's peer_as hands the same pair to orderers as flags, and
 * its admin_identity says the same for an admin it names.
 */
export function cliClientTlsEnv(spec: NetworkSpec, adminDir: string): string[] {
    if (!spec.tls.clientAuthRequired) return [];
    return [
        "CORE_PEER_TLS_CLIENTAUTHREQUIRED=true",
        `CORE_PEER_TLS_CLIENTCERT_FILE=${CRYPTO_MOUNT}/${adminDir}/tls/client.crt`,
        `CORE_PEER_TLS_CLIENTKEY_FILE=${CRYPTO_MOUNT}/${adminDir}/tls/client.key`,
    ];
}

/**
 * What a step's docker CLI needs to reach the engine: nothing on one host; on a swarm its manager's endpoint (and
 * TLS material), and CLI_FILES=copy: a remote daemon has no path of this machine, so peer-cli.sh copies the
 * files into its CLI containers (docker cp) instead of mounting them.
 */
export function engineStepEnv(spec: NetworkSpec): Record<string, string> {
    if (spec.engine.kind !== "swarm") return {};
    return { ...dockerEndpointEnv(spec, spec.engine.manager!), CLI_FILES: "copy" };
}

/** The docker CLI's env for one of the swarm's endpoints (engine.certPath's TLS material for tcp://). */
export function dockerEndpointEnv(spec: NetworkSpec, endpoint: string): Record<string, string> {
    const certPath = spec.engine.certPath;
    return { DOCKER_HOST: endpoint, ...(certPath && endpoint.startsWith("tcp://") ? { DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: certPath } : {}) };
}

/** Env of the peer CLI acting as `org`'s admin against `peer`. */
export function peerCliEnv(spec: NetworkSpec, org: Org, peer: Peer): string[] {
    return [
        `CORE_PEER_LOCALMSPID=${org.mspId}`,
        `CORE_PEER_MSPCONFIGPATH=${CRYPTO_MOUNT}/${org.adminDir}/msp`,
        "CORE_PEER_TLS_ENABLED=true",
        `CORE_PEER_TLS_ROOTCERT_FILE=${CRYPTO_MOUNT}/${peer.cryptoDir}/tls/ca.crt`,
        `CORE_PEER_ADDRESS=${peer.endpoint}`,
        ...cliClientTlsEnv(spec, org.adminDir),
    ];
}

/**
 * What render/steps/peer-cli.sh reads in every step that sources it: the CLI container's network, image and
 * crypto mount, the first orderer (and every orderer, for a try after one that hung), and where the script is.
 */
export function peerCliStepEnv(spec: NetworkSpec): Record<string, string> {
    return {
        ...engineStepEnv(spec),
        NETWORK: spec.names.network,
        PEER_IMAGE: spec.images.peer,
        CRYPTO_DIR: spec.paths.cryptoDir,
        ORDERER: spec.orderer.endpoints[0],
        ORDERERS: spec.orderer.endpoints.join(" "),
        ORDERER_CA: `${CRYPTO_MOUNT}/${spec.ordererOrg.tlsCaFile}`,
        STEPS_DIR,
        CRYPTO_MOUNT,
        // admin_identity adds each admin's TLS client key pair (as cliClientTlsEnv does).
        ...(spec.tls.clientAuthRequired ? { CLIENT_TLS: "true" } : {}),
    };
}

/** Environment shared by every channel step of a stack: the peer CLI as `org`'s admin against `peer`. */
export function channelStepEnv(spec: NetworkSpec, channel: Channel, org: Org, peer: Peer): Record<string, string> {
    return {
        ...peerCliStepEnv(spec),
        CHANNEL_DIR: spec.paths.channelArtifactsDir,
        CHANNEL_MOUNT,
        CHANNEL: channel.name,
        CLI_ENV: peerCliEnv(spec, org, peer).join(" "),
        PEER_ADDRESS: peer.endpoint,
    };
}

/**
 * PEERS of a step that runs on several peers at once (`each_peer` of render/steps/peer-cli.sh): each peer's CLI
 * env, as its org's admin, `;` between them. A peer added to the list re-runs the step, which acts on it alone.
 */
export const peersCliEnv = (spec: NetworkSpec, members: readonly { readonly org: Org; readonly peers: readonly Peer[] }[]): string =>
    members.flatMap(({ org, peers }) => peers.map((peer) => peerCliEnv(spec, org, peer).join(" "))).join(";");

/** The block a channel's create step writes, which join steps read. */
export const channelBlockFile = (spec: NetworkSpec, channel: Channel): string =>
    path.join(spec.paths.channelArtifactsDir, `${channel.name}.block`);

/** Creates the channel unless its genesis block can already be fetched; leaves <channel>.block either way. */
export const CHANNEL_CREATE_SCRIPT = stepScript("channel-create.sh");

/** Joins every peer of PEERS (peersCliEnv), each unless `peer channel list` already shows the channel. */
export const CHANNEL_JOIN_SCRIPT = stepScript("channel-join.sh");
