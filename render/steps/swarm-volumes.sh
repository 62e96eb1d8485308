# shellcheck shell=bash
# engine.kind swarm, on `destroy`: removes the named volumes the network's tasks made on one swarm node, through
# that node's own endpoint (DOCKER_HOST), once no task container uses them (Swarm removes a deleted service's
# containers after the engine deleted it); bounded, and failing with what is left.
# Env: NODE (the swarm node), VOLUMES (names, space separated), WAIT_SECONDS.
set -euo pipefail
left=()
for ((i = 0; i < WAIT_SECONDS; i++)); do
  left=()
  for v in $VOLUMES; do
    if docker volume inspect "$v" >/dev/null 2>&1; then left+=("$v"); fi
  done
  if ((${#left[@]} == 0)); then
    echo "volumes on $NODE removed: $VOLUMES"
    exit 0
  fi
  docker volume rm "${left[@]}" >/dev/null 2>&1 || true
  sleep 1
done
echo "volumes on $NODE still there after ${WAIT_SECONDS} s (in use?): ${left[*]}" >&2
exit 1
