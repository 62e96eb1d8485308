# shellcheck shell=bash
# Installs the package on the peer unless `queryinstalled` lists its ID.
# shellcheck source=render/steps/peer-cli.sh
source "$STEPS_DIR/peer-cli.sh"
if peer_cli lifecycle chaincode queryinstalled 2>/dev/null | grep -qF "Package ID: $CC_PACKAGE_ID,"; then
  echo "$PEER_ADDRESS has $CC_PACKAGE_ID"
else
  retry "$ORDERING_TRIES" peer_cli lifecycle chaincode install "$CHANNEL_MOUNT/$CC_PACKAGE" >&2
  echo "$PEER_ADDRESS installed $CC_PACKAGE_ID"
fi
