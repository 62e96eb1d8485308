// The pure half of the channel-config step (render/steps/channel-config.js): what it changes in a
// decoded channel config, and whose signatures the update needs.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { NetworkSpec } from "../config";
import { channelConfigEnv, stepFile } from "../render";
import { stackSpec } from "./helpers";

const reconciler = require(stepFile("channel-config.js"));

let spec: NetworkSpec;
before(() => {
    spec = stackSpec("dev");
});
const desiredOf = (over: Record<string, string> = {}, channel = spec.channels[0]) =>
    reconciler.desiredFromEnv({ ...channelConfigEnv(spec, channel), ...over });

const orgGroup = (anchor?: string) => ({
    groups: {},
    mod_policy: "Admins",
    policies: { Admins: { mod_policy: "Admins", policy: { type: 1, value: {} }, version: "0" } },
    values: {
        MSP: { mod_policy: "Admins", value: { config: { name: "x" } }, version: "0" },
        ...(anchor ? { AnchorPeers: { mod_policy: "Admins", value: { anchor_peers: [{ host: anchor.split(":")[0], port: Number(anchor.split(":")[1]) }] }, version: "0" } } : {}),
    },
    version: "1",
});

/** A decoded config shaped as configtxlator prints a dev channel's: the seed's values, Org1 with its anchor. */
function liveConfig(members: Record<string, unknown> = { Org1MSP: orgGroup("peer0.org1.example.com:7051") }, system = false) {
    const orderer = {
        groups: { OrdererOrg: { groups: {}, values: { Endpoints: { mod_policy: "Admins", value: { addresses: [...spec.orderer.endpoints] }, version: "0" } }, version: "0" } },
        values: {
            BatchSize: { mod_policy: "Admins", value: { absolute_max_bytes: 102760448, max_message_count: 10, preferred_max_bytes: 524288 }, version: "0" },
            BatchTimeout: { mod_policy: "Admins", value: { timeout: "2s" }, version: "0" },
            ConsensusType: { mod_policy: "Admins", value: { type: "kafka", state: "STATE_NORMAL" }, version: "0" },
            KafkaBrokers: { mod_policy: "Admins", value: { brokers: [...spec.kafka.brokerEndpoints] }, version: "0" },
        },
        version: "0",
    };
    const groups = system
        ? { Orderer: orderer, Consortiums: { groups: { FabricConsortium: { groups: members, values: {}, version: "0" } }, version: "0" } }
        : { Orderer: orderer, Application: { groups: members, values: {}, version: "1" } };
    return { channel_group: { groups, values: {}, version: "0" }, sequence: "3" };
}

describe("channel config reconciler", () => {
    it("changes nothing and asks no signature when the live config has the stack's values", () => {
        const { config, result } = reconciler.plan(liveConfig(), desiredOf(), {});
        assert.deepEqual(result, {
            channel: "channel1",
            changes: [],
            signers: [],
            live: {
                consensusType: "kafka",
                batchTimeout: "2s",
                maxMessageCount: 10,
                absoluteMaxBytes: 102760448,
                preferredMaxBytes: 524288,
                kafkaBrokers: [...spec.kafka.brokerEndpoints],
                ordererEndpoints: [...spec.orderer.endpoints],
                orgs: ["Org1MSP"],
                anchorPeers: { Org1MSP: "peer0.org1.example.com:7051" },
            },
        });
        assert.deepEqual(config, liveConfig());
    });

    it("compares durations by value: 2000ms is 2s", () => {
        assert.deepEqual(reconciler.plan(liveConfig(), desiredOf({ BATCH_TIMEOUT: "2000ms" }), {}).result.changes, []);
        assert.deepEqual([reconciler.durationMs("1m30s"), reconciler.durationMs("250ms"), reconciler.durationMs("2 s")], [90000, 250, NaN]);
    });

    it("sets the batch values and names each change from what to what; the orderer admin alone signs", () => {
        const { config, result } = reconciler.plan(
            liveConfig(),
            desiredOf({ BATCH_TIMEOUT: "1s", MAX_MESSAGE_COUNT: "100", ABSOLUTE_MAX_BYTES: "1048576", PREFERRED_MAX_BYTES: "262144" }),
            {},
        );
        assert.deepEqual(result.changes, [
            "Orderer.BatchTimeout: 2s -> 1s",
            "Orderer.BatchSize.MaxMessageCount: 10 -> 100",
            "Orderer.BatchSize.AbsoluteMaxBytes: 102760448 -> 1048576",
            "Orderer.BatchSize.PreferredMaxBytes: 524288 -> 262144",
        ]);
        assert.deepEqual(result.signers, []);
        assert.deepEqual(config.channel_group.groups.Orderer.values.BatchTimeout.value, { timeout: "1s" });
        assert.deepEqual(config.channel_group.groups.Orderer.values.BatchSize.value, { absolute_max_bytes: 1048576, max_message_count: 100, preferred_max_bytes: 262144 });
        assert.equal(result.live.batchTimeout, "2s", "the summary is of the config read, before the change");
    });

    it("follows the Kafka cluster's brokers and the orderer cluster's endpoints", () => {
        const brokers = [...spec.kafka.brokerEndpoints, "kafka4.example.com:9092"].join(",");
        const orderers = [...spec.orderer.endpoints, "orderer3.example.com:7050"].join(",");
        const { config, result } = reconciler.plan(liveConfig(), desiredOf({ KAFKA_BROKERS: brokers, ORDERER_ENDPOINTS: orderers }), {});
        assert.deepEqual(result.changes, [
            `Orderer.KafkaBrokers: ${spec.kafka.brokerEndpoints.join(",")} -> ${brokers}`,
            `Orderer.OrdererOrg.Endpoints: ${spec.orderer.endpoints.join(",")} -> ${orderers}`,
        ]);
        assert.deepEqual(config.channel_group.groups.Orderer.values.KafkaBrokers.value.brokers, brokers.split(","));
        assert.deepEqual(config.channel_group.groups.Orderer.groups.OrdererOrg.values.Endpoints.value.addresses, orderers.split(","));
    });

    it("adds an org from its printed definition with its anchor peer, signed by the channel's current orgs", () => {
        const def = orgGroup();
        const desired = desiredOf({ ORG_IDS: "Org1MSP Org4MSP", ANCHORS: "Org1MSP=peer0.org1.example.com:7051 Org4MSP=peer0.org4.example.com:7051" });
        const { config, result } = reconciler.plan(liveConfig(), desired, { Org4MSP: def });
        assert.deepEqual(result.changes, ["Application: add Org4MSP", "Application.Org4MSP.AnchorPeers: none -> peer0.org4.example.com:7051"]);
        assert.deepEqual(result.signers, ["Org1MSP"]);
        assert.deepEqual(config.channel_group.groups.Application.groups.Org4MSP.values.AnchorPeers, {
            mod_policy: "Admins",
            value: { anchor_peers: [{ host: "peer0.org4.example.com", port: 7051 }] },
            version: "0",
        });
        assert.deepEqual(def.values.AnchorPeers, undefined, "the printed definition itself is left as it was");
    });

    it("refuses to add an org it has no definition of", () => {
        assert.throws(() => reconciler.plan(liveConfig(), desiredOf({ ORG_IDS: "Org1MSP Org4MSP" }), {}), {
            message: "no definition of Org4MSP (configtxgen -printOrg Org4MSP)",
        });
    });

    it("removes an org, signed by every current org including the one leaving (MAJORITY Admins counts it)", () => {
        const live = liveConfig({ Org1MSP: orgGroup("peer0.org1.example.com:7051"), Org4MSP: orgGroup("peer0.org4.example.com:7051") });
        const { config, result } = reconciler.plan(live, desiredOf(), {});
        assert.deepEqual(result.changes, ["Application: remove Org4MSP"]);
        assert.deepEqual(result.signers, ["Org1MSP", "Org4MSP"]);
        assert.deepEqual(Object.keys(config.channel_group.groups.Application.groups), ["Org1MSP"]);
    });

    it("moves an org's anchor peer with that org's admin signing", () => {
        const { result } = reconciler.plan(liveConfig(), desiredOf({ ANCHORS: "Org1MSP=peer1.org1.example.com:7051" }), {});
        assert.deepEqual([result.changes, result.signers], [["Application.Org1MSP.AnchorPeers: peer0.org1.example.com:7051 -> peer1.org1.example.com:7051"], ["Org1MSP"]]);
    });

    it("on the system channel, adds a new org to the consortium with the orderer admin alone signing, and sets no anchors", () => {
        const live = liveConfig({ Org1MSP: orgGroup(), Org2MSP: orgGroup(), Org3MSP: orgGroup() }, true);
        const desired = reconciler.desiredFromEnv({ ...channelConfigEnv(spec), ORG_IDS: "Org1MSP Org2MSP Org3MSP Org4MSP" });
        const { config, result } = reconciler.plan(live, desired, { Org4MSP: orgGroup() });
        assert.deepEqual([result.channel, result.changes, result.signers], ["system-channel", ["Consortiums.FabricConsortium: add Org4MSP"], []]);
        assert.deepEqual(Object.keys(config.channel_group.groups.Consortiums.groups.FabricConsortium.groups), ["Org1MSP", "Org2MSP", "Org3MSP", "Org4MSP"]);
    });

    it("on a Kafka stack, refuses a channel a migration to Raft has begun on, with the way out", () => {
        for (const state of [{ type: "kafka", state: "STATE_MAINTENANCE" }, { type: "etcdraft", state: "STATE_NORMAL" }]) {
            const live = liveConfig();
            live.channel_group.groups.Orderer.values.ConsensusType.value = state;
            assert.throws(() => reconciler.plan(live, desiredOf(), {}), {
                message: `channel1: its live consensus is ${state.type} ${state.state} but orderer.type is kafka: a migration to etcdraft was begun and Fabric migrates one way only; set orderer.type: etcdraft and run up to finish it`,
            });
        }
    });

    it("on an etcdraft stack (no brokers), keeps a migrated channel's broker list and changes nothing else", () => {
        const live = liveConfig();
        live.channel_group.groups.Orderer.values.ConsensusType.value = { type: "etcdraft", state: "STATE_MAINTENANCE" };
        const { config, result } = reconciler.plan(live, desiredOf({ KAFKA_BROKERS: "" }), {});
        assert.deepEqual([result.changes, config], [[], live]);
    });

    it("wraps a config update as the envelope peer channel update sends", () => {
        assert.deepEqual(reconciler.envelope({ channel_id: "channel1" }, "channel1"), {
            payload: { header: { channel_header: { channel_id: "channel1", type: 2 } }, data: { config_update: { channel_id: "channel1" } } },
        });
    });
});
