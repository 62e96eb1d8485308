// The baseline: the seed's network by hand (bench/baseline: docker-compose file and script), timed step by step.
import { spawnSync } from "child_process";
import * as path from "path";
import { log, mustRun, recordContainerEvents, ROOT, timed } from "./common";

const SCRIPT = path.join(ROOT, "bench", "baseline", "run.sh");
/** The compose project's containers: `fabric-baseline_<service>_1`. */
export const BASELINE_PREFIX = "fabric-baseline_";

export interface Span {
    readonly start: number;
    readonly end: number;
}

export interface BaselineRun {
    /** From nothing (volumes removed) to `a = 101`: the script's whole run. */
    readonly seconds: number;
    /** Each step's span, seconds since the script's start. */
    readonly steps: Record<string, Span>;
    /** When each container started, seconds since the script's start. */
    readonly containerStarts: Record<string, number>;
}

/** Parses the script's `STEP <name> <start> <end>` lines. */
export function parseSteps(out: string): Record<string, Span> {
    const steps: Record<string, Span> = {};
    for (const m of out.matchAll(/^STEP (\S+) ([\d.]+) ([\d.]+)$/gm)) {
        steps[m[1]] = { start: Number(m[2]), end: Number(m[3]) };
    }
    return steps;
}

/** Debian's docker-compose (1.29), installed when missing. */
export function ensureDockerCompose(): void {
    if (spawnSync("docker-compose", ["version"], { stdio: "ignore" }).status === 0) {
        return;
    }
    log("installing Debian's docker-compose");
    mustRun("apt-get install docker-compose", "bash", ["-c", "apt-get install -y docker-compose >/dev/null || { apt-get update >/dev/null && apt-get install -y docker-compose >/dev/null; }"], {
        env: { DEBIAN_FRONTEND: "noninteractive" },
        timeoutS: 600,
    });
}

/** The state and last log lines of each baseline container, for a failed run. */
function lastLogs(): string {
    const names = timed("docker", ["ps", "-a", "--filter", `name=${BASELINE_PREFIX}`, "--format", "{{.Names}} {{.Status}}"]).out.trim().split("\n");
    return names
        .map((line) => {
            const name = line.split(" ")[0];
            return `== ${line}\n${timed("docker", ["logs", "--tail", "8", name]).out.trim()}`;
        })
        .join("\n");
}

/** One run of the baseline from nothing; its containers are removed afterwards. */
export async function runBaseline(): Promise<BaselineRun> {
    timed("bash", [SCRIPT, "down"], { timeoutS: 120 });
    const events = recordContainerEvents("com.docker.compose.project=fabric-baseline", BASELINE_PREFIX);
    const t0 = Date.now() / 1000;
    const r = timed("bash", [SCRIPT, "up"], { timeoutS: 900 });
    const recorded = await events.stop();
    const diagnosis = r.status === 0 ? "" : lastLogs();
    timed("bash", [SCRIPT, "down"], { timeoutS: 120 });
    if (r.status !== 0) {
        throw new Error(`baseline failed (status ${r.status}, ${r.seconds.toFixed(1)} s):\n${r.out.slice(-6000)}\n${diagnosis}`);
    }
    const steps = parseSteps(r.out);
    // The script's clock starts after it removed a previous run: align container times to it.
    const scriptStart = t0 + (r.seconds - steps.done.end);
    const containerStarts: Record<string, number> = {};
    for (const e of recorded.filter((e) => e.status === "start")) {
        containerStarts[e.container.replace(/_1$/, "")] ??= Math.round((e.time - scriptStart) * 100) / 100;
    }
    return { seconds: steps.done.end, steps, containerStarts };
}
