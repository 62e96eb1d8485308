# shellcheck shell=bash
# Sourced by every step that runs Fabric's peer CLI. `peer_cli ARGS...`: the peer CLI in a container of the
# peer image on the stack network, with the step's CLI_ENV (an org admin against one peer), the crypto tree at
# $CRYPTO_MOUNT (read-only) and the channel artifacts at $CHANNEL_MOUNT. Also: `orderer_args` (TLS to the
# first orderer), `retry CMD...` and `endorser_args` (one peer per org of the channel, from $ENDORSERS).
set -euo pipefail
peer_cli() {
  local env_args=() e
  for e in $CLI_ENV; do env_args+=(-e "$e"); done
  docker run --rm --network "$NETWORK" -v "$CRYPTO_DIR:$CRYPTO_MOUNT:ro" -v "$CHANNEL_DIR:$CHANNEL_MOUNT" \
    "${env_args[@]}" --entrypoint peer "$PEER_IMAGE" "$@"
}
# shellcheck disable=SC2034 # used by the scripts that source this one
orderer_args=(-o "$ORDERER" --tls --cafile "$ORDERER_CA")
# The orderers may serve before the channel's Kafka topic can take writes: retry for up to ~2 minutes.
retry() {
  local out
  for _ in $(seq 40); do
    out=$("$@" 2>&1) && { echo "$out"; return 0; }
    sleep 3
  done
  echo "$out" >&2
  return 1
}
# --peerAddresses/--tlsRootCertFiles for each `address=ca` of $ENDORSERS, into the array peer_args.
endorser_args() {
  local p
  peer_args=()
  for p in $ENDORSERS; do peer_args+=(--peerAddresses "${p%%=*}" --tlsRootCertFiles "${p#*=}"); done
}
