import { execFileSync } from "child_process";
import * as fs from "fs";
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

export function stackSpec(stack: string, projectDir = "/project"): NetworkSpec {
    return loadSpec(stackConfig(stack), { project: PROJECT, stack, projectDir });
}

export const bash = (script: string, env: Record<string, string>, stdin: string) =>
    execFileSync("/bin/bash", ["-c", script], { input: stdin, env: { ...process.env, ...env }, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });

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
