#!/usr/bin/env bash
# `npm run caliper -- --stack=dev [--loads=1,8,32] [--seconds=20]`: Hyperledger Caliper against a running
# stack whose ports are published (ports.publish: true): installs Caliper in bench/caliper on first use,
# writes its workspace in .state/caliper/<stack>/ from the stack's outputs, runs it, prints its figures.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi
rm -rf bin
npx tsc -p tsconfig.json
exec node bin/bench/caliper.js "$@"
