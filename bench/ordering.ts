// Ordering throughput and latency: N concurrent gateway clients, each moving 1 between two keys of its own
// (opened with the chaincode's init), for a bounded time and count; only to the stack's own peers.
import { percentile } from "./common";
import { withMycc } from "./program";

export interface OrderingResult {
    readonly clients: number;
    readonly seconds: number;
    readonly committed: number;
    readonly failed: number;
    /** Committed transactions per second over the window. */
    readonly throughput: number;
    /** Submit-to-commit latency, seconds. */
    readonly p50: number;
    readonly p99: number;
}

/** Most transactions one client submits in one window, whatever the window's length. */
const MAX_PER_CLIENT = 2000;

/**
 * Runs `clients` clients for `seconds` on the stack's mycc: each first opens keys `bench-<run>-<i>-a/b`, then
 * submits `invoke a b 1` one after another (each waits for its commit) until the window ends.
 */
export async function measureOrdering(stack: string, clients: number, seconds: number, run: string): Promise<OrderingResult> {
    return withMycc(stack, async (_probe) => {
        const keys = Array.from({ length: clients }, (_, i) => [`bench-${run}-${i}-a`, `bench-${run}-${i}-b`] as const);
        // Two gateway connections (one per Org1 peer), clients spread over them.
        return withMycc(
            stack,
            async (mycc1) => {
                const contracts = [_probe, mycc1];
                await Promise.all(keys.map(([a, b], i) => contracts[i % 2].submitTransaction("init", a, "1000000", b, "1000000")));
                const latencies: number[] = [];
                let failed = 0;
                const start = Date.now();
                const deadline = start + seconds * 1000;
                await Promise.all(
                    keys.map(async ([a, b], i) => {
                        for (let n = 0; n < MAX_PER_CLIENT && Date.now() < deadline; n++) {
                            const t = Date.now();
                            try {
                                await contracts[i % 2].submitTransaction("invoke", a, b, "1");
                                latencies.push((Date.now() - t) / 1000);
                            } catch {
                                failed++;
                            }
                        }
                    }),
                );
                const elapsed = (Date.now() - start) / 1000;
                const r = (x: number) => Math.round(x * 1000) / 1000;
                return {
                    clients,
                    seconds: r(elapsed),
                    committed: latencies.length,
                    failed,
                    throughput: r(latencies.length / elapsed),
                    p50: r(percentile(latencies, 50)),
                    p99: r(percentile(latencies, 99)),
                };
            },
            1,
        );
    });
}
