export { ConfigError, findProblems, loadSpec, rawFromPulumiConfig } from "./load";
export * from "./names";
export { allNodes, buildSpec, channelOrgs } from "./spec";
export type { Chaincode, ChaincodeDeployment, Channel, FabricNode, KafkaBroker, NetworkSpec, Node, Org, Peer, SpecContext, ZookeeperNode } from "./spec";
export { findFabricTools, FABRIC_TOOLS, INSTALL_COMMAND } from "./tools";
export type { FabricTools } from "./tools";
export { readSources, sourceDigest, sourceFiles } from "./source";
export { formatDuration, formatSize, parseDuration, parseSize } from "./units";
export { checkAgainstExisting, createdChannels, removedChannelProblems } from "./state";
