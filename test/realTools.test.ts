// The truth layer: the rendered files and the artifact steps run through the real Fabric 2.5 tools.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { before, describe, it as test } from "node:test";
import { channelOrgs, findFabricTools, FabricTools, loadSpec, tlsOnlyNodes } from "../config";
import { channelConfigEnv, consensusStepEnv, ORG_ADMINS_FILE, cryptoDigestDirs, cryptogenEnv, CRYPTOGEN_SCRIPT, parseDigests, renderConfigtx, renderCryptoConfig, stepFile, userIdentity } from "../render";
import { bash, makeArtifacts, PROJECT, ROOT, stackConfig, stackSpec } from "./helpers";

let tools: FabricTools | undefined;
let missing = "";
try {
    tools = findFabricTools(ROOT);
} catch (e) {
    missing = (e as Error).message;
}
if (!tools) {
    if (process.env.FABRIC_TOOLS_REQUIRED === "1") {
        throw new Error(`FABRIC_TOOLS_REQUIRED=1 but ${missing}`);
    }
    console.log(`# SKIPPED real-tool tests: ${missing}`);
}

/** configtxlator's JSON of a protobuf file (written to a file: its default /dev/stdout fails on a pipe). */
function decode(t: FabricTools, type: string, file: string) {
    execFileSync(t.configtxlator, ["proto_decode", `--type=${type}`, `--input=${file}`, `--output=${file}.json`]);
    return JSON.parse(fs.readFileSync(`${file}.json`, "utf8"));
}

const reconciler = require(stepFile("channel-config.js"));

const sha256File = (file: string) => execFileSync("sha256sum", [file], { encoding: "utf8" }).split(" ")[0];

for (const stack of ["dev", "ha"]) {
    describe(`real Fabric tools on the ${stack} stack`, () => {
        const t = tools as FabricTools;
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), `fabric-${stack}-`));
        const spec = stackSpec(stack, dir);
        let made: ReturnType<typeof makeArtifacts>;
        before(() => {
            if (tools) {
                made = makeArtifacts(spec, t);
            }
        });
        // Each test is skipped on its own when the tools are missing, so the run's summary counts them.
        const it = (name: string, fn: () => void) => test(name, { skip: !tools && missing }, fn);

        it("cryptogen writes msp and tls for every orderer and peer, and a digest for each", () => {
            const nodes = [...spec.orderer.nodes, ...spec.orgs.flatMap((o) => o.peers)];
            for (const n of nodes) {
                for (const sub of ["msp/signcerts", "msp/keystore", "tls/server.crt", "tls/server.key", "tls/ca.crt"]) {
                    assert.ok(fs.existsSync(path.join(spec.paths.cryptoDir, n.cryptoDir, sub)), `${n.hostname}: ${sub}`);
                }
                assert.match(made.digests[n.cryptoDir], /^[0-9a-f]{64}$/);
            }
            assert.equal(Object.keys(made.digests).length, cryptoDigestDirs(spec).length);
            for (const org of spec.orgs) {
                const id = userIdentity(spec, org);
                for (const file of [id.certPath, id.keyPath, id.tlsCaPath]) {
                    assert.ok(fs.existsSync(file), file);
                }
            }
        });

        it("cryptogen's TLS certificates name each node's hostname", () => {
            for (const n of [...spec.orderer.nodes, ...spec.orgs.flatMap((o) => o.peers)]) {
                const text = execFileSync("openssl", ["x509", "-noout", "-text", "-in", path.join(spec.paths.cryptoDir, n.cryptoDir, "tls/server.crt")], { encoding: "utf8" });
                assert.match(text, new RegExp(`DNS:${n.hostname.replace(/\./g, "\\.")}`));
            }
        });

        it("configtxgen makes the genesis block and one tx per channel", () => {
            const expected = ["genesis", ...spec.channels.map((c) => `${c.name}-tx`)];
            assert.deepEqual(Object.keys(made.artifacts), expected);
            for (const { file, sha } of Object.values(made.artifacts)) {
                assert.ok(fs.statSync(file).size > 0, file);
                assert.equal(sha, sha256File(file));
            }
            if (stack === "dev") {
                assert.deepEqual(fs.readdirSync(spec.paths.channelArtifactsDir).sort(), ["channel1.tx", "channel2.tx", "channel3.tx", "genesis.block"]);
            }
        });

        it("the genesis block decodes to a Kafka system channel with the stack's brokers and batch values", () => {
            const block = decode(t, "common.Block", spec.paths.genesisBlock);
            const config = block.data.data[0].payload.data.config;
            const orderer = config.channel_group.groups.Orderer;
            assert.equal(orderer.values.ConsensusType.value.type, "kafka");
            assert.deepEqual(orderer.values.KafkaBrokers.value.brokers, spec.kafka.brokerEndpoints);
            assert.deepEqual(orderer.values.BatchSize.value, {
                absolute_max_bytes: spec.orderer.absoluteMaxBytes,
                max_message_count: spec.orderer.maxMessageCount,
                preferred_max_bytes: spec.orderer.preferredMaxBytes,
            });
            assert.equal(orderer.values.BatchTimeout.value.timeout, "2s");
            assert.deepEqual(Object.keys(orderer.groups), ["OrdererOrg"]);
            assert.deepEqual(orderer.groups.OrdererOrg.values.Endpoints.value.addresses, spec.orderer.endpoints);
            const consortium = config.channel_group.groups.Consortiums.groups.FabricConsortium;
            assert.deepEqual(Object.keys(consortium.groups).sort(), spec.orgs.map((o) => o.mspId).sort());
            assert.equal(block.data.data[0].payload.header.channel_header.channel_id, "system-channel");
        });

        it("each channel tx creates its channel with exactly its orgs", () => {
            for (const ch of spec.channels) {
                const env = decode(t, "common.Envelope", path.join(spec.paths.channelArtifactsDir, ch.txFile));
                const update = decode_update(t, env, dir, ch.name);
                assert.equal(update.channel_id, ch.name);
                assert.deepEqual(Object.keys(update.write_set.groups.Application.groups).sort(), channelOrgs(spec, ch).map((o) => o.mspId).sort());
            }
        });

        it("the config step's plan of the genesis config encodes, and configtxlator's update holds just its changes", () => {
            // configtxgen -printOrg reads the full configtx.yaml, as the config step does in the artifacts folder.
            const cfgDir = fs.mkdtempSync(path.join(dir, "configtx-"));
            fs.writeFileSync(path.join(cfgDir, "configtx.yaml"), renderConfigtx(spec));
            const live = decode(t, "common.Block", spec.paths.genesisBlock).data.data[0].payload.data.config;
            const org1 = JSON.parse(execFileSync(t.configtxgen, ["-configPath", cfgDir, "-printOrg", spec.orgs[0].mspId], { encoding: "utf8" }));
            assert.deepEqual(org1.values.MSP, live.channel_group.groups.Consortiums.groups.FabricConsortium.groups[spec.orgs[0].mspId].values.MSP);
            const kept = spec.orgs.slice(0, -1).map((o) => o.mspId);
            const desired = reconciler.desiredFromEnv({ ...channelConfigEnv(spec), BATCH_TIMEOUT: "1s", ORG_IDS: kept.join(" ") });
            const { config, result } = reconciler.plan(live, desired, {});
            assert.deepEqual(result.changes, ["Orderer.BatchTimeout: 2s -> 1s", `Consortiums.FabricConsortium: remove ${spec.orgs[spec.orgs.length - 1].mspId}`]);
            const [original, updated, update] = ["original", "updated", "update"].map((n) => path.join(cfgDir, `${n}.pb`));
            fs.writeFileSync(`${updated}.json`, JSON.stringify(config));
            fs.writeFileSync(`${original}.json`, JSON.stringify(live));
            for (const f of [original, updated]) execFileSync(t.configtxlator, ["proto_encode", "--type=common.Config", `--input=${f}.json`, `--output=${f}`]);
            execFileSync(t.configtxlator, ["compute_update", "--channel_id", "system-channel", "--original", original, "--updated", updated, "--output", update]);
            const ws = decode(t, "common.ConfigUpdate", update).write_set;
            assert.deepEqual(Object.keys(ws.groups.Orderer.values), ["BatchTimeout"]);
            assert.deepEqual(ws.groups.Orderer.values.BatchTimeout.value, { timeout: "1s" });
            assert.deepEqual(Object.keys(ws.groups.Consortiums.groups.FabricConsortium.groups).sort(), kept.sort());
        });

        it("a second run of the cryptogen step extends and keeps every existing key", () => {
            const before = made.digests;
            const again = parseDigests(
                bash(CRYPTOGEN_SCRIPT, cryptogenEnv(spec, t.cryptogen), renderCryptoConfig(spec)),
            );
            assert.deepEqual(again, before);
        });

        it("the cryptogen step keeps every org's admin in org-admins, an org taken out of the stack included", () => {
            const file = path.join(spec.paths.artifactsDir, ORG_ADMINS_FILE);
            const admins = spec.orgs.map((o) => `${o.mspId}=${o.adminDir}/msp`);
            assert.deepEqual(fs.readFileSync(file, "utf8").trim().split("\n"), admins);
            const raw = stackConfig(stack);
            const fewer = loadSpec({ ...raw, orgs: (raw.orgs as object[]).slice(0, -1), channels: [], chaincodes: [] }, { project: PROJECT, stack, projectDir: dir });
            bash(CRYPTOGEN_SCRIPT, cryptogenEnv(fewer, t.cryptogen), renderCryptoConfig(fewer));
            assert.deepEqual(fs.readFileSync(file, "utf8").trim().split("\n"), admins, "the leaving org's admin is still there: its crypto is kept");
            bash(CRYPTOGEN_SCRIPT, cryptogenEnv(spec, t.cryptogen), renderCryptoConfig(spec));
        });

        it("adding a peer to an org extends the material: new peer keys, every existing key unchanged", () => {
            const raw = stackConfig(stack);
            const orgs = (raw.orgs as { peers: number }[]).map((o, i) => (i === 0 ? { ...o, peers: o.peers + 1 } : o));
            const grown = loadSpec({ ...raw, orgs }, { project: PROJECT, stack, projectDir: dir });
            const after = parseDigests(
                bash(CRYPTOGEN_SCRIPT, cryptogenEnv(grown, t.cryptogen), renderCryptoConfig(grown)),
            );
            const newPeer = grown.orgs[0].peers[grown.orgs[0].peers.length - 1];
            assert.match(after[newPeer.cryptoDir], /^[0-9a-f]{64}$/);
            assert.equal(newPeer.hostname, `peer${spec.orgs[0].peers.length}.${spec.orgs[0].domain}`);
            for (const [d, digest] of Object.entries(made.digests)) {
                assert.equal(after[d], digest, d);
            }
        });
    });
}

/** The ConfigUpdate inside a channel/anchor tx envelope, decoded by configtxlator. */
function decode_update(t: FabricTools, envelope: any, dir: string, name: string) {
    const inner = envelope.payload.data.config_update;
    if (typeof inner === "object") {
        return inner;
    }
    const file = path.join(dir, `${name}.update.pb`);
    fs.writeFileSync(file, Buffer.from(envelope.payload.data.config_update, "base64"));
    return decode(t, "common.ConfigUpdate", file);
}

describe("real Fabric tools: the TLS-only key pairs with kafka.tls and zookeeper.tls", () => {
    const it = (name: string, fn: () => void) => test(name, { skip: !tools && missing }, fn);
    it("cryptogen gives each broker, ZooKeeper node and the brokers' ZooKeeper client a TLS key pair of the orderer org's TLS CA, named by its host, PKCS#8 as Kafka and ZooKeeper read it; no signing identity", () => {
        const t = tools as FabricTools;
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fabric-kafka-tls-"));
        const spec = loadSpec({ ...stackConfig("dev"), kafka: { ...(stackConfig("dev").kafka as object), tls: true }, zookeeper: { nodes: 3, tls: true } }, { project: PROJECT, stack: "dev", projectDir: dir });
        const nodes = tlsOnlyNodes(spec);
        assert.deepEqual(nodes.map((n) => n.hostname), [0, 1, 2, 3].map((i) => `kafka${i}.example.com`).concat([0, 1, 2].map((i) => `zookeeper${i}.example.com`), ["kafka-zk-client.example.com"]));
        const digests = parseDigests(bash(CRYPTOGEN_SCRIPT, cryptogenEnv(spec, t.cryptogen), renderCryptoConfig(spec)));
        const ca = path.join(spec.paths.cryptoDir, spec.ordererOrg.tlsCaFile);
        for (const b of nodes) {
            const folder = path.join(spec.paths.cryptoDir, b.cryptoDir);
            assert.deepEqual(fs.readdirSync(folder), ["tls"], `${b.hostname}: tls/ only`);
            assert.deepEqual(fs.readdirSync(path.join(folder, "tls")).sort(), ["ca.crt", "server.crt", "server.key"]);
            const cert = path.join(folder, "tls", "server.crt");
            assert.match(execFileSync("openssl", ["verify", "-CAfile", ca, cert], { encoding: "utf8" }), /: OK$/m);
            const text = execFileSync("openssl", ["x509", "-noout", "-text", "-in", cert], { encoding: "utf8" });
            assert.match(text, new RegExp(`DNS:${b.hostname.replace(/\./g, "\\.")}`));
            assert.match(text, /TLS Web Server Authentication, TLS Web Client Authentication/, "a broker is a server to orderers and a client of other brokers");
            assert.match(fs.readFileSync(path.join(folder, "tls", "server.key"), "utf8"), /^-----BEGIN PRIVATE KEY-----\n/);
            assert.match(digests[b.cryptoDir], /^[0-9a-f]{64}$/);
        }
        // Again, as an up of the same stack runs it: extend keeps the brokers' key pairs and makes no msp/.
        const before = digests;
        const again = parseDigests(bash(CRYPTOGEN_SCRIPT, cryptogenEnv(spec, t.cryptogen), renderCryptoConfig(spec)));
        assert.deepEqual(again, before);
        assert.ok(nodes.every((b) => !fs.existsSync(path.join(spec.paths.cryptoDir, b.cryptoDir, "msp"))));
    });
});

describe("real Fabric tools on the raft stack (etcdraft)", () => {
    const t = tools as FabricTools;
    const it = (name: string, fn: () => void) => test(name, { skip: !tools && missing }, fn);

    it("the genesis block decodes to an etcdraft system channel: every orderer a consenter with its TLS certificate, Raft's options", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fabric-raft-"));
        const spec = stackSpec("raft", dir);
        makeArtifacts(spec, t);
        const block = decode(t, "common.Block", spec.paths.genesisBlock);
        const orderer = block.data.data[0].payload.data.config.channel_group.groups.Orderer;
        const consensus = orderer.values.ConsensusType.value;
        assert.equal(consensus.type, "etcdraft");
        assert.equal(consensus.state, "STATE_NORMAL");
        assert.equal(orderer.values.KafkaBrokers, undefined);
        const pem = (file: string) => fs.readFileSync(path.join(spec.paths.cryptoDir, file)).toString("base64");
        assert.deepEqual(
            consensus.metadata.consenters,
            spec.orderer.raft!.consenters.map((c) => ({ host: c.host, port: 7050, client_tls_cert: pem(c.clientTlsCert), server_tls_cert: pem(c.serverTlsCert) })),
        );
        assert.deepEqual(consensus.metadata.options, {
            tick_interval: "500ms",
            election_tick: 10,
            heartbeat_tick: 1,
            max_inflight_blocks: 5,
            snapshot_interval_size: 16 * 1024 * 1024,
        });
        assert.equal(orderer.values.BatchTimeout.value.timeout, "2s");
        assert.deepEqual(orderer.groups.OrdererOrg.values.Endpoints.value.addresses, spec.orderer.endpoints);
    });
});

describe("real Fabric tools on the consensus step's config edits (consensus.js, channel-config.js)", () => {
    const t = tools as FabricTools;
    const it = (name: string, fn: () => void) => test(name, { skip: !tools && missing }, fn);

    it("a Kafka system channel's config: into maintenance, etcdraft with the consenters' certificates, out of maintenance, each a config update configtxlator computes", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fabric-migrate-"));
        const kafka = stackSpec("dev", dir);
        makeArtifacts(kafka, t);
        // The same stack on etcdraft: the consenters are the Kafka network's orderers, their certificates cryptogen's.
        const raft = loadSpec({ ...stackConfig("dev"), orderer: { type: "etcdraft" } }, { project: PROJECT, stack: "dev", projectDir: dir });
        const env = { ...process.env, RAFT_METADATA: consensusStepEnv(raft, t).RAFT_METADATA };
        const node = (file: string, ...args: string[]) => execFileSync("node", [stepFile(file), ...args], { encoding: "utf8", env });
        const f = (name: string) => path.join(dir, name);
        decode(t, "common.Block", kafka.paths.genesisBlock);
        assert.equal(node("consensus.js", "state", `${kafka.paths.genesisBlock}.json`), "kafka STATE_NORMAL 0\n");
        node("channel-config.js", "extract", `${kafka.paths.genesisBlock}.json`, f("live.json"));
        const update = (from: string, to: string, what: string) => {
            node("consensus.js", "edit", f(from), f(to), what);
            for (const n of [from, to]) execFileSync(t.configtxlator, ["proto_encode", "--type=common.Config", `--input=${f(n)}`, `--output=${f(n)}.pb`]);
            execFileSync(t.configtxlator, ["compute_update", "--channel_id=system-channel", `--original=${f(from)}.pb`, `--updated=${f(to)}.pb`, `--output=${f(to)}.update.pb`]);
            return decode(t, "common.ConfigUpdate", `${f(to)}.update.pb`).write_set.groups.Orderer.values.ConsensusType.value;
        };
        assert.deepEqual(update("live.json", "maintenance.json", "maintenance"), { metadata: null, state: "STATE_MAINTENANCE", type: "kafka" });
        const toRaft = update("maintenance.json", "etcdraft.json", "etcdraft");
        assert.deepEqual([toRaft.type, toRaft.state], ["etcdraft", "STATE_MAINTENANCE"]);
        const pem = (file: string) => fs.readFileSync(path.join(raft.paths.cryptoDir, file)).toString("base64");
        assert.deepEqual(
            toRaft.metadata.consenters,
            raft.orderer.raft!.consenters.map((c) => ({ host: c.host, port: 7050, client_tls_cert: pem(c.clientTlsCert), server_tls_cert: pem(c.serverTlsCert) })),
        );
        assert.equal(toRaft.metadata.options.tick_interval, "500ms");
        assert.deepEqual(update("etcdraft.json", "normal.json", "normal"), { ...toRaft, state: "STATE_NORMAL" });
        node("channel-config.js", "envelope", `${f("etcdraft.json")}.update.pb.json`, "system-channel", f("env.json"));
        execFileSync(t.configtxlator, ["proto_encode", "--type=common.Envelope", `--input=${f("env.json")}`, `--output=${f("env.pb")}`]);
        assert.equal(decode(t, "common.Envelope", f("env.pb")).payload.header.channel_header.channel_id, "system-channel");
    });
});
