import * as pulumi from "@pulumi/pulumi";
import { NetworkSpec } from "../config";
import { zookeeperPlan } from "../render";
import { cryptoInputs, FabricArtifacts } from "./artifacts";
import { nodeCluster, NodeResource } from "./container";
import { SwarmTarget } from "./service";

export interface ZookeeperEnsembleArgs {
    /** The checked network; its `zookeeper.nodes` are the ensemble. */
    readonly spec: NetworkSpec;
    /** The Docker network the nodes join. */
    readonly networkName: pulumi.Input<string>;
    /** engine.kind swarm: the overlay network and the placement; the nodes become Swarm services. */
    readonly swarm?: SwarmTarget;
    /** ID of the ZooKeeper image (`images.zookeeper`). */
    readonly imageId: pulumi.Input<string>;
    /** The crypto material: with zookeeper.tls a node starts after it and is replaced when its key pair changes. */
    readonly artifacts: FabricArtifacts;
}

/** The ZooKeeper ensemble that the Kafka brokers coordinate through: one container per node, ids 1..n. */
export class ZookeeperEnsemble extends pulumi.ComponentResource {
    /** `host:2181,…` for every node, in ensemble order. */
    readonly connectString: pulumi.Output<string>;
    /** Container names, in ensemble order. */
    readonly containerNames: pulumi.Output<string[]>;
    readonly containers: readonly NodeResource[];

    constructor(name: string, args: ZookeeperEnsembleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fabric:zookeeper:ZookeeperEnsemble", name, {}, opts);
        ({ containers: this.containers } = nodeCluster(
            name,
            args.spec.zookeeper.nodes.map((node) => {
                const { inputDigests, dependsOn } = cryptoInputs(args.artifacts, node.cryptoDir === undefined ? [] : [node.cryptoDir]);
                return { args: { ...args, plan: zookeeperPlan(args.spec, node), role: "zookeeper", inputDigests }, dependsOn };
            }),
            this,
        ));
        this.connectString = pulumi.output(args.spec.zookeeper.connect);
        this.containerNames = pulumi.all(this.containers.map((c) => c.name));
        this.registerOutputs({ connectString: this.connectString, containerNames: this.containerNames });
    }
}
