// The Fabric 2.x lifecycle for a chaincode served as a service (CCAAS), as idempotent shell steps in the
// style of channels.ts: the service image from source, package, install on a peer, the channel's next
// sequence, approve for an org, commit, and the first init.
import { createHash } from "crypto";
import { Chaincode, ChaincodeDeployment, Channel, channelOrgs, ccaasLabel, NetworkSpec, Org, Peer } from "../config";
import { channelStepEnv, CRYPTO_MOUNT } from "./channels";
import { stepScript } from "./steps";

/**
 * The label of `cc`'s packages: its name, version and a short digest of what its service runs (the image
 * and, when the program builds it, the source digest). New code is a new package, hence a new definition.
 */
export function packageLabel(cc: Chaincode, sourceDigest?: string): string {
    const code = createHash("sha256").update(`${cc.image}\n${sourceDigest ?? ""}`).digest("hex");
    return ccaasLabel(cc.name, cc.version, code.slice(0, 12));
}

/** The image label that records which source digest an image was built from. */
export const SOURCE_DIGEST_LABEL = "fabric-network.source-digest";

/**
 * Builds the chaincode's service image from its source folder and prints the image ID: the source (without
 * build outputs) is copied to a scratch folder, built by npm (`npm ci`, the `build` script, production
 * modules only), then by Docker with the folder's Dockerfile. The source folder itself is not written.
 * An image of that name already built from the same source digest (its label says so) is used as it is.
 */
export const CC_IMAGE_SCRIPT = stepScript("cc-image.sh");

/**
 * Environment of the image step: a new source digest re-runs it. With `registry` (a swarm's engine.registry) the
 * step pushes the image there and prints the reference the nodes pull, by digest.
 */
export const chaincodeImageEnv = (cc: Chaincode, sourceDigest: string, registry?: { push: string; pull?: string }): Record<string, string> => ({
    CC_SOURCE: cc.source ?? "",
    CC_IMAGE: cc.image,
    CC_SOURCE_DIGEST: sourceDigest,
    CC_DIGEST_LABEL: SOURCE_DIGEST_LABEL,
    ...(registry ? { CC_PUSH: registry.push, CC_PULL: registry.pull ?? registry.push } : {}),
});

/**
 * Writes the CCAAS package (metadata.json + code.tar.gz holding connection.json) into the channel
 * artifacts folder, byte-for-byte the same for the same inputs, and prints its package ID.
 */
export const CCAAS_PACKAGE_SCRIPT = stepScript("cc-package.sh");

/** Installs the package on the peer unless `queryinstalled` lists its ID. */
export const CC_INSTALL_SCRIPT = stepScript("cc-install.sh");

/**
 * Prints the sequence this package's definition has on the channel: the committed one when it already
 * names this package (nothing to do), else the next one (0 + 1 for a chaincode not yet defined).
 */
export const CC_SEQUENCE_SCRIPT = stepScript("cc-sequence.sh");

/** Approves the definition for the org unless `queryapproved` already shows this sequence with this package. */
export const CC_APPROVE_SCRIPT = stepScript("cc-approve.sh");


/** Commits the definition (endorsed by a peer of every org) unless `querycommitted` shows this sequence. */
export const CC_COMMIT_SCRIPT = stepScript("cc-commit.sh");

/** Runs the init transaction once: skipped when the chaincode already answers a query of its first key. */
export const CC_INIT_SCRIPT = stepScript("cc-init.sh");

/** Environment of a lifecycle step of `cc` on `channel`, as `org`'s admin against `peer`. */
export function chaincodeStepEnv(
    spec: NetworkSpec,
    channel: Channel,
    cc: Chaincode,
    deployment: ChaincodeDeployment,
    org: Org,
    peer: Peer,
    label: string,
): Record<string, string> {
    const orgs = channelOrgs(spec, channel);
    return {
        ...channelStepEnv(spec, channel, org, peer),
        ORG_MSP: org.mspId,
        CC_NAME: cc.name,
        CC_VERSION: cc.version,
        CC_LABEL: label,
        CC_ADDRESS: deployment.address,
        CC_PACKAGE: deployment.packageFile,
        // One endorsing peer of each org of the channel: the MAJORITY endorsement policy's quorum.
        ENDORSERS: orgs.map((o) => `${o.anchorPeer.endpoint}=${CRYPTO_MOUNT}/${o.anchorPeer.cryptoDir}/tls/ca.crt`).join(" "),
        CC_INIT_JSON: JSON.stringify({ Args: [...cc.init] }),
        CC_INIT_PROBE: cc.init[1] ?? "",
    };
}
