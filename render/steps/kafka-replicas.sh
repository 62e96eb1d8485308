# shellcheck shell=bash
# The Kafka replicas step: every partition replica on a broker that the stack no longer lists is moved onto
# the kept brokers (Kafka's own reassignment, through ZooKeeper) and waited for until the kept brokers hold
# it in sync; only then may `pulumi up` delete the broker (the engine deletes what left the program after
# every other step). A partition that cannot be moved fails the step, so the broker and its data stay.
# Nothing to move (a new network, a broker added) reads ZooKeeper and changes nothing.
# Env: ZK_CONTAINERS (the ensemble's containers; with zookeeper.tls the brokers', which hold the brokers' client
#      identity) or, on a swarm, ZK_IMAGE and NETWORK (a CLI container of its own; with zookeeper.tls ZK_TLS_FROM,
#      this machine's copy of the brokers' client TLS pair, copied in at ZK_TLS_DIR and made the PEM key store
#      ZK_KEYSTORE), ZK_CONNECT, ZK_CLIENT_OPTS (the CLI's JVM options for TLS), KEEP_BROKERS (ids, comma separated),
#      REPLICAS_JS (kafka-replicas.js), WAIT_SECONDS (bound of the wait for the kept replicas).
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The ZooKeeper CLI as a container runs it: its args are the JVM options (TLS), the server, then the command;
# it runs the CLI the image has (zkCli.sh, Confluent's zookeeper-shell, else the jars of this project's image).
# shellcheck disable=SC2016 # expanded by the container's shell
ZK_CLI='
  opts=$1 server=$2; shift 2
  if [ -z "$opts" ] && command -v zkCli.sh >/dev/null; then exec zkCli.sh -server "$server" "$@"
  elif [ -z "$opts" ] && command -v zookeeper-shell >/dev/null; then exec zookeeper-shell "$server" "$@"
  else exec java $opts -cp "/opt/kafka/libs/*" org.apache.zookeeper.ZooKeeperMain -server "$server" "$@"; fi'
# zk_cli CMD...: the CLI in the first running node of the ensemble (docker exec), or on a swarm (ZK_IMAGE), whose
# tasks the manager cannot exec into, in a container of the ZooKeeper image of its own on the overlay.
zk_cli() {
  local c
  if [[ -n ${ZK_TLS_FROM:-} ]]; then
    zk_cli_copied "$@"
    return
  elif [[ -n ${ZK_IMAGE:-} ]]; then
    timeout -k 5 60 docker run --rm --network "$NETWORK" --entrypoint sh "$ZK_IMAGE" -c "$ZK_CLI" zk "${ZK_CLIENT_OPTS:-}" "$ZK_CONNECT" "$@"
    return
  fi
  for c in $ZK_CONTAINERS; do
    [[ $(docker inspect -f '{{.State.Running}}' "$c" 2>/dev/null) == true ]] || continue
    timeout -k 5 60 docker exec "$c" sh -c "$ZK_CLI" zk "${ZK_CLIENT_OPTS:-}" "$ZK_CONNECT" "$@"
    return
  done
  echo "kafka replicas: no ZooKeeper node is running ($ZK_CONTAINERS)" >"$work/zk.err"
  return 1
}
# zk_cli_copied CMD...: the swarm's CLI container as the brokers' TLS client: created, the pair copied in (no path of
# this machine is mounted on a node), its key store made from it, run, and removed in any case.
zk_cli_copied() {
  local name rc=0
  name="${NETWORK}-zk-cli-$$-$RANDOM"
  docker create --name "$name" --network "$NETWORK" --entrypoint sh "$ZK_IMAGE" \
    -c "cat '$ZK_TLS_DIR/server.key' '$ZK_TLS_DIR/server.crt' >'$ZK_KEYSTORE' && $ZK_CLI" zk "$ZK_CLIENT_OPTS" "$ZK_CONNECT" "$@" >/dev/null || return
  docker cp -q "$ZK_TLS_FROM/." "$name:$ZK_TLS_DIR" >&2 && timeout -k 5 60 docker start -a "$name" || rc=$?
  timeout 30 docker rm -f "$name" >/dev/null 2>&1 || true
  return "$rc"
}
# zk CMD...: a ZooKeeper CLI command. Prints the answer lines: its stdout (a znode's data, a list) less the
# connection lines (the watcher's event comes from another thread, before or after the answer), and
# "Created <path>", which the CLI writes to stderr; the rest of stderr goes to $work/zk.err for the messages
# below. Its exit status is not used (a missing znode fails it): callers look for the line they expect; it
# fails only when no ZooKeeper node runs.
zk() {
  { zk_cli "$@" 2>"$work/zk.err" || true; } | grep -v -e '^Connecting to ' -e '^WATCHER::$' -e '^WatchedEvent ' -e '^$' || true
  grep '^Created ' "$work/zk.err" || true
  if grep -q '^kafka replicas: no ZooKeeper node is running' "$work/zk.err"; then
    cat "$work/zk.err" >&2
    return 1
  fi
  return 0
}
# json PATH: the znode's data when it is a JSON object, else nothing.
json() {
  zk get "$1" | grep -m 1 '^{' || true
}
# The topics and their partitions' replicas, as {"topic": {"0": [1,2,3]}}.
assignments() {
  local list t sep=""
  # The answer is the one line "[topic, topic]" (a log line would start "[<date>] ...").
  list=$(zk ls /brokers/topics | grep -m 1 -E '^\[([A-Za-z0-9._-]+(, [A-Za-z0-9._-]+)*)?\]$' || true)
  # Every broker makes /brokers/topics when it registers: anything else means ZooKeeper was not read.
  [[ $list == "["* ]] || {
    echo "kafka replicas: cannot read /brokers/topics from ZooKeeper ($ZK_CONNECT): $(tail -n 3 "$work/zk.err" 2>/dev/null)" >&2
    return 1
  }
  printf '{'
  for t in $(tr -d '[],' <<<"$list"); do
    printf '%s"%s":%s' "$sep" "$t" "$(json "/brokers/topics/$t" | node "$REPLICAS_JS" field partitions)"
    sep=,
  done
  printf '}\n'
}
# Waits (bounded) while a reassignment is in progress: Kafka's controller deletes the znode when it is done.
settle() {
  local i
  for ((i = 0; i < WAIT_SECONDS / 2; i++)); do
    [[ -z $(json /admin/reassign_partitions) ]] && return 0
    sleep 2
  done
  echo "kafka replicas: a reassignment is still in progress after ${WAIT_SECONDS} s (/admin/reassign_partitions)" >&2
  return 1
}

settle
assignments >"$work/assignments.json" || exit 1
node "$REPLICAS_JS" plan "$work/assignments.json" "$KEEP_BROKERS" >"$work/plan.json"
if [[ ! -s $work/plan.json ]]; then
  echo "kafka replicas: every replica is on brokers $KEEP_BROKERS"
  exit 0
fi
echo "kafka replicas: moving onto brokers $KEEP_BROKERS: $(cat "$work/plan.json")"
zk create /admin/reassign_partitions "$(cat "$work/plan.json")" | grep -q '^Created' || {
  echo "kafka replicas: ZooKeeper did not take the reassignment: $(tail -n 3 "$work/zk.err")" >&2
  exit 1
}
settle
# Each moved partition's in-sync replicas, read back: all of its new replicas, or the step fails.
for ((i = 0; i < WAIT_SECONDS / 2; i++)); do
  node "$REPLICAS_JS" moved "$work/plan.json" |
    while read -r t p; do
      printf '"%s-%s":%s\n' "$t" "$p" "$(json "/brokers/topics/$t/partitions/$p/state" | node "$REPLICAS_JS" field isr)"
    done | paste -sd, | sed 's/^/{/; s/$/}/' >"$work/isr.json"
  lagging=$(node "$REPLICAS_JS" lagging "$work/plan.json" "$work/isr.json")
  if [[ -z $lagging ]]; then
    echo "kafka replicas: done, every moved partition in sync on its new brokers"
    exit 0
  fi
  sleep 2
done
echo "kafka replicas: not in sync on their new brokers after ${WAIT_SECONDS} s: $lagging" >&2
exit 1
