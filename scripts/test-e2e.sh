#!/usr/bin/env bash
# The slow layer, on real Docker: sets up Docker, the local images and Pulumi (each step quick when done),
# then runs test/e2e: the network's nodes from the rendered plans (ordering.e2e), and the whole
# `pulumi up` / `destroy` cycle through the real engine (pulumi.e2e), one file after the other.
# Tests are skipped, with the reason, when the Fabric tools or the Fabric images are missing
# (Fabric images need a Fabric release folder: FABRIC_HOME, or the one holding `peer` on PATH;
# scripts/fabric-home.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi
bash scripts/install-fabric-tools.sh || echo "!! Fabric tools unavailable: the Docker tests will be skipped"
source scripts/fabric-home.sh
bash scripts/ensure-docker.sh
bash images/build.sh base
bash images/build.sh jvm
if [[ -n "${FABRIC_HOME:-}" ]]; then bash images/build.sh fabric; else echo "!! no Fabric release folder (FABRIC_HOME, or peer on PATH): the Fabric images cannot be built, their tests will be skipped"; fi
bash scripts/setup-pulumi.sh
rm -rf bin
npx tsc -p tsconfig.json
# E2E_FILES (a glob of built files) and E2E_TIMEOUT_MS pick other suites: `npm run test:faults`.
# shellcheck disable=SC2086
node --test --test-concurrency=1 --test-timeout="${E2E_TIMEOUT_MS:-1800000}" ${E2E_FILES:-bin/test/e2e/*.e2e.js}
