# shellcheck shell=bash
# Joins every peer of $PEERS to the channel, all at once, each unless `peer channel list` already shows it.
# Each try checks first: an earlier try may have done the work though its CLI container never returned.
# shellcheck source=render/steps/peer-cli.sh
source "$STEPS_DIR/peer-cli.sh"
in_channel() { peer_cli channel list 2>/dev/null | grep -qx "$CHANNEL"; }
join_once() { in_channel || peer_cli channel join -b "$CHANNEL_MOUNT/$CHANNEL.block"; }
join() {
  local address=$1
  if in_channel; then
    echo "$address already in $CHANNEL"
  else
    retry "$ORDERING_TRIES" join_once >&2
    echo "$address joined $CHANNEL"
  fi
}
each_peer join
