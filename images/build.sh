#!/usr/bin/env bash
# Builds the network's images locally from packages only, for machines that reach no image registry:
#   fabric-network/base:bookworm, fabric-network/base-jre:bookworm   Debian (debootstrap + docker import)
#   fabric-network/kafka:3.9.1, fabric-network/zookeeper:3.8.4        jars from Maven Central on the JRE
#   fabric-network/fabric-orderer:2.5.12, fabric-network/fabric-peer:2.5.12
#       Fabric binaries, config and the CCAAS builder from FABRIC_HOME (bin/, config/, builders/ccaas/bin/,
#       as a Fabric release lays them out)
# Chaincode images are not built here: the program builds each from its `source` folder (its Dockerfile
# starts FROM fabric-network/base:bookworm). An image that exists is kept.
#   fabric-network/swarm-node:bookworm   Debian's docker.io: a docker-in-docker swarm node for the tests
#   fabric-network/registry:3.1.2         the CNCF distribution registry, built from the Go module proxy
#       (both for scripts/swarm.sh, built only when asked for)
# Usage: images/build.sh [base|jvm|fabric|all|swarm]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work="$here/../.cache/images"
what=${1:-all}
mkdir -p "$work"

have() { docker image inspect "$1" >/dev/null 2>&1; }
say() { printf '[images %(%T)T] %s\n' -1 "$*"; }

rootfs_image() { # name, extra packages
  local name=$1 pkgs=$2 dir="$work/rootfs-${1##*/}"
  dir=${dir%%:*}
  have "$name" && { say "$name present"; return; }
  command -v debootstrap >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
  say "debootstrap $name ($pkgs)"
  rm -rf "$dir"
  debootstrap --variant=minbase --include="$pkgs" bookworm "$dir" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
  rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
  tar -C "$dir" -c . | docker import - "$name" >/dev/null
  rm -rf "$dir"
  say "$name imported"
}

if [[ $what == base || $what == all ]]; then
  rootfs_image fabric-network/base:bookworm bash,ca-certificates,wget
  rootfs_image fabric-network/base-jre:bookworm bash,ca-certificates,wget,openjdk-17-jre-headless
fi

if [[ $what == swarm ]]; then
  rootfs_image fabric-network/swarm-node:bookworm bash,ca-certificates,docker.io,iptables,procps
  if have fabric-network/registry:3.1.2; then
    say "fabric-network/registry:3.1.2 present"
  else
    command -v go >/dev/null || { echo "images: Go is needed to build the registry (github.com/distribution/distribution/v3)" >&2; exit 1; }
    say "registry v3.1.2 from the Go module proxy"
    ctx=$(mktemp -d)
    (cd "$ctx" && GOFLAGS=-mod=mod GOBIN="$ctx" CGO_ENABLED=0 go install -trimpath github.com/distribution/distribution/v3/cmd/registry@v3.1.2)
    cp "$here/registry/Dockerfile" "$here/registry/config.yml" "$ctx/"
    docker build -q -t fabric-network/registry:3.1.2 "$ctx" >/dev/null
    rm -rf "$ctx"
    say "fabric-network/registry:3.1.2 built"
  fi
fi

if [[ $what == jvm || $what == all ]]; then
  declare -A jvm_images=([kafka]=fabric-network/kafka:3.9.1 [zookeeper]=fabric-network/zookeeper:3.8.4)
  # The images carry a digest of their sources (entrypoints, pom, Dockerfile): an edited source rebuilds them.
  jvm_source=$(cd "$here/jvm" && sha256sum Dockerfile pom.xml log4j.properties ./*.sh | sha256sum | cut -d' ' -f1)
  built_from() { docker image inspect -f '{{index .Config.Labels "fabric-network.source"}}' "$1" 2>/dev/null || true; }
  if [[ $(built_from "${jvm_images[kafka]}") == "$jvm_source" && $(built_from "${jvm_images[zookeeper]}") == "$jvm_source" ]]; then
    say "kafka and zookeeper images present"
  else
    say "jars from Maven Central"
    (cd "$here/jvm" && mvn -q -B dependency:copy-dependencies -DincludeScope=runtime)
    for target in kafka zookeeper; do
      docker build -q --label "fabric-network.source=$jvm_source" --target "$target" -t "${jvm_images[$target]}" "$here/jvm" >/dev/null
    done
    say "${jvm_images[kafka]} and ${jvm_images[zookeeper]} built"
  fi
fi

if [[ $what == fabric || $what == all ]]; then
  if have fabric-network/fabric-orderer:2.5.12 && have fabric-network/fabric-peer:2.5.12; then
    say "fabric images present"
  else
    home=${FABRIC_HOME:-}
    for f in bin/orderer bin/peer config/orderer.yaml config/core.yaml builders/ccaas/bin/build; do
      [[ -n $home && -e "$home/$f" ]] || { echo "images: FABRIC_HOME must name a Fabric 2.5 release folder with $f" >&2; exit 1; }
    done
    ctx=$(mktemp -d)
    trap 'rm -rf "$ctx"' EXIT
    cp "$here/fabric/Dockerfile" "$ctx/"
    mkdir -p "$ctx/bin" "$ctx/config" "$ctx/builders/ccaas/bin"
    cp -L "$home/bin/orderer" "$home/bin/peer" "$ctx/bin/"
    cp -L "$home/config/orderer.yaml" "$home/config/core.yaml" "$ctx/config/"
    cp -L "$home"/builders/ccaas/bin/* "$ctx/builders/ccaas/bin/"
    docker build -q --target orderer -t fabric-network/fabric-orderer:2.5.12 "$ctx" >/dev/null
    docker build -q --target peer -t fabric-network/fabric-peer:2.5.12 "$ctx" >/dev/null
    say "fabric-network/fabric-orderer:2.5.12 and fabric-network/fabric-peer:2.5.12 built"
  fi
fi
