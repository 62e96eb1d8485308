# shellcheck shell=bash
# Sourced by every step that runs Fabric's peer CLI. `cli_start`: the step's CLI container (below), once, in the
# step's own shell, before any peer command. `peer_as IDENTITY ARGS...`: the peer CLI in it as IDENTITY (peer CLI env
# settings, space separated), with the crypto tree at $CRYPTO_MOUNT (read-only) and $CHANNEL_DIR at $CHANNEL_MOUNT;
# `peer_cli ARGS...`: as the step's CLI_ENV (an org admin against one peer); `each_peer FN`: FN on every peer of $PEERS
# at once; `admin_identity MSPID MSPDIR`: an MSP's admin as an IDENTITY. Also: `orderer_args`
# (TLS to the first orderer), `retry N CMD...`, `unless_done CHECK CMD...` and `endorser_args` (one peer per org of the channel, from $ENDORSERS).
set -euo pipefail
# A peer command that has not returned in $PEER_CLI_SECONDS is given up and fails: a command in Docker 20.10 can
# wait for ever on an exit it missed (a CI run lost 30 minutes so).
PEER_CLI_SECONDS=${PEER_CLI_SECONDS:-120}
# One CLI container per step, a container of the peer image on the stack network that sleeps, every peer command a
# `docker exec` in it: about 0.15 s a command here, where a `docker run --rm` per command took 0.8 s on the idle
# machine and more while the network starts. The step removes it when it exits; should the step be killed first,
# its sleep of $PEER_CLI_LIFETIME seconds ends it (`--rm`). It holds the folder $CHANNEL_DIR names when the step
# starts at $CHANNEL_MOUNT; a command run while CHANNEL_DIR names a folder inside that one (consensus.sh's
# per-channel folders) has its $CHANNEL_MOUNT/ paths moved into the same folder in the container.
PEER_CLI_LIFETIME=${PEER_CLI_LIFETIME:-3600}
cli_container=""
cli_root=""
# The orderers a command of this step hung on, a line each: a later command (the next try) is sent to another of
# $ORDERERS instead. Seen here: a Kafka orderer that served every block of a new channel by number but never
# answered `fetch newest` (config) for it, while the other orderers did; 60 tries at the same one would take hours.
cli_hung=""
cli_start() {
  [[ -z $cli_container ]] || return 0
  cli_root=$CHANNEL_DIR
  cli_hung=$(mktemp)
  cli_container="$NETWORK-cli-$BASHPID-$RANDOM"
  local prev=() run=(--rm --name "$cli_container" --network "$NETWORK" --entrypoint sleep)
  # The step's own exit trap (channel-config.sh's scratch folder), `trap -- 'CMD' EXIT`, runs after the container is gone.
  eval "prev=($(trap -p EXIT))"
  # shellcheck disable=SC2064 # the earlier trap's command, as it stands now
  trap "cli_stop; ${prev[2]:-}" EXIT
  if [[ ${CLI_FILES:-mount} == copy ]]; then
    # A swarm's manager has no path of this machine: the files are copied in (and fetched blocks back, peer_as).
    timeout 60 docker create "${run[@]}" "$PEER_IMAGE" "$PEER_CLI_LIFETIME" >/dev/null &&
      docker cp -q "$CRYPTO_DIR/." "$cli_container:$CRYPTO_MOUNT" >&2 &&
      timeout 60 docker start "$cli_container" >/dev/null
  else
    timeout 60 docker run -d "${run[@]}" -v "$CRYPTO_DIR:$CRYPTO_MOUNT:ro" -v "$cli_root:$CHANNEL_MOUNT" "$PEER_IMAGE" "$PEER_CLI_LIFETIME" >/dev/null
  fi
}
cli_stop() {
  [[ -z $cli_container ]] || timeout 30 docker rm -f "$cli_container" >/dev/null 2>&1 || true
  [[ -z $cli_hung ]] || rm -f "$cli_hung"
}
# The orderer of `-o` in a command's arguments, or nothing.
orderer_of() {
  local before="" a
  for a in "$@"; do [[ $before == -o ]] && { echo "$a"; return; }; before=$a; done
}
# An orderer of $ORDERERS no command of this step hung on (the one given if each did).
orderer_instead() {
  local o
  for o in ${ORDERERS:-$1}; do grep -qxF "$o" "$cli_hung" || { echo "$o"; return; }; done
  echo "$1"
}
peer_as() {
  local env_args=() e rc=0 tls_cert="" tls_key="" args dir=$CHANNEL_MOUNT orderer
  [[ -n $cli_container ]] || { echo "peer-cli.sh: cli_start must run in the step's shell before a peer command" >&2; return 2; }
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
  # Where $CHANNEL_DIR is in the container: mounted, the same folder or one inside it; copied, a folder of this
  # command's own, so that commands at once (each_peer) never read a file another one is copying in.
  if [[ ${CLI_FILES:-mount} == copy ]]; then
    dir=$CHANNEL_MOUNT.$BASHPID.$RANDOM
    docker cp -q "$CHANNEL_DIR/." "$cli_container:$dir" >&2 || return
  elif [[ $CHANNEL_DIR != "$cli_root" ]]; then
    [[ $CHANNEL_DIR == "$cli_root"/* ]] || { echo "peer-cli.sh: $CHANNEL_DIR is not inside $cli_root, the folder the step's CLI container holds" >&2; return 2; }
    dir=$CHANNEL_MOUNT/${CHANNEL_DIR#"$cli_root"/}
  fi
  [[ $dir == "$CHANNEL_MOUNT" ]] || args=("${args[@]/#"$CHANNEL_MOUNT/"/"$dir/"}")
  orderer=$(orderer_of "${args[@]}")
  if [[ -n $orderer ]] && grep -qxF "$orderer" "$cli_hung"; then
    local i
    for i in "${!args[@]}"; do ((i == 0)) || [[ ${args[i - 1]} != -o ]] || args[i]=$(orderer_instead "$orderer"); done
  fi
  timeout -k 5 "$PEER_CLI_SECONDS" docker exec "${env_args[@]}" "$cli_container" peer "${args[@]}" || rc=$?
  if ((rc == 124 || rc == 137)); then
    echo "peer $1: the command did not return in ${PEER_CLI_SECONDS}s; given up (it ends with the CLI container $cli_container)${orderer:+; $orderer set aside for the next commands of this step}" >&2
    [[ -z $orderer ]] || echo "$orderer" >>"$cli_hung"
  elif ((rc == 0)) && [[ ${CLI_FILES:-mount} == copy ]]; then
    docker cp -q "$cli_container:$dir/." "$CHANNEL_DIR" >&2 || rc=$?
  fi
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
# (each try a command in the step's CLI container).
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
