# shellcheck shell=bash
# Runs the init transaction once: skipped when the chaincode already answers a query of its first key.
# shellcheck source=render/steps/peer-cli.sh
source "$STEPS_DIR/peer-cli.sh"
cli_start
holds_state() { peer_cli chaincode query -C "$CHANNEL" -n "$CC_NAME" -c "{\"Args\":[\"query\",\"$CC_INIT_PROBE\"]}" >/dev/null 2>&1; }
if holds_state; then
  echo "$CC_NAME on $CHANNEL holds state already"
else
  endorser_args
  retry "$ORDERING_TRIES" unless_done holds_state peer_cli chaincode invoke -C "$CHANNEL" -n "$CC_NAME" -c "$CC_INIT_JSON" --waitForEvent \
    "${peer_args[@]}" "${orderer_args[@]}" >&2
  echo "$CC_NAME on $CHANNEL initialised"
fi
