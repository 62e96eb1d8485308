// The consensus step of an etcdraft network: Fabric 2.5's Kafka → Raft migration, done on the live channels,
// as one idempotent step that reads every channel's live ConsensusType first and carries on from there:
//   1. each channel (the system channel first) into maintenance mode (ConsensusType.State STATE_MAINTENANCE);
//   2. each channel's ConsensusType set to etcdraft with the Raft metadata (consenters and options), still in maintenance;
//   3. every orderer restarted, so that it starts its channels as Raft chains;
//   4. each channel (the system channel first) back to STATE_NORMAL, which a Raft leader must order;
//   5. each channel read back: etcdraft, STATE_NORMAL, and the block of step 4 ordered after those of steps 1-2.
// On a network that started on Raft, or one already migrated, every channel is found on etcdraft and
// normal, and the step changes nothing. A migration stopped half-way (an orderer or the engine killed) is
// carried on from where the channels are by the next run: nothing is left in maintenance mode silently.
import * as path from "path";
import { NetworkSpec, SYSTEM_CHANNEL, formatDuration } from "../config";
import { CRYPTO_MOUNT } from "./channels";

/** Every channel of the network, the system channel first (Fabric's order for maintenance mode). */
export const consensusChannels = (spec: NetworkSpec): string[] => [SYSTEM_CHANNEL, ...spec.channels.map((c) => c.name)];

/**
 * ConsensusType.metadata as configtxlator writes etcdraft's ConfigMetadata in JSON, with each certificate
 * as the absolute path of its file: the step puts the files' content in their place (they exist only once
 * cryptogen has run). The same consenters and options as the genesis block's (render/fabricConfig.ts).
 */
export function raftMetadata(spec: NetworkSpec) {
    const raft = spec.orderer.raft;
    if (!raft) {
        throw new Error("raftMetadata needs an etcdraft spec");
    }
    const cert = (file: string) => path.join(spec.paths.cryptoDir, file);
    return {
        consenters: raft.consenters.map((c) => ({ host: c.host, port: c.port, client_tls_cert: cert(c.clientTlsCert), server_tls_cert: cert(c.serverTlsCert) })),
        options: {
            tick_interval: formatDuration(raft.tickIntervalMs),
            election_tick: raft.electionTick,
            heartbeat_tick: raft.heartbeatTick,
            max_inflight_blocks: raft.maxInflightBlocks,
            snapshot_interval_size: raft.snapshotIntervalSize,
        },
    };
}

/** What a Kafka → Raft migration does, step by step, and what the user must not do meanwhile. */
export function migrationPlan(spec: NetworkSpec): string {
    const channels = consensusChannels(spec).join(", ");
    const orderers = spec.orderer.nodes.map((n) => n.hostname).join(", ");
    return [
        `orderer.type kafka → etcdraft: this up migrates the running network to Raft (Fabric 2.5's Kafka-to-Raft migration):`,
        `  1. every channel (${channels}) into maintenance mode;`,
        `  2. on every channel, consensus type etcdraft with ${spec.orderer.nodes.length} consenters (${orderers}) and the Raft options;`,
        `  3. every orderer restarted, as a Raft node;`,
        `  4. every channel out of maintenance mode, and each checked to order a block under Raft;`,
        `  5. then the ZooKeeper and Kafka containers and their volumes are removed.`,
        `Do not submit transactions meanwhile: a channel in maintenance mode refuses them. The migration is one way: there is no going back to Kafka.`,
    ].join("\n");
}

/** Env of the consensus step: the orderer org's admin with the peer CLI on the stack network, and what to set. */
export function consensusStepEnv(spec: NetworkSpec): Record<string, string> {
    const admin = `${CRYPTO_MOUNT}/${spec.ordererOrg.adminDir}/msp`;
    return {
        NETWORK: spec.names.network,
        PEER_IMAGE: spec.images.peer,
        CRYPTO_DIR: spec.paths.cryptoDir,
        CHANNELS: consensusChannels(spec).join(" "),
        ORDERER: spec.orderer.endpoints[0],
        ORDERER_CA: `${CRYPTO_MOUNT}/${spec.ordererOrg.tlsCaFile}`,
        CLI_ENV: [`CORE_PEER_LOCALMSPID=${spec.ordererOrg.mspId}`, `CORE_PEER_MSPCONFIGPATH=${admin}`, "CORE_PEER_TLS_ENABLED=true"].join(" "),
        ORDERER_CONTAINERS: spec.orderer.nodes.map((n) => n.containerName).join(" "),
        RAFT_METADATA: JSON.stringify(raftMetadata(spec)),
    };
}

/**
 * Node.js helper of the step (written to a scratch file): `state <block.json> <config.json>` prints
 * "<type> <state> <block number>" of a decoded config block and writes its config; `edit <config.json>
 * <out.json> <maintenance|etcdraft|normal>` writes the config with that change of ConsensusType;
 * `envelope <channel> <update.json> <out.json>` wraps a config update in a config-update envelope.
 */
export const CONFIG_JS = `const fs = require("fs");
const [op, a, b, c] = process.argv.slice(2);
const read = (f) => JSON.parse(fs.readFileSync(f, "utf8"));
if (op === "state") {
  const block = read(a);
  const config = block.data.data[0].payload.data.config;
  fs.writeFileSync(b, JSON.stringify(config));
  const ct = config.channel_group.groups.Orderer.values.ConsensusType.value;
  console.log([ct.type, ct.state || "STATE_NORMAL", block.header.number || "0"].join(" "));
} else if (op === "edit") {
  const config = read(a);
  const ct = config.channel_group.groups.Orderer.values.ConsensusType.value;
  if (c === "maintenance") ct.state = "STATE_MAINTENANCE";
  if (c === "normal") ct.state = "STATE_NORMAL";
  if (c === "etcdraft") {
    const m = JSON.parse(process.env.RAFT_METADATA);
    for (const k of m.consenters) {
      k.client_tls_cert = fs.readFileSync(k.client_tls_cert).toString("base64");
      k.server_tls_cert = fs.readFileSync(k.server_tls_cert).toString("base64");
    }
    ct.type = "etcdraft";
    ct.metadata = m;
  }
  fs.writeFileSync(b, JSON.stringify(config));
} else if (op === "envelope") {
  const update = read(b);
  fs.writeFileSync(c, JSON.stringify({ payload: { header: { channel_header: { channel_id: a, type: 2 } }, data: { config_update: update } } }));
}`;

export const CONSENSUS_SCRIPT = `set -euo pipefail
work=$(mktemp -d)
# One CLI container for the whole step, the peer CLI run in it by docker exec (far quicker than a run each).
cli="$NETWORK-consensus-cli"
trap 'docker rm -f "$cli" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
cat > "$work/config.js" <<'JS'
${CONFIG_JS}
JS
env_args=()
for e in $CLI_ENV; do env_args+=(-e "$e"); done
docker rm -f "$cli" >/dev/null 2>&1 || true
docker run -d --name "$cli" --network "$NETWORK" -v "$CRYPTO_DIR:${CRYPTO_MOUNT}:ro" -v "$work:/work" "\${env_args[@]}" --entrypoint sleep "$PEER_IMAGE" 3600 >/dev/null
admin_cli() { docker exec "$cli" peer "$@"; }
orderer_args=(-o "$ORDERER" --tls --cafile "$ORDERER_CA")
# Bounded: 40 tries 3 s apart (orderers restarting, a Raft leader being elected).
retry() { local i out; for i in $(seq 40); do out=$("$@" 2>&1) && { echo "$out"; return 0; }; sleep 3; done; echo "$out" >&2; return 1; }
# "<type> <state> <block>" of the channel's live config; its config in $work/<channel>.json.
live() {
  admin_cli channel fetch config "/work/$1.block" -c "$1" "\${orderer_args[@]}" >/dev/null 2>&1 || return 1
  "$CONFIGTXLATOR" proto_decode --type common.Block --input "$work/$1.block" --output "$work/$1.block.json"
  node "$work/config.js" state "$work/$1.block.json" "$work/$1.json"
}
# Submits one change of the channel's ConsensusType (maintenance, etcdraft or normal), signed by the orderer org's
# admin, on the config that $work/<channel>.json holds, then waits (bounded) until the live config shows it.
change() {
  local ch=$1 what=$2 want t s b i
  node "$work/config.js" edit "$work/$ch.json" "$work/$ch.new.json" "$what" &&
    "$CONFIGTXLATOR" proto_encode --type common.Config --input "$work/$ch.json" --output "$work/$ch.pb" &&
    "$CONFIGTXLATOR" proto_encode --type common.Config --input "$work/$ch.new.json" --output "$work/$ch.new.pb" &&
    "$CONFIGTXLATOR" compute_update --channel_id "$ch" --original "$work/$ch.pb" --updated "$work/$ch.new.pb" --output "$work/$ch.update.pb" &&
    "$CONFIGTXLATOR" proto_decode --type common.ConfigUpdate --input "$work/$ch.update.pb" --output "$work/$ch.update.json" &&
    node "$work/config.js" envelope "$ch" "$work/$ch.update.json" "$work/$ch.env.json" &&
    "$CONFIGTXLATOR" proto_encode --type common.Envelope --input "$work/$ch.env.json" --output "$work/$ch.env.pb" &&
    admin_cli channel update -f "/work/$ch.env.pb" -c "$ch" "\${orderer_args[@]}" >/dev/null 2>&1 || return 1
  case $what in maintenance) want=STATE_MAINTENANCE ;; etcdraft) want=etcdraft ;; normal) want=STATE_NORMAL ;; esac
  for i in $(seq 20); do
    read -r t s b < <(live "$ch" || echo "- - -")
    if [[ $t == "$want" || $s == "$want" ]] && [[ $what != etcdraft || $s == STATE_MAINTENANCE ]]; then
      echo "$ch: $what" >&2
      return 0
    fi
    sleep 1
  done
  echo "$ch: the live config does not show the change to $what" >&2
  return 1
}
change_to() { change "$2" "$1"; }
# Runs "$@" <channel> for each channel named in $todo: the system channel first, then the others side by side.
each() {
  local ch pids=() failed=0
  for ch in $todo; do [[ $ch == "$system" ]] && { "$@" "$ch" || return 1; }; done
  for ch in $todo; do [[ $ch == "$system" ]] || { "$@" "$ch" & pids+=($!); }; done
  for ch in "\${pids[@]}"; do wait "$ch" || failed=1; done
  return $failed
}
declare -A type state block
read_all() {
  local ch t s b
  for ch in $CHANNELS; do retry live "$ch" > "$work/$ch.state" & done
  wait
  for ch in $CHANNELS; do
    read -r t s b < "$work/$ch.state" || true
    [[ -n $t ]] || { echo "$ch: its live config cannot be read from $ORDERER" >&2; exit 1; }
    type[$ch]=$t state[$ch]=$s block[$ch]=$b
  done
}
# The channels whose "<type> <state>" matches the pattern $1 (a glob, e.g. "kafka *").
# shellcheck disable=SC2053
pick() { local ch out=""; for ch in $CHANNELS; do [[ "\${type[$ch]} \${state[$ch]}" == $1 ]] && out="$out $ch"; done; echo "$out"; }
# shellcheck disable=SC2086
set -- $CHANNELS
system=$1
read_all
for ch in $CHANNELS; do echo "$ch: \${type[$ch]} \${state[$ch]} at block \${block[$ch]}" >&2; done
# 1. Maintenance mode; 2. the consensus type, still in maintenance.
todo=$(pick "kafka STATE_NORMAL")
[[ -z $todo ]] || each change_to maintenance || { echo "maintenance mode failed on:$todo" >&2; exit 1; }
todo=$(pick "kafka *")
migrated=$todo
[[ -z $todo ]] || each change_to etcdraft || { echo "the consensus type change failed on:$todo" >&2; exit 1; }
read_all
for ch in $CHANNELS; do
  [[ \${type[$ch]} == etcdraft ]] || { echo "$ch: consensus type is still \${type[$ch]}" >&2; exit 1; }
done
# 3. Every orderer restarted as a Raft node, when a channel waits in maintenance for it.
waiting=$(pick "etcdraft STATE_MAINTENANCE")
if [[ -n $waiting ]]; then
  declare -A switched
  for ch in $CHANNELS; do switched[$ch]=\${block[$ch]}; done
  # shellcheck disable=SC2086
  docker restart $ORDERER_CONTAINERS >/dev/null
  for c in $ORDERER_CONTAINERS; do
    for i in $(seq 60); do
      [[ $(docker inspect -f '{{.State.Health.Status}}' "$c") == healthy ]] && break
      [[ $i == 60 ]] && { echo "$c not healthy 180 s after its restart" >&2; exit 1; }
      sleep 3
    done
  done
  echo "orderers restarted:$waiting in maintenance" >&2
  # 4. Out of maintenance: a Raft leader of each channel orders this change (retried while one is elected).
  todo=$waiting
  each retry change_to normal >/dev/null || { echo "leaving maintenance mode failed on:$todo" >&2; exit 1; }
  # 5. Each channel on etcdraft, in normal mode, with a block ordered under Raft.
  read_all
  for ch in $CHANNELS; do
    if [[ \${type[$ch]} != etcdraft || \${state[$ch]} != STATE_NORMAL ]]; then
      echo "$ch: \${type[$ch]} \${state[$ch]} after the migration" >&2
      exit 1
    fi
    if [[ " $waiting " == *" $ch "* ]] && (( \${block[$ch]} <= \${switched[$ch]} )); then
      echo "$ch: no block ordered under Raft (config block \${block[$ch]})" >&2
      exit 1
    fi
  done
fi
for ch in $CHANNELS; do echo "$ch: \${type[$ch]} \${state[$ch]} at block \${block[$ch]}" >&2; done
if [[ -n $migrated$waiting ]]; then
  echo "migrated to etcdraft:$waiting"
else
  echo "every channel on etcdraft: $CHANNELS"
fi`;
