// The Kafka replicas step (render/steps/kafka-replicas.sh and kafka-replicas.js): before a broker taken out
// of `kafka.brokers` is deleted, the partition replicas it holds are moved onto the kept brokers and waited
// for in sync. This module gives the step its environment.
import { NetworkSpec } from "../config";
import { stepFile, stepScript } from "./steps";

/** The step's shell. */
export const KAFKA_REPLICAS_SCRIPT = stepScript("kafka-replicas.sh");

/** How long the step waits for a reassignment to finish, and again for the moved replicas to be in sync. */
export const KAFKA_REPLICAS_WAIT_SECONDS = 300;

/**
 * Env of the replicas step: the ensemble it reads and writes, the brokers the stack keeps (a change of them
 * re-runs the step before the engine deletes a broker), and its node script.
 */
export function kafkaReplicasStepEnv(spec: NetworkSpec): Record<string, string> {
    return {
        ZK_CONTAINERS: spec.zookeeper.nodes.map((z) => z.containerName).join(" "),
        ZK_CONNECT: spec.zookeeper.connect,
        KEEP_BROKERS: spec.kafka.brokers.map((b) => b.brokerId).join(","),
        REPLICAS_JS: stepFile("kafka-replicas.js"),
        WAIT_SECONDS: String(KAFKA_REPLICAS_WAIT_SECONDS),
    };
}
