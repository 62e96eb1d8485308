# shellcheck shell=bash
# One configtxgen run with its own configtx.yaml (from stdin); prints the artifact's sha256.
set -euo pipefail
cfg=$(mktemp -d)
trap 'rm -rf "$cfg"' EXIT
# configtxgen reads the file of this name in -configPath.
cat >"$cfg/configtx.yaml"
mkdir -p "$OUT_DIR"
"$CONFIGTXGEN" -configPath "$cfg" -profile "$PROFILE" -channelID "$CHANNEL_ID" "$OUTPUT_FLAG" "$OUT_DIR/$OUT_FILE" >&2
sha256sum "$OUT_DIR/$OUT_FILE" | cut -d' ' -f1
