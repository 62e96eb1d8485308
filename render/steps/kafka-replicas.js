// @ts-check
// The pure half of the Kafka replicas step (kafka-replicas.sh): which partition replicas sit on brokers the
// stack no longer has, and where each goes, so that a broker taken out of `kafka.brokers` holds nothing
// when its container is deleted. Node built-ins only.
"use strict";
const fs = require("fs");

/**
 * The reassignment that leaves every replica on a kept broker: for each partition with a replica outside
 * `keep`, its replicas on kept brokers stay (in their order, so a kept preferred leader stays first) and
 * each other one is replaced by the kept broker holding the fewest replicas so far (the lowest id on a tie)
 * that the partition does not have. Partitions already on kept brokers are not in it. Throws, naming the
 * partition, when `keep` has fewer brokers than a partition has replicas.
 * @param {Record<string, Record<string, number[]>>} assignments topic → partition → replica broker ids
 * @param {number[]} keep the brokers the stack keeps
 * @returns {{ version: 1, partitions: { topic: string, partition: number, replicas: number[] }[] }}
 */
function plan(assignments, keep) {
    const kept = new Set(keep);
    const load = new Map(keep.map((b) => [b, 0]));
    const entries = Object.entries(assignments)
        .sort(([a], [b]) => a.localeCompare(b))
        .flatMap(([topic, parts]) => Object.entries(parts).map(([p, replicas]) => ({ topic, partition: Number(p), replicas })))
        .sort((x, y) => x.topic.localeCompare(y.topic) || x.partition - y.partition);
    for (const e of entries) for (const b of e.replicas) if (kept.has(b)) load.set(b, (load.get(b) ?? 0) + 1);
    const partitions = [];
    for (const e of entries) {
        if (e.replicas.every((b) => kept.has(b))) continue;
        if (e.replicas.length > keep.length) {
            throw new Error(
                `${e.topic}-${e.partition} has ${e.replicas.length} replicas (${e.replicas.join(",")}) and only ${keep.length} brokers (${keep.join(",")}) would be left: ` +
                    `keep at least ${e.replicas.length} brokers`,
            );
        }
        const replicas = e.replicas.filter((b) => kept.has(b));
        for (let n = e.replicas.length - replicas.length; n > 0; n--) {
            const to = keep.filter((b) => !replicas.includes(b)).sort((a, b) => (load.get(a) ?? 0) - (load.get(b) ?? 0) || a - b)[0];
            replicas.push(to);
            load.set(to, (load.get(to) ?? 0) + 1);
        }
        partitions.push({ topic: e.topic, partition: e.partition, replicas });
    }
    return { version: 1, partitions };
}

/**
 * The partitions of a reassignment whose ISR does not hold all their new replicas yet.
 * @param {{ partitions: { topic: string, partition: number, replicas: number[] }[] }} reassignment
 * @param {Record<string, number[]>} isr "<topic>-<partition>" → in-sync replicas
 */
function lagging(reassignment, isr) {
    return reassignment.partitions
        .filter((p) => !p.replicas.every((b) => (isr[`${p.topic}-${p.partition}`] ?? []).includes(b)))
        .map((p) => `${p.topic}-${p.partition}`);
}

function main(argv) {
    const read = (f) => JSON.parse(fs.readFileSync(f, "utf8"));
    const [cmd, ...args] = argv;
    switch (cmd) {
        // plan <assignments.json> <kept ids, comma separated>: the reassignment's JSON, or nothing when none is needed.
        case "plan": {
            const p = plan(read(args[0]), args[1].split(",").map(Number));
            if (p.partitions.length > 0) process.stdout.write(`${JSON.stringify(p)}\n`);
            return;
        }
        // lagging <reassignment.json> <isr.json>: the partitions still catching up, one a line.
        case "lagging":
            for (const p of lagging(read(args[0]), read(args[1]))) process.stdout.write(`${p}\n`);
            return;
        // moved <reassignment.json>: "<topic> <partition>" of each partition it moves, one a line.
        case "moved":
            for (const p of read(args[0]).partitions) process.stdout.write(`${p.topic} ${p.partition}\n`);
            return;
        // field <name>: that field of the JSON object on stdin, as JSON (a znode's partitions, or its isr).
        case "field": {
            const value = JSON.parse(fs.readFileSync(0, "utf8"))[args[0]];
            if (value === undefined) throw new Error(`no field ${args[0]} in the znode read`);
            process.stdout.write(JSON.stringify(value));
            return;
        }
        default:
            throw new Error(`usage: kafka-replicas.js plan|lagging|moved|field ...; got ${cmd}`);
    }
}

if (require.main === module) {
    try {
        main(process.argv.slice(2));
    } catch (e) {
        process.stderr.write(`${e instanceof Error ? e.message : e}\n`);
        process.exit(1);
    }
}

module.exports = { plan, lagging };
