import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { Channel, channelOrgs, FabricTools, NetworkSpec } from "../config";
import { CHANNEL_CONFIG_SCRIPT, CHANNEL_CREATE_SCRIPT, CHANNEL_JOIN_SCRIPT, channelBlockFile, channelConfigStepEnv, channelStepEnv, peersCliEnv } from "../render";
import { bashStep } from "./step";

/**
 * The step that makes a channel's live config match the stack (no channel: the system channel): batch
 * values, Kafka brokers, orderer endpoints, member orgs and anchor peers. It prints the live values it read
 * back (parseChannelConfigReport). Fabric keeps a channel's config in the channel: deleting the step leaves it.
 */
export function channelConfigStep(name: string, spec: NetworkSpec, channel: Channel | undefined, tools: FabricTools, opts: pulumi.CustomResourceOptions): command.local.Command {
    return bashStep(
        name,
        {
            script: CHANNEL_CONFIG_SCRIPT,
            deleteScript: `echo "channel $CHANNEL keeps its config: Fabric keeps it in the channel"`,
            environment: channelConfigStepEnv(spec, channel, tools),
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
    /** IDs of the orderers and of the channel's peers, known once they serve: the steps run on serving nodes, and a replaced node re-runs the (idempotent) steps. */
    readonly nodeIds: pulumi.Input<string[]>;
    /** Absolute paths of the Fabric tools the config step runs. */
    readonly tools: FabricTools;
    /** What the create step waits for besides the nodes: the system channel's config (its consortium) and configtx.yaml. */
    readonly after: pulumi.Input<pulumi.Resource>[];
    /** The channel was created by an earlier `up` (config/state.ts createdChannels). */
    readonly exists: boolean;
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
    /**
     * The join step: what a chaincode on the channel waits for. On an existing channel it runs after the config
     * step (an org added is in the channel first); on a new one beside it, the anchor peers not needed by then.
     */
    readonly joined: pulumi.Resource;

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
        const config = channelConfigStep(`${name}-config`, spec, channel, args.tools, { parent: this, dependsOn: [create] });
        // A new channel's create tx names its orgs, so their peers join beside the config step (anchor peers). An
        // existing channel may be getting an org: its peers join once the config step has put it in.
        const joinAfter = args.exists ? config : create;
        // One step joins every peer of the channel's orgs, all at once; a peer added to an org re-runs it for that peer.
        this.joined = step(
            "join",
            CHANNEL_JOIN_SCRIPT,
            { ...channelStepEnv(spec, channel, orgs[0], orgs[0].peers[0]), PEERS: peersCliEnv(spec, orgs.map((org) => ({ org, peers: org.peers }))), CREATED: create.stdout },
            [joinAfter],
        );
        this.name = pulumi.output(channel.name);
        this.peers = pulumi.output(orgs.flatMap((o) => o.peers.map((p) => p.endpoint)));
        this.blockFile = pulumi.output(channelBlockFile(spec, channel));
        this.config = config.stdout;
        this.registerOutputs({ name: this.name, peers: this.peers, blockFile: this.blockFile, config: this.config });
    }
}
