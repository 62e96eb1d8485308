#!/usr/bin/env bash
# Installs Fabric 2.5.12's cryptogen, configtxgen and configtxlator into .tools/bin with `go install`.
# Fabric's release tags are not Go-module versions, so the release is pinned by its commit.
# A tool already in $FABRIC_BIN, .tools/bin or on PATH is used as it is. Exit 0 when all are there.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
FABRIC_COMMIT=af0b647fc99b   # v2.5.12
BIN="$here/.tools/bin"
tools=(cryptogen configtxgen configtxlator)

find_tool() {
  local t=$1 d
  for d in ${FABRIC_BIN:+"$FABRIC_BIN"} "$BIN"; do
    [[ -x "$d/$t" ]] && { echo "$d/$t"; return 0; }
  done
  command -v "$t" 2>/dev/null
}

missing=()
for t in "${tools[@]}"; do
  find_tool "$t" >/dev/null || missing+=("$t")
done
if ((${#missing[@]} == 0)); then
  echo "fabric tools: $(for t in "${tools[@]}"; do printf '%s ' "$(find_tool "$t")"; done)"
  exit 0
fi
if ! command -v go >/dev/null; then
  echo "fabric tools: ${missing[*]} missing, and Go is not installed to build them (go install needs Go >= 1.22)" >&2
  exit 1
fi
mkdir -p "$BIN"
echo "fabric tools: building ${missing[*]} from github.com/hyperledger/fabric@$FABRIC_COMMIT (v2.5.12) into $BIN"
for t in "${missing[@]}"; do
  if ! GOBIN="$BIN" CGO_ENABLED=0 go install "github.com/hyperledger/fabric/cmd/$t@$FABRIC_COMMIT"; then
    echo "fabric tools: 'go install github.com/hyperledger/fabric/cmd/$t@$FABRIC_COMMIT' failed (see above)." >&2
    echo "fabric tools: put Fabric 2.5's $t on PATH, or in a folder named by FABRIC_BIN, and run again." >&2
    exit 1
  fi
done
"$BIN/configtxgen" --version | head -2
