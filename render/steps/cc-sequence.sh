# shellcheck shell=bash
# Prints the sequence this package's definition has on the channel: the committed one when it already names
# this package (nothing to do), else the next one (0 + 1 for a chaincode not yet defined).
# shellcheck source=render/steps/peer-cli.sh
source "$STEPS_DIR/peer-cli.sh"
cli_start
committed_sequence() {
  local out
  if out=$(peer_cli lifecycle chaincode querycommitted -C "$CHANNEL" -n "$CC_NAME" 2>&1); then
    sed -n 's/.*Sequence: \([0-9][0-9]*\),.*/\1/p' <<<"$out"
  elif grep -q "namespace $CC_NAME is not defined" <<<"$out"; then
    echo 0
  else
    echo "$out" >&2
    return 1
  fi
}
committed=$(retry "$ORDERING_TRIES" committed_sequence)
if ((committed > 0)) && peer_cli lifecycle chaincode queryapproved -C "$CHANNEL" -n "$CC_NAME" --sequence "$committed" 2>/dev/null | grep -qF "$CC_PACKAGE_ID"; then
  echo "$committed"
else
  echo $((committed + 1))
fi
