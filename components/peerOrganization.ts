import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { NetworkSpec, Org } from "../config";
import { peerPlan } from "../render";
import { FabricArtifacts, digestOf } from "./artifacts";
import { nodeCluster, NodeResource } from "./container";
import { SwarmTarget } from "./service";

export interface PeerOrganizationArgs {
    /** The checked network. */
    readonly spec: NetworkSpec;
    /** The org of `spec.orgs` this component runs. */
    readonly org: Org;
    /** The Docker network the peers join. */
    readonly networkName: pulumi.Input<string>;
    /** engine.kind swarm: the overlay network and the placement; the nodes become Swarm services. */
    readonly swarm?: SwarmTarget;
    /** ID of the peer image (`images.peer`). */
    readonly imageId: pulumi.Input<string>;
    /** The peers' crypto material. */
    readonly artifacts: FabricArtifacts;
}

/** One peer org: its peers, with TLS, gossip bootstrap within the org, and an external endpoint each. */
export class PeerOrganization extends pulumi.ComponentResource {
    readonly mspId: pulumi.Output<string>;
    /** `host:7051` of every peer; the first is the anchor peer. */
    readonly peerEndpoints: pulumi.Output<string[]>;
    /** Absolute path of the org's TLS CA certificate, for clients. */
    readonly tlsCaFile: pulumi.Output<string>;
    /** Absolute path of the org admin's MSP folder. */
    readonly adminMspDir: pulumi.Output<string>;
    readonly containerNames: pulumi.Output<string[]>;
    readonly containers: readonly NodeResource[];
    /** The peers' IDs, known once every peer serves: the channel steps' NODE_IDS. */
    readonly nodeIds: pulumi.Output<string[]>;

    constructor(name: string, args: PeerOrganizationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fabric:peer:PeerOrganization", name, {}, opts);
        const { spec, org, artifacts } = args;
        ({ containers: this.containers, ids: this.nodeIds } = nodeCluster(
            name,
            org.peers.map((peer) => {
                const inputDigests = { crypto: artifacts.cryptoDigests.apply((d) => digestOf(d, peer.cryptoDir)) };
                return { args: { ...args, plan: peerPlan(spec, org, peer), role: "peer", inputDigests }, dependsOn: [artifacts.cryptogen] };
            }),
            this,
        ));
        this.mspId = pulumi.output(org.mspId);
        this.peerEndpoints = pulumi.output(org.peers.map((p) => p.endpoint));
        this.tlsCaFile = pulumi.output(path.join(spec.paths.cryptoDir, org.tlsCaFile));
        this.adminMspDir = pulumi.output(path.join(spec.paths.cryptoDir, org.adminDir, "msp"));
        this.containerNames = pulumi.all(this.containers.map((c) => c.name));
        this.registerOutputs({
            mspId: this.mspId,
            peerEndpoints: this.peerEndpoints,
            tlsCaFile: this.tlsCaFile,
            adminMspDir: this.adminMspDir,
            containerNames: this.containerNames,
        });
    }
}
