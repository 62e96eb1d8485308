// The Caliper side of the benchmark, without Caliper or a network: its result table read exactly, the rate
// controller keeping the load it is given and no more, and the workload never handing one key pair to two
// transactions in flight.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { caliperCacheDir, parseCaliperTable } from "../bench/caliper";
import { createRateController, createWorkloadModule, WorkloadArguments } from "../bench/caliperWorkload";

describe("Caliper's result table", () => {
    it("reads each round's row by column title, from a log with Caliper's prefixes and repeated tables", () => {
        const log = [
            "2026.12.05-16:45:04.100 info  [caliper] [report-builder] \t### Test result ###",
            "+--------+------+------+-----------------+-----------------+-----------------+-----------------+------------------+",
            "| Name   | Succ | Fail | Send Rate (TPS) | Max Latency (s) | Min Latency (s) | Avg Latency (s) | Throughput (TPS) |",
            "|--------|------|------|-----------------|-----------------|-----------------|-----------------|------------------|",
            "| load-1 | 6    | 0    | 0.5             | 2.08            | 2.01            | 2.05            | 0.5              |",
            "2026.12.05-16:45:04.200 info  [caliper] [report-builder] \t### All test results ###",
            "| Name   | Succ | Fail | Send Rate (TPS) | Max Latency (s) | Min Latency (s) | Avg Latency (s) | Throughput (TPS) |",
            "|--------|------|------|-----------------|-----------------|-----------------|-----------------|------------------|",
            "| load-1 | 6    | 0    | 0.5             | 2.08            | 2.01            | 2.05            | 0.5              |",
            "|--------|------|------|-----------------|-----------------|-----------------|-----------------|------------------|",
            "| load-32 | 887 | 3    | 74.1            | 0.77            | 0.04            | 0.30            | 73.0             |",
            "| a row | that does not | fit |",
        ].join("\n");
        const rows = parseCaliperTable(log);
        assert.deepEqual(Object.keys(rows), ["load-1", "load-32"]);
        assert.deepEqual(rows["load-32"], {
            Name: "load-32",
            Succ: "887",
            Fail: "3",
            "Send Rate (TPS)": "74.1",
            "Max Latency (s)": "0.77",
            "Min Latency (s)": "0.04",
            "Avg Latency (s)": "0.30",
            "Throughput (TPS)": "73.0",
        });
        assert.equal(rows["load-1"]["Avg Latency (s)"], "2.05");
    });

    it("gives nothing for a log without a table", () => {
        assert.deepEqual(parseCaliperTable("error [caliper] Benchmark failed\n| not | a table |"), {});
    });
});

/** Caliper's transaction counters as a worker sees them, driven by hand. */
const counters = () => {
    const c = { submitted: 0, finished: 0 };
    return { c, stats: { getTotalSubmittedTx: () => c.submitted, getTotalFinishedTx: () => c.finished } };
};
const rateSpec = (outstanding: number, workers: number) => ({ getRateControlSpec: () => ({ opts: { outstanding } }), getWorkersNumber: () => workers });
const settles = async (p: Promise<void>, ms: number): Promise<boolean> => Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

describe("this machine's cache of Caliper's install", () => {
    it("is one folder per lock file, by its digest, under XDG_CACHE_HOME or else ~/.cache", () => {
        const digest = "80be0631f286fe7e"; // sha256("lock-a"), first 16 hex digits
        assert.equal(caliperCacheDir("lock-a", { XDG_CACHE_HOME: "/c", HOME: "/h" }), `/c/fabric-network/caliper-${digest}`);
        assert.equal(caliperCacheDir("lock-a", { HOME: "/h" }), `/h/.cache/fabric-network/caliper-${digest}`);
        assert.notEqual(caliperCacheDir("lock-b", { HOME: "/h" }), caliperCacheDir("lock-a", { HOME: "/h" }));
    });
});

describe("the rate controller: at most `outstanding` transactions in flight", () => {
    it("lets a transaction go while fewer than the limit are in flight, holds it at the limit, lets it go when one finishes", async () => {
        const { c, stats } = counters();
        const rc = createRateController(rateSpec(8, 1), stats);
        c.submitted = 7;
        assert.equal(await settles(rc.applyRateControl(), 50), true, "7 in flight, limit 8: goes");
        c.submitted = 8;
        const held = rc.applyRateControl();
        assert.equal(await settles(held, 50), false, "8 in flight: held");
        c.finished = 1;
        assert.equal(await settles(held, 50), true, "one finished: goes");
    });

    it("spreads the limit over the workers, at least one each", async () => {
        const { c, stats } = counters();
        c.submitted = 4;
        const two = createRateController(rateSpec(8, 2), stats).applyRateControl();
        assert.equal(await settles(two, 50), false, "8 over 2 workers: 4 each");
        c.submitted = 1;
        const one = createRateController(rateSpec(1, 4), stats).applyRateControl();
        assert.equal(await settles(one, 50), false, "1 over 4 workers: still 1 each");
        c.finished = 1;
        assert.equal(await settles(Promise.all([two, one]).then(() => undefined), 50), true, "both go once one finished");
    });
});

describe("the workload: a key pair of its own for each transaction in flight", () => {
    it("opens one pair per outstanding transaction with init, moves 1 on a free pair, and records each latency and result", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "caliper-test-"));
        const args: WorkloadArguments = { channel: "channel1", contract: "mycc", mspId: "Org1MSP", identity: "User1", pairs: 3, keyPrefix: "k", latencyFile: path.join(dir, "lat") };
        const inFlight = new Set<string>();
        const seen: string[][] = [];
        const release: (() => void)[] = [];
        const status = (ok: boolean) => ({ IsCommitted: () => ok, GetTimeCreate: () => 1000, GetTimeFinal: () => 3000 });
        const connector = {
            sendRequests: async (req: any) => {
                if (Array.isArray(req)) {
                    seen.push(...req.map((r: any) => [r.contractFunction, ...r.contractArguments]));
                    return req.map(() => status(true));
                }
                const pair = req.contractArguments.slice(0, 2).join(" ");
                assert.ok(!inFlight.has(pair), `pair ${pair} handed to two transactions in flight`);
                assert.deepEqual([req.channel, req.contractId, req.invokerMspId, req.invokerIdentity, req.contractFunction], ["channel1", "mycc", "Org1MSP", "User1", "invoke"]);
                inFlight.add(pair);
                await new Promise<void>((r) => release.push(r));
                inFlight.delete(pair);
                return status(req.contractArguments[0] !== "k-w0-1-a");
            },
        };
        const w = createWorkloadModule();
        await w.initializeWorkloadModule(0, 1, 0, args, connector);
        assert.deepEqual(seen, [0, 1, 2].map((i) => ["init", `k-w0-${i}-a`, "1000000", `k-w0-${i}-b`, "1000000"]));
        const first = [w.submitTransaction(), w.submitTransaction(), w.submitTransaction()];
        await new Promise((r) => setImmediate(r));
        assert.equal(inFlight.size, 3, "three transactions, three pairs");
        release.shift()?.();
        await first[0];
        const fourth = w.submitTransaction();
        await new Promise((r) => setImmediate(r));
        assert.equal(inFlight.size, 3, "the freed pair went to the fourth");
        while (release.length) release.shift()?.();
        await Promise.all([...first, fourth]);
        await w.cleanupWorkloadModule();
        const recorded = JSON.parse(fs.readFileSync(`${args.latencyFile}.0.json`, "utf8")) as [number, boolean][];
        assert.equal(recorded.length, 4);
        assert.ok(recorded.every(([s]) => s === 2), "latency from Caliper's TxStatus: (3000 - 1000) ms");
        assert.equal(recorded.filter(([, ok]) => !ok).length, 1, "pair 1's transaction reported failed");
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("refuses to start when a key pair cannot be opened", async () => {
        const args: WorkloadArguments = { channel: "c", contract: "mycc", mspId: "Org1MSP", identity: "User1", pairs: 2, keyPrefix: "k", latencyFile: "/nonexistent" };
        const connector = { sendRequests: async (req: any) => req.map((_: unknown, i: number) => ({ IsCommitted: () => i === 0, GetTimeCreate: () => 0, GetTimeFinal: () => 0 })) };
        await assert.rejects(createWorkloadModule().initializeWorkloadModule(0, 1, 0, args, connector), /worker 0: 1 of 2 key pairs could not be opened with init/);
    });
});
