// @ts-check
// The pure half of the channel-config step (channel-config.sh): compares a channel's live config, as
// configtxlator decodes it, with the values the stack config asks for (in the environment), and writes the
// config that has them. Node built-ins only: the step runs it with the `node` that runs Pulumi.
"use strict";
const fs = require("fs");
const path = require("path");

/** A Go duration ("2s", "1m30s", "250ms") in milliseconds; NaN when it is not one. */
function durationMs(text) {
    const units = { h: 3600000, m: 60000, s: 1000, ms: 1, us: 0.001, "µs": 0.001, ns: 0.000001 };
    const re = /(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/y;
    let total = 0;
    let m;
    re.lastIndex = 0;
    while (re.lastIndex < text.length && (m = re.exec(text))) total += Number(m[1]) * units[m[2]];
    return re.lastIndex === text.length && text.length > 0 ? total : NaN;
}

const list = (s) => (s ?? "").split(/[\s,]+/).filter(Boolean);

/**
 * What the stack asks of a channel, from the step's environment.
 * @param {NodeJS.ProcessEnv} env
 */
function desiredFromEnv(env) {
    return {
        channel: env.CHANNEL ?? "",
        batchTimeout: env.BATCH_TIMEOUT ?? "",
        maxMessageCount: Number(env.MAX_MESSAGE_COUNT),
        absoluteMaxBytes: Number(env.ABSOLUTE_MAX_BYTES),
        preferredMaxBytes: Number(env.PREFERRED_MAX_BYTES),
        kafkaBrokers: list(env.KAFKA_BROKERS),
        ordererOrg: env.ORDERER_ORG ?? "",
        ordererEndpoints: list(env.ORDERER_ENDPOINTS),
        /** "application", or "consortium:<name>" for the system channel. */
        orgGroup: env.ORG_GROUP ?? "application",
        orgIds: list(env.ORG_IDS),
        /** MSP ID → "host:port" of its anchor peer (application channels). */
        anchors: Object.fromEntries(list(env.ANCHORS).map((a) => [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)])),
        ordererMspId: env.ORDERER_MSP_ID ?? "",
    };
}

const anchorList = (hostPort) => {
    const i = hostPort.lastIndexOf(":");
    return [{ host: hostPort.slice(0, i), port: Number(hostPort.slice(i + 1)) }];
};
const showAnchors = (a) => (a ?? []).map((p) => `${p.host}:${p.port}`).join(",") || "none";

/** The group that holds the channel's member orgs: Application, or the consortium of the system channel. */
function orgGroupOf(config, orgGroup) {
    const groups = config.channel_group.groups;
    if (orgGroup === "application") return groups.Application;
    return groups.Consortiums?.groups?.[orgGroup.slice("consortium:".length)];
}

/** The values a summary shows of a decoded config. */
function summary(config, desired) {
    const orderer = config.channel_group.groups.Orderer;
    const v = orderer.values;
    const members = orgGroupOf(config, desired.orgGroup);
    return {
        consensusType: v.ConsensusType?.value?.type,
        batchTimeout: v.BatchTimeout?.value?.timeout,
        maxMessageCount: v.BatchSize?.value?.max_message_count,
        absoluteMaxBytes: v.BatchSize?.value?.absolute_max_bytes,
        preferredMaxBytes: v.BatchSize?.value?.preferred_max_bytes,
        kafkaBrokers: v.KafkaBrokers?.value?.brokers ?? [],
        ordererEndpoints: orderer.groups?.[desired.ordererOrg]?.values?.Endpoints?.value?.addresses ?? [],
        orgs: Object.keys(members?.groups ?? {}).sort(),
        ...(desired.orgGroup === "application"
            ? { anchorPeers: Object.fromEntries(Object.entries(members?.groups ?? {}).map(([id, g]) => [id, showAnchors(g.values?.AnchorPeers?.value?.anchor_peers)])) }
            : {}),
    };
}

/**
 * The config with the desired values, what changed (one line each, "key: from -> to") and whose signatures
 * the update needs beyond the orderer admin's, who submits it.
 * @param {any} live the decoded common.Config
 * @param {ReturnType<typeof desiredFromEnv>} desired
 * @param {Record<string, any>} orgDefs MSP ID → org group as `configtxgen -printOrg` prints it
 */
function plan(live, desired, orgDefs) {
    const config = structuredClone(live);
    const changes = [];
    let membersChanged = false;
    const set = (what, from, to, apply) => {
        const same = Array.isArray(to) ? JSON.stringify(from ?? []) === JSON.stringify(to) : from === to;
        if (!same) {
            changes.push(`${what}: ${Array.isArray(from) ? from.join(",") : from} -> ${Array.isArray(to) ? to.join(",") : to}`);
            apply();
        }
    };
    const orderer = config.channel_group.groups.Orderer;
    const v = orderer.values;
    // A Kafka stack (it has brokers) on a channel a migration to Raft has begun on: the consensus step of an
    // etcdraft stack finishes it; Fabric has no way back. Refused, not left in maintenance mode silently.
    const ct = v.ConsensusType?.value;
    if (desired.kafkaBrokers.length > 0 && `${ct?.type} ${ct?.state || "STATE_NORMAL"}` !== "kafka STATE_NORMAL") {
        throw new Error(
            `${desired.channel}: its live consensus is ${ct?.type} ${ct?.state || "STATE_NORMAL"} but orderer.type is kafka: a migration to etcdraft was begun and Fabric migrates one way only; set orderer.type: etcdraft and run up to finish it`,
        );
    }
    if (durationMs(v.BatchTimeout.value.timeout) !== durationMs(desired.batchTimeout)) {
        changes.push(`Orderer.BatchTimeout: ${v.BatchTimeout.value.timeout} -> ${desired.batchTimeout}`);
        v.BatchTimeout.value.timeout = desired.batchTimeout;
    }
    const size = v.BatchSize.value;
    set("Orderer.BatchSize.MaxMessageCount", size.max_message_count, desired.maxMessageCount, () => (size.max_message_count = desired.maxMessageCount));
    set("Orderer.BatchSize.AbsoluteMaxBytes", size.absolute_max_bytes, desired.absoluteMaxBytes, () => (size.absolute_max_bytes = desired.absoluteMaxBytes));
    set("Orderer.BatchSize.PreferredMaxBytes", size.preferred_max_bytes, desired.preferredMaxBytes, () => (size.preferred_max_bytes = desired.preferredMaxBytes));
    // An etcdraft stack has no brokers: a channel migrated from Kafka keeps its (unused) broker list as it is.
    if (v.KafkaBrokers && desired.kafkaBrokers.length > 0) {
        set("Orderer.KafkaBrokers", v.KafkaBrokers.value.brokers, desired.kafkaBrokers, () => (v.KafkaBrokers.value.brokers = [...desired.kafkaBrokers]));
    }
    const ordererOrg = orderer.groups[desired.ordererOrg];
    if (!ordererOrg) throw new Error(`the channel's Orderer group has no org ${desired.ordererOrg}`);
    const endpoints = ordererOrg.values.Endpoints;
    set(`Orderer.${desired.ordererOrg}.Endpoints`, endpoints?.value?.addresses, desired.ordererEndpoints, () => {
        ordererOrg.values.Endpoints = { mod_policy: "Admins", value: { addresses: [...desired.ordererEndpoints] }, version: endpoints?.version ?? "0" };
    });

    const where = desired.orgGroup === "application" ? "Application" : `Consortiums.${desired.orgGroup.slice("consortium:".length)}`;
    const members = orgGroupOf(config, desired.orgGroup);
    if (!members) throw new Error(`the channel has no ${where} group`);
    members.groups = members.groups ?? {};
    const liveIds = Object.keys(members.groups);
    for (const id of liveIds.filter((id) => !desired.orgIds.includes(id))) {
        changes.push(`${where}: remove ${id}`);
        delete members.groups[id];
        membersChanged = true;
    }
    for (const id of desired.orgIds.filter((id) => !liveIds.includes(id))) {
        if (!orgDefs[id]) throw new Error(`no definition of ${id} (configtxgen -printOrg ${id})`);
        changes.push(`${where}: add ${id}`);
        members.groups[id] = structuredClone(orgDefs[id]);
        membersChanged = true;
    }
    if (desired.orgGroup === "application") {
        for (const id of desired.orgIds) {
            const want = desired.anchors[id];
            if (!want) continue;
            const group = members.groups[id];
            group.values = group.values ?? {};
            const have = group.values.AnchorPeers?.value?.anchor_peers;
            if (showAnchors(have) !== want) {
                changes.push(`Application.${id}.AnchorPeers: ${showAnchors(have)} -> ${want}`);
                group.values.AnchorPeers = { mod_policy: "Admins", value: { anchor_peers: anchorList(want) }, version: group.values.AnchorPeers?.version ?? "0" };
            }
        }
    }
    // Member orgs change under MAJORITY Admins of the channel's current orgs (application channels): every
    // current org signs whose admin the stack has. An anchor-peer change needs its own org's admin. The
    // orderer admin submits, and so signs, for the Orderer group and the system channel's consortium.
    const signers = new Set();
    if (desired.orgGroup === "application") {
        if (membersChanged) liveIds.forEach((id) => signers.add(id));
        for (const line of changes) {
            const m = /^Application\.([^.]+)\.AnchorPeers/.exec(line);
            if (m && liveIds.includes(m[1])) signers.add(m[1]);
        }
    }
    return { config, result: { channel: desired.channel, changes, signers: [...signers].sort(), live: summary(live, desired) } };
}

/** The config of a decoded block: the last config of the channel. */
const configOfBlock = (block) => block.data.data[0].payload.data.config;

/** A config update wrapped as the envelope `peer channel update` sends. */
function envelope(update, channel) {
    return { payload: { header: { channel_header: { channel_id: channel, type: 2 } }, data: { config_update: update } } };
}

function main(argv) {
    const read = (f) => JSON.parse(fs.readFileSync(f, "utf8"));
    const [cmd, ...args] = argv;
    switch (cmd) {
        case "extract":
            fs.writeFileSync(args[1], JSON.stringify(configOfBlock(read(args[0]))));
            return;
        case "plan": {
            const desired = desiredFromEnv(process.env);
            const defs = Object.fromEntries(
                fs.readdirSync(args[1]).filter((f) => f.endsWith(".json")).map((f) => [f.slice(0, -5), read(path.join(args[1], f))]),
            );
            const { config, result } = plan(read(args[0]), desired, defs);
            fs.writeFileSync(args[2], JSON.stringify(config));
            process.stdout.write(`${JSON.stringify(result)}\n`);
            return;
        }
        case "field": {
            const value = JSON.parse(args[0])[args[1]];
            process.stdout.write(args[1] === "signers" ? value.join(" ") : value.map((l) => `${l}\n`).join(""));
            return;
        }
        case "report": {
            const before = JSON.parse(args[0]);
            const after = JSON.parse(args[1]);
            process.stdout.write(`${JSON.stringify({ channel: before.channel, changed: before.changes, live: after.live })}\n`);
            return;
        }
        case "envelope":
            fs.writeFileSync(args[2], JSON.stringify(envelope(read(args[0]), args[1])));
            return;
        default:
            throw new Error(`usage: channel-config.js extract|plan|field|report|envelope ...; got ${cmd}`);
    }
}

module.exports = { durationMs, desiredFromEnv, plan, summary, configOfBlock, envelope };
if (require.main === module) main(process.argv.slice(2));
