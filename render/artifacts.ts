// The shell steps that make a stack's crypto material and channel artifacts with the real Fabric tools.
// Each step reads its input file on stdin, so the file's content is the step's input in Pulumi's state.
import * as path from "path";
import { artifactFiles, channelOrgs, GENESIS_PROFILE, NetworkSpec, Org, SYSTEM_CHANNEL } from "../config";
import { configtxOrgName, renderConfigtx } from "./fabricConfig";

export const CRYPTO_CONFIG_FILE = "crypto-config.yaml";
export const CONFIGTX_FILE = "configtx.yaml";

/** Folders under crypto-config/ whose content digest cryptogen's step prints, one per line. */
export function cryptoDigestDirs(spec: NetworkSpec): string[] {
    return [
        `${spec.ordererOrg.cryptoDir}/msp`,
        ...spec.orderer.nodes.map((n) => n.cryptoDir),
        ...spec.orgs.flatMap((o) => [`${o.cryptoDir}/msp`, o.adminDir, ...o.peers.map((p) => p.cryptoDir)]),
    ];
}

/**
 * cryptogen: `generate` the first time, `extend` when crypto-config/ exists (it adds new nodes and keeps
 * every existing key). Prints `<dir> <sha256 of its files>` for each folder in $DIGEST_DIRS.
 */
export const CRYPTOGEN_SCRIPT = `set -euo pipefail
mkdir -p "$ARTIFACTS_DIR"
cd "$ARTIFACTS_DIR"
cat > ${CRYPTO_CONFIG_FILE}
if [ -d crypto-config ]; then
  "$CRYPTOGEN" extend --input=crypto-config --config=${CRYPTO_CONFIG_FILE} >&2
else
  "$CRYPTOGEN" generate --config=${CRYPTO_CONFIG_FILE} --output=crypto-config >&2
fi
for d in $DIGEST_DIRS; do
  [ -d "crypto-config/$d" ] || { echo "cryptogen made no crypto-config/$d" >&2; exit 1; }
  printf '%s %s\\n' "$d" "$(cd "crypto-config/$d" && find . -type f | LC_ALL=C sort | xargs -d '\\n' sha256sum | sha256sum | cut -d' ' -f1)"
done`;

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
export const CONFIGTXGEN_SCRIPT = `set -euo pipefail
cfg=$(mktemp -d)
trap 'rm -rf "$cfg"' EXIT
cat > "$cfg/${CONFIGTX_FILE}"
mkdir -p "$OUT_DIR"
"$CONFIGTXGEN" -configPath "$cfg" -profile "$PROFILE" -channelID "$CHANNEL_ID" $OUTPUT_FLAG "$OUT_DIR/$OUT_FILE" $AS_ORG >&2
sha256sum "$OUT_DIR/$OUT_FILE" | cut -d' ' -f1`;

export const CONFIGTXGEN_DELETE = `rm -f "$OUT_DIR/$OUT_FILE"; rmdir "$OUT_DIR" 2>/dev/null || true`;

export interface ChannelArtifactPlan {
    /** Resource name suffix: `genesis`, `channel1-tx`, `channel1-Org1MSP-anchors`. */
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
    // A channel's tx and its anchor txs read the same profile: each file is rendered once.
    const rendered = new Map<string, string>();
    const configtxOf = (profile: string) => rendered.get(profile) ?? rendered.set(profile, renderConfigtx(spec, [profile])).get(profile)!;
    const plan = (id: string, profile: string, channelId: string, outputFlag: string, file: string, mspDirs: string[], asOrg = ""): ChannelArtifactPlan => ({
        id,
        mspDirs,
        file: path.join(outDir, file),
        configtx: configtxOf(profile),
        env: {
            OUT_DIR: outDir,
            OUT_FILE: file,
            PROFILE: profile,
            CHANNEL_ID: channelId,
            OUTPUT_FLAG: outputFlag,
            AS_ORG: asOrg ? `-asOrg ${asOrg}` : "",
        },
    });
    return [
        plan("genesis", GENESIS_PROFILE, SYSTEM_CHANNEL, "-outputBlock", artifactFiles.genesis, mspDirsOf(spec.orgs, true)),
        ...spec.channels.flatMap((ch) => {
            const orgs = channelOrgs(spec, ch);
            return [
                plan(`${ch.name}-tx`, ch.profile, ch.name, "-outputCreateChannelTx", ch.txFile, mspDirsOf(orgs, false)),
                ...ch.anchorTxFiles.map((a, i) =>
                    plan(`${ch.name}-${a.mspId}-anchors`, ch.profile, ch.name, "-outputAnchorPeersUpdate", a.file, mspDirsOf(orgs, false), configtxOrgName(orgs[i])),
                ),
            ];
        }),
    ];
}
