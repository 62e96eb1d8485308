// The shell steps that make a stack's crypto material and channel artifacts with the real Fabric tools.
// Each step reads its input file on stdin, so the file's content is the step's input in Pulumi's state.
import * as path from "path";
import { artifactFiles, channelOrgs, GENESIS_PROFILE, NetworkSpec, Org, SYSTEM_CHANNEL, tlsOnlyNodes } from "../config";
import { orgAdmins, ORG_ADMINS_FILE } from "./channelConfig";
import { renderConfigtx } from "./fabricConfig";
import { stepScript } from "./steps";

export const CRYPTO_CONFIG_FILE = "crypto-config.yaml";
export const CONFIGTX_FILE = "configtx.yaml";

/** Folders under crypto-config/ whose content digest cryptogen's step prints, one per line. */
export function cryptoDigestDirs(spec: NetworkSpec): string[] {
    return [
        `${spec.ordererOrg.cryptoDir}/msp`,
        ...spec.orderer.nodes.map((n) => n.cryptoDir),
        ...tlsOnlyNodes(spec).map((b) => b.cryptoDir),
        ...spec.orgs.flatMap((o) => [`${o.cryptoDir}/msp`, o.adminDir, ...o.peers.map((p) => p.cryptoDir)]),
    ];
}

/**
 * cryptogen: `generate` the first time, `extend` when crypto-config/ exists (it adds new nodes and keeps
 * every existing key). Prints `<dir> <sha256 of its files>` for each folder in $DIGEST_DIRS.
 */
export const CRYPTOGEN_SCRIPT = stepScript("cryptogen.sh");

/** Environment of the cryptogen step: where it writes, the tool, and the folders it prints digests of. */
export const cryptogenEnv = (spec: NetworkSpec, cryptogen: string): Record<string, string> => ({
    ARTIFACTS_DIR: spec.paths.artifactsDir,
    CRYPTOGEN: cryptogen,
    CRYPTO_CONFIG: CRYPTO_CONFIG_FILE,
    DIGEST_DIRS: cryptoDigestDirs(spec).join(" "),
    ...(tlsOnlyNodes(spec).length ? { TLS_ONLY_DIRS: tlsOnlyNodes(spec).map((b) => b.cryptoDir).join(" ") } : {}),
    ORG_ADMINS: orgAdmins(spec),
    ORG_ADMINS_FILE,
});

export const CRYPTOGEN_DELETE = `rm -rf "$ARTIFACTS_DIR/crypto-config" "$ARTIFACTS_DIR/${CRYPTO_CONFIG_FILE}"`;

/** Parses the digest lines of CRYPTOGEN_SCRIPT into dir → digest. */
export function parseDigests(stdout: string): Record<string, string> {
    return Object.fromEntries(
        stdout
            .split("\n")
            .map((l) => l.trim().split(/\s+/))
            .filter((f) => f.length === 2),
    );
}

/** Writes stdin to the named file of the artifacts folder (the full configtx.yaml, for people and by-hand runs). */
export const WRITE_FILE_SCRIPT = `set -euo pipefail
mkdir -p "$ARTIFACTS_DIR"
cat > "$ARTIFACTS_DIR/$FILE"
sha256sum "$ARTIFACTS_DIR/$FILE" | cut -d' ' -f1`;

export const REMOVE_FILE_SCRIPT = `rm -f "$ARTIFACTS_DIR/$FILE"`;

/** One configtxgen run with its own configtx.yaml (from stdin); prints the artifact's sha256. */
export const CONFIGTXGEN_SCRIPT = stepScript("configtxgen.sh");

export const CONFIGTXGEN_DELETE = `rm -f "$OUT_DIR/$OUT_FILE"; rmdir "$OUT_DIR" 2>/dev/null || true`;

/** The id of the genesis block among the artifact plans. */
export const GENESIS_ARTIFACT = "genesis";

export interface ChannelArtifactPlan {
    /** Resource name suffix: `genesis`, `channel1-tx`. */
    readonly id: string;
    readonly file: string;
    /** configtx.yaml with only the profile this artifact needs. */
    readonly configtx: string;
    readonly env: Readonly<Record<string, string>>;
    /** The MSP folders (keys of cryptogen's digests) that configtxgen reads for this artifact. */
    readonly mspDirs: readonly string[];
}

/** The artifacts of the stack in dependency-free order: genesis block, then per channel its tx and anchor txs. */
export function channelArtifactPlans(spec: NetworkSpec): ChannelArtifactPlan[] {
    const outDir = spec.paths.channelArtifactsDir;
    const mspDirsOf = (orgs: readonly Org[], orderer: boolean) => [
        ...(orderer ? [`${spec.ordererOrg.cryptoDir}/msp`] : []),
        ...orgs.map((o) => `${o.cryptoDir}/msp`),
    ];
    /** One configtxgen run: the profile it writes, for which channel, with which output flag, to which file. */
    interface Run {
        readonly id: string;
        readonly profile: string;
        readonly channelId: string;
        readonly outputFlag: string;
        readonly file: string;
        readonly mspDirs: string[];
    }
    const plan = ({ id, profile, channelId, outputFlag, file, mspDirs }: Run): ChannelArtifactPlan => ({
        id,
        mspDirs,
        file: path.join(outDir, file),
        configtx: renderConfigtx(spec, [profile]),
        env: {
            OUT_DIR: outDir,
            OUT_FILE: file,
            PROFILE: profile,
            CHANNEL_ID: channelId,
            OUTPUT_FLAG: outputFlag,
        },
    });
    return [
        plan({
            id: GENESIS_ARTIFACT,
            profile: GENESIS_PROFILE,
            channelId: SYSTEM_CHANNEL,
            outputFlag: "-outputBlock",
            file: artifactFiles.genesis,
            mspDirs: mspDirsOf(spec.orgs, true),
        }),
        ...spec.channels.map((ch) =>
            plan({
                id: `${ch.name}-tx`,
                profile: ch.profile,
                channelId: ch.name,
                outputFlag: "-outputCreateChannelTx",
                file: ch.txFile,
                mspDirs: mspDirsOf(channelOrgs(spec, ch), false),
            }),
        ),
    ];
}
