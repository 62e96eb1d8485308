#!/usr/bin/env bash
# The main command: everything a fresh machine needs, then a real `pulumi up` of a stack (dev by default).
# Each step is quick when its work is already done.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
stack=${1:-dev}
step() { printf '\n== %s (%s)\n' "$1" "$(date +%T)"; }
step "node modules"
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then npm ci --no-audit --no-fund; fi
step "Fabric tools"; bash scripts/install-fabric-tools.sh; source scripts/fabric-home.sh
step "Docker"; bash scripts/ensure-docker.sh
step "images"; bash images/build.sh all
step "Pulumi"; bash scripts/setup-pulumi.sh
source scripts/pulumi-env.sh
pulumi stack select --create "$stack" >/dev/null
step "pulumi up --stack $stack"
pulumi up --yes --skip-preview --stack "$stack"
