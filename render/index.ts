export * from "./artifacts";
export * from "./containers";
export * from "./fabricConfig";
export * from "./channels";
export * from "./chaincode";
export * from "./connectionProfile";
export * from "./consensus";
export * from "./channelConfig";
