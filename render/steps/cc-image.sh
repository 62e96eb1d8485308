# shellcheck shell=bash
# Builds the chaincode's service image from its source folder and prints the image ID: the source (without
# build outputs) is copied to a scratch folder, built by npm (`npm ci`, the `build` script, production
# modules only), then by Docker with the folder's Dockerfile. The source folder itself is not written.
# An image of that name already built from the same source digest (its label says so) is used as it is.
# With CC_PUSH (a swarm's engine.registry) the image is pushed there and the step prints the reference the
# nodes pull instead: CC_PULL/<name>@sha256:<digest>.
set -euo pipefail
# print_image: what the chaincode's service runs (an image ID, or the reference the nodes pull).
print_image() {
  if [ -z "${CC_PUSH:-}" ]; then
    docker image inspect -f '{{.Id}}' "$CC_IMAGE"
    return
  fi
  local name=${CC_IMAGE%:*} digest
  docker tag "$CC_IMAGE" "$CC_PUSH/$CC_IMAGE"
  digest=$(docker push -q "$CC_PUSH/$CC_IMAGE" >&2 && docker image inspect -f '{{range .RepoDigests}}{{println .}}{{end}}' "$CC_PUSH/$CC_IMAGE" | sed -n "s#^$CC_PUSH/$name@##p" | head -n 1)
  [ -n "$digest" ] || { echo "cc-image: pushed $CC_PUSH/$CC_IMAGE but found no digest for it" >&2; exit 1; }
  echo "$CC_PULL/$name@$digest"
}
if [ "$(docker image inspect -f "{{index .Config.Labels \"$CC_DIGEST_LABEL\"}}" "$CC_IMAGE" 2>/dev/null)" = "$CC_SOURCE_DIGEST" ]; then
  echo "$CC_IMAGE holds source $CC_SOURCE_DIGEST already" >&2
  print_image
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
print_image
