import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { artifactFiles, FabricTools, NetworkSpec } from "../config";
import {
    channelArtifactPlans,
    connectionProfile,
    CONFIGTX_FILE,
    CONFIGTXGEN_DELETE,
    CONFIGTXGEN_SCRIPT,
    cryptogenEnv,
    CRYPTOGEN_DELETE,
    CRYPTOGEN_SCRIPT,
    GENESIS_ARTIFACT,
    parseDigests,
    REMOVE_FILE_SCRIPT,
    renderConfigtx,
    renderCryptoConfig,
    WRITE_FILE_SCRIPT,
} from "../render";
import { bashStep, sha256 } from "./step";

export interface FabricArtifactsArgs {
    /** The checked network. */
    readonly spec: NetworkSpec;
    /** Absolute paths of cryptogen and configtxgen. */
    readonly tools: FabricTools;
}

/** The digest cryptogen printed for a folder; its absence means cryptogen's output is not what the spec expects. */
export function digestOf(digests: Record<string, string>, dir: string): string {
    const d = digests[dir];
    if (!d) {
        throw new Error(`cryptogen printed no digest for crypto-config/${dir}`);
    }
    return d;
}

/**
 * What a container whose node mounts crypto folders (a TLS broker or ZooKeeper node) adds to its resource: a
 * `crypto` label of their digests, so that new key pairs replace it, and the cryptogen step to start after.
 * Nothing for a node without crypto.
 */
export function cryptoInputs(artifacts: FabricArtifacts, dirs: readonly string[]): { inputDigests?: Record<string, pulumi.Input<string>>; dependsOn: pulumi.Resource[] } {
    if (dirs.length === 0) {
        return { dependsOn: [] };
    }
    return { inputDigests: { crypto: artifacts.cryptoDigests.apply((d) => dirs.map((dir) => digestOf(d, dir)).join(",")) }, dependsOn: [artifacts.cryptogen] };
}

/**
 * The stack's crypto material (cryptogen) and channel artifacts (configtxgen: genesis block, one
 * channel-creation tx per channel, one anchor-peer tx per org per channel), under artifacts/<stack>/.
 * Each step re-runs only when its own input changes; cryptogen then extends and keeps existing keys.
 */
export class FabricArtifacts extends pulumi.ComponentResource {
    /** Absolute folder of the generated material. */
    readonly artifactsDir: pulumi.Output<string>;
    /** Folder under crypto-config/ → sha256 of its files, for every node, org MSP and admin. */
    readonly cryptoDigests: pulumi.Output<Record<string, string>>;
    /** Artifact id (`genesis`, `channel1-tx`, …) → sha256 of the file configtxgen wrote. */
    readonly artifactDigests: pulumi.Output<Record<string, string>>;
    /** Absolute path of every artifact file, by id. */
    readonly files: pulumi.Output<Record<string, string>>;
    /** The cryptogen step: anything that mounts crypto material depends on it. */
    readonly cryptogen: command.local.Command;
    /** The step writing the full configtx.yaml (what `configtxgen -printOrg` reads). */
    readonly configtx: command.local.Command;
    /** The configtxgen steps, by artifact id. */
    readonly channelArtifacts: Readonly<Record<string, command.local.Command>>;

    constructor(name: string, args: FabricArtifactsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fabric:artifacts:FabricArtifacts", name, {}, opts);
        const { spec, tools } = args;
        const dir = spec.paths.artifactsDir;

        this.cryptogen = bashStep(
            `${name}-cryptogen`,
            {
                script: CRYPTOGEN_SCRIPT,
                deleteScript: CRYPTOGEN_DELETE,
                input: renderCryptoConfig(spec),
                environment: cryptogenEnv(spec, tools.cryptogen),
            },
            { parent: this },
        );
        this.cryptoDigests = this.cryptogen.stdout.apply(parseDigests);

        this.configtx = bashStep(
            `${name}-configtx`,
            { script: WRITE_FILE_SCRIPT, deleteScript: REMOVE_FILE_SCRIPT, input: renderConfigtx(spec), environment: { ARTIFACTS_DIR: dir, FILE: CONFIGTX_FILE } },
            { parent: this },
        );

        // One connection profile per org beside the crypto material, for clients and SDKs.
        for (const org of spec.orgs) {
            bashStep(
                `${name}-profile-${org.name}`,
                {
                    script: WRITE_FILE_SCRIPT,
                    deleteScript: REMOVE_FILE_SCRIPT,
                    input: `${JSON.stringify(connectionProfile(spec, org), null, 2)}\n`,
                    environment: { ARTIFACTS_DIR: dir, FILE: artifactFiles.connectionProfile(org.name) },
                },
                { parent: this },
            );
        }

        const steps: Record<string, command.local.Command> = {};
        const plans = channelArtifactPlans(spec);
        for (const plan of plans) {
            steps[plan.id] = bashStep(
                `${name}-${plan.id}`,
                {
                    script: CONFIGTXGEN_SCRIPT,
                    deleteScript: CONFIGTXGEN_DELETE,
                    input: plan.configtx,
                    environment: {
                        ...plan.env,
                        CONFIGTXGEN: tools.configtxgen,
                        // configtxgen reads the MSPs that cryptogen wrote: run after it, and again when those change.
                        MSP_SHA256: this.cryptoDigests.apply((d) => sha256(plan.mspDirs.map((m) => `${m} ${digestOf(d, m)}`).join("\n"))),
                    },
                },
                // The genesis block is what a new network starts from, and only that: once written it is kept, so
                // a changed channel value reaches the live system channel through its config step instead of
                // restarting the orderers on a block their ledgers ignore.
                { parent: this, dependsOn: [this.cryptogen], ...(plan.id === GENESIS_ARTIFACT ? { ignoreChanges: ["stdin", "environment", "create", "update"] } : {}) },
            );
        }
        this.channelArtifacts = steps;
        this.artifactDigests = pulumi.all(Object.fromEntries(Object.entries(steps).map(([id, c]) => [id, c.stdout.apply((s) => s.trim())])));
        this.files = pulumi.output(Object.fromEntries(plans.map((p) => [p.id, p.file])));
        this.artifactsDir = pulumi.output(dir);
        this.registerOutputs({
            artifactsDir: this.artifactsDir,
            cryptoDigests: this.cryptoDigests,
            artifactDigests: this.artifactDigests,
            files: this.files,
        });
    }
}
