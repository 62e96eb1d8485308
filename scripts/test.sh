#!/usr/bin/env bash
# Sets up and runs the test suite: npm packages, the Fabric tools, type-check and build, node:test.
# The real-tool tests need cryptogen/configtxgen/configtxlator; with FABRIC_TOOLS_REQUIRED=1 their
# absence fails the run, otherwise those tests are reported as skipped, with the reason.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi
if ! bash scripts/install-fabric-tools.sh; then
  [[ "${FABRIC_TOOLS_REQUIRED:-0}" == 1 ]] && { echo "FABRIC_TOOLS_REQUIRED=1 and the Fabric tools could not be installed" >&2; exit 1; }
  echo "!! Fabric tools unavailable: the real-tool tests will be skipped (set FABRIC_TOOLS_REQUIRED=1 to fail instead)"
fi
# Every shell file the project runs, the steps' scripts included, through shellcheck (Debian's package).
command -v shellcheck >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck >/dev/null; }
shellcheck -x render/steps/*.sh scripts/*.sh images/*.sh images/jvm/*.sh bench/*.sh
echo "shellcheck: every shell file passes"
source scripts/fabric-home.sh
# The project's Go unit tests (the command plugin, the docker bridge's mapping); with the flags of
# setup-pulumi.sh's builds, so they share Go's build cache with them.
if command -v go >/dev/null; then
  (cd tools/pulumi && CGO_ENABLED=0 go test -trimpath ./...)
  # ./bridge only: the plugin's main package embeds the schema that setup-pulumi.sh generates.
  (cd tools/pulumi-docker-bridge && CGO_ENABLED=0 go test -trimpath ./bridge)
else
  echo "!! Go is not installed: the Go unit tests (tools/pulumi, tools/pulumi-docker-bridge) are skipped"
fi
rm -rf bin
npx tsc -p tsconfig.json
node --test bin/test/*.test.js
