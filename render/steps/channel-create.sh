# shellcheck shell=bash
# Creates the channel unless its genesis block can already be fetched; leaves <channel>.block either way.
# The fetch is tried again before each create: a create the orderers carried out but whose answer was lost
# (a slow host, Kafka's topic for the new channel not ready within the CLI's wait for block 0) leaves a channel
# that a second create is refused on and only a fetch finds. Such a channel was created by this step, and says so:
# a try that finds the channel after an earlier try of the same step sent its create reports it created, and only a
# step that finds it before sending any create reports it there already.
# shellcheck source=render/steps/peer-cli.sh
source "$STEPS_DIR/peer-cli.sh"
sent=$(mktemp)
trap 'rm -f "$sent"' EXIT
cli_start
fetch_or_create() {
  local out
  if peer_cli channel fetch 0 "$CHANNEL_MOUNT/$CHANNEL.block" -c "$CHANNEL" "${orderer_args[@]}" >/dev/null 2>&1; then
    if [[ -s $sent ]]; then echo "channel $CHANNEL created"; else echo "channel $CHANNEL exists"; fi
    return 0
  fi
  echo sent >"$sent"
  out=$(peer_cli channel create -c "$CHANNEL" -f "$CHANNEL_MOUNT/$CHANNEL.tx" --outputBlock "$CHANNEL_MOUNT/$CHANNEL.block" "${orderer_args[@]}" 2>&1) ||
    { echo "$out"; return 1; }
  echo "channel $CHANNEL created"
}
retry "$ORDERING_TRIES" fetch_or_create
