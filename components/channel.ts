import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { Channel, channelOrgs, FabricTools, NetworkSpec, Org } from "../config";
import { ANCHOR_UPDATE_SCRIPT, CHANNEL_CREATE_SCRIPT, CHANNEL_JOIN_SCRIPT, channelBlockFile, channelConfigEnv, channelStepEnv } from "../render";
import { bashStep, sha256, stepFile, stepScript } from "./step";

/**
 * The step that makes a channel's live config match the stack (no channel: the system channel): batch
 * values, Kafka brokers, orderer endpoints, member orgs and anchor peers. It prints the live values it read
 * back (parseChannelConfigReport). Fabric keeps a channel's config in the channel: deleting the step leaves it.
 */
export function channelConfigStep(name: string, spec: NetworkSpec, channel: Channel | undefined, tools: FabricTools, opts: pulumi.CustomResourceOptions): command.local.Command {
    const reconciler = stepFile("channel-config.js");
    return bashStep(
        name,
        {
            script: stepScript("channel-config.sh"),
            deleteScript: `echo "channel $CHANNEL keeps its config: Fabric keeps it in the channel"`,
            environment: {
                ...channelConfigEnv(spec, channel),
                CONFIGTXGEN: tools.configtxgen,
                CONFIGTXLATOR: tools.configtxlator,
                RECONCILE_JS: reconciler,
                RECONCILE_SHA256: sha256(stepScript("channel-config.js")),
            },
        },
        opts,
    );
}

export interface FabricChannelArgs {
    /** The checked network. */
    readonly spec: NetworkSpec;
    /** The channel of `spec.channels` this component opens. */
    readonly channel: Channel;
    /** sha256 of the channel-creation tx and of each org's anchor tx, by artifact id. */
    readonly artifactDigests: pulumi.Input<Record<string, string>>;
    /** IDs of the orderer containers and of the channel's peers: a replaced node re-runs the (idempotent) steps. */
    readonly nodeIds: pulumi.Input<string[]>;
    /** Absolute paths of the Fabric tools the config step runs. */
    readonly tools: FabricTools;
    /** What the create step waits for besides the nodes: the system channel's config (its consortium) and configtx.yaml. */
    readonly after: pulumi.Input<pulumi.Resource>[];
}

/**
 * One channel, opened through the orderers: created from its tx (or found), joined by every peer of its
 * orgs, and each org's anchor-peer update applied. Each step first detects whether it is already done.
 * Fabric cannot delete a channel, so deleting these resources leaves the channel as it is.
 */
export class FabricChannel extends pulumi.ComponentResource {
    readonly name: pulumi.Output<string>;
    /** `host:port` of every peer that joined. */
    readonly peers: pulumi.Output<string[]>;
    /** Absolute path of the channel's genesis block (what `peer channel join` reads). */
    readonly blockFile: pulumi.Output<string>;
    /** The channel's live config values after the last `up`, and what that `up` changed in them. */
    readonly config: pulumi.Output<string>;

    constructor(name: string, args: FabricChannelArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fabric:channel:FabricChannel", name, {}, opts);
        const { spec, channel } = args;
        const orgs = channelOrgs(spec, channel);
        const digest = (id: string) => pulumi.output(args.artifactDigests).apply((d) => d[id] ?? "");
        // Deleting runs only under `pulumi destroy`: the program refuses a config that drops a created channel.
        const note = `echo "Fabric cannot delete channel $CHANNEL: it goes with its peers' ledgers"`;
        const forget = `rm -f "$CHANNEL_DIR/$CHANNEL.block"; ${note}`;
        const nodeIds = pulumi.output(args.nodeIds).apply((ids) => ids.join(","));
        const step = (suffix: string, script: string, env: Record<string, pulumi.Input<string>>, dependsOn: pulumi.Input<pulumi.Resource>[], deleteScript = note) =>
            bashStep(`${name}-${suffix}`, { script, deleteScript, environment: { ...env, NODE_IDS: nodeIds } }, { parent: this, dependsOn });

        const create = step(
            "create",
            CHANNEL_CREATE_SCRIPT,
            { ...channelStepEnv(spec, channel, orgs[0], orgs[0].peers[0]), TX_SHA256: digest(`${channel.name}-tx`) },
            args.after,
            forget,
        );
        // Orgs added to the channel are in its config before their peers join.
        const config = channelConfigStep(`${name}-config`, spec, channel, args.tools, { parent: this, dependsOn: [create] });
        const joins = orgs.flatMap((org) =>
            org.peers.map((peer) => step(`join-${peer.hostname}`, CHANNEL_JOIN_SCRIPT, { ...channelStepEnv(spec, channel, org, peer), CREATED: create.stdout }, [config])),
        );
        channel.anchorTxFiles.forEach((a) => {
            const org = orgs.find((o) => o.name === a.org) as Org;
            const env = {
                ...channelStepEnv(spec, channel, org, org.anchorPeer),
                ANCHOR_TX: a.file,
                ORG_MSP: a.mspId,
                ANCHOR_HOST: org.anchorPeer.hostname,
                ANCHORS_SHA256: digest(`${channel.name}-${a.mspId}-anchors`),
            };
            step(`anchors-${a.mspId}`, ANCHOR_UPDATE_SCRIPT, env, joins);
        });
        this.name = pulumi.output(channel.name);
        this.peers = pulumi.output(orgs.flatMap((o) => o.peers.map((p) => p.endpoint)));
        this.blockFile = pulumi.output(channelBlockFile(spec, channel));
        this.config = config.stdout;
        this.registerOutputs({ name: this.name, peers: this.peers, blockFile: this.blockFile, config: this.config });
    }
}
