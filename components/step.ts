import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { stepDependencies, stepsDigest } from "../render";

export const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

export interface BashStepArgs {
    /** Runs on create and on update alike: every step is idempotent, so a changed input re-runs it in place. */
    readonly script: string;
    readonly deleteScript?: string;
    /** The step's input file, on stdin; its sha256 stands in the environment, where `pulumi preview` shows it. */
    readonly input?: string;
    readonly environment: Record<string, pulumi.Input<string>>;
}

/**
 * A bash Command resource: the one shape of every artifact, channel and chaincode step. What it runs is in its
 * inputs: its script as `create`, and a digest of every other step file it runs as STEPS_SHA256, so that a
 * changed file re-runs exactly the steps that run it.
 */
export function bashStep(name: string, step: BashStepArgs, opts: pulumi.CustomResourceOptions): command.local.Command {
    const runs = stepDependencies(step.script, step.environment);
    const environment = runs.length === 0 ? step.environment : { ...step.environment, STEPS_SHA256: stepsDigest(...runs) };
    return new command.local.Command(
        name,
        {
            interpreter: ["/bin/bash", "-c"],
            create: step.script,
            update: step.script,
            delete: step.deleteScript,
            stdin: step.input,
            environment: step.input === undefined ? environment : { ...environment, INPUT_SHA256: sha256(step.input) },
        },
        opts,
    );
}

/**
 * Sets `Error.stackTraceLimit` to 0 until the returned function restores it, unless
 * PULUMI_DEBUG_PROMISE_LEAKS asks the SDK for the promises' stack traces. Errors created meanwhile carry
 * their message only.
 */
export function shortStackTraces(env: NodeJS.ProcessEnv = process.env): () => void {
    const limit = Error.stackTraceLimit;
    if (!env.PULUMI_DEBUG_PROMISE_LEAKS) {
        Error.stackTraceLimit = 0;
    }
    return () => {
        Error.stackTraceLimit = limit;
    };
}
