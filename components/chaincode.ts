import * as pulumi from "@pulumi/pulumi";
import { Chaincode, ChaincodeDeployment as Deployment, channelOrgs, NetworkSpec, Org } from "../config";
import {
    CC_APPROVE_SCRIPT,
    CC_COMMIT_SCRIPT,
    CC_INIT_SCRIPT,
    CC_INSTALL_SCRIPT,
    CC_SEQUENCE_SCRIPT,
    CCAAS_PACKAGE_SCRIPT,
    chaincodePlan,
    chaincodeStepEnv,
    packageLabel,
    peersCliEnv,
} from "../render";
import { nodeCluster } from "./container";
import { SwarmTarget } from "./service";
import { bashStep } from "./step";

export interface ChaincodeDeploymentArgs {
    /** The checked network. */
    readonly spec: NetworkSpec;
    /** The chaincode of `spec.chaincodes`. */
    readonly chaincode: Chaincode;
    /** Which of its channel deployments this component runs. */
    readonly deployment: Deployment;
    readonly networkName: pulumi.Input<string>;
    /** engine.kind swarm: the overlay network and the placement; the nodes become Swarm services. */
    readonly swarm?: SwarmTarget;
    /** ID of the chaincode image (`chaincodes[].image`, built from `source` when there is one). */
    readonly imageId: pulumi.Input<string>;
    /** Digest of the chaincode's source folder, when the program builds its image: it marks the package. */
    readonly sourceDigest?: string;
    /** The channel joined (FabricChannel.joined), or the consensus step: the steps that go through it (sequence, approve, commit, init) run after it. */
    readonly channel: pulumi.Resource;
    /** Each org of the channel's peers, by MSP ID: an install needs its peer serving, not the channel. */
    readonly peers: ReadonlyMap<string, pulumi.Resource>;
}

/**
 * A chaincode served as a service on one channel, deployed with the Fabric 2.x lifecycle: the CCAAS
 * package, its service container, install on every peer of the channel's orgs, the channel's sequence for
 * this package, approve for each org, commit, and the first (init) transaction. Each step first detects
 * whether it is already done. The package label carries the chaincode's name, version and code digest, so
 * new code or a new version is a new package ID: the steps re-run, and the definition takes the next sequence.
 */
export class ChaincodeDeployment extends pulumi.ComponentResource {
    /** `<label>:<sha256 of the package>`, as `peer lifecycle chaincode queryinstalled` shows it. */
    readonly packageId: pulumi.Output<string>;
    /** The definition's sequence on the channel: 1 at first, one more with each new package. */
    readonly sequence: pulumi.Output<number>;
    /** Where the peers dial the chaincode. */
    readonly address: pulumi.Output<string>;

    constructor(name: string, args: ChaincodeDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fabric:chaincode:ChaincodeDeployment", name, {}, opts);
        const { spec, chaincode: cc, deployment } = args;
        const channel = spec.channels.find((c) => c.name === deployment.channel)!;
        const orgs = channelOrgs(spec, channel);
        const step = (suffix: string, script: string, environment: Record<string, pulumi.Input<string>>, dependsOn: pulumi.Resource[]) =>
            bashStep(`${name}-${suffix}`, { script, environment }, { parent: this, dependsOn });

        const label = packageLabel(cc, args.sourceDigest);
        // The package is a file of its own making: it waits for nothing.
        const pkg = step("package", CCAAS_PACKAGE_SCRIPT, chaincodeStepEnv(spec, channel, cc, deployment, orgs[0], orgs[0].peers[0], label), []);
        this.packageId = pkg.stdout.apply((s) => s.trim());
        const withPackage = (org: Org, peer = org.anchorPeer) => ({
            ...chaincodeStepEnv(spec, channel, cc, deployment, org, peer, label),
            CC_PACKAGE_ID: this.packageId,
        });

        const service = nodeCluster(
            name,
            [
                {
                    args: {
                        spec,
                        plan: chaincodePlan(cc, deployment),
                        role: "chaincode",
                        networkName: args.networkName,
                        swarm: args.swarm,
                        imageId: args.imageId,
                        extraEnv: { CHAINCODE_ID: this.packageId },
                    },
                },
            ],
            this,
        );

        const sequence = step("sequence", CC_SEQUENCE_SCRIPT, withPackage(orgs[0]), [pkg, args.channel]);
        const sequenceText = sequence.stdout.apply((s) => s.trim());
        this.sequence = sequenceText.apply(Number);
        const withDefinition = (org: Org) => ({ ...withPackage(org), CC_SEQUENCE: sequenceText });

        const approvals = orgs.map((org) => {
            // On every peer of the org at once, while the channel is made: an install needs the peers, not the channel.
            const install = step(`install-${org.mspId}`, CC_INSTALL_SCRIPT, { ...withPackage(org), PEERS: peersCliEnv(spec, [{ org, peers: org.peers }]) }, [pkg, args.peers.get(org.mspId)!]);
            return step(`approve-${org.mspId}`, CC_APPROVE_SCRIPT, withDefinition(org), [install, sequence]);
        });
        const commit = step("commit", CC_COMMIT_SCRIPT, withDefinition(orgs[0]), approvals);
        if (cc.init.length > 0) {
            step("init", CC_INIT_SCRIPT, { ...withDefinition(orgs[0]), COMMITTED: commit.stdout }, [commit, ...service.ready]);
        }
        this.address = pulumi.output(deployment.address);
        this.registerOutputs({ packageId: this.packageId, sequence: this.sequence, address: this.address });
    }
}
