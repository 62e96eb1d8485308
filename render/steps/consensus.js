// @ts-check
// The pure half of the consensus step (consensus.sh): where a channel stands in Fabric's Kafka → Raft
// migration, the next change it needs, and the config with that change. Node built-ins only.
"use strict";
const fs = require("fs");

/** ConsensusType of a decoded config (common.Config as configtxlator writes it). */
const consensusType = (config) => config.channel_group.groups.Orderer.values.ConsensusType.value;

/** "<type> <state> <block number>" of a decoded config block. */
function stateOfBlock(block) {
    const ct = consensusType(block.data.data[0].payload.data.config);
    return `${ct.type} ${ct.state || "STATE_NORMAL"} ${block.header.number || "0"}`;
}

/**
 * The next change of a channel on its way from Kafka to Raft, from its ConsensusType's type and state:
 * "maintenance", "etcdraft" (set in maintenance mode), "normal" (after the orderers' restart) or "done".
 */
function next(type, state) {
    const at = `${type} ${state}`;
    switch (at) {
        case "kafka STATE_NORMAL":
            return "maintenance";
        case "kafka STATE_MAINTENANCE":
            return "etcdraft";
        case "etcdraft STATE_MAINTENANCE":
            return "normal";
        case "etcdraft STATE_NORMAL":
            return "done";
        default:
            throw new Error(`consensus ${at}: the step migrates kafka to etcdraft only`);
    }
}

/**
 * The config with one change of its ConsensusType. For "etcdraft", the Raft metadata (consenters and
 * options) with each certificate given as the path of its PEM file, put in base64 as configtxlator wants.
 * @param {any} live the decoded common.Config
 * @param {"maintenance" | "etcdraft" | "normal"} change
 * @param {any} [metadata]
 * @param {(file: string) => Buffer} [readFile]
 */
function edit(live, change, metadata, readFile = fs.readFileSync) {
    const config = structuredClone(live);
    const ct = consensusType(config);
    const state = ct.state || "STATE_NORMAL";
    const due = next(ct.type, state);
    if (due !== change) throw new Error(`consensus ${ct.type} ${state}: its next change is ${due}, not ${change}`);
    if (change === "maintenance") ct.state = "STATE_MAINTENANCE";
    if (change === "normal") ct.state = "STATE_NORMAL";
    if (change === "etcdraft") {
        const pem = (file) => readFile(file).toString("base64");
        ct.type = "etcdraft";
        ct.metadata = {
            ...metadata,
            consenters: metadata.consenters.map((c) => ({ ...c, client_tls_cert: pem(c.client_tls_cert), server_tls_cert: pem(c.server_tls_cert) })),
        };
    }
    return config;
}

function main(argv) {
    const read = (f) => JSON.parse(fs.readFileSync(f, "utf8"));
    const [cmd, ...args] = argv;
    switch (cmd) {
        case "state":
            process.stdout.write(`${stateOfBlock(read(args[0]))}\n`);
            return;
        case "next":
            process.stdout.write(`${next(args[0], args[1])}\n`);
            return;
        case "edit": {
            const metadata = args[2] === "etcdraft" ? JSON.parse(process.env.RAFT_METADATA ?? "") : undefined;
            fs.writeFileSync(args[1], JSON.stringify(edit(read(args[0]), /** @type {any} */ (args[2]), metadata)));
            return;
        }
        default:
            throw new Error(`usage: consensus.js state|next|edit ...; got ${cmd}`);
    }
}

module.exports = { stateOfBlock, next, edit };
if (require.main === module) main(process.argv.slice(2));
