// The Fabric 2.x lifecycle for a chaincode served as a service (CCAAS), as idempotent shell steps in the
// style of channels.ts: the service image from source, package, install on a peer, the channel's next
// sequence, approve for an org, commit, and the first init.
import { createHash } from "crypto";
import { Chaincode, ChaincodeDeployment, Channel, channelOrgs, ccaasLabel, NetworkSpec, Org, Peer } from "../config";
import { channelStepEnv, CHANNEL_MOUNT, CRYPTO_MOUNT, PEER_CLI } from "./channels";

/**
 * The label of `cc`'s packages: its name, version and a short digest of what its service runs (the image
 * and, when the program builds it, the source digest). New code is a new package, hence a new definition.
 */
export function packageLabel(cc: Chaincode, sourceDigest?: string): string {
    const code = createHash("sha256").update(`${cc.image}\n${sourceDigest ?? ""}`).digest("hex");
    return ccaasLabel(cc.name, cc.version, code.slice(0, 12));
}

/** The image label that records which source digest an image was built from. */
export const SOURCE_DIGEST_LABEL = "fabric-network.source-digest";

/**
 * Builds the chaincode's service image from its source folder and prints the image ID: the source (without
 * build outputs) is copied to a scratch folder, built by npm (`npm ci`, the `build` script, production
 * modules only), then by Docker with the folder's Dockerfile. The source folder itself is not written.
 * An image of that name already built from the same source digest (its label says so) is used as it is.
 */
export const CC_IMAGE_SCRIPT = `set -euo pipefail
if [ "$(docker image inspect -f '{{index .Config.Labels "${SOURCE_DIGEST_LABEL}"}}' "$CC_IMAGE" 2>/dev/null)" = "$CC_SOURCE_DIGEST" ]; then
  echo "$CC_IMAGE holds source $CC_SOURCE_DIGEST already" >&2
  docker image inspect -f '{{.Id}}' "$CC_IMAGE"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -C "$CC_SOURCE" --exclude=node_modules --exclude=dist --exclude=.git -c . | tar -C "$work" -x
cd "$work"
npm ci --no-audit --no-fund --loglevel=error >&2
npm run --if-present build >&2
npm prune --omit=dev --no-audit --no-fund --loglevel=error >&2
docker build -q --label "${SOURCE_DIGEST_LABEL}=$CC_SOURCE_DIGEST" -t "$CC_IMAGE" . >&2
docker image inspect -f '{{.Id}}' "$CC_IMAGE"`;

/** Environment of the image step: a new source digest re-runs it. */
export const chaincodeImageEnv = (cc: Chaincode, sourceDigest: string): Record<string, string> => ({
    CC_SOURCE: cc.source ?? "",
    CC_IMAGE: cc.image,
    CC_SOURCE_DIGEST: sourceDigest,
});

/**
 * Writes the CCAAS package (metadata.json + code.tar.gz holding connection.json) into the channel
 * artifacts folder, byte-for-byte the same for the same inputs, and prints its package ID.
 */
export const CCAAS_PACKAGE_SCRIPT = `set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
det_tgz() { tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work" -c "$@" | gzip -n; }
printf '{"address":"%s","dial_timeout":"10s","tls_required":false}' "$CC_ADDRESS" > "$work/connection.json"
det_tgz connection.json > "$work/code.tar.gz"
printf '{"type":"ccaas","label":"%s"}' "$CC_LABEL" > "$work/metadata.json"
mkdir -p "$CHANNEL_DIR"
det_tgz metadata.json code.tar.gz > "$CHANNEL_DIR/$CC_PACKAGE"
echo "$CC_LABEL:$(sha256sum "$CHANNEL_DIR/$CC_PACKAGE" | cut -d' ' -f1)"`;

/** Installs the package on the peer unless `queryinstalled` lists its ID. */
export const CC_INSTALL_SCRIPT = `${PEER_CLI}
if peer_cli lifecycle chaincode queryinstalled 2>/dev/null | grep -qF "Package ID: $CC_PACKAGE_ID,"; then
  echo "$PEER_ADDRESS has $CC_PACKAGE_ID"
else
  retry peer_cli lifecycle chaincode install "${CHANNEL_MOUNT}/$CC_PACKAGE" >&2
  echo "$PEER_ADDRESS installed $CC_PACKAGE_ID"
fi`;

/**
 * Prints the sequence this package's definition has on the channel: the committed one when it already
 * names this package (nothing to do), else the next one (0 + 1 for a chaincode not yet defined).
 */
export const CC_SEQUENCE_SCRIPT = `${PEER_CLI}
committed_sequence() {
  local out
  if out=$(peer_cli lifecycle chaincode querycommitted -C "$CHANNEL" -n "$CC_NAME" 2>&1); then
    sed -n 's/.*Sequence: \\([0-9][0-9]*\\),.*/\\1/p' <<<"$out"
  elif grep -q "namespace $CC_NAME is not defined" <<<"$out"; then
    echo 0
  else
    echo "$out" >&2
    return 1
  fi
}
committed=$(retry committed_sequence)
if (( committed > 0 )) && peer_cli lifecycle chaincode queryapproved -C "$CHANNEL" -n "$CC_NAME" --sequence "$committed" 2>/dev/null | grep -qF "$CC_PACKAGE_ID"; then
  echo "$committed"
else
  echo $((committed + 1))
fi`;

/** Approves the definition for the org unless `queryapproved` already shows this sequence with this package. */
export const CC_APPROVE_SCRIPT = `${PEER_CLI}
if peer_cli lifecycle chaincode queryapproved -C "$CHANNEL" -n "$CC_NAME" --sequence "$CC_SEQUENCE" 2>/dev/null | grep -qF "$CC_PACKAGE_ID"; then
  echo "$ORG_MSP has approved $CC_NAME $CC_VERSION sequence $CC_SEQUENCE"
else
  retry peer_cli lifecycle chaincode approveformyorg -C "$CHANNEL" -n "$CC_NAME" -v "$CC_VERSION" --sequence "$CC_SEQUENCE" \\
    --package-id "$CC_PACKAGE_ID" "\${orderer_args[@]}" >&2
  echo "$ORG_MSP approved $CC_NAME $CC_VERSION sequence $CC_SEQUENCE"
fi`;

/** `--peerAddresses`/`--tlsRootCertFiles` for each `address=ca` of $ENDORSERS. */
const ENDORSER_ARGS = `peer_args=()
for p in $ENDORSERS; do peer_args+=(--peerAddresses "\${p%%=*}" --tlsRootCertFiles "\${p#*=}"); done`;

/** Commits the definition (endorsed by a peer of every org) unless `querycommitted` shows this sequence. */
export const CC_COMMIT_SCRIPT = `${PEER_CLI}
if peer_cli lifecycle chaincode querycommitted -C "$CHANNEL" -n "$CC_NAME" 2>/dev/null | grep -q "Sequence: $CC_SEQUENCE,"; then
  echo "$CC_NAME sequence $CC_SEQUENCE is committed on $CHANNEL"
else
  ${ENDORSER_ARGS}
  retry peer_cli lifecycle chaincode checkcommitreadiness -C "$CHANNEL" -n "$CC_NAME" -v "$CC_VERSION" --sequence "$CC_SEQUENCE" >&2
  retry peer_cli lifecycle chaincode commit -C "$CHANNEL" -n "$CC_NAME" -v "$CC_VERSION" --sequence "$CC_SEQUENCE" \\
    "\${peer_args[@]}" "\${orderer_args[@]}" >&2
  echo "$CC_NAME sequence $CC_SEQUENCE committed on $CHANNEL"
fi`;

/** Runs the init transaction once: skipped when the chaincode already answers a query of its first key. */
export const CC_INIT_SCRIPT = `${PEER_CLI}
if peer_cli chaincode query -C "$CHANNEL" -n "$CC_NAME" -c "{\\"Args\\":[\\"query\\",\\"$CC_INIT_PROBE\\"]}" >/dev/null 2>&1; then
  echo "$CC_NAME on $CHANNEL holds state already"
else
  ${ENDORSER_ARGS}
  retry peer_cli chaincode invoke -C "$CHANNEL" -n "$CC_NAME" -c "$CC_INIT_JSON" --waitForEvent "\${peer_args[@]}" "\${orderer_args[@]}" >&2
  echo "$CC_NAME on $CHANNEL initialised"
fi`;

/** Environment of a lifecycle step of `cc` on `channel`, as `org`'s admin against `peer`. */
export function chaincodeStepEnv(
    spec: NetworkSpec,
    channel: Channel,
    cc: Chaincode,
    deployment: ChaincodeDeployment,
    org: Org,
    peer: Peer,
    label: string,
): Record<string, string> {
    const orgs = channelOrgs(spec, channel);
    return {
        ...channelStepEnv(spec, channel, org, peer),
        ORG_MSP: org.mspId,
        CC_NAME: cc.name,
        CC_VERSION: cc.version,
        CC_LABEL: label,
        CC_ADDRESS: deployment.address,
        CC_PACKAGE: deployment.packageFile,
        // One endorsing peer of each org of the channel: the MAJORITY endorsement policy's quorum.
        ENDORSERS: orgs.map((o) => `${o.anchorPeer.endpoint}=${CRYPTO_MOUNT}/${o.anchorPeer.cryptoDir}/tls/ca.crt`).join(" "),
        CC_INIT_JSON: JSON.stringify({ Args: [...cc.init] }),
        CC_INIT_PROBE: cc.init[1] ?? "",
    };
}
