# shellcheck shell=bash
# shellcheck disable=SC2317 # shellcheck takes channel-config.sh's `return` (functions only) for the end of this file
# The consensus step of an etcdraft network: Fabric 2.5's Kafka → Raft migration of the live channels, on
# the channel-config step's functions (fetch as the orderer admin, submit_update, read back; peer-cli.sh through it). Each channel
# is read first and carried on from where it stands (consensus.js next), so a network that started on Raft
# or is migrated already is left as it is, and a migration stopped half-way is finished:
#   1. every channel into maintenance mode, the system channel first and then the others side by side;
#   2. every channel's consensus type etcdraft with the Raft metadata, still in maintenance, in that order;
#   3. every orderer restarted, so that it starts its channels as Raft chains;
#   4. every channel out of maintenance mode: a Raft leader orders that config block;
#   5. every channel read back: etcdraft, STATE_NORMAL.
# Env: the channel-config step's (NETWORK PEER_IMAGE CRYPTO_DIR CRYPTO_MOUNT ORDERER ORDERER_CA ORDERER_MSP_ID
#      ORDERER_ADMIN_MSP CONFIGTXLATOR RECONCILE_JS), and STEPS_DIR CONSENSUS_JS CHANNELS (the system
#      channel first) ORDERER_CONTAINERS (on a swarm ORDERER_SERVICES) RAFT_METADATA.
# shellcheck disable=SC2034 # read by channel-config.sh
CONFIG_FUNCTIONS_ONLY=1
# shellcheck source=render/steps/channel-config.sh
source "$STEPS_DIR/channel-config.sh"
top=$work
# shellcheck disable=SC2153 # CHANNELS is of the step's env
read -r system others <<<"$CHANNELS"

# on CHANNEL CMD...: CMD with the channel-config functions on that channel, in a scratch folder of its own.
on() {
  local CHANNEL=$1 work=$top/$1 CHANNEL_DIR=$top/$1
  shift
  mkdir -p "$work"
  "$@"
}
# "<type> <state> <block>" of $CHANNEL's live config; the config itself in $work/live.json.
state() {
  # No stale file can stand in for a fetch that failed (fetch's commands run on under ||).
  rm -f "$work/config.block" "$work/block.json"
  fetch live.json || return 1
  node "$CONSENSUS_JS" state "$work/block.json"
}
# step CHANGE: when CHANGE is $CHANNEL's next one, submits it as the orderer admin (the Orderer group's
# Admins, so no other signature) and reads the config back until it shows it (~60 s at most).
step() {
  local change=$1 st
  st=$(state) || return 1
  # shellcheck disable=SC2086 # "<type> <state> <block>"
  [[ $(node "$CONSENSUS_JS" next $st) == "$change" ]] || return 0
  rm -f "$work"/*.pb
  node "$CONSENSUS_JS" edit "$work/live.json" "$work/desired.json" "$change" || return 1
  submit_update >/dev/null || { echo "$CHANNEL: the change to $change was refused" >&2; return 1; }
  for _ in $(seq 20); do
    st=$(state) || return 1
    # shellcheck disable=SC2086
    if [[ $(node "$CONSENSUS_JS" next $st) != "$change" ]]; then
      echo "$CHANNEL: $change (${st##* } is its config block)" >&2
      return 0
    fi
    sleep 3
  done
  echo "$CHANNEL: the live config does not show the change to $change" >&2
  return 1
}
# every CHANGE: step CHANGE on the system channel, then on the other channels side by side.
every() {
  local ch pids=() failed=0
  on "$system" step "$1" || return 1
  for ch in $others; do on "$ch" step "$1" & pids+=($!); done
  for ch in "${pids[@]}"; do wait "$ch" || failed=1; done
  return "$failed"
}
# "<channel>=<next change>" of every channel, side by side.
nexts() {
  local ch st
  for ch in $CHANNELS; do (on "$ch" state >"$top/$ch.state") & done
  wait
  for ch in $CHANNELS; do
    st=$(cat "$top/$ch.state")
    [[ -n $st ]] || { echo "$ch: its live config cannot be read from $ORDERER" >&2; return 1; }
    # shellcheck disable=SC2086
    echo "$ch=$(node "$CONSENSUS_JS" next $st)"
  done
}

# Every orderer restarted and waited for (bounded) until healthy: on one host its container; on a swarm
# (ORDERER_SERVICES) its service updated by force, which replaces its task on its node (the ledger is in the
# volume there) and returns once the new task runs and its health check passes.
restart_orderers() {
  local c i pids=() failed=0
  if [[ -n ${ORDERER_SERVICES:-} ]]; then
    for c in $ORDERER_SERVICES; do
      timeout -k 5 300 docker service update --force --quiet --detach=false "$c" >/dev/null & pids+=($!)
    done
    for c in "${pids[@]}"; do wait "$c" || failed=1; done
    ((failed == 0)) || { echo "not every orderer service converged within 300 s of its update: $ORDERER_SERVICES" >&2; exit 1; }
    echo "orderers restarted: $ORDERER_SERVICES" >&2
    return
  fi
  # shellcheck disable=SC2086
  timeout -k 5 180 docker restart $ORDERER_CONTAINERS >/dev/null
  for c in $ORDERER_CONTAINERS; do
    for i in $(seq 60); do
      [[ $(docker inspect -f '{{.State.Health.Status}}' "$c") == healthy ]] && break
      ((i < 60)) || { echo "$c not healthy 180 s after its restart" >&2; exit 1; }
      sleep 3
    done
  done
  echo "orderers restarted: $ORDERER_CONTAINERS" >&2
}

before=$(nexts)
echo "$before" >&2
if grep -qv '=done$' <<<"$before"; then
  every maintenance || { echo "maintenance mode failed" >&2; exit 1; }
  every etcdraft || { echo "the consensus type change failed" >&2; exit 1; }
  restart_orderers
  # A Raft leader may not be elected yet: the submission is retried (submit_update) and so is the step.
  every normal || every normal || { echo "leaving maintenance mode failed" >&2; exit 1; }
fi
after=$(nexts)
echo "$after" >&2
! grep -qv '=done$' <<<"$after" || { echo "not every channel is on etcdraft, in normal mode" >&2; exit 1; }
if [[ $before == "$after" ]]; then
  echo "every channel on etcdraft: $CHANNELS"
else
  echo "migrated to etcdraft: $CHANNELS"
fi
