# Applies the org's anchor-peer update unless the channel's current config block already names the org's
# anchor host as an anchor peer (the host appears in a config block only there).
# shellcheck source=render/steps/peer-cli.sh
source "$STEPS_DIR/peer-cli.sh"
config="$CHANNEL_MOUNT/$CHANNEL.config.block"
retry peer_cli channel fetch config "$config" -c "$CHANNEL" "${orderer_args[@]}" >/dev/null
host_config="$CHANNEL_DIR/$CHANNEL.config.block"
if grep -aq AnchorPeers "$host_config" && grep -aqF "$ANCHOR_HOST" "$host_config"; then
  echo "anchor peers of $ORG_MSP already set on $CHANNEL"
else
  retry peer_cli channel update -c "$CHANNEL" -f "$CHANNEL_MOUNT/$ANCHOR_TX" "${orderer_args[@]}" >&2
  echo "anchor peers of $ORG_MSP set on $CHANNEL"
fi
rm -f "$host_config"
