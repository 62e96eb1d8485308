#!/usr/bin/env bash
# Makes Fabric 2.5.12's binaries available to the project. In order:
#  1. a Fabric named by FABRIC_BIN / FABRIC_HOME, or cryptogen, configtxgen and configtxlator on PATH
#     (scripts/fabric-home.sh finds the release folder of a `peer` on PATH): used as they are;
#     or the project's release folder (.fabric/, or FABRIC_RELEASE_DIR) that a previous run filled;
#  2. Fabric's official release archive for this platform (FABRIC_RELEASE_URL overrides the address),
#     unpacked into that folder. Fabric publishes no checksum for its archives (its release workflow
#     uploads the .tar.gz files only); set FABRIC_RELEASE_SHA256 to have the archive checked against yours;
# It never builds Fabric: binaries come from the user or from Fabric's own release channel.
# Where all fail it stops with one message: what was tried, and how to point the project at binaries.
# Afterwards `source scripts/fabric-home.sh` exports FABRIC_HOME/FABRIC_BIN for the folder used.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
FABRIC_VERSION=2.5.12
DEST=${FABRIC_RELEASE_DIR:-$here/.fabric}
tools=(cryptogen configtxgen configtxlator)

say() { echo "fabric tools: $*"; }

# Step 1: a Fabric the user already has.
source "$here/scripts/fabric-home.sh"
found() {
  local t
  for t in "${tools[@]}"; do
    command -v "${FABRIC_BIN:+$FABRIC_BIN/}$t" >/dev/null 2>&1 || return 1
  done
}
if found; then
  list=$(for t in "${tools[@]}"; do command -v "${FABRIC_BIN:+$FABRIC_BIN/}$t"; done | paste -sd' ')
  say "using $list${FABRIC_HOME:+ (release folder $FABRIC_HOME)}"
  exit 0
fi
if [[ -n ${FABRIC_BIN:-} ]]; then
  echo "fabric tools: FABRIC_BIN=$FABRIC_BIN lacks one of ${tools[*]}; point FABRIC_BIN (or FABRIC_HOME) at a Fabric 2.5 release's bin folder (or release folder), or unset it to have them installed" >&2
  exit 1
fi

# complete <dir>: <dir> has the release layout the project uses.
complete() {
  local f
  for f in bin/peer bin/orderer "${tools[@]/#/bin/}" builders/ccaas/bin/build builders/ccaas/bin/detect builders/ccaas/bin/release; do
    [[ -x $1/$f ]] || return 1
  done
  for f in config/core.yaml config/orderer.yaml config/configtx.yaml; do
    [[ -f $1/$f ]] || return 1
  done
}

tried=()
stage=$(mktemp -d "${TMPDIR:-/tmp}/fabric-release.XXXXXX")
trap 'rm -rf "$stage"' EXIT
# install_from <dir>: moves a complete release folder into place.
install_from() {
  complete "$1" || return 1
  rm -rf "$DEST" && mkdir -p "$(dirname "$DEST")" && mv "$1" "$DEST"
}

# Step 2: Fabric's release archive.
os=$(uname -s | tr '[:upper:]' '[:lower:]')
case $(uname -m) in x86_64 | amd64) arch=amd64 ;; aarch64 | arm64) arch=arm64 ;; *) arch=$(uname -m) ;; esac
archive=hyperledger-fabric-$os-$arch-$FABRIC_VERSION.tar.gz
url=${FABRIC_RELEASE_URL:-https://github.com/hyperledger/fabric/releases/download/v$FABRIC_VERSION/$archive}
archive_failure() {
  if ! command -v curl >/dev/null; then echo "curl is not installed"; return; fi
  if ! curl -fsSL --connect-timeout 20 --max-time 600 -o "$stage/$archive" "$url" 2>"$stage/curl.err"; then
    echo "download failed: $(tail -1 "$stage/curl.err")"
    return
  fi
  if [[ -n ${FABRIC_RELEASE_SHA256:-} ]]; then
    local sum
    sum=$(sha256sum "$stage/$archive" | cut -d' ' -f1)
    [[ $sum == "$FABRIC_RELEASE_SHA256" ]] || { echo "SHA-256 $sum is not FABRIC_RELEASE_SHA256=$FABRIC_RELEASE_SHA256"; return; }
  fi
  mkdir -p "$stage/release"
  tar -xzf "$stage/$archive" -C "$stage/release" 2>"$stage/tar.err" || { echo "not a readable .tar.gz: $(tail -1 "$stage/tar.err")"; return; }
  install_from "$stage/release" || echo "the archive lacks the release layout (bin/ with peer, orderer, ${tools[*]}; config/ with core.yaml, orderer.yaml, configtx.yaml; builders/ccaas/bin/)"
}
say "downloading $url"
why=$(archive_failure)
if [[ -z $why ]]; then
  say "installed Fabric $FABRIC_VERSION from $url into $DEST$([[ -n ${FABRIC_RELEASE_SHA256:-} ]] && echo ' (SHA-256 checked)')"
  "$DEST/bin/configtxgen" --version | head -2
  exit 0
fi
tried+=("the release archive $url: $why")


{
  echo "fabric tools: Fabric $FABRIC_VERSION's binaries are not available. Tried:"
  echo "  - FABRIC_BIN / FABRIC_HOME (not set) and ${tools[*]} on PATH (not found);"
  echo "  - the release folder $DEST (not there);"
  for t in "${tried[@]}"; do echo "  - $t;"; done
  echo "  Point the project at a Fabric 2.5 release folder (bin/, config/, builders/ccaas/bin/):"
  echo "  FABRIC_HOME=/path/to/fabric (or put its bin/ on PATH, or FABRIC_BIN=/path/to/fabric/bin), and run again."
} >&2
exit 1
