# shellcheck shell=bash
# Writes the CCAAS package (metadata.json + code.tar.gz holding connection.json) into the channel artifacts
# folder, byte-for-byte the same for the same inputs, and prints its package ID.
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
det_tgz() { tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work" -c "$@" | gzip -n; }
printf '{"address":"%s","dial_timeout":"10s","tls_required":false}' "$CC_ADDRESS" >"$work/connection.json"
det_tgz connection.json >"$work/code.tar.gz"
printf '{"type":"ccaas","label":"%s"}' "$CC_LABEL" >"$work/metadata.json"
mkdir -p "$CHANNEL_DIR"
det_tgz metadata.json code.tar.gz >"$CHANNEL_DIR/$CC_PACKAGE"
echo "$CC_LABEL:$(sha256sum "$CHANNEL_DIR/$CC_PACKAGE" | cut -d' ' -f1)"
