#!/usr/bin/env bash
# Draws a stack's network from its spec (render/diagram.ts) to docs/network-<stack>.svg with Graphviz
# (Debian's graphviz, installed when missing). Usage: scripts/diagram.sh [stack] (dev by default).
set -euo pipefail
cd "$(dirname "$0")/.."
stack=${1:-dev}
command -v dot >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null; }
[[ -d bin ]] || npx tsc -p tsconfig.json
node -e '
const { stackSpec } = require("./bin/test/helpers");
process.stdout.write(require("./bin/render").renderDiagram(stackSpec(process.argv[1])));
' "$stack" | dot -Tsvg -o "docs/network-$stack.svg"
echo "docs/network-$stack.svg"
