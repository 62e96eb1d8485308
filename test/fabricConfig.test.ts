// render/fabricConfig.ts: crypto-config.yaml and configtx.yaml of the spec.
import assert from "node:assert/strict";
import { parse } from "yaml";
import { before, describe, it } from "node:test";
import { loadSpec, NetworkSpec } from "../config";
import { cryptogenEnv, renderConfigtx, renderCryptoConfig } from "../render";
import { PROJECT, stackConfig, stackSpec } from "./helpers";

let dev: NetworkSpec;
before(() => {
    dev = stackSpec("dev");
});
const CRYPTO = "/project/artifacts/dev/crypto-config";

describe("crypto-config.yaml", () => {
    it("renders the seed's orgs for the dev stack, exactly", () => {
        assert.equal(
            renderCryptoConfig(dev),
            [
                "OrdererOrgs:",
                "  - Name: Orderer",
                "    Domain: example.com",
                "    EnableNodeOUs: true",
                "    Specs:",
                "      - Hostname: orderer0",
                "      - Hostname: orderer1",
                "      - Hostname: orderer2",
                "PeerOrgs:",
                ...[1, 2, 3].flatMap((i) => [
                    `  - Name: Org${i}`,
                    `    Domain: org${i}.example.com`,
                    "    EnableNodeOUs: true",
                    "    Template:",
                    "      Count: 2",
                    "    Users:",
                    "      Count: 1",
                ]),
                "",
            ].join("\n"),
        );
    });
});

describe("crypto-config.yaml with kafka.tls", () => {
    it("the brokers are nodes of the orderer org after the orderers, so its TLS CA signs their key pairs", () => {
        const spec = loadSpec({ ...stackConfig("dev"), kafka: { ...(stackConfig("dev").kafka as object), tls: true } }, { project: PROJECT, stack: "dev", projectDir: "/p" });
        const specs = (parse(renderCryptoConfig(spec)).OrdererOrgs[0].Specs as { Hostname: string }[]).map((s) => s.Hostname);
        assert.deepEqual(specs, ["orderer0", "orderer1", "orderer2", "kafka0", "kafka1", "kafka2", "kafka3"]);
        assert.deepEqual(cryptogenEnv(spec, "/bin/cryptogen").TLS_ONLY_DIRS.split(" "), [0, 1, 2, 3].map((i) => `ordererOrganizations/example.com/orderers/kafka${i}.example.com`));
        assert.equal(cryptogenEnv(dev, "/bin/cryptogen").TLS_ONLY_DIRS, undefined, "none without kafka.tls");
    });
});

describe("configtx.yaml", () => {
    let doc: any;
    let orderer: any;
    before(() => {
        doc = parse(renderConfigtx(dev));
        orderer = doc.Profiles.OrdererGenesis.Orderer;
    });

    it("holds the genesis profile and one profile per channel", () => {
        assert.deepEqual(Object.keys(doc.Profiles), ["OrdererGenesis", "Channel-channel1", "Channel-channel2", "Channel-channel3"]);
        assert.deepEqual(doc.Organizations.map((o: { Name: string }) => o.Name), ["OrdererOrg", "Org1MSP", "Org2MSP", "Org3MSP"]);
    });
    it("orders with Kafka, on the Kafka cluster's own brokers, with the stack's batch values", () => {
        assert.equal(orderer.OrdererType, "kafka");
        assert.deepEqual(orderer.Kafka, { Brokers: ["kafka0.example.com:9092", "kafka1.example.com:9092", "kafka2.example.com:9092", "kafka3.example.com:9092"] });
        assert.equal(orderer.BatchTimeout, "2s");
        assert.deepEqual(orderer.BatchSize, { MaxMessageCount: 10, AbsoluteMaxBytes: "98 MB", PreferredMaxBytes: "512 KB" });
        assert.deepEqual(orderer.Capabilities, { V2_0: true });
    });
    it("gives the orderer org its endpoints and 2.5 policies", () => {
        assert.deepEqual(orderer.Organizations, [
            {
                Name: "OrdererOrg",
                ID: "OrdererMSP",
                MSPDir: `${CRYPTO}/ordererOrganizations/example.com/msp`,
                Policies: {
                    Readers: { Type: "Signature", Rule: "OR('OrdererMSP.member')" },
                    Writers: { Type: "Signature", Rule: "OR('OrdererMSP.member')" },
                    Admins: { Type: "Signature", Rule: "OR('OrdererMSP.admin')" },
                },
                OrdererEndpoints: ["orderer0.example.com:7050", "orderer1.example.com:7050", "orderer2.example.com:7050"],
            },
        ]);
        assert.deepEqual(orderer.Policies.BlockValidation, { Type: "ImplicitMeta", Rule: "ANY Writers" });
    });
    it("puts every org in the one consortium, with peer0 as anchor", () => {
        const orgs = doc.Profiles.OrdererGenesis.Consortiums.FabricConsortium.Organizations;
        assert.deepEqual(orgs.map((o: { ID: string }) => o.ID), ["Org1MSP", "Org2MSP", "Org3MSP"]);
        assert.deepEqual(orgs.map((o: { AnchorPeers: unknown }) => o.AnchorPeers), [1, 2, 3].map((i) => [{ Host: `peer0.org${i}.example.com`, Port: 7051 }]));
        assert.deepEqual(orgs[1].Policies.Endorsement, { Type: "Signature", Rule: "OR('Org2MSP.peer')" });
    });
    it("gives channelN the seed's OrgN alone, with the 2.5 lifecycle policies and capability", () => {
        assert.deepEqual(
            [1, 2, 3].map((i) => doc.Profiles[`Channel-channel${i}`].Application.Organizations.map((o: { ID: string }) => o.ID)),
            [["Org1MSP"], ["Org2MSP"], ["Org3MSP"]],
        );
        const ch = doc.Profiles["Channel-channel2"];
        assert.equal(ch.Consortium, "FabricConsortium");
        assert.deepEqual(ch.Application.Capabilities, { V2_5: true });
        assert.deepEqual(ch.Application.Policies.LifecycleEndorsement, { Type: "ImplicitMeta", Rule: "MAJORITY Endorsement" });
    });
    it("a one-profile file holds only the orgs that profile names", () => {
        const one = parse(renderConfigtx(dev, ["Channel-channel3"]));
        assert.deepEqual(Object.keys(one.Profiles), ["Channel-channel3"]);
        assert.deepEqual(one.Organizations.map((o: { ID: string }) => o.ID), ["Org3MSP"]);
        assert.throws(() => renderConfigtx(dev, ["Nope"]), /no configtx profile Nope/);
    });
    it("a channel's file does not change when another channel is added", () => {
        const raw = stackConfig("dev");
        const more = loadSpec({ ...raw, channels: [...(raw.channels as object[]), { name: "channel4", orgs: ["Org1", "Org2"] }] }, { project: PROJECT, stack: "dev", projectDir: "/project" });
        assert.equal(renderConfigtx(more, ["Channel-channel1"]), renderConfigtx(dev, ["Channel-channel1"]));
    });
});
