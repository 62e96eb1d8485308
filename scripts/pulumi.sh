#!/usr/bin/env bash
# `pulumi` with the project's environment (scripts/pulumi-env.sh): `bash scripts/pulumi.sh stack output -s dev`.
# Runs in the current folder (npm runs scripts from the project's root).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/scripts/pulumi-env.sh"
source "$here/scripts/fabric-home.sh" # the program finds the Fabric tools through FABRIC_BIN
exec pulumi "$@"
