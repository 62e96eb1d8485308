#!/usr/bin/env bash
# The seed's steps on Fabric 2.5, as fast as an honest hand-rolled script: crypto material and channel
# artifacts, `docker-compose up`, then channel create/join/anchor per org in parallel and the chaincode
# lifecycle of mycc (as a service) on channel1, init a=100 b=200, invoke b->a 1, query a = 101.
# Readiness is polled (every 0.2 s, bounded), never slept. Each step prints
# `STEP <name> <start> <end>` (seconds since the script started) for the benchmark.
#   run.sh up     bring it up from nothing (removes a previous run first)
#   run.sh down   remove containers, network and volumes
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export ARTIFACTS=${BASELINE_DIR:-$root/reports/baseline}
PROJECT=fabric-baseline
# docker-compose gives up on a Docker API call after 60 s by default: a loaded engine can take longer.
export COMPOSE_HTTP_TIMEOUT=${COMPOSE_HTTP_TIMEOUT:-300}
compose() { docker-compose -f "$here/docker-compose.yaml" -p "$PROJECT" "$@"; }
t0=$(date +%s%N)
# Seconds since the start, to the hundredth.
now() { local cs=$(( ($(date +%s%N) - t0) / 10000000 )); printf '%d.%02d' $((cs / 100)) $((cs % 100)); }
# step NAME COMMAND...: runs the command, prints its span.
step() {
  local name=$1 start end; shift
  start=$(now)
  "$@"
  end=$(now)
  echo "STEP $name $start $end"
}
# until_ok SECONDS COMMAND...: polls the command every 0.2 s until it succeeds; fails after SECONDS.
until_ok() {
  local limit=$1 deadline; shift
  deadline=$(( $(date +%s) + limit ))
  until "$@" >/dev/null 2>&1; do
    if (( $(date +%s) > deadline )); then
      echo "gave up after ${limit}s: $*" >&2
      "$@" >&2 || true
      return 1
    fi
    sleep 0.2
  done
}
# parallel COMMAND...: each argument a command line run in the background; fails if any fails.
parallel() {
  local pids=() p rc=0
  for c in "$@"; do eval "$c" & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p" || rc=1; done
  return $rc
}

down() {
  MYCC_PACKAGE_ID=none compose down -v --remove-orphans -t 3 >/dev/null 2>&1 || true
}

if [[ ${1:-up} == down ]]; then
  down
  rm -rf "$ARTIFACTS"
  exit 0
fi

cryptogen=${FABRIC_BIN:+$FABRIC_BIN/}cryptogen
configtxgen=${FABRIC_BIN:+$FABRIC_BIN/}configtxgen
cli_container=${PROJECT}_cli_1
ORDERER_CA=/crypto/ordererOrganizations/example.com/orderers/orderer0.example.com/msp/tlscacerts/tlsca.example.com-cert.pem

down
rm -rf "$ARTIFACTS"
mkdir -p "$ARTIFACTS/channel-artifacts"
cp "$here/crypto-config.yaml" "$here/configtx.yaml" "$ARTIFACTS/"
cd "$ARTIFACTS"
t0=$(date +%s%N)

# --- artifacts: cryptogen, then the seven configtxgen outputs at once; the CCAAS package beside them.
gen() { "$configtxgen" -configPath "$ARTIFACTS" "$@" 2>/dev/null; }
artifacts() {
  "$cryptogen" generate --config=crypto-config.yaml --output=crypto-config >/dev/null
  local jobs=("gen -profile ThreeOrgsOrdererGenesis -channelID system-channel -outputBlock channel-artifacts/genesis.block")
  for n in 1 2 3; do
    jobs+=("gen -profile Orgs${n}Channel -channelID channel$n -outputCreateChannelTx channel-artifacts/channel$n.tx")
    jobs+=("gen -profile Orgs${n}Channel -channelID channel$n -outputAnchorPeersUpdate channel-artifacts/Org${n}MSPanchors.tx -asOrg Org${n}MSP")
  done
  parallel "${jobs[@]}"
}
package() {
  local work; work=$(mktemp -d)
  printf '{"address":"mycc.example.com:9999","dial_timeout":"10s","tls_required":false}' > "$work/connection.json"
  tar -C "$work" -czf "$work/code.tar.gz" connection.json
  printf '{"type":"ccaas","label":"mycc_1.0"}' > "$work/metadata.json"
  tar -C "$work" -czf channel-artifacts/mycc.tar.gz metadata.json code.tar.gz
  rm -rf "$work"
  echo "mycc_1.0:$(sha256sum channel-artifacts/mycc.tar.gz | cut -d' ' -f1)" > mycc.id
}
step artifacts parallel artifacts package
export MYCC_PACKAGE_ID; MYCC_PACKAGE_ID=$(cat mycc.id)

# --- containers: everything at once as the seed does, but the orderers once ZooKeeper has a quorum: an
# orderer gives up on Kafka after its retry window (30 s short, 100 s long), which a slow start can outlast.
orderers=(orderer0.example.com orderer1.example.com orderer2.example.com)
others() { compose config --services | grep -v '^orderer'; }
# shellcheck disable=SC2046
step compose-up compose up -d --no-build --quiet-pull $(others)

# --- readiness, polled.
zk() { docker exec "${PROJECT}_zookeeper$1.example.com_1" bash -c "exec 3<>/dev/tcp/127.0.0.1/2181; echo $2 >&3; cat <&3"; }
zk_serving() { zk "$1" srvr | grep -Eq 'Mode: (leader|follower)'; }
brokers_registered() { [[ $(zk 0 dump | grep -c '/brokers/ids/') -eq 4 ]]; }
orderer_serving() { docker logs "${PROJECT}_orderer$1.example.com_1" 2>&1 | grep -q '\[channel: system-channel\] Start phase completed successfully'; }
step zookeeper-quorum parallel "until_ok 120 zk_serving 0" "until_ok 120 zk_serving 1" "until_ok 120 zk_serving 2"
step orderers-up compose up -d --no-build --quiet-pull "${orderers[@]}"
step brokers-registered until_ok 180 brokers_registered
step orderers-serving parallel "until_ok 180 orderer_serving 0" "until_ok 180 orderer_serving 1" "until_ok 180 orderer_serving 2"

# --- the peer CLI in the cli container, as org N's admin against peer P.
as_admin() {
  local org=$1 p=$2; shift 2
  docker exec \
    -e CORE_PEER_LOCALMSPID="Org${org}MSP" \
    -e CORE_PEER_ADDRESS="peer$p.org$org.example.com:7051" \
    -e CORE_PEER_MSPCONFIGPATH="/crypto/peerOrganizations/org$org.example.com/users/Admin@org$org.example.com/msp" \
    -e CORE_PEER_TLS_ROOTCERT_FILE="/crypto/peerOrganizations/org$org.example.com/peers/peer$p.org$org.example.com/tls/ca.crt" \
    "$cli_container" peer "$@"
}
orderer_args() { echo "-o orderer$(( $1 - 1 )).example.com:7050 --tls --cafile $ORDERER_CA"; }

# One org's channel: create (retried until Kafka takes the channel's first write), then both peers join.
create_join() {
  local n=$1
  # shellcheck disable=SC2046
  step "channel$n-create" until_ok 120 as_admin "$n" 0 channel create -c "channel$n" -f "/channel-artifacts/channel$n.tx" \
    --outputBlock "/channel-artifacts/channel$n.block" $(orderer_args "$n")
  step "channel$n-join" parallel "until_ok 60 as_admin $n 0 channel join -b /channel-artifacts/channel$n.block" \
    "until_ok 60 as_admin $n 1 channel join -b /channel-artifacts/channel$n.block"
}
anchors() {
  # shellcheck disable=SC2046
  step "channel$1-anchors" until_ok 60 as_admin "$1" 0 channel update -c "channel$1" -f "/channel-artifacts/Org${1}MSPanchors.tx" $(orderer_args "$1")
}
install() {
  step mycc-install parallel "until_ok 60 as_admin 1 0 lifecycle chaincode install /channel-artifacts/mycc.tar.gz" \
    "until_ok 60 as_admin 1 1 lifecycle chaincode install /channel-artifacts/mycc.tar.gz"
}
peer1_args="--peerAddresses peer0.org1.example.com:7051 --tlsRootCertFiles /crypto/peerOrganizations/org1.example.com/peers/peer0.org1.example.com/tls/ca.crt"
# Approve and commit need channel1 joined, not the anchor update nor the install.
approve_commit() {
  # shellcheck disable=SC2046
  step mycc-approve until_ok 60 as_admin 1 0 lifecycle chaincode approveformyorg -C channel1 -n mycc -v 1.0 --sequence 1 \
    --package-id "$MYCC_PACKAGE_ID" $(orderer_args 1)
  # shellcheck disable=SC2046,SC2086
  step mycc-commit until_ok 60 as_admin 1 0 lifecycle chaincode commit -C channel1 -n mycc -v 1.0 --sequence 1 $peer1_args $(orderer_args 1)
}
channel1() {
  create_join 1
  parallel "anchors 1" approve_commit
}
# Every org's channel at once; the install needs only the peers, so it runs beside them.
step channels parallel channel1 "create_join 2; anchors 2" "create_join 3; anchors 3" install
# shellcheck disable=SC2046,SC2086
step mycc-init until_ok 60 as_admin 1 0 chaincode invoke -C channel1 -n mycc -c '{"Args":["init","a","100","b","200"]}' \
  --waitForEvent $peer1_args $(orderer_args 1)
# shellcheck disable=SC2046,SC2086
step invoke as_admin 1 0 chaincode invoke -C channel1 -n mycc -c '{"Args":["invoke","b","a","1"]}' --waitForEvent $peer1_args $(orderer_args 1)
a=$(as_admin 1 0 chaincode query -C channel1 -n mycc -c '{"Args":["query","a"]}')
echo "STEP done $(now) $(now)"
echo "a=$a"
[[ $a == 101 ]]
