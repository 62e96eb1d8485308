# shellcheck shell=bash
# server.properties from KAFKA_* env: after the prefix, "___" is "-", "__" is "_", "_" is ".".
set -euo pipefail
props=/tmp/server.properties
: > "$props"
while IFS='=' read -r name value; do
  case "$name" in KAFKA_HEAP_OPTS|KAFKA_OPTS|KAFKA_JVM_PERFORMANCE_OPTS) continue ;; esac
  key=${name#KAFKA_}
  key=${key//___/-}
  key=${key//__/@}
  key=${key//_/.}
  key=${key//@/_}
  printf '%s=%s\n' "${key,,}" "$value" >> "$props"
done < <(env | grep '^KAFKA_' | sort)
# shellcheck source=images/jvm/pem-keystores.sh
source /usr/local/bin/pem-keystores.sh
pem_keystores
for required in broker.id zookeeper.connect advertised.listeners; do
  grep -q "^$required=" "$props" || { echo "kafka: $required is not set (KAFKA_${required^^} with dots as _)" >&2; exit 1; }
done
# shellcheck disable=SC2086 # the JVM options are several words
exec java ${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m} ${KAFKA_OPTS:-} \
  -Dlog4j.configuration=file:/opt/kafka/config/log4j.properties \
  -cp '/opt/kafka/libs/*' kafka.Kafka "$props"
