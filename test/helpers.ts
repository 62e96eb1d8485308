import { execFileSync } from "child_process";
import { createHash } from "node:crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { FabricTools, loadSpec, NetworkSpec, sourceFiles } from "../config";
import {
    channelArtifactPlans,
    CONFIGTX_FILE,
    CONFIGTXGEN_SCRIPT,
    cryptogenEnv,
    CRYPTOGEN_SCRIPT,
    parseDigests,
    renderConfigtx,
    renderCryptoConfig,
    WRITE_FILE_SCRIPT,
} from "../render";

export const PROJECT = "fabric-network";
/** The repository root (tests run from bin/test/). */
export const ROOT = path.resolve(__dirname, "..", "..");

/** A stack file's `fabric-network:` values, keys without the namespace, as Pulumi hands them over. */
export function stackConfig(stack: string): Record<string, unknown> {
    const doc = parse(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
    return Object.fromEntries(Object.entries(doc.config).map(([k, v]) => [k.replace(`${PROJECT}:`, ""), v]));
}

/** An image as a swarm's nodes pull it: a registry, a name, a digest (test values: no registry is reached). */
export const pushedImage = (name: string): string => `registry.test:5000/${name}@sha256:${createHash("sha256").update(name).digest("hex")}`;

/** The images of every stack file as pushed to a swarm's registry. */
export const SWARM_IMAGES = {
    orderer: pushedImage("fabric-network/fabric-orderer"),
    peer: pushedImage("fabric-network/fabric-peer"),
    kafka: pushedImage("fabric-network/kafka"),
    kafkaFamily: "confluent",
    zookeeper: pushedImage("fabric-network/zookeeper"),
    zookeeperFamily: "apache",
};

/**
 * A stack file's values on a swarm (engine.kind swarm, the given engine keys): its images pushed, its chaincodes
 * from a pushed image instead of a source folder (the program does not push the images it builds yet).
 */
export function swarmStackConfig(stack: string, engine: Record<string, unknown>): Record<string, unknown> {
    const cfg = stackConfig(stack);
    const chaincodes = ((cfg.chaincodes ?? []) as Record<string, unknown>[]).map(({ source: _source, ...cc }) => ({ ...cc, image: pushedImage(String(cc.image).split(":")[0]) }));
    return { ...cfg, images: SWARM_IMAGES, chaincodes, engine: { kind: "swarm", ...engine } };
}

export function stackSpec(stack: string, projectDir = "/project"): NetworkSpec {
    return loadSpec(stackConfig(stack), { project: PROJECT, stack, projectDir });
}

export const bash = (script: string, env: Record<string, string>, stdin: string) =>
    execFileSync("/bin/bash", ["-c", script], { input: stdin, env: { ...process.env, ...env }, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });

/** A stand-in `docker` for the front of PATH: a temporary folder holding `docker`, a bash script of the body given. */
export interface StandInDocker {
    readonly dir: string;
    readonly file: string;
    /** The call log the script may write, as $FAKE_LOG (set in the script itself, so also when run directly). */
    readonly log: string;
    /** PATH with the stand-in first, and FAKE_LOG. */
    readonly env: Record<string, string>;
    /** The log's lines, in order; none when nothing was logged. */
    calls(): string[];
}

export function standInDocker(body: string): StandInDocker {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-docker-"));
    const file = path.join(dir, "docker");
    const log = path.join(dir, "calls");
    fs.writeFileSync(file, `#!/bin/bash\nFAKE_LOG=${log}\n${body}\n`, { mode: 0o755 });
    const calls = () => (fs.existsSync(log) ? fs.readFileSync(log, "utf8").split("\n").filter((l) => l !== "") : []);
    return { dir, file, log, env: { PATH: `${dir}:${process.env.PATH}`, FAKE_LOG: log }, calls };
}

/** Runs cryptogen and every configtxgen step of a stack exactly as the Command resources do. */
export function makeArtifacts(spec: NetworkSpec, t: FabricTools) {
    const cryptoOut = bash(
        CRYPTOGEN_SCRIPT,
        cryptogenEnv(spec, t.cryptogen),
        renderCryptoConfig(spec),
    );
    const artifacts = Object.fromEntries(
        channelArtifactPlans(spec).map((p) => [p.id, { file: p.file, sha: bash(CONFIGTXGEN_SCRIPT, { ...p.env, CONFIGTXGEN: t.configtxgen }, p.configtx).trim() }]),
    );
    // The full configtx.yaml beside them, as the configtx step writes it (configtxgen -printOrg reads it).
    bash(WRITE_FILE_SCRIPT, { ARTIFACTS_DIR: spec.paths.artifactsDir, FILE: CONFIGTX_FILE }, renderConfigtx(spec));
    return { digests: parseDigests(cryptoOut), artifacts };
}


/** Copies a chaincode source folder's files (no build outputs) to `to`. */
export function copySource(from: string, to: string): void {
    for (const file of sourceFiles(from)) {
        fs.mkdirSync(path.dirname(path.join(to, file)), { recursive: true });
        fs.copyFileSync(path.join(from, file), path.join(to, file));
    }
}
