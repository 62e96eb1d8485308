// Wires the checked stack config to the network components and exports what clients need.
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { checkAgainstExisting, checkSwarmPlacement, configWarnings, createdChannels, deployedOrdererType, findFabricTools, loadSpec, migratesToRaft, rawFromPulumiConfig, readAppliedRecord, readSources, readSwarm, readSwarmId } from "./config";
import { FabricNetwork } from "./components";
import { connectionProfile, metricsTargets, migrationPlan, parseChannelConfigReport, userIdentity } from "./render";

const project = pulumi.getProject();
const stack = pulumi.getStack();
const projectDir = process.cwd();

/** Runs a check; its failure ends the program with just its message (a RunError prints no stack trace). */
function checked<T>(check: () => T): T {
    try {
        return check();
    } catch (e) {
        throw new pulumi.RunError((e as Error).message);
    }
}

// Everything is checked before the first resource is registered: a bad config changes nothing.
const raw = rawFromPulumiConfig(pulumi.runtime.allConfig(), project);
const spec = checked(() => loadSpec(raw, { project, stack, projectDir }));
for (const warning of configWarnings(raw)) {
    pulumi.log.warn(warning);
}
// On a swarm: the manager's swarm must be the one the network runs on, the placement is checked against the swarm
// as it is, and the docker provider is on its manager.
const swarm = spec.engine.kind === "swarm" ? checked(() => ({ nodes: readSwarm(spec.engine), id: readSwarmId(spec.engine) })) : undefined;
const swarmId = swarm?.id;
checked(() => checkAgainstExisting(spec, swarmId));
// The record of the last successful up (none before the first): where a swarm's nodes were placed, and whether the network is new.
const applied = readAppliedRecord(spec);
const placedBefore = new Map(Object.entries(applied?.placement ?? {}));
const placement = swarm ? checked(() => checkSwarmPlacement(spec, swarm.nodes, placedBefore)) : undefined;
placement?.warnings.forEach((w) => pulumi.log.warn(w));
if (placement) {
    // Every pinned node holds data (a volume); only a stateless chaincode service is left unpinned.
    const noEndpoint = [...new Set(placement.byContainer.values())].sort().filter((n) => spec.engine.nodes?.[n] === undefined);
    if (noEndpoint.length) {
        pulumi.log.warn(`engine.nodes names no endpoint for ${noEndpoint.join(", ")}: destroy will leave the network's volumes there (Swarm removes services, not the volumes their tasks made); add each node's Docker endpoint to engine.nodes`);
    }
}
const engineOpts = placement ? { providers: [new docker.Provider("swarm-manager", { host: spec.engine.manager, certPath: spec.engine.certPath })] } : undefined;
// Shown by `pulumi preview` and `up` alike: what the migration will do, and what not to do meanwhile.
if (migratesToRaft(spec, deployedOrdererType(spec))) {
    pulumi.log.warn(migrationPlan(spec));
}
const tools = checked(() => findFabricTools(projectDir));
const sourceDigests = checked(() => readSources(spec));

// kafka.sasl's password: only as a secret, so that it is encrypted in the stack file and in the state.
// (@pulumi/pulumi 3 has isConfigSecret at run time, marked internal: its absence fails loudly, not open.)
const isConfigSecret = (pulumi.runtime as unknown as { isConfigSecret: (key: string) => boolean }).isConfigSecret;
if (spec.kafka.sasl && !isConfigSecret(`${project}:kafkaSaslPassword`)) {
    throw new pulumi.RunError(
        `kafkaSaslPassword is stored in clear in Pulumi.${stack}.yaml; kafka.sasl takes it only as a secret: remove it and run npm run pulumi -- config set --secret kafkaSaslPassword <password> --stack ${stack}`,
    );
}
const kafkaSaslPassword = spec.kafka.sasl ? pulumi.secret(String(raw.kafkaSaslPassword)) : undefined;

const created = new Set(createdChannels(spec));
const newNetwork = applied === undefined && created.size === 0;
const network = new FabricNetwork(spec.names.prefix, { spec, tools, sourceDigests, createdChannels: created, newNetwork, kafkaSaslPassword, placement, swarmId }, engineOpts);

export const networkName = network.networkName;
export const artifactsDir = network.artifacts.artifactsDir;
export const genesisBlock = spec.paths.genesisBlock;
export const channelArtifacts = network.artifacts.files;
export const ordererType = spec.orderer.type;
/** etcdraft: what the consensus step found or did ("every channel on etcdraft: …" or "migrated to etcdraft: …"). */
export const consensus = network.consensus ?? pulumi.output("");
/** Empty on an etcdraft network. */
export const zookeeperConnect = network.zookeeper?.connectString ?? pulumi.output("");
export const kafkaBrokers = network.kafka?.brokerEndpoints ?? pulumi.output<string[]>([]);
export const ordererEndpoints = network.orderers.endpoints;
export const ordererTlsCaFile = network.orderers.tlsCaFile;
export const orgs = pulumi.output(
    network.orgs.map((o) => ({ mspId: o.mspId, peers: o.peerEndpoints, tlsCaFile: o.tlsCaFile, adminMspDir: o.adminMspDir })),
);
export const channels = pulumi.output(
    network.channels.map((c, i) => ({ name: c.name, orgs: spec.channels[i].orgs, peers: c.peers, blockFile: c.blockFile })),
);
export const containers = pulumi.all([
    network.zookeeper?.containerNames ?? [],
    network.kafka?.containerNames ?? [],
    network.orderers.containerNames,
    ...network.orgs.map((o) => o.containerNames),
]).apply((lists) => lists.flat());
/** Per org: a connection profile in the format Fabric SDKs read, and User1's identity files. */
export const connectionProfiles = Object.fromEntries(spec.orgs.map((o) => [o.name, connectionProfile(spec, o)]));
export const identities = Object.fromEntries(spec.orgs.map((o) => [o.name, userIdentity(spec, o)]));
/** Prometheus scrape targets: each orderer's and peer's /metrics, with the client identity operations.tls asks for. */
export const metrics = metricsTargets(spec);
/**
 * Per channel (the system channel first), the live config values read back from the orderers after this
 * `up` and what it changed: the genesis block only starts a new network, the live config is the truth.
 */
export const channelConfigs = pulumi
    .all([network.systemChannelConfig, ...network.channels.map((c) => c.config)])
    .apply((reports) => reports.map(parseChannelConfigReport));
export const chaincodes = pulumi.output(network.chaincodes.map((c) => ({ packageId: c.packageId, sequence: c.sequence, address: c.address })));
