#!/usr/bin/env bash
# Installs the Fabric 2.5.12 command-line tools into .tools/bin from the Go module proxy.
# Fabric's release tags are not Go-module versions, so the release is pinned by commit.
# Idempotent: a tool already present at the pinned commit is not rebuilt.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
FABRIC_COMMIT=${FABRIC_COMMIT:-af0b647fc99b}   # v2.5.12
BIN="$here/.tools/bin"
STAMP="$BIN/.fabric-$FABRIC_COMMIT"
tools=(cryptogen configtxgen configtxlator ${FABRIC_EXTRA_TOOLS:-})
mkdir -p "$BIN"
missing=()
for t in "${tools[@]}"; do
  [[ -x "$BIN/$t" && -e "$STAMP" ]] || missing+=("$t")
done
if ((${#missing[@]} == 0)); then
  echo "fabric tools: ${tools[*]} present in $BIN"
  exit 0
fi
command -v go >/dev/null || { echo "fabric tools: Go is required (https://go.dev/dl) to build ${missing[*]}" >&2; exit 1; }
echo "fabric tools: building ${missing[*]} at fabric@$FABRIC_COMMIT (first build takes minutes)"
for t in "${missing[@]}"; do
  GOBIN="$BIN" CGO_ENABLED=0 GOFLAGS=-mod=mod go install "github.com/hyperledger/fabric/cmd/$t@$FABRIC_COMMIT"
done
touch "$STAMP"
"$BIN/configtxgen" --version | head -3
