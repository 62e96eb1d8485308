# shellcheck shell=bash
# Creates the channel unless its genesis block can already be fetched; leaves <channel>.block either way.
# shellcheck source=render/steps/peer-cli.sh
source "$STEPS_DIR/peer-cli.sh"
if peer_cli channel fetch 0 "$CHANNEL_MOUNT/$CHANNEL.block" -c "$CHANNEL" "${orderer_args[@]}" >/dev/null 2>&1; then
  echo "channel $CHANNEL exists"
else
  retry "$ORDERING_TRIES" peer_cli channel create -c "$CHANNEL" -f "$CHANNEL_MOUNT/$CHANNEL.tx" --outputBlock "$CHANNEL_MOUNT/$CHANNEL.block" "${orderer_args[@]}" >&2
  echo "channel $CHANNEL created"
fi
