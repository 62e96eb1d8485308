# shellcheck shell=bash
# Sourced by the entrypoints. PEM_KEYSTORES="STORE KEY CERT[;STORE KEY CERT...]": Kafka's and ZooKeeper's PEM
# key stores are one file each, the private key then its certificate; each STORE is made from the mounted pair
# at every start, readable by the server only.
pem_keystores() {
  local entries entry store key cert
  IFS=';' read -ra entries <<<"${PEM_KEYSTORES:-}"
  for entry in "${entries[@]}"; do
    read -r store key cert <<<"$entry"
    [[ -n $store ]] || continue
    mkdir -p "$(dirname "$store")"
    (umask 077 && cat "$key" "$cert" >"$store")
  done
}
