// What earlier `pulumi up`s left in the stack's artifacts folder that the config must stay consistent with.
import * as fs from "fs";
import * as path from "path";
import { ConfigError } from "./load";
import { NetworkSpec } from "./spec";
import { deployedOrdererType, ordererTypeProblems } from "./raft";

/** Channels created before: the create step leaves `<channel>.block` in channel-artifacts/. */
export function createdChannels(spec: NetworkSpec): string[] {
    let files: string[];
    try {
        files = fs.readdirSync(spec.paths.channelArtifactsDir);
    } catch {
        return [];
    }
    return files
        .filter((f) => f.endsWith(".block") && !f.endsWith(".config.block") && f !== path.basename(spec.paths.genesisBlock))
        .map((f) => f.slice(0, -".block".length))
        .sort();
}

/** A channel cannot be deleted in Fabric: refuse a config that drops one that exists. */
export function removedChannelProblems(spec: NetworkSpec, created: readonly string[]): string[] {
    const configured = new Set(spec.channels.map((c) => c.name));
    return created
        .filter((name) => !configured.has(name))
        .map(
            (name) =>
                `channels (without "${name}") must keep every channel already created: Fabric cannot delete a channel, and "${name}" exists on this network; ` +
                `put { name: "${name}", orgs: [...] } back in channels, or run \`pulumi destroy\` to remove the whole network`,
        );
}

/** Throws a ConfigError when the config would drop a created channel or change the orderer type it cannot. */
export function checkAgainstExisting(spec: NetworkSpec): void {
    const problems = [...removedChannelProblems(spec, createdChannels(spec)), ...ordererTypeProblems(spec, deployedOrdererType(spec))];
    if (problems.length > 0) {
        throw new ConfigError(spec.stack, problems);
    }
}
