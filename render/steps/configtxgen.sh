# One configtxgen run with its own configtx.yaml (from stdin); prints the artifact's sha256.
set -euo pipefail
cfg=$(mktemp -d)
trap 'rm -rf "$cfg"' EXIT
# configtxgen reads the file of this name in -configPath.
cat >"$cfg/configtx.yaml"
mkdir -p "$OUT_DIR"
# shellcheck disable=SC2086 # OUTPUT_FLAG and AS_ORG are flags, AS_ORG empty or two words
"$CONFIGTXGEN" -configPath "$cfg" -profile "$PROFILE" -channelID "$CHANNEL_ID" $OUTPUT_FLAG "$OUT_DIR/$OUT_FILE" $AS_ORG >&2
sha256sum "$OUT_DIR/$OUT_FILE" | cut -d' ' -f1
