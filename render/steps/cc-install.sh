# shellcheck shell=bash
# Installs the package on every peer of $PEERS, all at once, each unless `queryinstalled` lists its ID.
# shellcheck source=render/steps/peer-cli.sh
source "$STEPS_DIR/peer-cli.sh"
cli_start
installed() { peer_cli lifecycle chaincode queryinstalled 2>/dev/null | grep -qF "Package ID: $CC_PACKAGE_ID,"; }
install() {
  local address=$1
  if installed; then
    echo "$address has $CC_PACKAGE_ID"
  else
    retry "$ORDERING_TRIES" unless_done installed peer_cli lifecycle chaincode install "$CHANNEL_MOUNT/$CC_PACKAGE" >&2
    echo "$address installed $CC_PACKAGE_ID"
  fi
}
each_peer install
