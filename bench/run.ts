// `npm run bench`: the program against a hand-rolled baseline, the critical path, the program's own scale
// and the ordering service's throughput (measured by Hyperledger Caliper); writes reports/bench.json and
// docs/bench.md (generated from it). A run of some parts keeps the others from the previous report.
//   npm run bench -- --repeat=3 --parts=scale,first,ordering --ordering-seconds=20 --outstanding=1,8,32 --scale-runs=3
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BaselineRun, ensureDockerCompose, runBaseline } from "./baseline";
import { log, median, mustRun, ROOT, Summary, summary } from "./common";
import { OrderingResult, runCaliper } from "./caliper";
import { destroyStack, ProgramRun, removeStack, runProgram, writeStackFile } from "./program";
import { renderReport } from "./report";
import { measureScale, ScaleResult } from "./scale";

export const STACK = "bench";
/** BatchTimeout 250 ms, MaxMessageCount 100: the ordering part's second setting, against the dev stack's 2 s / 10. */
const FAST_BATCH = { batchTimeout: "250ms", maxMessageCount: 100 };
/**
 * The ordering part's networks after `bench` (the dev stack, Kafka): each a stack of its own, from a stack
 * file (dev: Kafka, raft: etcdraft with the same orgs and channels) with keys laid over it.
 */
export const ORDERING_STACKS: readonly { stack: string; base: string; over: Record<string, object>; settings: string }[] = [
    { stack: "bench-tls", base: "dev", over: { kafka: { tls: true }, zookeeper: { tls: true } }, settings: "Kafka over TLS (kafka.tls, zookeeper.tls), BatchTimeout 2s, MaxMessageCount 10" },
    { stack: "bench-batch", base: "dev", over: { orderer: FAST_BATCH }, settings: "Kafka, BatchTimeout 250ms, MaxMessageCount 100" },
    { stack: "bench-raft", base: "raft", over: {}, settings: "Raft, BatchTimeout 2s, MaxMessageCount 10" },
    { stack: "bench-raft-batch", base: "raft", over: { orderer: FAST_BATCH }, settings: "Raft, BatchTimeout 250ms, MaxMessageCount 100" },
];
const REPORT_JSON = path.join(ROOT, "reports", "bench.json");
const REPORT_MD = path.join(ROOT, "docs", "bench.md");

export interface BenchReport {
    startedAt: string;
    finishedAt: string;
    settings: { repeat: number; parts: string[]; orderingSeconds: number; outstanding: number[]; scaleRuns: number };
    /** Parts not run this time, kept from an earlier report: part → that report's start. */
    carried?: Record<string, string>;
    machine: { cpus: number; cpuModel: string; memGiB: number; os: string; node: string; docker: string; compose: string; loadStart: number[]; loadEnd: number[] };
    scale?: ScaleResult[];
    baseline?: { runs: BaselineRun[]; seconds: Summary };
    program?: { runs: ProgramRun[]; first: Summary; up: Summary; invoke: Summary; noopUp: Summary; noopNpmRunUp: Summary; destroy: Summary };
    criticalPath?: { baselinePhases: Record<string, number>; seconds: number; programRatio: number; programMilestones: Record<string, number> };
    ordering?: { settings: string; results: OrderingResult[] }[];
    goals: { goal: string; measured: string; met?: boolean }[];
}

/** The parts of the previous report (reports/bench.json) that this run does not measure, and when they were. */
function carriedParts(parts: readonly string[]): Partial<BenchReport> {
    if (!fs.existsSync(REPORT_JSON)) return {};
    const prev = JSON.parse(fs.readFileSync(REPORT_JSON, "utf8")) as BenchReport;
    const keys: Record<string, (keyof BenchReport)[]> = { scale: ["scale"], first: ["baseline", "program", "criticalPath"], ordering: ["ordering"] };
    const out: Partial<BenchReport> = {};
    const carried: Record<string, string> = {};
    for (const [part, fields] of Object.entries(keys)) {
        if (parts.includes(part) || !fields.some((f) => prev[f] !== undefined)) continue;
        carried[part] = prev.carried?.[part] ?? prev.startedAt;
        for (const f of fields) (out as Record<string, unknown>)[f] = prev[f];
    }
    return Object.keys(carried).length ? { ...out, carried } : {};
}

function flags() {
    const arg = (name: string, dflt: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? dflt;
    const repeat = Number(arg("repeat", "3"));
    const orderingSeconds = Number(arg("ordering-seconds", "20"));
    const scaleRuns = Number(arg("scale-runs", "3"));
    const outstanding = arg("outstanding", "1,8,32").split(",").map(Number);
    const parts = arg("parts", "scale,first,ordering").split(",");
    const bad = [
        ...(Number.isInteger(repeat) && repeat >= 1 && repeat <= 20 ? [] : [`--repeat (${repeat}) must be a whole number 1..20`]),
        ...(orderingSeconds > 0 && orderingSeconds <= 600 ? [] : [`--ordering-seconds (${orderingSeconds}) must be in (0, 600]`]),
        ...(Number.isInteger(scaleRuns) && scaleRuns >= 1 && scaleRuns <= 20 ? [] : [`--scale-runs (${scaleRuns}) must be a whole number 1..20`]),
        ...(outstanding.every((c) => Number.isInteger(c) && c >= 1 && c <= 256) ? [] : [`--outstanding (${outstanding}) must be whole numbers 1..256`]),
        ...parts.filter((p) => !["scale", "first", "ordering"].includes(p)).map((p) => `--parts: unknown part ${p}; the parts are scale, first, ordering`),
    ];
    if (bad.length) {
        throw new Error(bad.join("\n"));
    }
    return { repeat, orderingSeconds, scaleRuns, outstanding, parts };
}

function machine(): BenchReport["machine"] {
    const version = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: "utf8" }).stdout?.trim().split("\n")[0] ?? "absent";
    return {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? "unknown",
        memGiB: Math.round(os.totalmem() / 2 ** 30),
        os: `${os.type()} ${os.release()}`,
        node: process.version,
        docker: version("docker", ["version", "--format", "{{.Server.Version}}"]),
        compose: version("docker-compose", ["version", "--short"]).replace(/^/, "docker-compose "),
        loadStart: os.loadavg(),
        loadEnd: [],
    };
}

/** The baseline's steps that cannot overlap, in seconds, for one run. */
function baselinePhases(b: BaselineRun): Record<string, number> {
    const s = b.steps;
    const zkStarted = Math.max(...Object.entries(b.containerStarts).filter(([c]) => c.startsWith("zookeeper")).map(([, t]) => t));
    const d = (k: string) => s[k].end - s[k].start;
    return {
        "ZooKeeper quorum (from its containers' start)": s["zookeeper-quorum"].end - zkStarted,
        "Kafka brokers registered": s["brokers-registered"].end - s["zookeeper-quorum"].end,
        "orderers serving the system channel": s["orderers-serving"].end - s["brokers-registered"].end,
        "channel1 created": d("channel1-create"),
        "channel1 joined (2 peers)": d("channel1-join"),
        "mycc approved (Org1)": d("mycc-approve"),
        "mycc committed": d("mycc-commit"),
        "mycc init (a=100, b=200)": d("mycc-init"),
        "invoke b → a 1": d("invoke"),
    };
}

/** When the program reached each point of its first up, from a run's container and resource times. */
function programMilestones(p: ProgramRun): Record<string, number> {
    const healthy = (role: RegExp) => Math.max(...Object.entries(p.containers).filter(([c]) => role.test(c)).map(([, t]) => t.healthy ?? NaN));
    const started = (role: RegExp) => Math.min(...Object.entries(p.containers).filter(([c]) => role.test(c)).map(([, t]) => t.start ?? NaN));
    const ended = (re: RegExp) => Math.max(...p.resources.filter((r) => re.test(r.name)).map((r) => r.end));
    return {
        "first container started": Math.min(...Object.values(p.containers).map((t) => t.start ?? Infinity)),
        "ZooKeeper started": started(/^zookeeper/),
        "ZooKeeper healthy (all)": healthy(/^zookeeper/),
        "Kafka started": started(/^kafka/),
        "Kafka healthy (all)": healthy(/^kafka/),
        "orderers started": started(/^orderer/),
        "orderers healthy (all)": healthy(/^orderer/),
        "peers healthy (all)": healthy(/^peer/),
        "chaincode image built": ended(/-cc-mycc-image$/),
        "channel1 created": ended(/-channel-channel1-create$/),
        "channel1 joined": ended(/-channel-channel1-join$/),
        "mycc committed": ended(/-cc-mycc-channel1-commit$/),
        "mycc init": ended(/-cc-mycc-channel1-init$/),
        "`pulumi up` returned": p.upSeconds,
        "invoke and query done (a = 101)": p.firstSeconds,
    };
}

function medianOfRecords(records: Record<string, number>[]): Record<string, number> {
    return Object.fromEntries(Object.keys(records[0] ?? {}).map((k) => [k, Math.round(median(records.map((r) => r[k])) * 100) / 100]));
}

function write(report: BenchReport): void {
    fs.mkdirSync(path.dirname(REPORT_JSON), { recursive: true });
    fs.mkdirSync(path.dirname(REPORT_MD), { recursive: true });
    fs.writeFileSync(REPORT_JSON, `${JSON.stringify(report, null, 2)}\n`);
    fs.writeFileSync(REPORT_MD, renderReport(report));
}

function goals(r: BenchReport): BenchReport["goals"] {
    const g: BenchReport["goals"] = [];
    if (r.program && r.baseline && r.criticalPath) {
        const ratio = r.program.first.median / r.baseline.seconds.median;
        g.push({ goal: "first up to a = 101 within 10% of the critical path", measured: `${r.criticalPath.programRatio.toFixed(2)}× the critical path`, met: r.criticalPath.programRatio <= 1.1 });
        g.push({ goal: "first up at most 0.85× the baseline, same run", measured: `${ratio.toFixed(2)}× the baseline`, met: ratio <= 0.85 });
        const noop = r.program.noopNpmRunUp.median / r.program.first.median;
        g.push({ goal: "no-op `npm run up` ≤ 0.05× the first up", measured: `${noop.toFixed(3)}× (${r.program.noopNpmRunUp.median.toFixed(1)} s)`, met: noop <= 0.05 });
    }
    if (r.scale && r.scale.length === 2) {
        const [a, b] = r.scale;
        g.push({ goal: "10 orgs × 10 peers under mocks in under 2 s", measured: `${(a.medianMs / 1000).toFixed(2)} s`, met: a.medianMs < 2000 });
        g.push({ goal: "every count doubled: at most 2.2× the time", measured: `${(b.medianMs / a.medianMs).toFixed(2)}× (for ${(b.resources / a.resources).toFixed(2)}× the resources)`, met: b.medianMs / a.medianMs <= 2.2 });
    }
    return g;
}

async function main(): Promise<void> {
    const opts = flags();
    const report: BenchReport = { startedAt: new Date().toISOString(), finishedAt: "", settings: opts, machine: machine(), goals: [], ...carriedParts(opts.parts) };
    const save = () => {
        report.finishedAt = new Date().toISOString();
        report.machine.loadEnd = os.loadavg();
        report.goals = goals(report);
        write(report);
    };
    fs.mkdirSync(path.join(ROOT, "reports"), { recursive: true });

    if (opts.parts.includes("scale")) {
        log(`scale under mocks, ${opts.scaleRuns} run(s) per case`);
        report.scale = measureScale(opts.scaleRuns, undefined, log);
        save();
    }
    const docker = opts.parts.includes("first") || opts.parts.includes("ordering");
    if (docker) {
        mustRun("docker info", "docker", ["info"], { timeoutS: 60 });
        for (const image of ["fabric-network/zookeeper:3.8.4", "fabric-network/kafka:3.9.1", "fabric-network/fabric-orderer:2.5.12", "fabric-network/fabric-peer:2.5.12"]) {
            if (spawnSync("docker", ["image", "inspect", image], { stdio: "ignore" }).status !== 0) {
                throw new Error(`image ${image} is missing: run \`npm run images\` first`);
            }
        }
        log("set-up: Pulumi (scripts/setup-pulumi.sh), docker-compose");
        mustRun("scripts/setup-pulumi.sh", "bash", [path.join(ROOT, "scripts", "setup-pulumi.sh")], { timeoutS: 900 });
        ensureDockerCompose();
        writeStackFile(STACK);
    }
    if (opts.parts.includes("first")) {
        // The chaincode image the baseline runs: the program builds it on its first up; build it here if missing.
        if (spawnSync("docker", ["image", "inspect", "fabric-network/example02:1.0"], { stdio: "ignore" }).status !== 0) {
            log("building fabric-network/example02:1.0 for the baseline (one program up)");
            await runProgram(STACK, path.join(ROOT, "reports"), 0);
        }
        const baselineRuns: BaselineRun[] = [];
        const programRuns: ProgramRun[] = [];
        for (let i = 1; i <= opts.repeat; i++) {
            log(`run ${i}/${opts.repeat}: baseline`);
            const b = await runBaseline();
            baselineRuns.push(b);
            log(`baseline #${i}: ${b.seconds.toFixed(1)} s`);
            log(`run ${i}/${opts.repeat}: program`);
            // The last run's network stays up for the ordering part.
            programRuns.push(await runProgram(STACK, path.join(ROOT, "reports"), i, i === opts.repeat && opts.parts.includes("ordering")));
            report.baseline = { runs: baselineRuns, seconds: summary(baselineRuns.map((r) => r.seconds)) };
            const s = (f: (p: ProgramRun) => number) => summary(programRuns.map(f).filter((x) => !Number.isNaN(x)));
            report.program = {
                runs: programRuns,
                first: s((p) => p.firstSeconds),
                up: s((p) => p.upSeconds),
                invoke: s((p) => p.invokeSeconds),
                noopUp: s((p) => p.noopUpSeconds),
                noopNpmRunUp: s((p) => p.noopNpmRunUpSeconds),
                destroy: s((p) => p.destroySeconds),
            };
            const phases = medianOfRecords(baselineRuns.map(baselinePhases));
            const cp = Object.values(phases).reduce((a, b) => a + b, 0);
            report.criticalPath = {
                baselinePhases: phases,
                seconds: Math.round(cp * 100) / 100,
                programRatio: Math.round((report.program.first.median / cp) * 100) / 100,
                programMilestones: programMilestones(programRuns[programRuns.length - 1]),
            };
            save();
        }
    }
    if (opts.parts.includes("ordering")) {
        report.ordering = [];
        const levels = async (stack: string, settings: string) => {
            log(`ordering, ${settings}: Caliper, ${opts.outstanding.join("/")} outstanding, ${opts.orderingSeconds} s each`);
            const results = runCaliper(stack, { loads: opts.outstanding, seconds: opts.orderingSeconds, run: `${stack}-${Date.now()}` });
            for (const r of results) {
                log(`  ${r.outstanding} outstanding: ${r.committed} committed, ${r.failed} failed, ${r.throughput} tx/s, p50 ${r.p50} s, p99 ${r.p99} s`);
            }
            report.ordering!.push({ settings, results });
            save();
        };
        if (!opts.parts.includes("first")) {
            await runProgram(STACK, path.join(ROOT, "reports"), 0, true);
        }
        await levels(STACK, "Kafka (dev), BatchTimeout 2s, MaxMessageCount 10");
        destroyStack(STACK);
        for (const o of ORDERING_STACKS) {
            writeStackFile(o.stack, o.over, o.base);
            log(`ordering: stack ${o.stack} up`);
            await runProgram(o.stack, path.join(ROOT, "reports"), 0, true);
            await levels(o.stack, o.settings);
            removeStack(o.stack);
        }
    }
    if (docker) {
        removeStack(STACK);
    }
    save();
    log(`wrote ${path.relative(ROOT, REPORT_JSON)} and ${path.relative(ROOT, REPORT_MD)}`);
    for (const g of report.goals) {
        log(`goal: ${g.goal}: ${g.measured} (${g.met ? "met" : "missed"})`);
    }
}

/** After a failure: the bench's own stacks and baseline removed, best effort, so nothing of it keeps running. */
function cleanUp(): void {
    for (const stack of [STACK, ...ORDERING_STACKS.map((o) => o.stack)]) {
        try {
            removeStack(stack);
        } catch (e) {
            console.error(`could not remove stack ${stack}: ${(e as Error).message.split("\n")[0]}`);
        }
    }
    spawnSync("bash", [path.join(ROOT, "bench", "baseline", "run.sh"), "down"], { stdio: "ignore", timeout: 300_000 });
}

if (require.main === module) {
    main().catch((e) => {
        console.error(e instanceof Error ? e.message : e);
        cleanUp();
        process.exit(1);
    });
}

