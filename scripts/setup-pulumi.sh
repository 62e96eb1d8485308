#!/usr/bin/env bash
# Makes Pulumi usable for this project, offline from Pulumi's download site, and fast when done before.
#  - CLI and Node.js language host: `pulumi` on PATH when there is one; otherwise built from the Go module
#    proxy into .pulumi/bin (tools/pulumi pins the CLI to the @pulumi/pulumi version of package.json;
#    tools/pulumi-language-nodejs pins the last language host that the proxy serves, v3.68.0).
#  - Resource plugins docker and command, at the versions of package.json, in the project's PULUMI_HOME
#    (.pulumi/home): downloaded by `pulumi plugin install` where Pulumi's site answers, otherwise built from
#    tools/pulumi (the project's own providers for the resources the program uses) and installed from file.
# Everything the project runs goes through scripts/pulumi.sh, which sets the same environment.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/scripts/pulumi-env.sh"

pkg_version() { node -p "require('$here/package.json').dependencies['$1']"; }
SDK_VERSION=$(pkg_version @pulumi/pulumi)
DOCKER_VERSION=$(pkg_version @pulumi/docker)
COMMAND_VERSION=$(pkg_version @pulumi/command)
LANGUAGE_HOST_VERSION=v3.68.0
mkdir -p "$PULUMI_BIN" "$PULUMI_HOME" "$PULUMI_STATE_DIR"

# fresh <module dir> <output>: the output is built and newer than the module's go.sum and every .go file.
fresh() { [[ -x "$2" && "$2" -nt "$1/go.sum" && -z "$(find "$1" -name '*.go' -newer "$2" -print -quit)" ]]; }

# build <module dir> <output> <package> [ldflags]: go build, skipped when the output is fresh.
build() {
  local dir=$1 out=$2 pkg=$3 ldflags=${4:-}
  fresh "$dir" "$out" && return 0
  command -v go >/dev/null || { echo "pulumi setup: Go is needed to build $(basename "$out") (go >= 1.25.11, see tools/pulumi/go.mod)" >&2; exit 1; }
  echo "pulumi setup: building $(basename "$out") ($pkg)"
  (cd "$dir" && CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$out" "$pkg")
}

own_cli=false
if system=$(PATH=$(echo "$PATH" | tr ':' '\n' | grep -vx "$PULUMI_BIN" | paste -sd:) command -v pulumi); then
  echo "pulumi setup: using $system ($("$system" version))"
else
  own_cli=true
  build "$here/tools/pulumi" "$PULUMI_BIN/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi \
    "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$SDK_VERSION"
  build "$here/tools/pulumi-language-nodejs" "$PULUMI_BIN/pulumi-language-nodejs" \
    github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs \
    "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$LANGUAGE_HOST_VERSION"
fi

# plugin <name> <version>: present, downloaded, or built and installed from file.
plugin() {
  local name=$1 version=$2 built="$here/.pulumi/plugins/pulumi-resource-$1"
  if [[ -x "$PULUMI_HOME/plugins/resource-$name-v$version/pulumi-resource-$name" ]] && { [[ ! -x "$built" ]] || fresh "$here/tools/pulumi" "$built"; }; then
    return 0
  fi
  if [[ ! -x "$built" && $own_cli == false ]] && pulumi plugin install resource "$name" "$version" >/dev/null 2>&1; then
    echo "pulumi setup: plugin $name $version downloaded"
    return 0
  fi
  build "$here/tools/pulumi" "$built" "./cmd/pulumi-resource-$name" "-X main.version=$version"
  pulumi plugin install resource "$name" "$version" --file "$built" --reinstall >/dev/null
  echo "pulumi setup: plugin $name $version built and installed from $built"
}
plugin docker "$DOCKER_VERSION"
plugin command "$COMMAND_VERSION"
pulumi login "$PULUMI_BACKEND_URL" >/dev/null
echo "pulumi setup: $(pulumi version), state in $PULUMI_BACKEND_URL, PULUMI_HOME=$PULUMI_HOME"
