// Hyperledger Caliper (npm @hyperledger/caliper-cli 0.6.0, its Fabric peer-gateway connector) against a
// running stack: the workspace it needs, from the stack's own outputs, and a run whose figures come from
// Caliper. `npm run caliper -- --stack dev` (bench/caliper.sh) and the benchmark's ordering part use it.
//
// The workspace (.state/caliper/<stack>/): Org1's connection profile with each peer's address as published
// on this host (`docker port`; the in-network names stay the TLS names), the network file (version 2.0.0)
// naming Org1's User1, and a benchmark file with one round per load: that many transactions outstanding
// (bench/caliperWorkload.ts's rate controller), one worker, for a bounded time.
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { publishedAddress } from "../test/e2e/checks";
import { stackOutput } from "../test/e2e/stack";
import { log, mustRun, percentile, ROOT, timed } from "./common";
import type { WorkloadArguments } from "./caliperWorkload";
import { containerPrefix } from "./program";

/** Where Caliper is installed (bench/caliper/package.json, apart from the project's packages). */
export const CALIPER_HOME = path.join(ROOT, "bench", "caliper");
const CALIPER_CLI = path.join(CALIPER_HOME, "node_modules", ".bin", "caliper");
const WORKLOAD = path.join(ROOT, "bin", "bench", "caliperWorkload.js");
const CHANNEL = "channel1";
const CONTRACT = "mycc";
const ORG = "Org1";

/** One round's figures: Caliper's own (its result table), and percentiles from its per-transaction TxStatus. */
export interface OrderingResult {
    /** Transactions Caliper kept outstanding (fixed-load). */
    readonly outstanding: number;
    readonly seconds: number;
    readonly committed: number;
    readonly failed: number;
    /** Caliper's throughput column: committed transactions per second. */
    readonly throughput: number;
    /** Caliper's send rate column. */
    readonly sendRate: number;
    /** Caliper's average latency column, seconds. */
    readonly avgLatency: number;
    /** Submit-to-commit latency of the committed transactions, seconds. */
    readonly p50: number;
    readonly p99: number;
}

interface ProfilePeerOut {
    url: string;
    tlsCACerts: { path: string };
    grpcOptions: Record<string, unknown>;
}

/** Org1's profile from the stack, each peer at the host address Docker published its 7051 on. */
function hostProfile(stack: string, profile: { peers: Record<string, ProfilePeerOut> }): Record<string, unknown> {
    const peers = Object.fromEntries(
        Object.entries(profile.peers).map(([host, peer]) => {
            const container = `${containerPrefix(stack)}${host}`;
            const published = publishedAddress(container, 7051);
            if (!published) {
                throw new Error(
                    `stack ${stack}: ${container} publishes no port, so Caliper on this host cannot reach it; set ports.publish: true in Pulumi.${stack}.yaml and run npm run up -- ${stack} (or pulumi up)`,
                );
            }
            return [host, { ...peer, url: `grpcs://${published}` }];
        }),
    );
    return { ...profile, peers };
}

/** The rounds' shape: labels `load-<n>`, each `seconds` long. */
export interface CaliperRounds {
    readonly loads: readonly number[];
    readonly seconds: number;
    /** Unique per run: names the round's keys and latency files. */
    readonly run: string;
}

/** Writes the workspace for `stack` into `dir`; returns the network and benchmark files' paths. */
export function writeCaliperWorkspace(stack: string, dir: string, rounds: CaliperRounds): { network: string; benchmark: string } {
    const profiles = stackOutput(stack, "connectionProfiles");
    const identities = stackOutput(stack, "identities");
    const profile = profiles[ORG];
    const id = identities[ORG] as { mspId: string; certPath: string; keyPath: string };
    if (!profile || !id) throw new Error(`stack ${stack} exports no connection profile or identity for ${ORG}`);
    if ((profile.client ?? {}).tlsCerts) {
        // Caliper 0.6.0's peer-gateway connector opens its gRPC channels with the peer's CA only (PeerGateway.js
        // _createClientForPeer): it has no way to present a client certificate.
        throw new Error(`stack ${stack} has tls.clientAuthRequired: Caliper 0.6.0's peer-gateway connector presents no TLS client certificate, so the peers would refuse it; benchmark a stack without mutual TLS`);
    }
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const profileFile = path.join(dir, `${ORG}-profile.json`);
    fs.writeFileSync(profileFile, JSON.stringify(hostProfile(stack, profile), null, 2));
    const network = {
        name: `${containerPrefix(stack)}caliper`,
        version: "2.0.0",
        caliper: { blockchain: "fabric", sutOptions: { mutualTls: false } },
        channels: [{ channelName: CHANNEL, contracts: [{ id: CONTRACT }] }],
        organizations: [
            {
                mspid: id.mspId,
                identities: { certificates: [{ name: "User1", clientPrivateKey: { path: id.keyPath }, clientSignedCert: { path: id.certPath } }] },
                connectionProfile: { path: profileFile, discover: false },
            },
        ],
    };
    const round = (load: number) => {
        const args: WorkloadArguments = {
            channel: CHANNEL,
            contract: CONTRACT,
            mspId: id.mspId,
            identity: "User1",
            pairs: load,
            keyPrefix: `caliper-${rounds.run}-${load}`,
            latencyFile: path.join(dir, `latency-${load}`),
        };
        return {
            label: `load-${load}`,
            description: `${load} outstanding: invoke a b 1 on keys of their own`,
            txDuration: rounds.seconds,
            rateControl: { type: WORKLOAD, opts: { outstanding: load } },
            workload: { module: WORKLOAD, arguments: args },
        };
    };
    const benchmark = { test: { name: "ordering", workers: { number: 1 }, rounds: rounds.loads.map(round) } };
    const files = { network: path.join(dir, "network.json"), benchmark: path.join(dir, "benchmark.json") };
    fs.writeFileSync(files.network, JSON.stringify(network, null, 2));
    fs.writeFileSync(files.benchmark, JSON.stringify(benchmark, null, 2));
    return files;
}

/** Caliper's result table ("ramac" borders): each row's cells by column title. */
export function parseCaliperTable(out: string): Record<string, Record<string, string>> {
    const rows: Record<string, Record<string, string>> = {};
    let titles: string[] | undefined;
    for (const line of out.split("\n")) {
        const m = /^\|(.*)\|\s*$/.exec(line.trim());
        if (!m) continue;
        const cells = m[1].split("|").map((c) => c.trim());
        if (cells[0] === "Name") {
            titles = cells;
        } else if (titles && cells.length === titles.length && !/^-+$/.test(cells[0])) {
            rows[cells[0]] = Object.fromEntries(titles.map((t, i) => [t, cells[i]]));
        }
    }
    return rows;
}

/**
 * This machine's copy of Caliper's node_modules for one lock file (by its digest), which a new clone of the project
 * copies instead of installing again (npm ci took 41 s of a CI run): `$XDG_CACHE_HOME/fabric-network` or
 * `~/.cache/fabric-network`.
 */
export function caliperCacheDir(lockText: string, env: NodeJS.ProcessEnv = process.env): string {
    const base = env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), ".cache");
    return path.join(base, "fabric-network", `caliper-${crypto.createHash("sha256").update(lockText).digest("hex").slice(0, 16)}`);
}

/**
 * Installs Caliper (bench/caliper/package-lock.json) in bench/caliper when it is missing or older than its lock
 * file: copied from this machine's cache of that lock file when there is one, else `npm ci`, whose result then
 * goes to the cache (whole or not at all: copied beside it, then renamed).
 */
export function ensureCaliper(): void {
    const modules = path.join(CALIPER_HOME, "node_modules");
    const marker = path.join(modules, ".package-lock.json");
    const lock = path.join(CALIPER_HOME, "package-lock.json");
    if (fs.existsSync(CALIPER_CLI) && fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs) return;
    const cacheDir = caliperCacheDir(fs.readFileSync(lock, "utf8"));
    const cached = path.join(cacheDir, "node_modules");
    fs.rmSync(modules, { recursive: true, force: true });
    if (fs.existsSync(path.join(cached, ".package-lock.json"))) {
        log(`caliper: node_modules copied from ${cacheDir}`);
        mustRun("copy of Caliper's cached node_modules", "cp", ["-a", cached, modules], { timeoutS: 300 });
        // The copy keeps the cache's times: newer than this clone's lock file, as npm ci would leave it.
        const now = new Date();
        fs.utimesSync(marker, now, now);
        return;
    }
    log("caliper: npm ci in bench/caliper");
    mustRun("npm ci (Caliper)", "npm", ["ci", "--no-audit", "--no-fund", "--prefix", CALIPER_HOME], { timeoutS: 900 });
    const partial = `${cacheDir}.partial-${process.pid}`;
    fs.rmSync(partial, { recursive: true, force: true });
    fs.mkdirSync(partial, { recursive: true });
    mustRun("copy of Caliper's node_modules to the cache", "cp", ["-a", modules, path.join(partial, "node_modules")], { timeoutS: 300 });
    fs.rmSync(cacheDir, { recursive: true, force: true });
    fs.renameSync(partial, cacheDir);
    log(`caliper: node_modules kept in ${cacheDir} for the next clone`);
}

/** Runs Caliper against `stack`, one round per load; its figures, in the order of `loads`. */
export function runCaliper(stack: string, rounds: CaliperRounds, dir = path.join(ROOT, ".state", "caliper", stack)): OrderingResult[] {
    ensureCaliper();
    const files = writeCaliperWorkspace(stack, dir, rounds);
    const r = timed(
        CALIPER_CLI,
        [
            "launch",
            "manager",
            "--caliper-workspace",
            dir,
            "--caliper-networkconfig",
            files.network,
            "--caliper-benchconfig",
            files.benchmark,
            "--caliper-flow-only-test",
            "--caliper-fabric-gateway-enabled",
            "--caliper-report-path",
            path.join(dir, "report.html"),
        ],
        // Each round, its key pairs opened before it, and Caliper's start: bounded.
        { timeoutS: 120 + rounds.loads.length * (rounds.seconds + 90), cwd: dir },
    );
    fs.writeFileSync(path.join(dir, "caliper.log"), r.out);
    const table = parseCaliperTable(r.out);
    return rounds.loads.map((load) => {
        const row = table[`load-${load}`];
        if (r.status !== 0 || !row) {
            throw new Error(`caliper against stack ${stack} (exit ${r.status}) gave no result for load-${load}; its output is in ${path.join(dir, "caliper.log")}:\n${r.out.slice(-3000)}`);
        }
        const latencies = fs
            .readdirSync(dir)
            .filter((f) => f.startsWith(`latency-${load}.`))
            .flatMap((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as [number, boolean][])
            .filter(([, ok]) => ok)
            .map(([s]) => s);
        const num = (title: string) => Number(row[title]);
        const committed = num("Succ");
        const throughput = num("Throughput (TPS)");
        const rd = (x: number) => Math.round(x * 1000) / 1000;
        return {
            outstanding: load,
            seconds: throughput > 0 ? rd(committed / throughput) : rounds.seconds,
            committed,
            failed: num("Fail"),
            throughput,
            sendRate: num("Send Rate (TPS)"),
            avgLatency: num("Avg Latency (s)"),
            p50: rd(percentile(latencies, 50)),
            p99: rd(percentile(latencies, 99)),
        };
    });
}

/** `npm run caliper -- --stack S [--loads 1,8,32] [--seconds 20]`: Caliper's table for a running stack. */
if (require.main === module) {
    const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback;
    const stack = arg("stack", "dev");
    const loads = arg("loads", "1,8,32").split(",").map(Number);
    const seconds = Number(arg("seconds", "20"));
    const bad = [
        ...loads.filter((l) => !Number.isInteger(l) || l < 1 || l > 256).map((l) => `--loads: ${l} is not a whole number of outstanding transactions in 1..256`),
        ...(seconds > 0 && seconds <= 600 ? [] : [`--seconds (${seconds}) must be in (0, 600]`]),
    ];
    if (bad.length) {
        console.error(bad.join("\n"));
        process.exit(2);
    }
    try {
        for (const r of runCaliper(stack, { loads, seconds, run: `${Date.now()}` })) {
            log(`${r.outstanding} outstanding: ${r.committed} committed, ${r.failed} failed, ${r.throughput} tx/s, avg ${r.avgLatency} s, p50 ${r.p50} s, p99 ${r.p99} s`);
        }
        log(`Caliper's workspace, log and HTML report: ${path.relative(process.cwd(), path.join(ROOT, ".state", "caliper", stack))}/`);
    } catch (e) {
        console.error((e as Error).message);
        process.exit(1);
    }
}
