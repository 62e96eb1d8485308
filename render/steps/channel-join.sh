# shellcheck shell=bash
# Joins the peer unless `peer channel list` already shows the channel.
# shellcheck source=render/steps/peer-cli.sh
source "$STEPS_DIR/peer-cli.sh"
if peer_cli channel list 2>/dev/null | grep -qx "$CHANNEL"; then
  echo "$PEER_ADDRESS already in $CHANNEL"
else
  retry "$ORDERING_TRIES" peer_cli channel join -b "$CHANNEL_MOUNT/$CHANNEL.block" >&2
  echo "$PEER_ADDRESS joined $CHANNEL"
fi
