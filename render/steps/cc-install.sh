# shellcheck shell=bash
# Installs the package on every peer of $PEERS, all at once, each unless `queryinstalled` lists its ID.
# Each try checks first: an earlier try may have done the work though its CLI container never returned.
# shellcheck source=render/steps/peer-cli.sh
source "$STEPS_DIR/peer-cli.sh"
installed() { peer_cli lifecycle chaincode queryinstalled 2>/dev/null | grep -qF "Package ID: $CC_PACKAGE_ID,"; }
install_once() { installed || peer_cli lifecycle chaincode install "$CHANNEL_MOUNT/$CC_PACKAGE"; }
install() {
  local address=$1
  if installed; then
    echo "$address has $CC_PACKAGE_ID"
  else
    retry "$ORDERING_TRIES" install_once >&2
    echo "$address installed $CC_PACKAGE_ID"
  fi
}
each_peer install
