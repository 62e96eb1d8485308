# shellcheck shell=bash
# Creates the channel unless its genesis block can already be fetched; leaves <channel>.block either way.
# The fetch is tried again before each create: a create the orderers carried out but whose answer was lost
# (a slow host, a time-out) leaves a channel that a second create is refused on and only a fetch finds.
# shellcheck source=render/steps/peer-cli.sh
source "$STEPS_DIR/peer-cli.sh"
cli_start
fetch_or_create() {
  local out
  if peer_cli channel fetch 0 "$CHANNEL_MOUNT/$CHANNEL.block" -c "$CHANNEL" "${orderer_args[@]}" >/dev/null 2>&1; then
    echo "channel $CHANNEL exists"
    return 0
  fi
  out=$(peer_cli channel create -c "$CHANNEL" -f "$CHANNEL_MOUNT/$CHANNEL.tx" --outputBlock "$CHANNEL_MOUNT/$CHANNEL.block" "${orderer_args[@]}" 2>&1) ||
    { echo "$out"; return 1; }
  echo "channel $CHANNEL created"
}
retry "$ORDERING_TRIES" fetch_or_create
