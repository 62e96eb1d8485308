#!/usr/bin/env bash
# A real Docker Swarm on this one machine, for the tests: N docker-in-docker node containers on a bridge
# of their own, node1 the manager with a TLS-protected tcp:// endpoint, the others workers.
#   scripts/swarm.sh up [N]   build the node image if missing, start the nodes, form the swarm; prints the
#                             manager's endpoint and the folder of its client TLS material (.state/<name>/client)
#   scripts/swarm.sh down     remove the nodes, their volumes, the bridge and the TLS material
#   scripts/swarm.sh env      SWARM_MANAGER=… and SWARM_CERTS=… of a running swarm
# SWARM_NAME (fabric-swarm) names everything; SWARM_SUBNET (10.213.7.0/24) is the bridge's, node i at .1i.
# On your own hosts, the same steps are Docker's own: docs/swarm.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
name=${SWARM_NAME:-fabric-swarm}
subnet=${SWARM_SUBNET:-10.213.7.0/24}
state="$root/.state/$name"
image=fabric-network/swarm-node:bookworm
port=2376
say() { printf '[swarm %(%T)T] %s\n' -1 "$*"; }

node() { echo "$name-node$1"; }
ip_of() { echo "${subnet%.*}.$((10 + $1))"; }
nodes() { docker ps -a --filter "label=fabric-network.swarm=$name" --format '{{.Names}}'; }

# docker-in-docker without --privileged (refused here): NOTES.md's flags; /var/lib/docker a volume.
DIND_FLAGS=(--cap-add ALL --cap-drop SYS_RESOURCE --security-opt seccomp=unconfined --security-opt apparmor=unconfined
  --security-opt systempaths=unconfined --cgroupns host -v /sys/fs/cgroup:/sys/fs/cgroup:rw --tmpfs /run)

certs() { # a CA, the manager's server certificate (its IP and name), a client certificate
  local dir=$state ip
  ip=$(ip_of 1)
  mkdir -p "$dir/server" "$dir/client"
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=$name CA" -keyout "$dir/ca-key.pem" -out "$dir/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=node1" -keyout "$dir/server/key.pem" -out "$dir/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:%s,DNS:node1,DNS:localhost\nextendedKeyUsage=serverAuth\n' "$ip" >"$dir/server.ext"
  openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca-key.pem" -CAcreateserial -days 30 -extfile "$dir/server.ext" -out "$dir/server/cert.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=client" -keyout "$dir/client/key.pem" -out "$dir/client.csr" 2>/dev/null
  printf 'extendedKeyUsage=clientAuth\n' >"$dir/client.ext"
  openssl x509 -req -in "$dir/client.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca-key.pem" -CAcreateserial -days 30 -extfile "$dir/client.ext" -out "$dir/client/cert.pem" 2>/dev/null
  cp "$dir/ca.pem" "$dir/server/ca.pem"
  cp "$dir/ca.pem" "$dir/client/ca.pem"
  rm -f "$dir"/*.csr "$dir"/*.ext "$dir/ca-key.pem"
}

until_docker() { # node: its dockerd answers, bounded
  local i
  for i in $(seq 60); do
    docker exec "$1" docker info >/dev/null 2>&1 && return 0
    sleep 1
  done
  say "$1: dockerd did not answer within 60 s:"; docker logs --tail 20 "$1" >&2; return 1
}

up() {
  local n=${1:-3} i token
  [[ $n =~ ^[1-9][0-9]?$ ]] || { echo "swarm: N must be 1 to 99, not '$n'" >&2; exit 2; }
  [[ -z $(nodes) ]] || { echo "swarm: $name is up already (scripts/swarm.sh down first): $(nodes | tr '\n' ' ')" >&2; exit 1; }
  bash "$root/images/build.sh" swarm
  docker network inspect "$name" >/dev/null 2>&1 || docker network create --subnet "$subnet" "$name" >/dev/null
  rm -rf "$state"
  certs
  for i in $(seq "$n"); do
    local tcp=()
    [[ $i == 1 ]] && tcp=(--host "tcp://0.0.0.0:$port" --tlsverify --tlscacert /certs/ca.pem --tlscert /certs/cert.pem --tlskey /certs/key.pem)
    docker run -d --name "$(node "$i")" --hostname "node$i" --label "fabric-network.swarm=$name" \
      --network "$name" --ip "$(ip_of "$i")" "${DIND_FLAGS[@]}" \
      -v "$(node "$i")-docker:/var/lib/docker" -v "$state/server:/certs:ro" \
      --entrypoint dockerd "$image" --host unix:///var/run/docker.sock "${tcp[@]}" >/dev/null
  done
  for i in $(seq "$n"); do until_docker "$(node "$i")"; done
  docker exec "$(node 1)" docker swarm init --advertise-addr "$(ip_of 1)" >/dev/null
  token=$(docker exec "$(node 1)" docker swarm join-token -q worker)
  for i in $(seq 2 "$n"); do
    docker exec "$(node "$i")" docker swarm join --token "$token" "$(ip_of 1):2377" >/dev/null
  done
  say "swarm $name: $n nodes, manager tcp://$(ip_of 1):$port"
  env_of
}

env_of() {
  echo "SWARM_MANAGER=tcp://$(ip_of 1):$port"
  echo "SWARM_CERTS=$state/client"
}

down() {
  local c
  for c in $(nodes); do
    docker rm -f -v "$c" >/dev/null
    docker volume rm "$c-docker" >/dev/null 2>&1 || true
  done
  docker network rm "$name" >/dev/null 2>&1 || true
  rm -rf "$state"
  say "swarm $name removed"
}

case ${1:-} in
  up) up "${2:-3}" ;;
  down) down ;;
  env) [[ -n $(nodes) ]] || { echo "swarm: $name is not up" >&2; exit 1; }; env_of ;;
  *) echo "usage: scripts/swarm.sh up [N] | down | env" >&2; exit 2 ;;
esac
