# shellcheck shell=bash
# zoo.cfg from the official image's variables: ZOO_MY_ID, ZOO_SERVERS, ZOO_DATA_DIR, ZOO_DATA_LOG_DIR,
# ZOO_4LW_COMMANDS_WHITELIST, ZOO_STANDALONE_ENABLED, ZOO_CFG_EXTRA (key=value lines, space separated); and
# ZOO_CLIENT_PORT (2181), PEM_KEYSTORES (pem-keystores.sh).
set -euo pipefail
# shellcheck source=images/jvm/pem-keystores.sh
source /usr/local/bin/pem-keystores.sh
pem_keystores
data=${ZOO_DATA_DIR:-/data}
log=${ZOO_DATA_LOG_DIR:-/datalog}
mkdir -p "$data" "$log" /conf
cfg=/conf/zoo.cfg
{
  echo "tickTime=${ZOO_TICK_TIME:-2000}"
  echo "initLimit=${ZOO_INIT_LIMIT:-5}"
  echo "syncLimit=${ZOO_SYNC_LIMIT:-2}"
  echo "dataDir=$data"
  echo "dataLogDir=$log"
  echo "clientPort=${ZOO_CLIENT_PORT:-2181}"
  echo "standaloneEnabled=${ZOO_STANDALONE_ENABLED:-true}"
  echo "4lw.commands.whitelist=${ZOO_4LW_COMMANDS_WHITELIST:-srvr}"
  echo "admin.enableServer=false"
  echo "quorumListenOnAllIPs=true"
  for server in ${ZOO_SERVERS:-}; do echo "$server"; done
  for line in ${ZOO_CFG_EXTRA:-}; do echo "$line"; done
} > "$cfg"
[[ -n "${ZOO_MY_ID:-}" ]] && echo "$ZOO_MY_ID" > "$data/myid"
# shellcheck disable=SC2086 # the JVM options are several words
exec java ${JVMFLAGS:--Xms64m -Xmx256m} \
  -Dlog4j.configuration=file:/opt/kafka/config/log4j.properties \
  -cp '/opt/kafka/libs/*' org.apache.zookeeper.server.quorum.QuorumPeerMain "$cfg"
