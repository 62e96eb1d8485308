// The Kafka replicas step (render/steps/kafka-replicas.sh and kafka-replicas.js): before a broker taken out
// of `kafka.brokers` is deleted, the partition replicas it holds are moved onto the kept brokers and waited
// for in sync. This module gives the step its environment.
import { NetworkSpec } from "../config";
import { engineStepEnv } from "./channels";
import { KAFKA_ZK_KEYSTORE, KAFKA_ZK_TLS_DIR, tlsHostDir, zookeeperTlsClientOpts } from "./containers";
import { stepFile, stepScript } from "./steps";

/** The step's shell. */
export const KAFKA_REPLICAS_SCRIPT = stepScript("kafka-replicas.sh");

/** On a swarm with zookeeper.tls: where the CLI container gets the brokers' client pair, and the key store it makes. */
const CLI_TLS_DIR = "/tmp/zookeeper-client-tls";
const CLI_KEYSTORE = "/tmp/zookeeper-client.pem";

/** How long the step waits for a reassignment to finish, and again for the moved replicas to be in sync. */
export const KAFKA_REPLICAS_WAIT_SECONDS = 300;

/**
 * Env of the replicas step: the ensemble it reads and writes, the brokers the stack keeps (a change of them
 * re-runs the step before the engine deletes a broker), and its node script.
 */
export function kafkaReplicasStepEnv(spec: NetworkSpec): Record<string, string> {
    const swarm = spec.engine.kind === "swarm";
    const client = spec.zookeeper.brokersClient;
    return {
        // On a swarm the ensemble's tasks are not containers the manager can exec into: the step runs the CLI in
        // a container of its own on the overlay; with zookeeper.tls it gets the brokers' client pair by docker cp.
        ...(swarm ? { ...engineStepEnv(spec), ZK_IMAGE: spec.images.zookeeper, NETWORK: spec.names.network } : {}),
        ...(swarm && client ? { ZK_TLS_FROM: tlsHostDir(spec, client.cryptoDir), ZK_TLS_DIR: CLI_TLS_DIR, ZK_KEYSTORE: CLI_KEYSTORE } : {}),
        // With zookeeper.tls the CLI runs in a broker, as the brokers' client (the znodes' ACLs name it), over TLS.
        ...(swarm ? {} : { ZK_CONTAINERS: (spec.zookeeper.tls ? spec.kafka.brokers : spec.zookeeper.nodes).map((n) => n.containerName).join(" ") }),
        ZK_CONNECT: spec.zookeeper.connect,
        ...(spec.zookeeper.tls ? { ZK_CLIENT_OPTS: swarm ? zookeeperTlsClientOpts(CLI_KEYSTORE, `${CLI_TLS_DIR}/ca.crt`) : zookeeperTlsClientOpts(KAFKA_ZK_KEYSTORE, `${KAFKA_ZK_TLS_DIR}/ca.crt`) } : {}),
        KEEP_BROKERS: spec.kafka.brokers.map((b) => b.brokerId).join(","),
        REPLICAS_JS: stepFile("kafka-replicas.js"),
        WAIT_SECONDS: String(KAFKA_REPLICAS_WAIT_SECONDS),
    };
}
