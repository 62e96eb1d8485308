import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { Chaincode, ChaincodeDeployment as Deployment, channelOrgs, NetworkSpec, Org } from "../config";
import {
    CC_APPROVE_SCRIPT,
    CC_COMMIT_SCRIPT,
    CC_INIT_SCRIPT,
    CC_INSTALL_SCRIPT,
    CCAAS_PACKAGE_SCRIPT,
    chaincodePlan,
    chaincodeStepEnv,
} from "../render";
import { nodeContainer } from "./container";
import { bashStep } from "./step";

export interface ChaincodeDeploymentArgs {
    /** The checked network. */
    readonly spec: NetworkSpec;
    /** The chaincode of `spec.chaincodes`. */
    readonly chaincode: Chaincode;
    /** Which of its channel deployments this component runs. */
    readonly deployment: Deployment;
    readonly networkName: pulumi.Input<string>;
    /** ID of the chaincode image (`chaincodes[].image`). */
    readonly imageId: pulumi.Input<string>;
    /** The channel, created and joined: the lifecycle steps run after it. */
    readonly channel: pulumi.Resource;
}

/**
 * A chaincode served as a service on one channel, deployed with the Fabric 2.x lifecycle: the CCAAS
 * package, its service container, install on every peer of the channel's orgs, approve for each org,
 * commit, and the first (init) transaction. Each step first detects whether it is already done, and its
 * inputs carry the chaincode's name, version, sequence and package ID: a new definition re-runs them.
 */
export class ChaincodeDeployment extends pulumi.ComponentResource {
    /** `<label>:<sha256 of the package>`, as `peer lifecycle chaincode queryinstalled` shows it. */
    readonly packageId: pulumi.Output<string>;
    /** Where the peers dial the chaincode. */
    readonly address: pulumi.Output<string>;

    constructor(name: string, args: ChaincodeDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fabric:chaincode:ChaincodeDeployment", name, {}, opts);
        const { spec, chaincode: cc, deployment } = args;
        const channel = spec.channels.find((c) => c.name === deployment.channel)!;
        const orgs = channelOrgs(spec, channel);
        const step = (suffix: string, script: string, environment: Record<string, pulumi.Input<string>>, dependsOn: pulumi.Resource[]) =>
            bashStep(`${name}-${suffix}`, { script, environment }, { parent: this, dependsOn });

        const pkg = step("package", CCAAS_PACKAGE_SCRIPT, chaincodeStepEnv(spec, channel, cc, deployment, orgs[0], orgs[0].peers[0]), [args.channel]);
        this.packageId = pkg.stdout.apply((s) => s.trim());
        const withPackage = (org: Org, peer = org.anchorPeer) => ({
            ...chaincodeStepEnv(spec, channel, cc, deployment, org, peer),
            CC_PACKAGE_ID: this.packageId,
        });

        const service: docker.Container = nodeContainer(
            name,
            {
                spec,
                plan: chaincodePlan(cc, deployment),
                role: "chaincode",
                networkName: args.networkName,
                imageId: args.imageId,
                extraEnv: { CHAINCODE_ID: this.packageId },
            },
            this,
        ).container;

        const approvals = orgs.map((org) => {
            const installs = org.peers.map((peer) => step(`install-${peer.hostname}`, CC_INSTALL_SCRIPT, withPackage(org, peer), [pkg]));
            return step(`approve-${org.mspId}`, CC_APPROVE_SCRIPT, withPackage(org), installs);
        });
        const commit = step("commit", CC_COMMIT_SCRIPT, withPackage(orgs[0]), approvals);
        if (cc.init.length > 0) {
            step("init", CC_INIT_SCRIPT, { ...withPackage(orgs[0]), COMMITTED: commit.stdout }, [commit, service]);
        }
        this.address = pulumi.output(deployment.address);
        this.registerOutputs({ packageId: this.packageId, address: this.address });
    }
}
