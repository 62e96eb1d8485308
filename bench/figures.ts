// `npm run figures`: the figures the suites and the benchmark measured, from the reports they write
// (reports/*.json), copied into docs/figures/ (so every figure in the docs points at a file in the
// repository) and laid out in docs/figures.md; the README's "Measured" table is rewritten between its
// markers from the same files. Nothing here is typed by hand: a report that is missing says so.
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");
const REPORTS = path.join(ROOT, "reports");
const FIGURES = path.join(ROOT, "docs", "figures");

/** The reports, in the order the docs show them: file, what wrote it, and the README's headline figures. */
export const SOURCES: { file: string; title: string; by: string; headline: [label: string, at: string, unit: string, inReadme?: "readme"][] }[] = [
    {
        file: "e2e-pulumi.json",
        title: "The whole cycle through the engine",
        by: "test/e2e/pulumi.e2e.ts",
        headline: [
            ["first `pulumi up` of the dev network (stack ci)", "seconds.first up", "s", "readme"],
            ["no-op `pulumi up`", "seconds.no-op up", "s", "readme"],
            ["`pulumi destroy`", "seconds.destroy", "s", "readme"],
        ],
    },
    {
        file: "e2e-live-config.json",
        title: "Config changes on a running network",
        by: "test/e2e/liveConfig.e2e.ts",
        headline: [
            ["`batchTimeout` 2s → 1s on a running network (`up`)", "batchTimeoutUpSeconds", "s", "readme"],
            ["median invoke at batchTimeout 2s", "invokeMedianMs.batchTimeout2s", "ms"],
            ["median invoke at batchTimeout 1s", "invokeMedianMs.batchTimeout1s", "ms"],
            ["an org added to the network and a channel (`up`)", "addOrgUpSeconds", "s"],
            ["a fifth Kafka broker added (`up`)", "addBrokerUpSeconds", "s"],
        ],
    },
    {
        file: "e2e-ordering.json",
        title: "The nodes from the rendered plans",
        by: "test/e2e/ordering.e2e.ts",
        headline: [["median gateway submit, 20 one at a time (batchTimeout 2s)", "invokeLatencyMs.median", "ms"]],
    },
    {
        file: "e2e-raft-migration.json",
        title: "Kafka → Raft on the running dev network",
        by: "test/e2e/raftMigration.e2e.ts",
        headline: [
            ["Kafka → Raft migration (`up` after `orderer.type: etcdraft`)", "migrationUpSeconds", "s", "readme"],
            ["median invoke before it, on Kafka (10, one at a time)", "kafka.medianInvokeMs", "ms"],
            ["median invoke after it, on Raft (10, one at a time)", "raft.medianInvokeMs", "ms"],
            ["throughput before it, on Kafka (4 clients on keys of their own)", "kafka.txPerSecond", "tx/s"],
            ["throughput after it, on Raft (4 clients on keys of their own)", "raft.txPerSecond", "tx/s"],
        ],
    },
    {
        file: "e2e-raft.json",
        title: "A network on Raft from the start",
        by: "test/e2e/raft.e2e.ts",
        headline: [["first `pulumi up` of a Raft network (the raft stack's config)", "seconds.first up", "s"]],
    },
    {
        file: "e2e-security.json",
        title: "A secured network: kafka.tls, kafka.sasl, zookeeper.tls, operations.tls, tls.clientAuthRequired, and its bad-actor matrix",
        by: "test/e2e/security.e2e.ts",
        headline: [
            ["first `pulumi up` of a secured network (Kafka TLS + SASL, ZooKeeper, operations endpoints on TLS; mutual TLS)", "upSeconds", "s", "readme"],
            ["one invoke on it (batchTimeout 2s)", "invokeSeconds", "s"],
        ],
    },
    {
        file: "swarm.json",
        title: "A 3-node Docker Swarm on this machine: the placement, the swarm resources, the dev network on it, a whole worker and the manager lost under load, a secured network and its bad actors",
        by: "test/e2e/swarm.e2e.ts",
        headline: [
            ["first `pulumi up` of the dev network on the 3-node swarm (images pushed before)", "networkUpSeconds", "s"],
            ["no-op `up` of it", "networkNoOpSeconds", "s"],
            ["its `destroy`", "networkDestroySeconds", "s"],
            ["swarm: a whole node killed under load, first commit of a transaction sent after the kill", "nodeLossResumedSeconds", "s", "readme"],
            ["swarm: the manager node killed under load, first commit of a transaction sent after the kill", "managerLossResumedSeconds", "s", "readme"],
            ["`pulumi preview` refused while the manager is down", "managerLossPreviewRefusedSeconds", "s"],
            ["first `pulumi up` of the secured dev network on the swarm (every link TLS, SASL, mutual TLS)", "securedUpSeconds", "s"],
            ["a 3-node swarm formed (scripts/swarm.sh up 3)", "swarmUpSeconds", "s"],
            ["a stopped node seen Down by the manager", "nodeDownSeenSeconds", "s"],
            ["swarm-check `up`: overlay network, secret, config, two pinned services", "checkUpSeconds", "s"],
            ["swarm-check no-op `up`", "checkNoOpSeconds", "s"],
            ["swarm-check `destroy`", "checkDestroySeconds", "s"],
        ],
    },
    { file: "faults.json", title: "Crash faults under load", by: "test/faults/faults.e2e.ts", headline: [] },
    { file: "faults-ha.json", title: "Crash faults under load, the ha stack's shape", by: "test/faults/faults.e2e.ts", headline: [] },
    { file: "faults-raft.json", title: "Raft leader faults under load", by: "test/faults/faults.e2e.ts", headline: [] },
    { file: "faults-tls.json", title: "Crash faults under load on a secured network (Kafka and ZooKeeper over TLS, mutual TLS, operations over TLS)", by: "test/faults/faults.e2e.ts", headline: [] },
    { file: "bench.json", title: "Benchmark", by: "bench/run.ts (`npm run bench`; its own tables: docs/bench.md)", headline: [] },
];

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** The value at a dotted path ("seconds.first up"), or undefined. */
export function at(value: Json, dotted: string): Json | undefined {
    let v: Json | undefined = value;
    for (const k of dotted.split(".")) {
        if (v === null || typeof v !== "object" || Array.isArray(v)) return undefined;
        v = v[k];
    }
    return v;
}

/** Every scalar of a report as [path, value] rows, arrays of scalars joined; arrays of objects left to tables. */
export function scalars(value: Json, prefix = ""): [string, string][] {
    if (value === null || typeof value !== "object") return [[prefix, String(value)]];
    if (Array.isArray(value)) {
        if (value.every((x) => x === null || typeof x !== "object")) return [[prefix, value.map(String).join(", ")]];
        return [];
    }
    return Object.entries(value).flatMap(([k, v]) => scalars(v, prefix ? `${prefix}.${k}` : k));
}

/** Arrays of objects (one row per element, one column per scalar field). */
export function tables(value: Json, prefix = ""): { at: string; rows: [string, string][][] }[] {
    if (value === null || typeof value !== "object") return [];
    if (Array.isArray(value)) {
        if (value.length && value.every((x) => x !== null && typeof x === "object" && !Array.isArray(x))) {
            return [{ at: prefix, rows: value.map((x) => scalars(x)) }];
        }
        return [];
    }
    return Object.entries(value).flatMap(([k, v]) => tables(v, prefix ? `${prefix}.${k}` : k));
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const row = (cells: string[]) => `| ${cells.map(cell).join(" | ")} |`;
const mdTable = (head: string[], rows: string[][]) => [row(head), row(head.map(() => "---")), ...rows.map(row)].join("\n");

/** The benchmark's rows: its machine, each goal with what was measured, and each ordering setting at its highest load. */
/** A headline row, and whether the README shows it too (the rest are in docs/figures.md only). */
interface Headline {
    cells: (base: string) => string[];
    inReadme: boolean;
}

/** A report's link from the README (base `docs/figures/`) or from docs/figures.md (base `figures/`). */
const link = (file: string, p: string) => (base: string) => `[${file}](${base}${file}) \`${p}\``;

/** The benchmark's rows: its machine, each goal with what was measured (in the README), and each ordering setting at its highest load. */
function benchRows(file: string, r: Json): Headline[] {
    if (file !== "bench.json") return [];
    const m = at(r, "machine") as Record<string, Json> | undefined;
    const rows: Headline[] = [];
    const add = (label: string, value: string, p: string, inReadme: boolean) => rows.push({ cells: (base) => [label, value, link(file, p)(base)], inReadme });
    if (m) add("benchmark machine", `${m.cpus} × ${m.cpuModel}, ${m.memGiB} GiB, load average ${(m.loadStart as number[])[0]} at start`, "machine", false);
    ((at(r, "goals") as { goal: string; measured: string; met?: boolean }[] | undefined) ?? []).forEach((g, i) =>
        add(`goal: ${g.goal}`, `${g.measured} (${g.met === undefined ? "not judged" : g.met ? "met" : "missed"})`, `goals[${i}]`, true),
    );
    ((at(r, "ordering") as { settings: string; results: { outstanding: number; throughput: number; p50: number; p99: number }[] }[] | undefined) ?? []).forEach((o, i) => {
        const top = o.results[o.results.length - 1];
        if (top) add(`ordering (Caliper), ${o.settings}, ${top.outstanding} outstanding`, `${top.throughput.toFixed(1)} tx/s, p50 ${top.p50.toFixed(2)} s, p99 ${top.p99.toFixed(2)} s`, `ordering[${i}]`, false);
    });
    return rows;
}

/** One row per fault of a fault report. */
function faultRows(file: string, r: Json | undefined, base: string): string[][] {
    const rows = (r === undefined ? undefined : (at(r, "faults") as Record<string, Json>[] | undefined)) ?? [];
    return rows.map((f, i) => [
        String(f.fault),
        `${f.ledgerLongestGapSeconds} s`,
        `${f.submitted} / ${f.committed} / ${f.failed} / ${f.ambiguous}`,
        String(f.ambiguousCommitted),
        String(f.lost),
        `${f.equalHeightsSeconds} s`,
        link(file, `faults[${i}]`)(base),
    ]);
}

const fmt = (v: Json | undefined, unit: string) =>
    typeof v === "number" ? `${unit === "ms" ? Math.round(v) : v.toFixed(unit === "tx/s" ? 2 : 1)} ${unit}` : "not measured yet";

/**
 * docs/figures.md (every headline figure and every fault, then each report whole) and the README block (the
 * headline figures marked for it, and the benchmark's goals), from the reports found (a pure function of them).
 */
export function render(found: Map<string, { json: Json; mtime: Date }>): { doc: string; readme: string } {
    const sections: string[] = [];
    const heads: Headline[] = [];
    for (const src of SOURCES) {
        const r = found.get(src.file);
        sections.push(`## ${src.title}`, "");
        for (const [label, p, unit, inReadme] of src.headline) {
            heads.push({ cells: (base) => [label, fmt(r && at(r.json, p), unit), r ? link(src.file, p)(base) : src.file], inReadme: inReadme === "readme" });
        }
        if (!r) {
            sections.push(`No \`${src.file}\` yet: run ${src.by}.`, "");
            continue;
        }
        sections.push(`[\`docs/figures/${src.file}\`](figures/${src.file}), by ${src.by}, written ${r.mtime.toISOString()}.`, "");
        sections.push(mdTable(["figure", "value"], scalars(r.json)), "");
        for (const t of tables(r.json)) {
            const cols = [...new Set(t.rows.flatMap((x) => x.map(([k]) => k)))];
            sections.push(`\`${t.at}\`:`, "", mdTable(cols, t.rows.map((x) => cols.map((c) => x.find(([k]) => k === c)?.[1] ?? ""))), "");
        }
        heads.push(...benchRows(src.file, r.json));
    }
    const faults = (base: string) => ["faults.json", "faults-ha.json", "faults-raft.json", "faults-tls.json"].flatMap((file) => faultRows(file, found.get(file)?.json, base));
    const doc: string[] = [
        "# Measured figures",
        "",
        "Written by `npm run figures` (`bench/figures.ts`) from the reports the suites and the benchmark write;",
        "each section names its file in `docs/figures/` (a copy of `reports/`). Do not edit by hand.",
        "",
        "## Headlines",
        "",
        mdTable(["figure", "value", "report"], heads.map((h) => h.cells("figures/"))),
        "",
    ];
    if (faults("figures/").length) {
        doc.push(
            "Faults under load (`npm run test:faults`): lost must be 0; the stall is the longest time between two blocks of",
            "channel1 in a surviving peer's log, from before the fault to its end; a quiet channel's row is one client's.",
            "",
            mdTable(["fault", "longest stall", "submitted / committed / failed / ambiguous", "ambiguous found VALID", "lost", "equal heights after the heal", "report"], faults("figures/")),
            "",
        );
    }
    const readme = mdTable(["figure", "value", "report"], heads.filter((h) => h.inReadme).map((h) => h.cells("docs/figures/")));
    return { doc: [...doc, ...sections].join("\n"), readme };
}

const START = "<!-- figures:start (npm run figures) -->";
const END = "<!-- figures:end -->";

function main() {
    fs.mkdirSync(FIGURES, { recursive: true });
    const found = new Map<string, { json: Json; mtime: Date }>();
    for (const src of SOURCES) {
        const file = fs.existsSync(path.join(REPORTS, src.file)) ? path.join(REPORTS, src.file) : path.join(FIGURES, src.file);
        if (!fs.existsSync(file)) continue;
        if (file.startsWith(REPORTS)) fs.copyFileSync(file, path.join(FIGURES, src.file));
        found.set(src.file, { json: JSON.parse(fs.readFileSync(file, "utf8")), mtime: fs.statSync(file).mtime });
    }
    const { doc, readme } = render(found);
    fs.writeFileSync(path.join(ROOT, "docs", "figures.md"), `${doc.trimEnd()}\n`);
    const readmePath = path.join(ROOT, "README.md");
    const text = fs.readFileSync(readmePath, "utf8");
    const a = text.indexOf(START);
    const b = text.indexOf(END);
    if (a < 0 || b < a) throw new Error(`README.md lacks the markers ${START} … ${END}`);
    fs.writeFileSync(readmePath, `${text.slice(0, a + START.length)}\n${readme}\n${text.slice(b)}`);
    console.log(`figures: ${found.size} of ${SOURCES.length} reports → docs/figures.md, docs/figures/, README.md`);
}

if (require.main === module) main();
