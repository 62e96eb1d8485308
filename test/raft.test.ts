// orderer.type and Raft: the rules and warnings of the config layer, the consenters derived in the spec,
// configtx.yaml and the orderers' env rendered from it, and the refusals of a type change on a running network.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import {
    APPLIED_FILE,
    appliedRecord,
    checkAgainstExisting,
    configWarnings,
    deployedOrdererType,
    findProblems,
    loadSpec,
    migratesToRaft,
    ordererTypeProblems,
    unchangeableProblems,
} from "../config";
import { CONSENSUS_SCRIPT, consensusChannels, consensusStepEnv, migrationPlan, ordererPlan, raftMetadata, renderConfigtx, stepFile, STEPS_DIR } from "../render";
import { PROJECT, stackConfig, stackSpec, SWARM_IMAGES, swarmStackConfig } from "./helpers";

const ctx = { project: PROJECT, stack: "raft", projectDir: "/project" };
const raft = (orderer: Record<string, unknown> = {}, rest: Record<string, unknown> = {}) => ({ ...rest, orderer: { type: "etcdraft", ...orderer } });
const problems = (raw: unknown) => findProblems(raw).problems;

describe("orderer.type", () => {
    it("defaults to kafka, the seed's ordering", () => {
        assert.equal(loadSpec({}, ctx).orderer.type, "kafka");
        assert.equal(loadSpec({}, ctx).orderer.raft, undefined);
    });

    it("takes kafka or etcdraft, nothing else", () => {
        assert.deepEqual(problems({ orderer: { type: "raft" } }), ['orderer.type ("raft") must be one of kafka, etcdraft']);
    });

    it("refuses an unknown Raft key with the closest known one", () => {
        assert.deepEqual(problems(raft({ raft: { electionTicks: 10 } })), ["orderer.raft.electionTicks (10) is not a setting of this program; did you mean orderer.raft.electionTick?"]);
    });
});

describe("an etcdraft stack's spec", () => {
    const spec = stackSpec("raft");

    it("has no ZooKeeper node and no Kafka broker", () => {
        assert.deepEqual([spec.zookeeper.nodes.length, spec.kafka.brokers.length, spec.zookeeper.connect], [0, 0, ""]);
    });

    it("makes every orderer a consenter, on its own listener, identified by its TLS certificate", () => {
        assert.deepEqual(spec.orderer.raft?.consenters, [0, 1, 2].map((i) => ({
            host: `orderer${i}.example.com`,
            port: 7050,
            clientTlsCert: `ordererOrganizations/example.com/orderers/orderer${i}.example.com/tls/server.crt`,
            serverTlsCert: `ordererOrganizations/example.com/orderers/orderer${i}.example.com/tls/server.crt`,
        })));
    });

    it("carries Raft's options in Fabric's units", () => {
        const { consenters, ...options } = spec.orderer.raft!;
        assert.equal(consenters.length, 3);
        assert.deepEqual(options, { tickIntervalMs: 500, electionTick: 10, heartbeatTick: 1, maxInflightBlocks: 5, snapshotIntervalSize: 16 * 1024 * 1024 });
    });

    it("follows orderer.nodes: five orderers, five consenters", () => {
        const five = loadSpec(raft({ nodes: 5 }), ctx);
        assert.deepEqual(five.orderer.raft?.consenters.map((c) => c.host), [0, 1, 2, 3, 4].map((i) => `orderer${i}.example.com`));
    });
});

/** Each Raft rule: a config that passes, one that breaks it, and the exact message. */
const RULES: { rule: string; valid: object; invalid: object; message: string[] }[] = [
    {
        rule: "tickInterval is greater than 0",
        valid: raft({ raft: { tickInterval: "100ms" } }),
        invalid: raft({ raft: { tickInterval: "0s" } }),
        message: ['orderer.raft.tickInterval ("0s") must be greater than 0: Raft counts time in ticks of this length, and Fabric refuses a zero TickInterval; set it to "500ms" (Fabric\'s default)'],
    },
    {
        rule: "heartbeatTick is at least 1",
        valid: raft({ raft: { heartbeatTick: 2 } }),
        invalid: raft({ raft: { heartbeatTick: 0 } }),
        message: ["orderer.raft.heartbeatTick (0) must be at least 1: Fabric refuses Raft options with a zero HeartbeatTick, ElectionTick or MaxInflightBlocks; set it to 1 (Fabric's default)"],
    },
    {
        rule: "maxInflightBlocks is at least 1",
        valid: raft({ raft: { maxInflightBlocks: 1 } }),
        invalid: raft({ raft: { maxInflightBlocks: 0 } }),
        message: ["orderer.raft.maxInflightBlocks (0) must be at least 1: Fabric refuses Raft options with a zero HeartbeatTick, ElectionTick or MaxInflightBlocks; set it to 5 (Fabric's default)"],
    },
    {
        rule: "electionTick is at least 1 (and not also reported against heartbeatTick)",
        valid: raft({ raft: { electionTick: 2 } }),
        invalid: raft({ raft: { electionTick: 0 } }),
        message: ["orderer.raft.electionTick (0) must be at least 1: Fabric refuses Raft options with a zero HeartbeatTick, ElectionTick or MaxInflightBlocks; set it to 10 (Fabric's default)"],
    },
    {
        rule: "electionTick is greater than heartbeatTick",
        valid: raft({ raft: { electionTick: 4, heartbeatTick: 3 } }),
        invalid: raft({ raft: { electionTick: 3, heartbeatTick: 3 } }),
        message: [
            "orderer.raft.electionTick (3) must be greater than orderer.raft.heartbeatTick (3): a follower must miss heartbeats before it calls an election, and Fabric refuses otherwise; set orderer.raft.electionTick to 30 (ten heartbeats, as Fabric's defaults)",
        ],
    },
    {
        rule: "absoluteMaxBytes is less than the orderers' gRPC message limit",
        valid: raft({ absoluteMaxBytes: "99 MB" }),
        invalid: raft({ absoluteMaxBytes: "100 MB" }),
        message: [
            'orderer.absoluteMaxBytes ("100 MB" = 104857600 bytes) must be less than 104857600 bytes (100 MB), the orderers\' gRPC message limit: the Raft leader sends each block to its followers in one message; lower orderer.absoluteMaxBytes to "98 MB"',
        ],
    },
];

describe("the Raft rules (errors: what Fabric itself refuses)", () => {
    for (const r of RULES) {
        it(`accepts a config that keeps the rule: ${r.rule}`, () => assert.deepEqual(problems(r.valid), []));
        it(`refuses one that breaks it, with key, value, rule and fix: ${r.rule}`, () => assert.deepEqual(problems(r.invalid), r.message));
    }

    it("checks no Kafka or ZooKeeper rule on an etcdraft network: they run neither", () => {
        const kafkaBreaks = { zookeeper: { nodes: 2 }, kafka: { brokers: 3, minInsyncReplicas: 1 }, images: { kafka: "my/broker:1" } };
        assert.equal(problems(kafkaBreaks).length, 5);
        assert.deepEqual(problems(raft({}, kafkaBreaks)), []);
        // The byte chain with Kafka's limits does not apply; 99 MB is the seed's value that Kafka refuses.
        assert.deepEqual(problems(raft({ absoluteMaxBytes: "99 MB" })), []);
        assert.deepEqual(problems(raft({ kafkaRetry: { shortInterval: "0s" } })), []);
    });

    it("still checks the batch rules that hold for both types", () => {
        assert.deepEqual(problems(raft({ preferredMaxBytes: "99 MB", absoluteMaxBytes: "98 MB" })), [
            'orderer.preferredMaxBytes ("99 MB" = 103809024 bytes) must not exceed orderer.absoluteMaxBytes ("98 MB" = 102760448 bytes); lower orderer.preferredMaxBytes to "98 MB" or less',
        ]);
    });

    it("reports every Raft problem at once", () => {
        assert.equal(problems(raft({ nodes: 0, raft: { tickInterval: "0s", heartbeatTick: 0, maxInflightBlocks: 0 } })).length, 4);
    });

    it("leaves the Raft keys unchecked on a Kafka network", () => {
        assert.deepEqual(problems({ orderer: { raft: { heartbeatTick: 0 } } }), []);
    });
});

describe("the Raft warnings (what Fabric accepts but gives less than it seems)", () => {
    it("warns that one or two orderers tolerate no crash", () => {
        assert.deepEqual(configWarnings(raft({ nodes: 1 })), [
            "orderer.nodes (1): a Raft cluster of 1 tolerates no crashed orderer (a majority of 1 is 1), so losing one stops ordering on every channel; use 3 (tolerates 1 crash) or 5 (tolerates 2) where ordering must survive a crash",
        ]);
        assert.deepEqual(configWarnings(raft({ nodes: 2 })), [
            "orderer.nodes (2): a Raft cluster of 2 tolerates no crashed orderer (a majority of 2 is 2), so losing one stops ordering on every channel; use 3 (tolerates 1 crash) or 5 (tolerates 2) where ordering must survive a crash",
        ]);
    });

    it("warns that an even cluster tolerates no more crashes than one node fewer", () => {
        assert.deepEqual(configWarnings(raft({ nodes: 4 })), [
            "orderer.nodes (4): an even Raft cluster tolerates no more crashes than one node fewer (4 tolerates 1, as 3 does: a majority of 4 is 3) and has one more node that can fail; use 3 or 5",
        ]);
        assert.deepEqual(configWarnings(raft({ nodes: 6 })), [
            "orderer.nodes (6): an even Raft cluster tolerates no more crashes than one node fewer (6 tolerates 2, as 5 does: a majority of 6 is 4) and has one more node that can fail; use 5 or 7",
        ]);
    });

    it("gives none for 3 or 5 orderers, or the raft stack as written", () => {
        assert.deepEqual(configWarnings(raft({ nodes: 3 })), []);
        assert.deepEqual(configWarnings(raft({ nodes: 5 })), []);
        assert.deepEqual(configWarnings(stackConfig("raft")), []);
    });

    it("names the Kafka-only keys an etcdraft config still carries", () => {
        assert.deepEqual(configWarnings({ ...stackConfig("dev"), orderer: { type: "etcdraft" } }), [
            'zookeeper, kafka, images.kafka, images.kafkaFamily, images.zookeeper, images.zookeeperFamily are ignored: orderer.type is "etcdraft", so the network runs no ZooKeeper or Kafka; remove them from the stack config',
        ]);
        assert.deepEqual(configWarnings(raft({ kafkaRetry: { shortInterval: "1s" } })), [
            'orderer.kafkaRetry is ignored: orderer.type is "etcdraft", so the network runs no ZooKeeper or Kafka; remove it from the stack config',
        ]);
    });

    it("names Raft options on a Kafka network as ignored", () => {
        assert.deepEqual(configWarnings({ orderer: { raft: { electionTick: 20 } } }), [
            'orderer.raft is ignored while orderer.type is "kafka": Kafka-based orderers have no Raft options; remove it, or set orderer.type to "etcdraft"',
        ]);
        assert.deepEqual(configWarnings(stackConfig("dev")), []);
    });

    it("gives none for a config with problems: the problems come first", () => {
        assert.deepEqual(configWarnings(raft({ nodes: 2, raft: { heartbeatTick: 0 } })), []);
    });
});

describe("configtx.yaml of an etcdraft network", () => {
    const spec = stackSpec("raft");
    const doc = parse(renderConfigtx(spec));
    const orderer = doc.Profiles.OrdererGenesis.Orderer;

    it("sets OrdererType etcdraft with no Kafka section", () => {
        assert.equal(orderer.OrdererType, "etcdraft");
        assert.equal("Kafka" in orderer, false);
    });

    it("lists every orderer as a consenter with its TLS certificate's absolute path, and Raft's options", () => {
        const cert = (i: number) => `/project/artifacts/raft/crypto-config/ordererOrganizations/example.com/orderers/orderer${i}.example.com/tls/server.crt`;
        assert.deepEqual(orderer.EtcdRaft, {
            Consenters: [0, 1, 2].map((i) => ({ Host: `orderer${i}.example.com`, Port: 7050, ClientTLSCert: cert(i), ServerTLSCert: cert(i) })),
            Options: { TickInterval: "500ms", ElectionTick: 10, HeartbeatTick: 1, MaxInflightBlocks: 5, SnapshotIntervalSize: "16 MB" },
        });
    });

    it("keeps the batch values and the orderer endpoints", () => {
        assert.equal(orderer.BatchTimeout, "2s");
        assert.deepEqual(orderer.BatchSize, { MaxMessageCount: 10, AbsoluteMaxBytes: "98 MB", PreferredMaxBytes: "512 KB" });
        assert.deepEqual(orderer.Organizations[0].OrdererEndpoints, ["orderer0.example.com:7050", "orderer1.example.com:7050", "orderer2.example.com:7050"]);
    });

    it("is unchanged for a Kafka network: type kafka and the cluster's brokers", () => {
        const dev = parse(renderConfigtx(stackSpec("dev"))).Profiles.OrdererGenesis.Orderer;
        assert.equal(dev.OrdererType, "kafka");
        assert.deepEqual(dev.Kafka, { Brokers: ["kafka0.example.com:9092", "kafka1.example.com:9092", "kafka2.example.com:9092", "kafka3.example.com:9092"] });
        assert.equal("EtcdRaft" in dev, false);
    });
});

describe("an etcdraft orderer's container", () => {
    const spec = stackSpec("raft");
    const env = ordererPlan(spec, spec.orderer.nodes[1]).env;

    it("gets the cluster's TLS settings and keeps its Raft log on the ledger volume", () => {
        assert.deepEqual(env.filter((e) => /^ORDERER_(GENERAL_CLUSTER|CONSENSUS)_/.test(e)), [
            "ORDERER_CONSENSUS_SNAPDIR=/var/hyperledger/production/orderer/etcdraft/snapshot",
            "ORDERER_CONSENSUS_WALDIR=/var/hyperledger/production/orderer/etcdraft/wal",
            "ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE=/var/hyperledger/orderer/tls/server.crt",
            "ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY=/var/hyperledger/orderer/tls/server.key",
            "ORDERER_GENERAL_CLUSTER_ROOTCAS=[/var/hyperledger/orderer/tls/ca.crt]",
        ]);
    });

    it("has no Kafka settings and still boots the system channel from the genesis block", () => {
        assert.deepEqual(env.filter((e) => e.startsWith("ORDERER_KAFKA_")), []);
        assert.ok(env.includes("ORDERER_GENERAL_BOOTSTRAPMETHOD=file"));
        assert.ok(env.includes("ORDERER_GENERAL_BOOTSTRAPFILE=/var/hyperledger/orderer/orderer.genesis.block"));
    });

    it("a Kafka orderer gets no cluster settings", () => {
        const dev = stackSpec("dev");
        assert.deepEqual(ordererPlan(dev, dev.orderer.nodes[0]).env.filter((e) => e.includes("CLUSTER") || e.includes("CONSENSUS")), []);
    });
});

describe("a change of orderer.type on a running network", () => {
    /** A stack folder whose last successful `up` left this record (none: no `up` yet). */
    function deployed(record: object | undefined, config: object) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fabric-type-"));
        const spec = loadSpec(config, { ...ctx, projectDir: dir });
        if (record !== undefined) {
            fs.mkdirSync(spec.paths.artifactsDir, { recursive: true });
            fs.writeFileSync(path.join(spec.paths.artifactsDir, APPLIED_FILE), JSON.stringify(record));
        }
        return spec;
    }
    const onKafka = appliedRecord(loadSpec({}, ctx));
    const onRaft = appliedRecord(loadSpec(raft(), ctx));

    it("reads the running type from the record of the last up; a record without one is of a Kafka network", () => {
        assert.equal(onRaft.ordererType, "etcdraft");
        assert.equal(deployedOrdererType(deployed(undefined, {})), undefined);
        assert.equal(deployedOrdererType(deployed(onKafka, {})), "kafka");
        assert.equal(deployedOrdererType(deployed(onRaft, {})), "etcdraft");
        const { ordererType, ...older } = onKafka;
        assert.equal(ordererType, "kafka");
        assert.equal(deployedOrdererType(deployed(older, {})), "kafka");
    });

    it("lets a new network take either type, and an unchanged type through", () => {
        assert.deepEqual(ordererTypeProblems(deployed(undefined, raft()), undefined), []);
        assert.deepEqual(ordererTypeProblems(deployed(undefined, raft()), "etcdraft"), []);
        assert.deepEqual(ordererTypeProblems(deployed(undefined, {}), "kafka"), []);
    });

    it("refuses etcdraft → kafka before anything changes: Fabric's migration is one way", () => {
        assert.throws(() => checkAgainstExisting(deployed(onRaft, {})), {
            message:
                'stack "raft" has 1 config problem; nothing was created or changed:\n' +
                '  - orderer.type ("kafka") cannot replace "etcdraft" on this stack\'s running network: Fabric migrates Kafka to Raft only, one way, and has no way back to Kafka (which Fabric 3.0 removes); set orderer.type back to "etcdraft", or run `pulumi destroy` and then `pulumi up` for a new Kafka network (its ledgers start empty)',
        });
    });

    it("takes kafka → etcdraft on a running network as the migration: ZooKeeper's and Kafka's sizes no longer bind it", () => {
        const running = deployed(onKafka, raft());
        assert.doesNotThrow(() => checkAgainstExisting(running));
        assert.deepEqual(unchangeableProblems(running, onKafka), []);
        assert.equal(migratesToRaft(running, "kafka"), true);
        assert.equal(migratesToRaft(running, "etcdraft"), false);
        assert.equal(migratesToRaft(running, undefined), false);
        assert.equal(migratesToRaft(deployed(undefined, {}), "kafka"), false);
    });
});

describe("the consensus step's plan and input", () => {
    const spec = stackSpec("raft");

    it("lists every channel, the system channel first", () => {
        assert.deepEqual(consensusChannels(spec), ["system-channel", "channel1", "channel2", "channel3"]);
    });

    it("says what the migration does, step by step, and what not to do meanwhile", () => {
        assert.equal(
            migrationPlan(spec),
            "orderer.type kafka → etcdraft: this up migrates the running network to Raft (Fabric 2.5's Kafka-to-Raft migration):\n" +
                "  1. every channel (system-channel, channel1, channel2, channel3) into maintenance mode;\n" +
                "  2. on every channel, consensus type etcdraft with 3 consenters (orderer0.example.com, orderer1.example.com, orderer2.example.com) and the Raft options;\n" +
                "  3. every orderer restarted, as a Raft node;\n" +
                "  4. every channel out of maintenance mode, and each checked to order a block under Raft;\n" +
                "  5. then the ZooKeeper and Kafka containers and their volumes are removed.\n" +
                "Do not submit transactions meanwhile: a channel in maintenance mode refuses them. The migration is one way: there is no going back to Kafka.",
        );
    });

    it("sets the same consenters and options as the genesis block, certificates by their files", () => {
        const cert = (i: number) => `/project/artifacts/raft/crypto-config/ordererOrganizations/example.com/orderers/orderer${i}.example.com/tls/server.crt`;
        assert.deepEqual(raftMetadata(spec), {
            consenters: [0, 1, 2].map((i) => ({ host: `orderer${i}.example.com`, port: 7050, client_tls_cert: cert(i), server_tls_cert: cert(i) })),
            options: { tick_interval: "500ms", election_tick: 10, heartbeat_tick: 1, max_inflight_blocks: 5, snapshot_interval_size: 16777216 },
        });
    });

    it("acts as the orderer org's admin, against orderer0, with the channel-config step's functions, restarting every orderer", () => {
        const env = consensusStepEnv(spec, { configtxgen: "/bin/configtxgen", configtxlator: "/bin/configtxlator" });
        assert.deepEqual({ ...env, RAFT_METADATA: JSON.parse(env.RAFT_METADATA) }, {
            NETWORK: "fabric-network-raft",
            PEER_IMAGE: "fabric-network/fabric-peer:2.5.12",
            CRYPTO_DIR: "/project/artifacts/raft/crypto-config",
            CRYPTO_MOUNT: "/crypto",
            ORDERER: "orderer0.example.com:7050",
            ORDERERS: "orderer0.example.com:7050 orderer1.example.com:7050 orderer2.example.com:7050",
            ORDERER_CA: "/crypto/ordererOrganizations/example.com/tlsca/tlsca.example.com-cert.pem",
            ORDERER_MSP_ID: "OrdererMSP",
            ORDERER_ADMIN_MSP: "ordererOrganizations/example.com/users/Admin@example.com/msp",
            CONFIGTXLATOR: "/bin/configtxlator",
            RECONCILE_JS: stepFile("channel-config.js"),
            STEPS_DIR,
            CONSENSUS_JS: stepFile("consensus.js"),
            CHANNELS: "system-channel channel1 channel2 channel3",
            ORDERER_CONTAINERS: "fabric-network-raft-orderer0.example.com fabric-network-raft-orderer1.example.com fabric-network-raft-orderer2.example.com",
            RAFT_METADATA: raftMetadata(spec),
        });
    });

    it("on a swarm: through the manager, the CLI's files copied, the orderers restarted as services", () => {
        const onSwarm = loadSpec(swarmStackConfig("raft", { manager: "tcp://10.0.0.1:2376", certPath: "/certs" }), { project: "fabric-network", stack: "raft", projectDir: "/project" });
        const env = consensusStepEnv(onSwarm, { configtxgen: "/bin/configtxgen", configtxlator: "/bin/configtxlator" });
        assert.deepEqual(
            Object.fromEntries(Object.entries(env).filter(([k]) => /^(DOCKER_|CLI_FILES|ORDERER_(SERVICES|CONTAINERS)|PEER_IMAGE)/.test(k))),
            {
                DOCKER_HOST: "tcp://10.0.0.1:2376",
                DOCKER_TLS_VERIFY: "1",
                DOCKER_CERT_PATH: "/certs",
                CLI_FILES: "copy",
                PEER_IMAGE: SWARM_IMAGES.peer,
                ORDERER_SERVICES: "fabric-network-raft-orderer0-example-com fabric-network-raft-orderer1-example-com fabric-network-raft-orderer2-example-com",
            },
        );
    });

    it("passes bash's syntax check", () => {
        execFileSync("bash", ["-n", "-c", CONSENSUS_SCRIPT]);
    });
});

describe("consensus.js: a channel's way from Kafka to Raft", () => {
    const js = require(stepFile("consensus.js"));
    const config = (type: string, state?: string) => ({
        channel_group: { groups: { Orderer: { values: { ConsensusType: { value: { type, ...(state ? { state } : {}), metadata: null } } } } } },
    });
    const ct = (c: ReturnType<typeof config>) => c.channel_group.groups.Orderer.values.ConsensusType.value;

    it("names the next change from the live type and state, and refuses any other consensus", () => {
        assert.deepEqual(
            [["kafka", "STATE_NORMAL"], ["kafka", "STATE_MAINTENANCE"], ["etcdraft", "STATE_MAINTENANCE"], ["etcdraft", "STATE_NORMAL"]].map(([t, s]) => js.next(t, s)),
            ["maintenance", "etcdraft", "normal", "done"],
        );
        assert.throws(() => js.next("solo", "STATE_NORMAL"), { message: "consensus solo STATE_NORMAL: the step migrates kafka to etcdraft only" });
    });

    it("reads type, state (none: normal) and block number of a decoded config block", () => {
        const block = (number?: string) => ({ header: number ? { number } : {}, data: { data: [{ payload: { data: { config: config("kafka") } } }] } });
        assert.equal(js.stateOfBlock(block("7")), "kafka STATE_NORMAL 7");
        assert.equal(js.stateOfBlock(block()), "kafka STATE_NORMAL 0");
    });

    it("makes each change on a copy, the Raft metadata with the certificates' content, and only the change that is due", () => {
        const files: Record<string, string> = { "/c0.crt": "PEM0", "/c1.crt": "PEM1" };
        const metadata = { consenters: [{ host: "o0", port: 7050, client_tls_cert: "/c0.crt", server_tls_cert: "/c1.crt" }], options: { tick_interval: "500ms" } };
        const live = config("kafka");
        const maintenance = js.edit(live, "maintenance");
        assert.deepEqual([ct(live), ct(maintenance)], [ct(config("kafka")), { type: "kafka", state: "STATE_MAINTENANCE", metadata: null }]);
        const raft = js.edit(maintenance, "etcdraft", metadata, (f: string) => Buffer.from(files[f]));
        assert.deepEqual(ct(raft), {
            type: "etcdraft",
            state: "STATE_MAINTENANCE",
            metadata: {
                consenters: [{ host: "o0", port: 7050, client_tls_cert: Buffer.from("PEM0").toString("base64"), server_tls_cert: Buffer.from("PEM1").toString("base64") }],
                options: { tick_interval: "500ms" },
            },
        });
        assert.equal(ct(js.edit(raft, "normal")).state, "STATE_NORMAL");
        assert.throws(() => js.edit(live, "etcdraft", metadata), { message: "consensus kafka STATE_NORMAL: its next change is maintenance, not etcdraft" });
    });
});
