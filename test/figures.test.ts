import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { at, Json, render, scalars, SOURCES, tables } from "../bench/figures";

describe("figures from the reports", () => {
    it("reads a dotted path whose keys hold spaces, and nothing past a scalar", () => {
        const r = { seconds: { "first up": 52.5 }, stack: "ci" };
        assert.equal(at(r, "seconds.first up"), 52.5);
        assert.equal(at(r, "stack.length"), undefined);
        assert.equal(at(r, "seconds.missing"), undefined);
    });

    it("lists every scalar by path, joins scalar arrays, and leaves arrays of objects to tables", () => {
        const r: Json = { a: 1, b: { c: "x", d: [1, 2] }, rows: [{ fault: "f1", lost: 0 }, { fault: "f2", lost: 0, notes: ["n"] }] };
        assert.deepEqual(scalars(r), [["a", "1"], ["b.c", "x"], ["b.d", "1, 2"]]);
        assert.deepEqual(tables(r), [{ at: "rows", rows: [[["fault", "f1"], ["lost", "0"]], [["fault", "f2"], ["lost", "0"], ["notes", "n"]]] }]);
    });

    it("puts every headline figure with its report and path in docs/figures.md, those marked for it in the README too, and says which are not measured", () => {
        const found = new Map([["e2e-pulumi.json", { json: { seconds: { "first up": 52.46, "no-op up": 2.9 } }, mtime: new Date(0) }]]);
        const { doc, readme } = render(found);
        const lines = readme.split("\n");
        assert.equal(lines[0], "| figure | value | report |");
        assert.equal(lines[2], "| first `pulumi up` of the dev network (stack ci) | 52.5 s | [e2e-pulumi.json](docs/figures/e2e-pulumi.json) `seconds.first up` |");
        assert.equal(lines[4], "| `pulumi destroy` | not measured yet | [e2e-pulumi.json](docs/figures/e2e-pulumi.json) `seconds.destroy` |");
        assert.equal(lines[5], "| `batchTimeout` 2s → 1s on a running network (`up`) | not measured yet | e2e-live-config.json |");
        assert.equal(lines.length, 2 + SOURCES.reduce((n, s) => n + s.headline.filter((h) => h[3] === "readme").length, 0));
        const docLines = doc.split("\n");
        assert.ok(docLines.includes("| first `pulumi up` of the dev network (stack ci) | 52.5 s | [e2e-pulumi.json](figures/e2e-pulumi.json) `seconds.first up` |"));
        assert.ok(docLines.includes("| median invoke at batchTimeout 2s | not measured yet | e2e-live-config.json |"), "a headline not in the README");
        assert.equal(docLines.filter((l) => / \| (\[[\w.-]+\.json\]\(figures\/|[\w.-]+\.json \|)/.test(l)).length, SOURCES.reduce((n, s) => n + s.headline.length, 0));
        assert.match(doc, /No `faults\.json` yet: run test\/faults\/faults\.e2e\.ts\./);
        assert.match(doc, /\| seconds\.first up \| 52\.46 \|/);
    });

    it("shows the benchmark's machine, every goal with met or missed, and each ordering setting (Caliper's) at its highest load", () => {
        const bench: Json = {
            machine: { cpus: 2, cpuModel: "CPU", memGiB: 24, loadStart: [1.5, 1, 1] },
            goals: [{ goal: "g1", measured: "3.1×", met: false }, { goal: "g2", measured: "0.9 s", met: true }],
            ordering: [{ settings: "dev", results: [{ outstanding: 1, throughput: 0.5, p50: 2, p99: 2.1 }, { outstanding: 32, throughput: 15.25, p50: 2.04, p99: 2.5 }] }],
        };
        const { doc, readme } = render(new Map([["bench.json", { json: bench, mtime: new Date(0) }]]));
        assert.deepEqual(doc.split("\n").filter((l) => l.startsWith("| ") && l.includes("(figures/bench.json)")), [
            "| benchmark machine | 2 × CPU, 24 GiB, load average 1.5 at start | [bench.json](figures/bench.json) `machine` |",
            "| goal: g1 | 3.1× (missed) | [bench.json](figures/bench.json) `goals[0]` |",
            "| goal: g2 | 0.9 s (met) | [bench.json](figures/bench.json) `goals[1]` |",
            "| ordering (Caliper), dev, 32 outstanding | 15.3 tx/s, p50 2.04 s, p99 2.50 s | [bench.json](figures/bench.json) `ordering[0]` |",
        ]);
        assert.deepEqual(readme.split("\n").filter((l) => l.includes("bench.json")), [
            "| goal: g1 | 3.1× (missed) | [bench.json](docs/figures/bench.json) `goals[0]` |",
            "| goal: g2 | 0.9 s (met) | [bench.json](docs/figures/bench.json) `goals[1]` |",
        ]);
    });

    it("lays out one row per fault in docs/figures.md, from the fault reports, and none in the README", () => {
        const f = { fault: "broker", ledgerLongestGapSeconds: 11.7, submitted: 185, committed: 180, failed: 0, ambiguous: 5, ambiguousCommitted: 0, lost: 0, equalHeightsSeconds: 12.4 };
        const found = new Map([
            ["faults.json", { json: { faults: [f] } as Json, mtime: new Date(0) }],
            ["faults-ha.json", { json: { faults: [{ ...f, fault: "six down" }] } as Json, mtime: new Date(0) }],
            ["faults-raft.json", { json: { faults: [{ ...f, fault: "raft leader" }] } as Json, mtime: new Date(0) }],
        ]);
        const { doc, readme } = render(found);
        assert.deepEqual(doc.split("\n").filter((l) => l.includes("`faults[")), [
            "| broker | 11.7 s | 185 / 180 / 0 / 5 | 0 | 0 | 12.4 s | [faults.json](figures/faults.json) `faults[0]` |",
            "| six down | 11.7 s | 185 / 180 / 0 / 5 | 0 | 0 | 12.4 s | [faults-ha.json](figures/faults-ha.json) `faults[0]` |",
            "| raft leader | 11.7 s | 185 / 180 / 0 / 5 | 0 | 0 | 12.4 s | [faults-raft.json](figures/faults-raft.json) `faults[0]` |",
        ]);
        assert.doesNotMatch(readme, /faults/);
    });
});
