# shellcheck shell=bash
# Builds the chaincode's service image from its source folder and prints the image ID: the source (without
# build outputs) is copied to a scratch folder, built by npm (`npm ci`, the `build` script, production
# modules only), then by Docker with the folder's Dockerfile. The source folder itself is not written.
# An image of that name already built from the same source digest (its label says so) is used as it is.
set -euo pipefail
if [ "$(docker image inspect -f "{{index .Config.Labels \"$CC_DIGEST_LABEL\"}}" "$CC_IMAGE" 2>/dev/null)" = "$CC_SOURCE_DIGEST" ]; then
  echo "$CC_IMAGE holds source $CC_SOURCE_DIGEST already" >&2
  docker image inspect -f '{{.Id}}' "$CC_IMAGE"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -C "$CC_SOURCE" --exclude=node_modules --exclude=dist --exclude=.git -c . | tar -C "$work" -x
cd "$work"
npm ci --no-audit --no-fund --loglevel=error >&2
npm run --if-present build >&2
npm prune --omit=dev --no-audit --no-fund --loglevel=error >&2
docker build -q --label "$CC_DIGEST_LABEL=$CC_SOURCE_DIGEST" -t "$CC_IMAGE" . >&2
docker image inspect -f '{{.Id}}' "$CC_IMAGE"
