# shellcheck shell=bash
# Sourced by every step that runs Fabric's peer CLI. `peer_as IDENTITY ARGS...`: the peer CLI in a container of
# the peer image on the stack network, as IDENTITY (peer CLI env settings, space separated), with the crypto tree
# at $CRYPTO_MOUNT (read-only) and $CHANNEL_DIR at $CHANNEL_MOUNT; `peer_cli ARGS...`: as the step's CLI_ENV (an
# org admin against one peer); `each_peer FN`: FN on every peer of $PEERS at once; `admin_identity MSPID MSPDIR`: an
# MSP's admin as an IDENTITY. Also: `orderer_args`
# (TLS to the first orderer), `retry N CMD...`, `unless_done CHECK CMD...` and `endorser_args` (one peer per org of the channel, from $ENDORSERS).
set -euo pipefail
# A CLI container that has not returned in $PEER_CLI_SECONDS is removed and its command fails: Docker 20.10's
# `docker run --rm` can miss its container's exit and wait for ever (a CI run lost 30 minutes so).
PEER_CLI_SECONDS=${PEER_CLI_SECONDS:-120}
peer_as() {
  local env_args=() e name rc=0 tls_cert="" tls_key="" args
  for e in $1; do
    env_args+=(-e "$e")
    case $e in
      CORE_PEER_TLS_CLIENTCERT_FILE=*) tls_cert=${e#*=} ;;
      CORE_PEER_TLS_CLIENTKEY_FILE=*) tls_key=${e#*=} ;;
    esac
  done
  shift
  args=("$@")
  # tls.clientAuthRequired: towards an orderer (-o) the CLI takes its TLS client key pair from flags only (Fabric's
  # SetOrdererEnv writes the flags over any env), so the identity's own pair goes there too.
  if [[ -n $tls_cert && " $* " == *" -o "* ]]; then args+=(--clientauth --certfile "$tls_cert" --keyfile "$tls_key"); fi
  name="$NETWORK-cli-$BASHPID-$RANDOM"
  if [[ ${CLI_FILES:-mount} == copy ]]; then
    peer_copied "$name" "${env_args[@]}" --entrypoint peer "$PEER_IMAGE" "${args[@]}" || rc=$?
  else
    timeout -k 5 "$PEER_CLI_SECONDS" docker run --rm --name "$name" --network "$NETWORK" -v "$CRYPTO_DIR:$CRYPTO_MOUNT:ro" \
      -v "$CHANNEL_DIR:$CHANNEL_MOUNT" "${env_args[@]}" --entrypoint peer "$PEER_IMAGE" "${args[@]}" || rc=$?
  fi
  if ((rc == 124 || rc == 137)); then
    timeout 30 docker rm -f "$name" >/dev/null 2>&1 || true
    echo "peer $1: its CLI container $name did not return in ${PEER_CLI_SECONDS}s; removed" >&2
  fi
  return "$rc"
}
# peer_copied NAME DOCKER-ARGS...: CLI_FILES=copy (a swarm's manager, which has no path of this machine): the CLI
# container is created, the crypto tree and $CHANNEL_DIR are copied in (docker cp), it runs, and what it wrote
# to $CHANNEL_MOUNT (a fetched block) is copied back; it is removed in any case.
peer_copied() {
  local name=$1 rc=0
  shift
  docker create --name "$name" --network "$NETWORK" "$@" >/dev/null || return
  { docker cp -q "$CRYPTO_DIR/." "$name:$CRYPTO_MOUNT" && docker cp -q "$CHANNEL_DIR/." "$name:$CHANNEL_MOUNT"; } >&2 &&
    timeout -k 5 "$PEER_CLI_SECONDS" docker start -a "$name" || rc=$?
  ((rc == 0)) && { docker cp -q "$name:$CHANNEL_MOUNT/." "$CHANNEL_DIR" >&2 || rc=$?; }
  timeout 30 docker rm -f "$name" >/dev/null 2>&1 || true
  return "$rc"
}
peer_cli() {
  peer_as "$CLI_ENV" "$@"
}
admin_identity() {
  local id="CORE_PEER_LOCALMSPID=$1 CORE_PEER_MSPCONFIGPATH=$CRYPTO_MOUNT/$2 CORE_PEER_TLS_ENABLED=true" tls
  # tls.clientAuthRequired: the admin's TLS client key pair (tls/ beside its msp/); peer_as hands it to orderers too.
  if [[ ${CLIENT_TLS:-} == true ]]; then
    tls="$CRYPTO_MOUNT/${2%/msp}/tls"
    id+=" CORE_PEER_TLS_CLIENTAUTHREQUIRED=true CORE_PEER_TLS_CLIENTCERT_FILE=$tls/client.crt CORE_PEER_TLS_CLIENTKEY_FILE=$tls/client.key"
  fi
  echo "$id"
}
# shellcheck disable=SC2034 # used by the scripts that source this one
orderer_args=(-o "$ORDERER" --tls --cafile "$ORDERER_CA")
# The orderers may serve before the channel's Kafka topic can take writes: steps retry for up to ~2 minutes
# (each try is a CLI container too, about a second).
# shellcheck disable=SC2034 # used by the scripts that source this one
ORDERING_TRIES=60
# unless_done CHECK CMD...: CMD unless CHECK succeeds. Retried as one try, it lets a try find the work done that an
# earlier try did though its CLI container never returned (peer_as removed it), instead of doing it twice.
unless_done() {
  local check=$1
  shift
  "$check" || "$@"
}
# retry N CMD...: CMD up to N times, 1 s apart, until it succeeds; then prints its output, else the last
# failure's output on stderr. A second, not more: a step that waits for a node retries as soon as it can.
retry() {
  local n=$1 out
  shift
  for _ in $(seq "$n"); do
    out=$("$@" 2>&1) && { echo "$out"; return 0; }
    sleep 1
  done
  echo "$out" >&2
  return 1
}
# each_peer FN: `FN ADDRESS` once for each peer of $PEERS (a CLI_ENV each, ';' between them), all at once, each
# with its CLI_ENV; then prints what each printed, in order, and fails if any failed.
each_peer() {
  local entries e j out pids=() failed=0
  out=$(mktemp -d)
  IFS=';' read -ra entries <<<"$PEERS"
  for e in "${entries[@]}"; do
    (
      CLI_ENV=$e
      "$1" "$(tr ' ' '\n' <<<"$e" | sed -n 's/^CORE_PEER_ADDRESS=//p')"
    ) >"$out/${#pids[@]}.out" 2>"$out/${#pids[@]}.err" &
    pids+=($!)
  done
  for j in "${!pids[@]}"; do
    wait "${pids[j]}" || failed=1
    cat "$out/$j.out"
    cat "$out/$j.err" >&2
  done
  rm -rf "$out"
  return "$failed"
}
# --peerAddresses/--tlsRootCertFiles for each `address=ca` of $ENDORSERS, into the array peer_args.
endorser_args() {
  local p
  peer_args=()
  for p in $ENDORSERS; do peer_args+=(--peerAddresses "${p%%=*}" --tlsRootCertFiles "${p#*=}"); done
}
