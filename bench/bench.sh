#!/usr/bin/env bash
# `npm run bench`: the set-up `npm run up` does (npm packages, Fabric tools, Docker, local images; Pulumi
# and docker-compose are set up by the bench itself), then the benchmark, with its flags:
#   npm run bench -- --repeat=3 --parts=scale,first,ordering --ordering-seconds=20 --outstanding=1,8,32 --scale-runs=3
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi
source scripts/fabric-home.sh
bash scripts/install-fabric-tools.sh
bash scripts/ensure-docker.sh
bash images/build.sh all
rm -rf bin
npx tsc -p tsconfig.json
exec node bin/bench/run.js "$@"
