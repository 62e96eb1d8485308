# shellcheck shell=bash
# Sourced by the Pulumi scripts: the project's own Pulumi environment, the same for every command.
# State in a file:// backend inside the project (.pulumi/state, git-ignored); plugins in .pulumi/home;
# a CLI built by setup-pulumi.sh in .pulumi/bin. The passphrase of the stacks' secrets defaults to "dev"
# (no stack holds a secret); set PULUMI_CONFIG_PASSPHRASE to use another for new stacks.
here=${here:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
export PULUMI_BIN="$here/.pulumi/bin"
export PULUMI_HOME="$here/.pulumi/home"
export PULUMI_STATE_DIR="$here/.pulumi/state"
export PULUMI_BACKEND_URL="file://$PULUMI_STATE_DIR"
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE-dev}"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DIY_BACKEND_NO_LEGACY_WARNING=true
case ":$PATH:" in *":$PULUMI_BIN:"*) ;; *) export PATH="$PULUMI_BIN:$PATH" ;; esac
