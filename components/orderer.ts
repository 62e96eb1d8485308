import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { NetworkSpec } from "../config";
import { GENESIS_ARTIFACT, ordererPlan } from "../render";
import { FabricArtifacts, digestOf } from "./artifacts";
import { nodeCluster, saslEnv, NodeResource } from "./container";
import { SwarmTarget } from "./service";

export interface OrdererClusterArgs {
    /** The checked network; its `orderer` section sizes and configures the cluster. */
    readonly spec: NetworkSpec;
    /** The Docker network the orderers join. */
    readonly networkName: pulumi.Input<string>;
    /** engine.kind swarm: the overlay network and the placement; the nodes become Swarm services. */
    readonly swarm?: SwarmTarget;
    /** ID of the orderer image (`images.orderer`). */
    readonly imageId: pulumi.Input<string>;
    /** The genesis block and the orderers' crypto material. */
    readonly artifacts: FabricArtifacts;
    /**
     * The brokers' readiness (`KafkaCluster.ready`), for Kafka ordering: orderers start once every broker
     * serves (not after the whole Kafka component, whose replicas step need not hold them up). None for etcdraft.
     */
    readonly brokers?: readonly pulumi.Resource[];
    /** kafka.sasl's password, the stack's secret. */
    readonly kafkaSaslPassword?: pulumi.Output<string>;
}

/**
 * The orderers, with TLS, booting the system channel from the genesis block: Kafka-based, or a Raft
 * cluster whose consenters are these nodes.
 */
export class OrdererCluster extends pulumi.ComponentResource {
    /** `host:7050` of every orderer. */
    readonly endpoints: pulumi.Output<string[]>;
    /** Absolute path of the orderer org's TLS CA certificate, for clients. */
    readonly tlsCaFile: pulumi.Output<string>;
    readonly containerNames: pulumi.Output<string[]>;
    readonly containers: readonly NodeResource[];
    /** The orderers' IDs, known once every orderer serves: the channel steps' NODE_IDS. */
    readonly nodeIds: pulumi.Output<string[]>;

    constructor(name: string, args: OrdererClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fabric:orderer:OrdererCluster", name, {}, opts);
        const { spec, artifacts } = args;
        const genesis = artifacts.channelArtifacts[GENESIS_ARTIFACT];
        ({ containers: this.containers, ids: this.nodeIds } = nodeCluster(
            name,
            spec.orderer.nodes.map((node) => {
                const inputDigests = {
                    crypto: artifacts.cryptoDigests.apply((d) => digestOf(d, node.cryptoDir)),
                    genesis: genesis.stdout.apply((s) => s.trim()),
                };
                const plan = ordererPlan(spec, node);
                const extraEnv = saslEnv(spec, "orderer", args.kafkaSaslPassword);
                return { args: { ...args, plan, role: "orderer", inputDigests, extraEnv }, dependsOn: [...(args.brokers ?? []), artifacts.cryptogen, genesis] };
            }),
            this,
        ));
        this.endpoints = pulumi.output([...spec.orderer.endpoints]);
        this.tlsCaFile = pulumi.output(path.join(spec.paths.cryptoDir, spec.ordererOrg.tlsCaFile));
        this.containerNames = pulumi.all(this.containers.map((c) => c.name));
        this.registerOutputs({ endpoints: this.endpoints, tlsCaFile: this.tlsCaFile, containerNames: this.containerNames });
    }
}
