# shellcheck shell=bash
# Approves the definition for the org unless `queryapproved` already shows this sequence with this package.
# shellcheck source=render/steps/peer-cli.sh
source "$STEPS_DIR/peer-cli.sh"
cli_start
approved() { peer_cli lifecycle chaincode queryapproved -C "$CHANNEL" -n "$CC_NAME" --sequence "$CC_SEQUENCE" 2>/dev/null | grep -qF "$CC_PACKAGE_ID"; }
if approved; then
  echo "$ORG_MSP has approved $CC_NAME $CC_VERSION sequence $CC_SEQUENCE"
else
  retry "$ORDERING_TRIES" unless_done approved peer_cli lifecycle chaincode approveformyorg -C "$CHANNEL" -n "$CC_NAME" -v "$CC_VERSION" \
    --sequence "$CC_SEQUENCE" --package-id "$CC_PACKAGE_ID" "${orderer_args[@]}" >&2
  echo "$ORG_MSP approved $CC_NAME $CC_VERSION sequence $CC_SEQUENCE"
fi
