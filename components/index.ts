export * from "./artifacts";
export * from "./channel";
export * from "./container";
export * from "./fabricNetwork";
export * from "./kafka";
export * from "./orderer";
export * from "./peerOrganization";
export * from "./zookeeper";
