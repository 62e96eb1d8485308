#!/usr/bin/env bash
# `pulumi` with the project's environment (scripts/pulumi-env.sh): `bash scripts/pulumi.sh stack output -s dev`.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/scripts/pulumi-env.sh"
cd "$here"
exec pulumi "$@"
