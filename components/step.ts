import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

export const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

export interface BashStepArgs {
    /** Runs on create and on update alike: every step is idempotent, so a changed input re-runs it in place. */
    readonly script: string;
    readonly deleteScript?: string;
    /** The step's input file, on stdin; its sha256 stands in the environment, where `pulumi preview` shows it. */
    readonly input?: string;
    readonly environment: Record<string, pulumi.Input<string>>;
}

/** A bash Command resource: the one shape of every artifact, channel and chaincode step. */
export function bashStep(name: string, step: BashStepArgs, opts: pulumi.CustomResourceOptions): command.local.Command {
    return new command.local.Command(
        name,
        {
            interpreter: ["/bin/bash", "-c"],
            create: step.script,
            update: step.script,
            delete: step.deleteScript,
            stdin: step.input,
            environment: step.input === undefined ? step.environment : { ...step.environment, INPUT_SHA256: sha256(step.input) },
        },
        opts,
    );
}

/** The project folder: the nearest one holding Pulumi.yaml above this file (or its compiled copy). */
function projectRoot(from = __dirname): string {
    for (let dir = from; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) return dir;
        if (dir === path.dirname(dir)) throw new Error(`no Pulumi.yaml above ${from}`);
    }
}

/** Absolute path of a file of components/steps/, the scripts that Command steps run. */
export const stepFile = (name: string): string => path.join(projectRoot(), "components", "steps", name);

/** The text of a step script of components/steps/. */
export const stepScript = (name: string): string => fs.readFileSync(stepFile(name), "utf8");
