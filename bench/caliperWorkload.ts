// The Caliper workload module and rate controller of `npm run caliper` and the benchmark's ordering part
// (loaded by Caliper's workers from bin/bench/caliperWorkload.js). Each transaction moves 1 between two keys
// that no other outstanding transaction holds, so that what Caliper measures is ordering and commit, not MVCC
// conflicts: the keys are opened with the chaincode's `init` before the round. Each transaction's latency and
// result, from Caliper's own TxStatus, go to a file per worker, for the percentiles Caliper's table lacks.
//
// The rate controller keeps exactly `outstanding` transactions in flight. Caliper's own fixed-load does not:
// until a first transaction finishes it sends at its start rate, then it sleeps by the average latency, so it
// overshoots (measured here, 2026-12-05: at a load of 1, three transactions were in flight on a two-second
// batch, and two keys pairs per transaction were not enough).
import * as fs from "node:fs";

/** The round's arguments, from the benchmark file bench/caliper.ts writes. */
export interface WorkloadArguments {
    readonly channel: string;
    readonly contract: string;
    readonly mspId: string;
    readonly identity: string;
    /** Key pairs to open: one per outstanding transaction. */
    readonly pairs: number;
    /** Names the keys: unique per round and run. */
    readonly keyPrefix: string;
    /** Each worker writes `<latencyFile>.<worker>.json`: [seconds, committed][] */
    readonly latencyFile: string;
}

/** What Caliper hands a workload module: only the parts used here. */
interface TxStatus {
    IsCommitted(): boolean;
    GetTimeCreate(): number;
    GetTimeFinal(): number;
    GetErrorMessages?(): unknown;
}
interface Stats {
    getTotalSubmittedTx(): number;
    getTotalFinishedTx(): number;
}
interface Connector {
    sendRequests(request: Record<string, unknown> | Record<string, unknown>[]): Promise<TxStatus | TxStatus[]>;
}

class MoveOne {
    private args!: WorkloadArguments;
    private connector!: Connector;
    private worker = 0;
    private free: number[] = [];
    private next = 0;
    private readonly results: [number, boolean][] = [];

    private request(fn: string, args: string[]): Record<string, unknown> {
        return {
            contractId: this.args.contract,
            channel: this.args.channel,
            contractFunction: fn,
            contractArguments: args,
            invokerMspId: this.args.mspId,
            invokerIdentity: this.args.identity,
            readOnly: false,
        };
    }

    private key(pair: number, side: "a" | "b"): string {
        return `${this.args.keyPrefix}-w${this.worker}-${pair}-${side}`;
    }

    async initializeWorkloadModule(workerIndex: number, _workers: number, _round: number, args: WorkloadArguments, connector: Connector): Promise<void> {
        this.args = args;
        this.connector = connector;
        this.worker = workerIndex;
        this.free = Array.from({ length: args.pairs }, (_, i) => i);
        const opened = (await connector.sendRequests(
            this.free.map((p) => this.request("init", [this.key(p, "a"), "1000000", this.key(p, "b"), "1000000"])),
        )) as TxStatus[];
        const failed = opened.filter((s) => !s.IsCommitted()).length;
        if (failed > 0) {
            throw new Error(`worker ${workerIndex}: ${failed} of ${opened.length} key pairs could not be opened with init`);
        }
    }

    async submitTransaction(): Promise<void> {
        // A free pair; when the rate controller overshoots and none is free, one in use (a conflict Caliper counts failed).
        const pair = this.free.length > 0 ? (this.free.shift() as number) : this.next++ % this.args.pairs;
        try {
            const s = (await this.connector.sendRequests(this.request("invoke", [this.key(pair, "a"), this.key(pair, "b"), "1"]))) as TxStatus;
            this.results.push([(s.GetTimeFinal() - s.GetTimeCreate()) / 1000, s.IsCommitted()]);
        } finally {
            if (!this.free.includes(pair)) this.free.push(pair);
        }
    }

    async cleanupWorkloadModule(): Promise<void> {
        fs.writeFileSync(`${this.args.latencyFile}.${this.worker}.json`, JSON.stringify(this.results));
    }
}

export function createWorkloadModule(): MoveOne {
    return new MoveOne();
}

/** Caliper's rate controller interface, the parts used: `opts.outstanding`, spread evenly over the workers. */
class AtMostOutstanding {
    private readonly limit: number;
    constructor(
        private readonly stats: Stats,
        outstanding: number,
        workers: number,
    ) {
        this.limit = Math.max(1, Math.floor(outstanding / workers));
    }
    /** Returns once fewer than the limit are in flight (Caliper counts a transaction submitted as it is sent). */
    async applyRateControl(): Promise<void> {
        while (this.stats.getTotalSubmittedTx() - this.stats.getTotalFinishedTx() >= this.limit) {
            await new Promise((resolve) => setTimeout(resolve, 2));
        }
    }
    async end(): Promise<void> {}
}

export function createRateController(
    testMessage: { getRateControlSpec(): { opts: { outstanding: number } }; getWorkersNumber(): number },
    stats: Stats,
): AtMostOutstanding {
    return new AtMostOutstanding(stats, Number(testMessage.getRateControlSpec().opts.outstanding), testMessage.getWorkersNumber());
}
