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
    it("cryptogen's digest lines cover every node, org MSP and admin, and parse back", () => {
        const dirs = cryptoDigestDirs(dev);
        assert.equal(dirs.length, 1 + 3 + 3 * (2 + 2));
        assert.ok(dirs.includes("peerOrganizations/org3.example.com/peers/peer1.org3.example.com"));
        assert.ok(dirs.includes("peerOrganizations/org1.example.com/users/Admin@org1.example.com"));
        assert.deepEqual(parseDigests("a/b 0123\nc/d 4567\n\nnoise\n"), { "a/b": "0123", "c/d": "4567" });
    });
});
