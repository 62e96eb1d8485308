# shellcheck shell=bash
# Sourced by the set-up scripts: where a Fabric 2.5 release folder is (bin/, config/, builders/ccaas/bin/).
# FABRIC_HOME as given; otherwise the release folder that holds the `peer` found in FABRIC_BIN or on PATH
# (links followed), when it has the release layout; otherwise the project's own release folder that
# scripts/install-fabric-tools.sh fills (.fabric/, or FABRIC_RELEASE_DIR). Exports FABRIC_HOME (and
# FABRIC_BIN) when found; leaves both unset otherwise, so callers say plainly that Fabric is absent.
fabric_release_of() {
  local peer dir
  if peer=$(command -v "${FABRIC_BIN:+$FABRIC_BIN/}peer" 2>/dev/null); then
    dir=$(dirname "$(dirname "$(readlink -f "$peer")")")
  elif [[ -z ${FABRIC_BIN:-} ]]; then
    dir=${FABRIC_RELEASE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.fabric}
    [[ -x $dir/bin/peer ]] || return 1
  else
    return 1
  fi
  [[ -f $dir/config/core.yaml && -f $dir/config/orderer.yaml && -x $dir/builders/ccaas/bin/build ]] || return 1
  echo "$dir"
}
if [[ -z ${FABRIC_HOME:-} ]] && FABRIC_HOME=$(fabric_release_of); then
  export FABRIC_HOME
fi
if [[ -n ${FABRIC_HOME:-} && -z ${FABRIC_BIN:-} ]]; then
  export FABRIC_BIN="$FABRIC_HOME/bin"
fi
