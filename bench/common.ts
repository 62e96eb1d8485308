// What every part of the benchmark shares: the repository root, timed commands, Docker events, statistics.
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** The repository root (the bench runs from bin/bench/). */
export const ROOT = path.resolve(__dirname, "..", "..");

export interface Timed {
    readonly status: number | null;
    readonly out: string;
    readonly seconds: number;
}

/** Runs a command to its end (at most `timeoutS` seconds), with its output and its wall time. */
export function timed(cmd: string, args: readonly string[], opts: { env?: NodeJS.ProcessEnv; timeoutS?: number; cwd?: string } = {}): Timed {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, {
        cwd: opts.cwd ?? ROOT,
        encoding: "utf8",
        maxBuffer: 256 << 20,
        env: { ...process.env, ...opts.env },
        timeout: (opts.timeoutS ?? 900) * 1000,
    });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    return { status: r.status, out: `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? `\n${r.error.message}` : ""}`, seconds };
}

/** Like `timed`, but a failure ends the benchmark with the command's last output. */
export function mustRun(what: string, cmd: string, args: readonly string[], opts: Parameters<typeof timed>[2] = {}): Timed {
    const r = timed(cmd, args, opts);
    if (r.status !== 0) {
        throw new Error(`${what} failed (status ${r.status}, ${r.seconds.toFixed(1)} s):\n${r.out.slice(-6000)}`);
    }
    return r;
}

/** `pulumi …` through the project's wrapper (state, plugins, passphrase); debug commands for `--event-log`. */
export const pulumi = (args: readonly string[], timeoutS = 900) =>
    timed("bash", [path.join(ROOT, "scripts", "pulumi.sh"), ...args], { env: { PULUMI_DEBUG_COMMANDS: "true" }, timeoutS });

export interface ContainerEvent {
    /** Seconds since the epoch. */
    readonly time: number;
    readonly container: string;
    /** `create`, `start`, `health_status: healthy`, `die`, … as Docker names them. */
    readonly status: string;
}

/**
 * Records the `start` and `health_status` events of the containers that carry `label` (`key=value`), from now
 * until `stop()`, names without `prefix`. Docker writes them to a file: the benchmark blocks while a command
 * runs, and a pipe nobody reads would stall the stream.
 */
export function recordContainerEvents(label: string, prefix: string): { stop: () => Promise<ContainerEvent[]> } {
    const file = path.join(os.tmpdir(), `fabric-bench-events-${process.pid}-${Date.now()}.jsonl`);
    const fd = fs.openSync(file, "w");
    const child: ChildProcess = spawn(
        "docker",
        ["events", "--filter", "type=container", "--filter", `label=${label}`, "--filter", "event=start", "--filter", "event=health_status", "--format", "{{json .}}"],
        { stdio: ["ignore", fd, "ignore"] },
    );
    return {
        stop: () =>
            new Promise((resolve) => {
                // Events written just before arrive a little later.
                setTimeout(() => {
                    child.kill();
                    fs.closeSync(fd);
                    const events = fs
                        .readFileSync(file, "utf8")
                        .split("\n")
                        .filter(Boolean)
                        .map((line) => JSON.parse(line))
                        .map((e) => ({
                            time: Number(BigInt(e.timeNano) / 1_000_000n) / 1000,
                            container: String(e.Actor?.Attributes?.name ?? "").replace(prefix, ""),
                            status: String(e.Action ?? e.status),
                        }));
                    fs.rmSync(file, { force: true });
                    resolve(events);
                }, 1500);
            }),
    };
}

export const median = (xs: readonly number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The value below which `p` percent of the samples lie (nearest rank). */
export const percentile = (xs: readonly number[], p: number): number => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};

export interface Summary {
    readonly runs: number[];
    readonly median: number;
    readonly min: number;
    readonly max: number;
}

export const summary = (xs: readonly number[]): Summary => ({
    runs: xs.map((x) => Math.round(x * 100) / 100),
    median: Math.round(median(xs) * 100) / 100,
    min: Math.round(Math.min(...xs) * 100) / 100,
    max: Math.round(Math.max(...xs) * 100) / 100,
});

export const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
