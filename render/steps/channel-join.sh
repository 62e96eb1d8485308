# shellcheck shell=bash
# Joins every peer of $PEERS to the channel, all at once, each unless `peer channel list` already shows it.
# shellcheck source=render/steps/peer-cli.sh
source "$STEPS_DIR/peer-cli.sh"
cli_start
in_channel() { peer_cli channel list 2>/dev/null | grep -qx "$CHANNEL"; }
join() {
  local address=$1
  if in_channel; then
    echo "$address already in $CHANNEL"
  else
    retry "$ORDERING_TRIES" unless_done in_channel peer_cli channel join -b "$CHANNEL_MOUNT/$CHANNEL.block" >&2
    echo "$address joined $CHANNEL"
  fi
}
each_peer join
