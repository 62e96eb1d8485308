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
trap 'rm -rf "$work"' EXIT
cat > "$work/config.js" <<'JS'
${CONFIG_JS}
JS
admin_cli() {
  local env_args=() e
  for e in $CLI_ENV; do env_args+=(-e "$e"); done
  docker run --rm --network "$NETWORK" -v "$CRYPTO_DIR:${CRYPTO_MOUNT}:ro" -v "$work:/work" "\${env_args[@]}" --entrypoint peer "$PEER_IMAGE" "$@"
}
orderer_args=(-o "$ORDERER" --tls --cafile "$ORDERER_CA")
# Bounded: 40 tries 3 s apart (orderers restarting, a Raft leader being elected).
retry() { local i out; for i in $(seq 40); do out=$("$@" 2>&1) && { echo "$out"; return 0; }; sleep 3; done; echo "$out" >&2; return 1; }
# "<type> <state> <block>" of the channel's live config; its config in $work/<channel>.json.
live() {
  admin_cli channel fetch config "/work/$1.block" -c "$1" "\${orderer_args[@]}" >/dev/null 2>&1 || return 1
  "$CONFIGTXLATOR" proto_decode --type common.Block --input "$work/$1.block" --output "$work/$1.block.json"
  node "$work/config.js" state "$work/$1.block.json" "$work/$1.json"
}
# Submits one change of the channel's ConsensusType (maintenance, etcdraft or normal), signed by the orderer org's admin.
change() {
  local ch=$1 what=$2
  retry live "$ch" >/dev/null
  node "$work/config.js" edit "$work/$ch.json" "$work/$ch.new.json" "$what"
  "$CONFIGTXLATOR" proto_encode --type common.Config --input "$work/$ch.json" --output "$work/$ch.pb"
  "$CONFIGTXLATOR" proto_encode --type common.Config --input "$work/$ch.new.json" --output "$work/$ch.new.pb"
  "$CONFIGTXLATOR" compute_update --channel_id "$ch" --original "$work/$ch.pb" --updated "$work/$ch.new.pb" --output "$work/$ch.update.pb"
  "$CONFIGTXLATOR" proto_decode --type common.ConfigUpdate --input "$work/$ch.update.pb" --output "$work/$ch.update.json"
  node "$work/config.js" envelope "$ch" "$work/$ch.update.json" "$work/$ch.env.json"
  "$CONFIGTXLATOR" proto_encode --type common.Envelope --input "$work/$ch.env.json" --output "$work/$ch.env.pb"
  admin_cli channel update -f "/work/$ch.env.pb" -c "$ch" "\${orderer_args[@]}" >&2
  # The next change reads this one's config: wait (bounded) until the channel's live config shows it.
  local want t s b i
  case $what in maintenance) want="STATE_MAINTENANCE" ;; etcdraft) want="etcdraft" ;; normal) want="STATE_NORMAL" ;; esac
  for i in $(seq 20); do
    read -r t s b < <(live "$ch" || echo "- - -")
    [[ $t == "$want" || $s == "$want" ]] && [[ $what != etcdraft || $s == STATE_MAINTENANCE ]] && return 0
    sleep 1
  done
  echo "$ch: the live config does not show the change to $what" >&2
  return 1
}
declare -A type state block
read_all() {
  local ch t s b
  for ch in $CHANNELS; do
    read -r t s b < <(retry live "$ch")
    type[$ch]=$t state[$ch]=$s block[$ch]=$b
  done
}
read_all
for ch in $CHANNELS; do echo "$ch: \${type[$ch]} \${state[$ch]} at block \${block[$ch]}" >&2; done
migrated=""
# 1. Maintenance mode, the system channel first; 2. the consensus type, still in maintenance.
for ch in $CHANNELS; do
  if [[ \${type[$ch]} == kafka && \${state[$ch]} == STATE_NORMAL ]]; then
    change "$ch" maintenance
    echo "$ch: maintenance mode" >&2
  fi
done
for ch in $CHANNELS; do
  if [[ \${type[$ch]} == kafka ]]; then
    change "$ch" etcdraft
    echo "$ch: consensus type etcdraft" >&2
    migrated="$migrated $ch"
  fi
done
read_all
for ch in $CHANNELS; do
  [[ \${type[$ch]} == etcdraft ]] || { echo "$ch: consensus type is still \${type[$ch]}" >&2; exit 1; }
done
# 3. Restart every orderer as a Raft node, when a channel waits in maintenance for it.
waiting=""
for ch in $CHANNELS; do [[ \${state[$ch]} == STATE_MAINTENANCE ]] && waiting="$waiting $ch"; done
if [[ -n $waiting ]]; then
  declare -A switched
  for ch in $CHANNELS; do switched[$ch]=\${block[$ch]}; done
  docker restart $ORDERER_CONTAINERS >/dev/null
  for c in $ORDERER_CONTAINERS; do
    for i in $(seq 60); do
      [[ $(docker inspect -f '{{.State.Health.Status}}' "$c") == healthy ]] && break
      [[ $i == 60 ]] && { echo "$c not healthy 180 s after its restart" >&2; exit 1; }
      sleep 3
    done
  done
  echo "orderers restarted:$waiting in maintenance" >&2
  # 4. Out of maintenance, the system channel first: a Raft leader orders this change.
  for ch in $waiting; do
    retry change "$ch" normal >/dev/null
    echo "$ch: out of maintenance mode" >&2
  done
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
for ch in $CHANNELS; do echo "$ch: etcdraft \${state[$ch]} at block \${block[$ch]}" >&2; done
if [[ -n $migrated$waiting ]]; then
  echo "migrated to etcdraft:$waiting"
else
  echo "every channel on etcdraft: $CHANNELS"
fi`;
