# shellcheck shell=bash
# Engine single host, after a cluster's containers start (they are created without the docker provider's wait):
# waits until each container's own health check (the command of its plan's healthcheck) passes, so that the next
# cluster starts on serving nodes a fraction of a second after they serve, not at Docker's next check interval.
# One `docker exec` per container runs the check in a loop inside it (every 0.2 s: an exec costs ~50 ms of CPU, a
# check inside a running exec almost nothing); an exec cut short (the container restarting) is tried again each
# second. Bounded: a container not ready after WAIT_SECONDS fails the step with its check's last answer.
# Env: NODES (a line per container: its name, its check's timeout in seconds, then the check's arguments, tab
# separated), WAIT_SECONDS;
# NODE_IDS (the containers' IDs) only makes a replaced container re-run the step.
set -euo pipefail

# In the container: the number of tries, the check's timeout, then the check's arguments.
# shellcheck disable=SC2016 # expanded by the container's sh
PROBE='tries=$1 limit=$2; shift 2; i=1
while ! out=$(timeout "$limit" "$@" 2>&1); do
  if [ "$i" -ge "$tries" ]; then printf "%s\n" "$out"; exit 1; fi
  i=$((i + 1)); sleep 0.2
done'

ready() {
  local name=$1 limit=$2 start=$SECONDS start_us=${EPOCHREALTIME/./} left out='' ms
  shift 2
  while ((left = WAIT_SECONDS - (SECONDS - start), left > 0)); do
    if out=$(timeout "$((left + limit))" docker exec "$name" sh -c "$PROBE" probe "$((left * 5))" "$limit" "$@" 2>&1); then
      ms=$(((${EPOCHREALTIME/./} - start_us) / 1000))
      printf '%s ready after %d.%d s\n' "$name" "$((ms / 1000))" "$((ms % 1000 / 100))"
      return 0
    fi
    sleep 1
  done
  echo "$name not ready after ${WAIT_SECONDS} s: its health check ($*) said: ${out:-nothing}; see docker logs $name" >&2
  return 1
}

pids=()
while IFS=$'\t' read -r -a node; do
  ((${#node[@]} > 2)) || continue
  ready "${node[@]}" &
  pids+=("$!")
done <<<"$NODES"
((${#pids[@]} > 0)) || { echo "no node to wait for in NODES" >&2; exit 1; }
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
exit "$failed"
