// Channel operations (create, join, anchor-peer update) as idempotent shell steps. Each runs Fabric's
// peer CLI from the peer image, on the stack's Docker network, as an org admin: the host needs only
// Docker. Already-done states are detected before acting, never hidden after failing.
import * as path from "path";
import { Channel, NetworkSpec, Org, Peer } from "../config";

/** Where the steps mount the crypto tree and the channel artifacts inside the CLI container. */
export const CRYPTO_MOUNT = "/crypto";
export const CHANNEL_MOUNT = "/channel";

/** Env of the peer CLI acting as `org`'s admin against `peer`. */
export function peerCliEnv(org: Org, peer: Peer): string[] {
    return [
        `CORE_PEER_LOCALMSPID=${org.mspId}`,
        `CORE_PEER_MSPCONFIGPATH=${CRYPTO_MOUNT}/${org.adminDir}/msp`,
        "CORE_PEER_TLS_ENABLED=true",
        `CORE_PEER_TLS_ROOTCERT_FILE=${CRYPTO_MOUNT}/${peer.cryptoDir}/tls/ca.crt`,
        `CORE_PEER_ADDRESS=${peer.endpoint}`,
    ];
}

/** Environment shared by every channel step of a stack. */
export function channelStepEnv(spec: NetworkSpec, channel: Channel, org: Org, peer: Peer): Record<string, string> {
    return {
        NETWORK: spec.names.network,
        PEER_IMAGE: spec.images.peer,
        CRYPTO_DIR: spec.paths.cryptoDir,
        CHANNEL_DIR: spec.paths.channelArtifactsDir,
        CHANNEL: channel.name,
        CLI_ENV: peerCliEnv(org, peer).join(" "),
        PEER_ADDRESS: peer.endpoint,
        ORDERER: spec.orderer.endpoints[0],
        ORDERER_CA: `${CRYPTO_MOUNT}/${spec.ordererOrg.tlsCaFile}`,
    };
}

/** The block a channel's create step writes, which join steps read. */
export const channelBlockFile = (spec: NetworkSpec, channel: Channel): string =>
    path.join(spec.paths.channelArtifactsDir, `${channel.name}.block`);

/** Bash prelude of every step: `peer_cli` (the peer CLI in a container on the stack network), orderer flags, `retry`. */
export const PEER_CLI = `set -euo pipefail
peer_cli() {
  local env_args=() e
  for e in $CLI_ENV; do env_args+=(-e "$e"); done
  docker run --rm --network "$NETWORK" -v "$CRYPTO_DIR:${CRYPTO_MOUNT}:ro" -v "$CHANNEL_DIR:${CHANNEL_MOUNT}" \\
    "\${env_args[@]}" --entrypoint peer "$PEER_IMAGE" "$@"
}
orderer_args=(-o "$ORDERER" --tls --cafile "$ORDERER_CA")
# The orderers may serve before the channel's Kafka topic can take writes: retry for up to ~2 minutes.
retry() { local i out; for i in $(seq 40); do out=$("$@" 2>&1) && { echo "$out"; return 0; }; sleep 3; done; echo "$out" >&2; return 1; }
`;

/** Creates the channel unless its genesis block can already be fetched; leaves <channel>.block either way. */
export const CHANNEL_CREATE_SCRIPT = `${PEER_CLI}
if peer_cli channel fetch 0 "${CHANNEL_MOUNT}/$CHANNEL.block" -c "$CHANNEL" "\${orderer_args[@]}" >/dev/null 2>&1; then
  echo "channel $CHANNEL exists"
else
  retry peer_cli channel create -c "$CHANNEL" -f "${CHANNEL_MOUNT}/$CHANNEL.tx" --outputBlock "${CHANNEL_MOUNT}/$CHANNEL.block" "\${orderer_args[@]}" >&2
  echo "channel $CHANNEL created"
fi`;

/** Joins the peer unless `peer channel list` already shows the channel. */
export const CHANNEL_JOIN_SCRIPT = `${PEER_CLI}
if peer_cli channel list 2>/dev/null | grep -qx "$CHANNEL"; then
  echo "$PEER_ADDRESS already in $CHANNEL"
else
  retry peer_cli channel join -b "${CHANNEL_MOUNT}/$CHANNEL.block" >&2
  echo "$PEER_ADDRESS joined $CHANNEL"
fi`;

/**
 * Applies the org's anchor-peer update unless the channel's current config block already names the
 * org's anchor host as an anchor peer (the host appears in a config block only there).
 */
export const ANCHOR_UPDATE_SCRIPT = `${PEER_CLI}
config="${CHANNEL_MOUNT}/$CHANNEL.config.block"
retry peer_cli channel fetch config "$config" -c "$CHANNEL" "\${orderer_args[@]}" >/dev/null
host_config="$CHANNEL_DIR/$CHANNEL.config.block"
if grep -aq AnchorPeers "$host_config" && grep -aqF "$ANCHOR_HOST" "$host_config"; then
  echo "anchor peers of $ORG_MSP already set on $CHANNEL"
else
  retry peer_cli channel update -c "$CHANNEL" -f "${CHANNEL_MOUNT}/$ANCHOR_TX" "\${orderer_args[@]}" >&2
  echo "anchor peers of $ORG_MSP set on $CHANNEL"
fi
rm -f "$host_config"`;
