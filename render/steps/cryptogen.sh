# shellcheck shell=bash
# cryptogen: `generate` the first time, `extend` when crypto-config/ exists (it adds new nodes and keeps every
# existing key). Reads the crypto config ($CRYPTO_CONFIG) on stdin. Prints `<dir> <sha256 of its files>` for each folder in
# $DIGEST_DIRS. Keeps only tls/ of each folder of $TLS_ONLY_DIRS. Keeps $ORG_ADMINS_FILE (MSPID=admin msp folder, a line each) for every org it ever made.
set -euo pipefail
mkdir -p "$ARTIFACTS_DIR"
cd "$ARTIFACTS_DIR"
cat >"$CRYPTO_CONFIG"
if [ -d crypto-config ]; then
  "$CRYPTOGEN" extend --input=crypto-config --config="$CRYPTO_CONFIG" >&2
else
  "$CRYPTOGEN" generate --config="$CRYPTO_CONFIG" --output=crypto-config >&2
fi
# Every org whose crypto exists, with its admin's MSP folder, kept after the org leaves the stack: cryptogen
# keeps its keys, and its admin must still sign the config updates that take it out of its channels
# (channel-config.sh). A line of $ORG_ADMINS replaces an older one of the same org.
{ tr ' ' '\n' <<<"$ORG_ADMINS"; [ ! -f "$ORG_ADMINS_FILE" ] || cat "$ORG_ADMINS_FILE"; } | awk -F= 'NF == 2 && !seen[$1]++' | LC_ALL=C sort >"$ORG_ADMINS_FILE.new"
mv "$ORG_ADMINS_FILE.new" "$ORG_ADMINS_FILE"
# Nodes that need only a TLS key pair (TLS brokers, ZooKeeper nodes, the brokers' ZooKeeper client): cryptogen also
# made each an orderer's signing identity, which could sign blocks. It goes; cryptogen extend never makes a node
# whose folder exists again.
for d in ${TLS_ONLY_DIRS:-}; do rm -rf "crypto-config/$d/msp"; done
for d in $DIGEST_DIRS; do
  [ -d "crypto-config/$d" ] || { echo "cryptogen made no crypto-config/$d" >&2; exit 1; }
  printf '%s %s\n' "$d" "$(cd "crypto-config/$d" && find . -type f | LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum | cut -d' ' -f1)"
done
