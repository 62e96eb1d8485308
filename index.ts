// Wires the checked stack config to the network components and exports what clients need.
import * as pulumi from "@pulumi/pulumi";
import { findFabricTools, loadSpec, rawFromPulumiConfig } from "./config";
import { FabricNetwork } from "./components";

const project = pulumi.getProject();
const stack = pulumi.getStack();
const projectDir = process.cwd();

// Everything is checked before the first resource is registered: a bad config changes nothing.
const spec = loadSpec(rawFromPulumiConfig(pulumi.runtime.allConfig(), project), { project, stack, projectDir });
const tools = findFabricTools(projectDir);

const network = new FabricNetwork(spec.names.prefix, { spec, tools });

export const networkName = network.networkName;
export const artifactsDir = network.artifacts.artifactsDir;
export const genesisBlock = spec.paths.genesisBlock;
export const channelArtifacts = network.artifacts.files;
export const zookeeperConnect = network.zookeeper.connectString;
export const kafkaBrokers = network.kafka.brokerEndpoints;
export const ordererEndpoints = network.orderers.endpoints;
export const ordererTlsCaFile = network.orderers.tlsCaFile;
export const orgs = pulumi.output(
    network.orgs.map((o) => ({ mspId: o.mspId, peers: o.peerEndpoints, tlsCaFile: o.tlsCaFile, adminMspDir: o.adminMspDir })),
);
export const channels = pulumi.output(
    network.channels.map((c, i) => ({ name: c.name, orgs: spec.channels[i].orgs, peers: c.peers, blockFile: c.blockFile })),
);
export const containers = pulumi.all([
    network.zookeeper.containerNames,
    network.kafka.containerNames,
    network.orderers.containerNames,
    ...network.orgs.map((o) => o.containerNames),
]).apply((lists) => lists.flat());
