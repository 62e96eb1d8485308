// The program's own cost: index.ts evaluated under Pulumi's mocks (no engine, no Docker, no tools run)
// for a large network and for every count doubled, each in a fresh process, timed and counted.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** The repository root (this file runs from bin/bench/). */
const ROOT = path.resolve(__dirname, "..", "..");
const PROJECT = "fabric-network";

export interface ScaleCase {
    readonly label: string;
    readonly orgs: number;
    readonly peers: number;
    readonly zookeeper: number;
    readonly brokers: number;
    readonly orderers: number;
    readonly channels: number;
}

/** The issue's large network, and every count doubled (ZooKeeper stays at 7, the rules' largest ensemble). */
export const SCALE_CASES: readonly ScaleCase[] = [
    { label: "10 orgs × 10 peers", orgs: 10, peers: 10, zookeeper: 7, brokers: 9, orderers: 5, channels: 10 },
    { label: "20 orgs × 20 peers", orgs: 20, peers: 20, zookeeper: 7, brokers: 18, orderers: 10, channels: 20 },
];

/**
 * The stack config of a case: channel i holds orgs i and i+1 (the last wraps to the first), and mycc,
 * built from chaincode/example02, runs on every channel, so every kind of resource is there.
 */
export function scaleConfig(c: ScaleCase): Record<string, unknown> {
    const orgs = Array.from({ length: c.orgs }, (_, i) => ({ name: `Org${i + 1}`, domain: `org${i + 1}.example.com`, peers: c.peers, users: 1 }));
    const channels = Array.from({ length: c.channels }, (_, i) => ({
        name: `channel${i + 1}`,
        orgs: [...new Set([orgs[i % c.orgs].name, orgs[(i + 1) % c.orgs].name])],
    }));
    return {
        zookeeper: { nodes: c.zookeeper },
        kafka: { brokers: c.brokers, minInsyncReplicas: 2, replicationFactor: 3 },
        orderer: { nodes: c.orderers },
        images: {
            orderer: "fabric-network/fabric-orderer:2.5.12",
            peer: "fabric-network/fabric-peer:2.5.12",
            kafka: "fabric-network/kafka:3.9.1",
            kafkaFamily: "confluent",
            zookeeper: "fabric-network/zookeeper:3.8.4",
            zookeeperFamily: "apache",
        },
        orgs,
        channels,
        chaincodes: [
            {
                name: "mycc",
                channels: channels.map((ch) => ch.name),
                init: ["init", "a", "100", "b", "200"],
                image: "fabric-network/example02:1.0",
                source: "chaincode/example02",
            },
        ],
    };
}

export interface ScaleResult {
    readonly label: string;
    readonly counts: Omit<ScaleCase, "label">;
    readonly resources: number;
    /** Wall time of each run, from loading the program to its last registration settled, ms. */
    readonly runsMs: number[];
    readonly medianMs: number;
    /** CPU time (user + system) of each run over the same span, ms: steadier than wall time on a shared machine. */
    readonly cpuRunsMs: number[];
    readonly cpuMedianMs: number;
}

/** Runs one case in this process (a child): mocks set, the program loaded, every registration awaited. */
async function evaluate(c: ScaleCase): Promise<{ resources: number; ms: number; cpuMs: number }> {
    const pulumi = await import("@pulumi/pulumi");
    const stubBin = fs.mkdtempSync(path.join(os.tmpdir(), "fabric-bench-bin-"));
    for (const tool of ["cryptogen", "configtxgen", "configtxlator"]) {
        fs.writeFileSync(path.join(stubBin, tool), "#!/bin/sh\nexit 1\n", { mode: 0o755 });
    }
    const programDir = fs.mkdtempSync(path.join(os.tmpdir(), "fabric-bench-program-"));
    fs.symlinkSync(path.join(ROOT, "chaincode"), path.join(programDir, "chaincode"));
    let resources = 0;
    pulumi.runtime.setMocks(
        {
            newResource(args) {
                resources++;
                const state: Record<string, unknown> = { ...args.inputs };
                if (args.type === "command:local:Command") {
                    const dirs: string = args.inputs.environment?.DIGEST_DIRS ?? "";
                    state.stdout = dirs ? dirs.split(" ").map((d) => `${d} digest-of-${d}`).join("\n") + "\n" : `stdout-of-${args.name}\n`;
                }
                if (args.type === "docker:index/remoteImage:RemoteImage") {
                    state.imageId = `sha256:id-of-${args.inputs.name}`;
                }
                return { id: `${args.name}-id`, state };
            },
            call: (args) => args.inputs,
        },
        PROJECT,
        "scale",
        false,
    );
    const config = scaleConfig(c);
    pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries(config).map(([k, v]) => [`${PROJECT}:${k}`, JSON.stringify(v)])));
    process.env.FABRIC_BIN = stubBin;
    process.chdir(programDir);
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    const program = require(path.join(ROOT, "bin", "index"));
    await new Promise((resolve) => program.containers.apply(resolve));
    const settings = require("@pulumi/pulumi/runtime/settings");
    await settings.waitForRPCs();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const cpu = process.cpuUsage(cpuStart);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    fs.rmSync(programDir, { recursive: true, force: true });
    fs.rmSync(stubBin, { recursive: true, force: true });
    return { resources, ms, cpuMs };
}

const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Each case `runs` times, each run in a fresh Node process (the program is one per process under mocks). */
export function measureScale(runs: number, cases: readonly ScaleCase[] = SCALE_CASES, log: (line: string) => void = console.log): ScaleResult[] {
    return cases.map((c, index) => {
        const samples = Array.from({ length: runs }, () => {
            const out = execFileSync(process.execPath, [__filename, "--child", String(index)], { encoding: "utf8", cwd: ROOT, maxBuffer: 64 << 20, timeout: 600_000 });
            return JSON.parse(out.trim().split("\n").pop() as string) as { resources: number; ms: number; cpuMs: number };
        });
        const { label, ...counts } = c;
        const result = { label, counts, resources: samples[0].resources, runsMs: samples.map((s) => Math.round(s.ms)), medianMs: Math.round(median(samples.map((s) => s.ms))),
            cpuRunsMs: samples.map((s) => Math.round(s.cpuMs)),
            cpuMedianMs: Math.round(median(samples.map((s) => s.cpuMs))),
        };
        log(`scale ${label}: ${result.resources} resources, ${result.runsMs.map((m) => (m / 1000).toFixed(2)).join(" / ")} s (CPU ${result.cpuRunsMs.map((m) => (m / 1000).toFixed(2)).join(" / ")} s)`);
        return result;
    });
}

if (require.main === module) {
    const args = process.argv.slice(2);
    if (args[0] === "--child") {
        evaluate(SCALE_CASES[Number(args[1])]).then(
            (r) => {
                process.stdout.write(`${JSON.stringify(r)}\n`);
                process.exit(0);
            },
            (e) => {
                console.error(e);
                process.exit(1);
            },
        );
    } else {
        const runs = Number(args.find((a) => a.startsWith("--runs="))?.slice("--runs=".length) ?? 1);
        const results = measureScale(runs);
        if (results.length === 2) {
            console.log(`doubling: ${(results[1].medianMs / results[0].medianMs).toFixed(2)}× the time for ${(results[1].resources / results[0].resources).toFixed(2)}× the resources`);
        }
    }
}
