#!/usr/bin/env bash
# A real Docker Swarm on this one machine, for the tests: N docker-in-docker node containers on a bridge
# of their own, node1 the manager, the others workers, each with a TLS-protected tcp:// endpoint (one server
# certificate naming every node), and a registry (the CNCF distribution registry) that the nodes pull from.
#   scripts/swarm.sh up [N]   build the node and registry images if missing, start the registry and the nodes,
#                             form the swarm; prints what `env` prints
#   scripts/swarm.sh push IMAGE
#                             pushes a local image to the registry; prints the reference the nodes pull, by digest
#   scripts/swarm.sh down     remove the nodes, the registry, their volumes, the bridge and the TLS material
#   scripts/swarm.sh env      SWARM_MANAGER (the manager's endpoint), SWARM_CERTS (the folder of its client TLS
#                             material), SWARM_REGISTRY (the registry as the nodes reach it), SWARM_NODES (each
#                             node's endpoint: node1=tcp://…,node2=tcp://…)
# SWARM_NAME (fabric-swarm) names everything; SWARM_SUBNET (10.213.7.0/24) is the bridge's, node i at .1i, the
# registry at .10; SWARM_REGISTRY_PORT (5213): where this host pushes to it (127.0.0.1 only).
# On your own hosts, the same steps are Docker's own: docs/swarm.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
name=${SWARM_NAME:-fabric-swarm}
subnet=${SWARM_SUBNET:-10.213.7.0/24}
state="$root/.state/$name"
image=fabric-network/swarm-node:bookworm
registry_image=fabric-network/registry:3.1.2
port=2376
push_port=${SWARM_REGISTRY_PORT:-5213}
say() { printf '[swarm %(%T)T] %s\n' -1 "$*"; }

node() { echo "$name-node$1"; }
ip_of() { echo "${subnet%.*}.$((10 + $1))"; }
nodes() { docker ps -a --filter "label=fabric-network.swarm=$name" --format '{{.Names}}'; }
registry() { echo "$(ip_of 0):5000"; }

# docker-in-docker without --privileged (refused here): NOTES.md's flags; /var/lib/docker a volume.
DIND_FLAGS=(--cap-add ALL --cap-drop SYS_RESOURCE --security-opt seccomp=unconfined --security-opt apparmor=unconfined
  --security-opt systempaths=unconfined --cgroupns host -v /sys/fs/cgroup:/sys/fs/cgroup:rw --tmpfs /run)

certs() { # n: a CA, one server certificate naming every node (IP and name), a client certificate
  local dir=$state n=$1 i san=""
  for i in $(seq "$n"); do san+="IP:$(ip_of "$i"),DNS:node$i,"; done
  mkdir -p "$dir/server" "$dir/client"
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=$name CA" -keyout "$dir/ca-key.pem" -out "$dir/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=$name node" -keyout "$dir/server/key.pem" -out "$dir/server.csr" 2>/dev/null
  printf 'subjectAltName=%sDNS:localhost\nextendedKeyUsage=serverAuth\n' "$san" >"$dir/server.ext"
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
  certs "$n"
  # The registry over plain HTTP on the swarm's own bridge (the nodes trust it by --insecure-registry), and on
  # 127.0.0.1 for this host's pushes (Docker takes a loopback registry as it is).
  docker run -d --name "$name-registry" --label "fabric-network.swarm=$name" --network "$name" --ip "$(ip_of 0)" \
    -p "127.0.0.1:$push_port:5000" -v "$name-registry-data:/var/lib/registry" "$registry_image" >/dev/null
  for i in $(seq "$n"); do
    local tcp=(--host "tcp://0.0.0.0:$port" --tlsverify --tlscacert /certs/ca.pem --tlscert /certs/cert.pem --tlskey /certs/key.pem)
    docker run -d --name "$(node "$i")" --hostname "node$i" --label "fabric-network.swarm=$name" \
      --network "$name" --ip "$(ip_of "$i")" "${DIND_FLAGS[@]}" \
      -v "$(node "$i")-docker:/var/lib/docker" -v "$state/server:/certs:ro" \
      --entrypoint dockerd "$image" --host unix:///var/run/docker.sock --insecure-registry "$(registry)" "${tcp[@]}" >/dev/null
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
  echo "SWARM_REGISTRY=$(registry)"
  local i list=""
  for i in $(seq "$(nodes | grep -c -- "-node")"); do list+="${list:+,}node$i=tcp://$(ip_of "$i"):$port"; done
  echo "SWARM_NODES=$list"
}

push() { # image: tagged for the registry, pushed from this host; the nodes' reference by digest
  local image=$1 local_ref digest
  [[ -n $image ]] || { echo "usage: scripts/swarm.sh push IMAGE" >&2; exit 2; }
  local_ref="127.0.0.1:$push_port/${image}"
  docker tag "$image" "$local_ref"
  digest=$(docker push "$local_ref" | sed -n 's/.*digest: \(sha256:[0-9a-f]*\).*/\1/p')
  docker rmi "$local_ref" >/dev/null
  [[ -n $digest ]] || { echo "swarm: push of $image gave no digest" >&2; exit 1; }
  echo "$(registry)/${image%:*}@$digest"
}

down() {
  local c
  for c in $(nodes); do
    docker rm -f -v "$c" >/dev/null
    docker volume rm "$c-docker" "$c-data" >/dev/null 2>&1 || true
  done
  docker network rm "$name" >/dev/null 2>&1 || true
  rm -rf "$state"
  say "swarm $name removed"
}

case ${1:-} in
  up) up "${2:-3}" ;;
  push) [[ -n $(nodes) ]] || { echo "swarm: $name is not up" >&2; exit 1; }; push "${2:-}" ;;
  down) down ;;
  env) [[ -n $(nodes) ]] || { echo "swarm: $name is not up" >&2; exit 1; }; env_of ;;
  *) echo "usage: scripts/swarm.sh up [N] | push IMAGE | down | env" >&2; exit 2 ;;
esac
