import * as pulumi from "@pulumi/pulumi";
import { NetworkSpec } from "../config";
import { KAFKA_REPLICAS_SCRIPT, kafkaPlan, kafkaReplicasStepEnv } from "../render";
import { cryptoInputs, FabricArtifacts } from "./artifacts";
import { nodeCluster, saslEnv, NodeResource } from "./container";
import { SwarmTarget } from "./service";
import { bashStep } from "./step";

export interface KafkaClusterArgs {
    /** The checked network; its `kafka` section sizes and configures the brokers. */
    readonly spec: NetworkSpec;
    /** The Docker network the brokers join. */
    readonly networkName: pulumi.Input<string>;
    /** engine.kind swarm: the overlay network and the placement; the nodes become Swarm services. */
    readonly swarm?: SwarmTarget;
    /** ID of the Kafka image (`images.kafka`). */
    readonly imageId: pulumi.Input<string>;
    /**
     * The ensemble's nodes (`ZookeeperEnsemble.containers`): brokers start beside them, not after its readiness
     * step (a broker retries its ensemble for kafka.zookeeperConnectionTimeout, 60 s by default, and serves
     * only once connected, so the brokers' own readiness step covers it), and `destroy` stops them first.
     */
    readonly zookeeper: readonly pulumi.Resource[];
    /** The crypto material: with kafka.tls a broker starts after it and is replaced when its key pair changes. */
    readonly artifacts: FabricArtifacts;
    /** kafka.sasl's password, the stack's secret. */
    readonly kafkaSaslPassword?: pulumi.Output<string>;
}

/** The Kafka brokers that order the orderers' messages, with Fabric's required broker settings. */
export class KafkaCluster extends pulumi.ComponentResource {
    /** `host:9092` of every broker: the list configtx.yaml's `Kafka.Brokers` is made from. */
    readonly brokerEndpoints: pulumi.Output<string[]>;
    readonly containerNames: pulumi.Output<string[]>;
    readonly containers: readonly NodeResource[];
    /** What the orderers start after: every broker serving (components/container.ts `nodeCluster`). */
    readonly ready: readonly pulumi.Resource[];
    /**
     * Moves every partition replica off brokers the stack no longer lists, once the kept brokers run: it
     * re-runs when the broker list changes, and the engine deletes a removed broker only after it succeeded.
     */
    readonly replicas: pulumi.Resource;

    constructor(name: string, args: KafkaClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fabric:kafka:KafkaCluster", name, {}, opts);
        const zookeeperClient = args.spec.zookeeper.brokersClient?.cryptoDir;
        ({ containers: this.containers, ready: this.ready } = nodeCluster(
            name,
            args.spec.kafka.brokers.map((broker) => {
                const plan = kafkaPlan(args.spec, broker, args.swarm?.placement.rackOf(broker.brokerId));
                const { inputDigests, dependsOn } = cryptoInputs(args.artifacts, [broker.cryptoDir, zookeeperClient].filter((d): d is string => d !== undefined));
                const extraEnv = saslEnv(args.spec, "kafka", args.kafkaSaslPassword);
                return { args: { ...args, plan, role: "kafka", inputDigests, extraEnv }, dependsOn: [...args.zookeeper, ...dependsOn] };
            }),
            this,
        ));
        this.replicas = bashStep(`${name}-replicas`, { script: KAFKA_REPLICAS_SCRIPT, environment: kafkaReplicasStepEnv(args.spec) }, { parent: this, dependsOn: [...this.ready] });
        this.brokerEndpoints = pulumi.output([...args.spec.kafka.brokerEndpoints]);
        this.containerNames = pulumi.all(this.containers.map((c) => c.name));
        this.registerOutputs({ brokerEndpoints: this.brokerEndpoints, containerNames: this.containerNames });
    }
}
