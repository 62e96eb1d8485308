# shellcheck shell=bash
# Commits the definition (endorsed by a peer of every org) unless `querycommitted` shows this sequence.
# shellcheck source=render/steps/peer-cli.sh
source "$STEPS_DIR/peer-cli.sh"
cli_start
committed() { peer_cli lifecycle chaincode querycommitted -C "$CHANNEL" -n "$CC_NAME" 2>/dev/null | grep -q "Sequence: $CC_SEQUENCE,"; }
if committed; then
  echo "$CC_NAME sequence $CC_SEQUENCE is committed on $CHANNEL"
else
  endorser_args
  retry "$ORDERING_TRIES" peer_cli lifecycle chaincode checkcommitreadiness -C "$CHANNEL" -n "$CC_NAME" -v "$CC_VERSION" --sequence "$CC_SEQUENCE" >&2
  retry "$ORDERING_TRIES" unless_done committed peer_cli lifecycle chaincode commit -C "$CHANNEL" -n "$CC_NAME" -v "$CC_VERSION" \
    --sequence "$CC_SEQUENCE" "${peer_args[@]}" "${orderer_args[@]}" >&2
  echo "$CC_NAME sequence $CC_SEQUENCE committed on $CHANNEL"
fi
