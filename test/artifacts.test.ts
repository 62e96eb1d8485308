// render/artifacts.ts: the cryptogen and configtxgen steps' plans.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { NetworkSpec } from "../config";
import { channelArtifactPlans, cryptoDigestDirs, parseDigests } from "../render";
import { stackSpec } from "./helpers";

let dev: NetworkSpec;
before(() => {
    dev = stackSpec("dev");
});

describe("channel artifact steps", () => {
    it("are the genesis block and one creation tx per channel for the dev stack, in order, each with its configtxgen flags", () => {
        const plans = channelArtifactPlans(dev);
        assert.deepEqual(
            plans.map((p) => [p.id, p.env.PROFILE, p.env.CHANNEL_ID, p.env.OUTPUT_FLAG, p.env.OUT_FILE]),
            [
                ["genesis", "OrdererGenesis", "system-channel", "-outputBlock", "genesis.block"],
                ["channel1-tx", "Channel-channel1", "channel1", "-outputCreateChannelTx", "channel1.tx"],
                ["channel2-tx", "Channel-channel2", "channel2", "-outputCreateChannelTx", "channel2.tx"],
                ["channel3-tx", "Channel-channel3", "channel3", "-outputCreateChannelTx", "channel3.tx"],
            ],
        );
        assert.deepEqual(plans[0].mspDirs, [
            "ordererOrganizations/example.com/msp",
            "peerOrganizations/org1.example.com/msp",
            "peerOrganizations/org2.example.com/msp",
            "peerOrganizations/org3.example.com/msp",
        ]);
        assert.deepEqual(plans[2].mspDirs, ["peerOrganizations/org2.example.com/msp"]);
    });
    it("cryptogen's digest lines cover every orderer and peer, every org's MSP and each peer org's admin, and parse back", () => {
        assert.deepEqual(cryptoDigestDirs(dev), [
            "ordererOrganizations/example.com/msp",
            ...[0, 1, 2].map((i) => `ordererOrganizations/example.com/orderers/orderer${i}.example.com`),
            ...[1, 2, 3].flatMap((i) => [
                `peerOrganizations/org${i}.example.com/msp`,
                `peerOrganizations/org${i}.example.com/users/Admin@org${i}.example.com`,
                `peerOrganizations/org${i}.example.com/peers/peer0.org${i}.example.com`,
                `peerOrganizations/org${i}.example.com/peers/peer1.org${i}.example.com`,
            ]),
        ]);
        assert.deepEqual(parseDigests("a/b 0123\nc/d 4567\n\nnoise\n"), { "a/b": "0123", "c/d": "4567" });
    });
});
