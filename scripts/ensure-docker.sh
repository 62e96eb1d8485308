#!/usr/bin/env bash
# Uses a running Docker engine; otherwise installs Debian's docker.io (as root) and starts dockerd
# in the background, then waits until `docker info` answers.
set -euo pipefail
docker info >/dev/null 2>&1 && { echo "docker: engine running"; exit 0; }
if ! command -v dockerd >/dev/null; then
  [[ $(id -u) == 0 ]] || { echo "docker: no engine, and installing docker.io needs root" >&2; exit 1; }
  echo "docker: installing docker.io"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
fi
log=${TMPDIR:-/tmp}/fabric-network-dockerd.log
echo "docker: starting dockerd (log: $log)"
nohup dockerd >"$log" 2>&1 &
for _ in $(seq 60); do
  docker info >/dev/null 2>&1 && { echo "docker: engine running"; exit 0; }
  sleep 1
done
echo "docker: dockerd did not answer within 60 s; last lines of $log:" >&2
tail -20 "$log" >&2
exit 1
