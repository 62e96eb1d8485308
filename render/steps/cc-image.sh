# shellcheck shell=bash
# Builds the chaincode's service image from its source folder and prints the image ID: the source (without
# build outputs) is copied to a scratch folder, built by npm (`npm ci`, the `build` script, production
# modules only), then by Docker with the folder's Dockerfile. The source folder itself is not written.
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -C "$CC_SOURCE" --exclude=node_modules --exclude=dist --exclude=.git -c . | tar -C "$work" -x
cd "$work"
npm ci --no-audit --no-fund --loglevel=error >&2
npm run --if-present build >&2
npm prune --omit=dev --no-audit --no-fund --loglevel=error >&2
docker build -q -t "$CC_IMAGE" . >&2
docker image inspect -f '{{.Id}}' "$CC_IMAGE"
