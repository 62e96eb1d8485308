# shellcheck shell=bash
# Makes one channel's live configuration match the stack config (run by bash -c as a Command step).
# Reads the channel's config from the orderers, lets channel-config.js work out the changes, and when there
# are any: computes the update with configtxlator, signs it with the admins the changed groups need, submits
# it, and reads the config back until it matches. Prints one JSON line: the live values and what changed.
# Env: NETWORK PEER_IMAGE CRYPTO_DIR CRYPTO_MOUNT STEPS_DIR CHANNEL ORDERER ORDERER_CA ORDERER_MSP_ID ORDERER_ADMIN_MSP
#      CONFIGTXGEN CONFIGTXLATOR CONFIGTX_DIR RECONCILE_JS ADMINS (MSPID=admin msp dir, space separated) ORG_ADMINS_FILE
#      and the desired values that channel-config.js reads (ORG_IDS among them).
# With CONFIG_FUNCTIONS_ONLY=1 it only defines its functions (fetch, submit_update ...) for the script that
# sources it (consensus.sh).
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/orgs"

# The peer CLI (peer-cli.sh) mounts this step's scratch folder as its second folder, at /work.
CHANNEL_DIR=$work
CHANNEL_MOUNT=/work
# shellcheck source=render/steps/peer-cli.sh
source "$STEPS_DIR/peer-cli.sh"
cli_start
orderer_admin=$(admin_identity "$ORDERER_MSP_ID" "$ORDERER_ADMIN_MSP")
# fetch FILE: the channel's current config, decoded, into $work/FILE.
fetch() {
  # An orderer that just started may not serve the channel yet.
  retry 40 peer_as "$orderer_admin" channel fetch config /work/config.block -c "$CHANNEL" "${orderer_args[@]}" >/dev/null
  "$CONFIGTXLATOR" proto_decode --input "$work/config.block" --type common.Block --output "$work/block.json"
  node "$RECONCILE_JS" extract "$work/block.json" "$work/$1"
}

# submit_update MSPID...: the update from $work/live.json to $work/desired.json (computed by configtxlator),
# signed by the admin of each MSPID named, submitted by the orderer admin. An org of $ADMINS signs as the stack's;
# an org that is leaving the stack signs its own removal while the cryptogen step's record of it ($ORG_ADMINS_FILE,
# its crypto kept) says where its admin is.
submit_update() {
  local f id a msp signer
  for f in live desired; do
    "$CONFIGTXLATOR" proto_encode --input "$work/$f.json" --type common.Config --output "$work/$f.pb"
  done
  "$CONFIGTXLATOR" compute_update --channel_id "$CHANNEL" --original "$work/live.pb" --updated "$work/desired.pb" --output "$work/update.pb"
  "$CONFIGTXLATOR" proto_decode --input "$work/update.pb" --type common.ConfigUpdate --output "$work/update.json"
  node "$RECONCILE_JS" envelope "$work/update.json" "$CHANNEL" "$work/envelope.json"
  "$CONFIGTXLATOR" proto_encode --input "$work/envelope.json" --type common.Envelope --output "$work/envelope.pb"
  for id in "$@"; do
    msp=""
    for a in $ADMINS; do [[ ${a%%=*} == "$id" ]] && msp=${a#*=}; done
    if [[ -z $msp ]]; then
      msp=$(awk -F= -v id="$id" '$1 == id { print $2 }' "$CONFIGTX_DIR/$ORG_ADMINS_FILE" 2>/dev/null || true)
      [[ -n $msp ]] || { echo "$CHANNEL: $id is not an org of the stack, and no crypto of it is kept: its admin does not sign" >&2; continue; }
      echo "$CHANNEL: $id is leaving the stack: its admin signs" >&2
    fi
    signer=$(admin_identity "$id" "$msp")
    peer_as "$signer" channel signconfigtx -f /work/envelope.pb >/dev/null 2>&1 || { peer_as "$signer" channel signconfigtx -f /work/envelope.pb >&2; return 1; }
  done
  # The orderer admin submits, and so signs too: it is the one the Orderer group's Admins policy names.
  retry 20 peer_as "$orderer_admin" channel update -f /work/envelope.pb -c "$CHANNEL" "${orderer_args[@]}" >/dev/null
}
[[ ${CONFIG_FUNCTIONS_ONLY:-} != 1 ]] || return 0

for id in $ORG_IDS; do
  "$CONFIGTXGEN" -configPath "$CONFIGTX_DIR" -printOrg "$id" >"$work/orgs/$id.json" 2>"$work/printorg.log" \
    || { cat "$work/printorg.log" >&2; exit 1; }
done
fetch live.json
plan=$(node "$RECONCILE_JS" plan "$work/live.json" "$work/orgs" "$work/desired.json")
signers=$(node "$RECONCILE_JS" field "$plan" signers)
if [[ $(node "$RECONCILE_JS" field "$plan" changes) == "" ]]; then
  echo "$CHANNEL: live config matches the stack" >&2
  node "$RECONCILE_JS" report "$plan" "$plan"
  exit 0
fi
node "$RECONCILE_JS" field "$plan" changes | sed "s/^/$CHANNEL: /" >&2
# shellcheck disable=SC2086 # one MSP ID a word
submit_update $signers
# The update is ordered through Kafka: read the config back until it matches, for up to ~60 s.
for _ in $(seq 20); do
  fetch after.json
  after=$(node "$RECONCILE_JS" plan "$work/after.json" "$work/orgs" "$work/again.json")
  if [[ $(node "$RECONCILE_JS" field "$after" changes) == "" ]]; then
    echo "$CHANNEL: updated; read back, it matches" >&2
    node "$RECONCILE_JS" report "$plan" "$after"
    exit 0
  fi
  sleep 3
done
echo "$CHANNEL: the update was accepted but the config read back still differs:" >&2
node "$RECONCILE_JS" field "$after" changes >&2
exit 1
