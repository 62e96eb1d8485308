import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { APPLIED_FILE, appliedRecord, FabricTools, NetworkPlacement, NetworkSpec } from "../config";
import { CC_IMAGE_SCRIPT, chaincodeImageEnv, CONSENSUS_SCRIPT, consensusStepEnv, REMOVE_FILE_SCRIPT, WRITE_FILE_SCRIPT } from "../render";
import { FabricArtifacts } from "./artifacts";
import { channelConfigStep, FabricChannel } from "./channel";
import { ChaincodeDeployment } from "./chaincode";
import { LABEL_PREFIX } from "./container";
import { KafkaCluster } from "./kafka";
import { OrdererCluster } from "./orderer";
import { PeerOrganization } from "./peerOrganization";
import { bashStep, shortStackTraces } from "./step";
import { ZookeeperEnsemble } from "./zookeeper";

export interface FabricNetworkArgs {
    /** The checked network (config/ makes it; nothing here re-checks it). */
    readonly spec: NetworkSpec;
    /** Absolute paths of the Fabric tools that make the artifacts. */
    readonly tools: FabricTools;
    /** Source digest of each chaincode with a `source` folder, by name (config/source.ts reads them). */
    readonly sourceDigests: ReadonlyMap<string, string>;
    /** The channels earlier `up`s created (config/state.ts createdChannels). */
    readonly createdChannels: ReadonlySet<string>;
    /**
     * No earlier `up` left a record or created a channel (config/state.ts): the orderers start from this run's
     * genesis block, whose consortium is the config's, so no channel's create waits for the system channel's config step.
     */
    readonly newNetwork?: boolean;
    /** kafka.sasl's password: the stack's secret kafkaSaslPassword (index.ts refuses it in clear). */
    readonly kafkaSaslPassword?: pulumi.Output<string>;
    /** engine.kind swarm: where each node runs (config/placement.ts, checked against the swarm). */
    readonly placement?: NetworkPlacement;
    /** engine.kind swarm: the swarm's cluster ID (config/swarm.ts readSwarmId), in the record the next run checks. */
    readonly swarmId?: string;
}

/**
 * The whole network of one stack: a Docker network, the artifacts, the ZooKeeper ensemble and the Kafka
 * cluster (for Kafka ordering only), the orderer cluster and one PeerOrganization per org, each starting
 * after what it needs.
 */
export class FabricNetwork extends pulumi.ComponentResource {
    readonly networkName: pulumi.Output<string>;
    readonly artifacts: FabricArtifacts;
    /** None on an etcdraft network. */
    readonly zookeeper?: ZookeeperEnsemble;
    /** None on an etcdraft network. */
    readonly kafka?: KafkaCluster;
    readonly orderers: OrdererCluster;
    readonly orgs: readonly PeerOrganization[];
    readonly channels: readonly FabricChannel[];
    /** The system channel's live config values after the last `up` (its consortium, batch values, brokers). */
    readonly systemChannelConfig: pulumi.Output<string>;
    readonly chaincodes: readonly ChaincodeDeployment[];
    /**
     * etcdraft only: the step that finds every channel on Raft, or takes a running Kafka network there
     * (render/consensus.ts); it prints what it found or did.
     */
    readonly consensus?: pulumi.Output<string>;

    constructor(name: string, args: FabricNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fabric:network:FabricNetwork", name, {}, opts);
        // Pulumi's SDK formats a stack trace for each of the four promises it makes per property of every
        // resource, only for its promise-leak report, and keeps it as long as the resource: ~0.4 MB per
        // container, most of the program's time and memory, and growing faster than the network (garbage
        // collection). Source positions of resources are unaffected (the SDK lifts the limit for those).
        const restoreStackTraces = shortStackTraces();
        const { spec } = args;
        const swarm = spec.engine.kind === "swarm";
        if (swarm && !args.placement) throw new Error("engine.kind swarm: the network needs its placement on the swarm (index.ts checks it)");
        const network = new docker.Network(
            `${name}-network`,
            // On a swarm an overlay over every node, attachable: the steps' CLI containers join it from the manager.
            {
                name: spec.names.network,
                driver: swarm ? "overlay" : "bridge",
                ...(swarm ? { attachable: true } : {}),
                labels: [{ label: `${LABEL_PREFIX}.stack`, value: spec.names.prefix }],
            },
            // A fixed name: the old network must go before its replacement can have it.
            { parent: this, deleteBeforeReplace: true },
        );
        this.networkName = network.name;

        // One image resource per distinct image name; the images are used as they are when present.
        const images = new Map<string, docker.RemoteImage>();
        const imageId = (image: string): pulumi.Output<string> => {
            // A swarm's nodes pull each image themselves, by the reference the stack gives (a digest rolls them).
            if (swarm) return pulumi.output(image);
            if (!images.has(image)) {
                const id = image.replace(/[^A-Za-z0-9.-]+/g, "-");
                images.set(image, new docker.RemoteImage(`${name}-image-${id}`, { name: image, keepLocally: true }, { parent: this }));
            }
            return (images.get(image) as docker.RemoteImage).imageId;
        };

        this.artifacts = new FabricArtifacts(`${name}-artifacts`, { spec, tools: args.tools }, { parent: this });
        const common = {
            spec,
            networkName: network.name,
            ...(swarm ? { swarm: { networkId: network.id, placement: args.placement! } } : {}),
        };
        if (spec.orderer.type === "kafka") {
            const zookeeper = new ZookeeperEnsemble(`${name}-zookeeper`, { ...common, imageId: imageId(spec.images.zookeeper), artifacts: this.artifacts }, { parent: this });
            this.zookeeper = zookeeper;
            this.kafka = new KafkaCluster(
                `${name}-kafka`,
                { ...common, imageId: imageId(spec.images.kafka), zookeeper: zookeeper.containers, artifacts: this.artifacts, kafkaSaslPassword: args.kafkaSaslPassword },
                { parent: this },
            );
        }
        this.orderers = new OrdererCluster(
            `${name}-orderer`,
            { ...common, imageId: imageId(spec.images.orderer), artifacts: this.artifacts, brokers: this.kafka?.ready, kafkaSaslPassword: args.kafkaSaslPassword },
            { parent: this },
        );
        this.orgs = spec.orgs.map(
            (org) =>
                new PeerOrganization(
                    `${name}-${org.name.toLowerCase()}`,
                    { ...common, org, imageId: imageId(spec.images.peer), artifacts: this.artifacts },
                    { parent: this },
                ),
        );
        const ordererIds = this.orderers.nodeIds;
        // The genesis block starts a new network only; after that the live system channel config is the truth.
        const systemConfig = channelConfigStep(`${name}-system-channel-config`, spec, undefined, args.tools, {
            parent: this,
            dependsOn: [this.orderers, this.artifacts.cryptogen, this.artifacts.configtx],
        });
        this.systemChannelConfig = systemConfig.stdout;
        this.channels = spec.channels.map((channel) => {
            const orgs = spec.orgs.flatMap((o, i) => (channel.orgs.includes(o.name) ? [this.orgs[i]] : []));
            return new FabricChannel(
                `${name}-channel-${channel.name}`,
                {
                    spec,
                    channel,
                    artifactDigests: this.artifacts.artifactDigests,
                    nodeIds: pulumi.all([ordererIds, ...orgs.map((o) => o.nodeIds)]).apply((lists) => lists.flat()),
                    tools: args.tools,
                    // A channel of an org new to the network is created once the consortium holds the org; on a
                    // new network the genesis block's consortium already does.
                    after: args.newNetwork ? [this.artifacts.configtx] : [systemConfig, this.artifacts.configtx],
                    exists: args.createdChannels.has(channel.name),
                },
                // The steps take the nodes' IDs once their clusters serve (nodeIds); this orders the whole component.
                { parent: this, dependsOn: [this.orderers, ...orgs] },
            );
        });
        // After the channels exist and before any chaincode step: a channel in maintenance mode takes no transaction.
        const consensus =
            spec.orderer.type === "etcdraft"
                ? bashStep(
                      `${name}-consensus`,
                      { script: CONSENSUS_SCRIPT, environment: { ...consensusStepEnv(spec, args.tools), NODE_IDS: ordererIds.apply((ids) => ids.join(",")) } },
                      { parent: this, dependsOn: [systemConfig, ...this.channels] },
                  )
                : undefined;
        this.consensus = consensus?.stdout.apply((s) => s.trim());
        this.chaincodes = spec.chaincodes.flatMap((chaincode) => {
            const sourceDigest = args.sourceDigests.get(chaincode.name);
            // A chaincode with a source folder gets its image built here, again whenever the source changes.
            const chaincodeImageId =
                sourceDigest === undefined
                    ? imageId(chaincode.image)
                    : bashStep(`${name}-cc-${chaincode.name}-image`, { script: CC_IMAGE_SCRIPT, environment: chaincodeImageEnv(chaincode, sourceDigest, swarm ? spec.engine.registry : undefined) }, { parent: this }).stdout.apply((s) =>
                          s.trim(),
                      );
            return chaincode.deployments.map(
                (deployment) =>
                    new ChaincodeDeployment(
                        `${name}-cc-${chaincode.name}-${deployment.channel}`,
                        {
                            spec,
                            chaincode,
                            deployment,
                            networkName: network.name,
                            swarm: common.swarm,
                            imageId: chaincodeImageId,
                            sourceDigest,
                            // On etcdraft, the consensus step: it runs after every channel's steps.
                            // Otherwise its channel's joins: on a new channel not its anchor-peer config, which runs beside.
                            channel: consensus ?? this.channels[spec.channels.findIndex((c) => c.name === deployment.channel)].joined,
                            peers: new Map(spec.orgs.map((o, i) => [o.mspId, this.orgs[i]])),
                        },
                        { parent: this },
                    ),
            );
        });
        // What the next run checks the config against (config/state.ts), written once everything above is done.
        bashStep(
            `${name}-record`,
            {
                script: WRITE_FILE_SCRIPT,
                deleteScript: REMOVE_FILE_SCRIPT,
                input: `${JSON.stringify(appliedRecord(spec, args.swarmId, args.placement?.byContainer), null, 2)}\n`,
                environment: { ARTIFACTS_DIR: spec.paths.artifactsDir, FILE: APPLIED_FILE },
            },
            // On etcdraft after the consensus step too: the record says etcdraft only once every channel is on it.
            { parent: this, dependsOn: [systemConfig, ...this.channels, ...(consensus ? [consensus] : []), ...this.chaincodes] },
        );
        restoreStackTraces();
        this.registerOutputs({ networkName: this.networkName, systemChannelConfig: this.systemChannelConfig });
    }
}
