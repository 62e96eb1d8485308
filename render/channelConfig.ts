// What the stack config asks of each channel's live configuration, as the environment of the channel-config
// step (render/steps/channel-config.sh). One variable per value, so that `pulumi preview --diff` shows
// each changed value of each channel, from what to what.
import { Channel, channelOrgs, CONSORTIUM, FabricTools, formatDuration, NetworkSpec, SYSTEM_CHANNEL } from "../config";
import { peerCliStepEnv } from "./channels";
import { configtxOrgName } from "./fabricConfig";
import { stepFile, stepScript } from "./steps";

/** Makes one channel's live config match the stack (render/steps/channel-config.sh). */
export const CHANNEL_CONFIG_SCRIPT = stepScript("channel-config.sh");

/** Each org's admin MSP folder under crypto-config/, by the org's configtx Name: `Org1MSP=peerOrganizations/…/msp …`. */
export const orgAdmins = (spec: NetworkSpec): string => spec.orgs.map((org) => `${configtxOrgName(org)}=${org.adminDir}/msp`).join(" ");

/** The file of the artifacts folder where the cryptogen step keeps the admin of every org it ever made (ORG_ADMINS' form). */
export const ORG_ADMINS_FILE = "org-admins";

/** The desired values of a channel's config; no channel: the system channel (its consortium holds every org). */
export function channelConfigEnv(spec: NetworkSpec, channel?: Channel): Record<string, string> {
    const orgs = channel === undefined ? spec.orgs : channelOrgs(spec, channel);
    const o = spec.orderer;
    return {
        CONFIGTX_DIR: spec.paths.artifactsDir,
        CHANNEL: channel?.name ?? SYSTEM_CHANNEL,
        ORDERER_MSP_ID: spec.ordererOrg.mspId,
        ORDERER_ADMIN_MSP: `${spec.ordererOrg.adminDir}/msp`,
        ORDERER_ORG: spec.ordererOrg.name,
        ORDERER_ENDPOINTS: o.endpoints.join(","),
        BATCH_TIMEOUT: formatDuration(o.batchTimeoutMs),
        MAX_MESSAGE_COUNT: String(o.maxMessageCount),
        ABSOLUTE_MAX_BYTES: String(o.absoluteMaxBytes),
        PREFERRED_MAX_BYTES: String(o.preferredMaxBytes),
        KAFKA_BROKERS: spec.kafka.brokerEndpoints.join(","),
        ORG_GROUP: channel === undefined ? `consortium:${CONSORTIUM}` : "application",
        // Orgs are keyed in a channel config by their configtx Name.
        ORG_IDS: orgs.map(configtxOrgName).join(" "),
        ANCHORS: channel === undefined ? "" : orgs.map((org) => `${configtxOrgName(org)}=${org.anchorPeer.endpoint}`).join(" "),
        ADMINS: orgAdmins(spec),
        ORG_ADMINS_FILE,
    };
}

/**
 * The whole environment of a channel's config step: the desired values, the tools, the reconciler, and what
 * render/steps/peer-cli.sh reads.
 */
export function channelConfigStepEnv(spec: NetworkSpec, channel: Channel | undefined, tools: Pick<FabricTools, "configtxgen" | "configtxlator">): Record<string, string> {
    return {
        ...peerCliStepEnv(spec),
        ...channelConfigEnv(spec, channel),
        CONFIGTXGEN: tools.configtxgen,
        CONFIGTXLATOR: tools.configtxlator,
        RECONCILE_JS: stepFile("channel-config.js"),
    };
}

/** What a channel-config step prints: the channel, what it changed, and the live values read back. */
export interface ChannelConfigReport {
    readonly channel: string;
    readonly changed: readonly string[];
    readonly live: Readonly<Record<string, unknown>>;
}

export const parseChannelConfigReport = (stdout: string): ChannelConfigReport => JSON.parse(stdout.trim().split("\n").pop() ?? "{}");
