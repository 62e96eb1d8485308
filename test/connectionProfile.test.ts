// render/connectionProfile.ts: what clients get: connection profiles and user identities.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { loadSpec, NetworkSpec } from "../config";
import { connectionProfile, metricsTargets, userIdentity } from "../render";
import { PROJECT, stackConfig, stackSpec } from "./helpers";

let dev: NetworkSpec;
before(() => {
    dev = stackSpec("dev");
});
const CRYPTO = "/project/artifacts/dev/crypto-config";

describe("client outputs", () => {
    it("a connection profile per org: its peers and the orderers with TLS CAs, and its channels", () => {
        const p = connectionProfile(dev, dev.orgs[0]) as any;
        assert.deepEqual(p.organizations, { Org1: { mspid: "Org1MSP", peers: ["peer0.org1.example.com", "peer1.org1.example.com"] } });
        assert.deepEqual(p.peers["peer1.org1.example.com"], {
            url: "grpcs://peer1.org1.example.com:7051",
            tlsCACerts: { path: `${CRYPTO}/peerOrganizations/org1.example.com/tlsca/tlsca.org1.example.com-cert.pem` },
            grpcOptions: { "ssl-target-name-override": "peer1.org1.example.com", hostnameOverride: "peer1.org1.example.com", "grpc.keepalive_time_ms": 10000, "grpc.keepalive_timeout_ms": 5000 },
        });
        assert.deepEqual(Object.keys(p.orderers), ["orderer0.example.com", "orderer1.example.com", "orderer2.example.com"]);
        assert.equal(p.orderers["orderer2.example.com"].tlsCACerts.path, `${CRYPTO}/ordererOrganizations/example.com/tlsca/tlsca.example.com-cert.pem`);
        assert.deepEqual(Object.keys(p.channels), ["channel1"]);
        // Each org's own: its MSP and peers, and the channels it is in (channelN holds OrgN alone).
        assert.deepEqual(
            dev.orgs.map((o) => {
                const profile = connectionProfile(dev, o) as any;
                return [profile.organizations, Object.keys(profile.peers), Object.keys(profile.channels)];
            }),
            [1, 2, 3].map((i) => [
                { [`Org${i}`]: { mspid: `Org${i}MSP`, peers: [`peer0.org${i}.example.com`, `peer1.org${i}.example.com`] } },
                [`peer0.org${i}.example.com`, `peer1.org${i}.example.com`],
                [`channel${i}`],
            ]),
        );
    });
    it("User1's identity files, as cryptogen names them", () => {
        assert.deepEqual(userIdentity(dev, dev.orgs[2]), {
            mspId: "Org3MSP",
            mspDir: `${CRYPTO}/peerOrganizations/org3.example.com/users/User1@org3.example.com/msp`,
            certPath: `${CRYPTO}/peerOrganizations/org3.example.com/users/User1@org3.example.com/msp/signcerts/User1@org3.example.com-cert.pem`,
            keyPath: `${CRYPTO}/peerOrganizations/org3.example.com/users/User1@org3.example.com/msp/keystore/priv_sk`,
            tlsCaPath: `${CRYPTO}/peerOrganizations/org3.example.com/tlsca/tlsca.org3.example.com-cert.pem`,
            tlsCertPath: `${CRYPTO}/peerOrganizations/org3.example.com/users/User1@org3.example.com/tls/client.crt`,
            tlsKeyPath: `${CRYPTO}/peerOrganizations/org3.example.com/users/User1@org3.example.com/tls/client.key`,
        });
    });

    it("tls.clientAuthRequired: the profile names the TLS key pair a client presents (User1's); without it, none", () => {
        const spec = loadSpec({ ...stackConfig("dev"), tls: { clientAuthRequired: true } }, { project: PROJECT, stack: "dev", projectDir: "/project" });
        const user = `${CRYPTO}/peerOrganizations/org2.example.com/users/User1@org2.example.com/tls`;
        assert.deepEqual((connectionProfile(spec, spec.orgs[1]) as any).client.tlsCerts, { client: { key: { path: `${user}/client.key` }, cert: { path: `${user}/client.crt` } } });
        assert.equal((connectionProfile(dev, dev.orgs[1]) as any).client.tlsCerts, undefined);
    });
});

describe("metrics targets", () => {
    it("every orderer's and peer's /metrics, plain HTTP without operations.tls", () => {
        const targets = metricsTargets(dev);
        assert.equal(targets.length, 3 + 6);
        assert.deepEqual(targets[0], { node: "orderer0.example.com", mspId: "OrdererMSP", url: "http://orderer0.example.com:8443/metrics" });
        assert.deepEqual(targets[8], { node: "peer1.org3.example.com", mspId: "Org3MSP", url: "http://peer1.org3.example.com:9443/metrics" });
    });
    it("with operations.tls: https, and the client a scraper must be, its org admin's TLS key pair", () => {
        const spec = loadSpec({ ...stackConfig("dev"), operations: { tls: true } }, { project: PROJECT, stack: "dev", projectDir: "/p" });
        const [orderer, , , peer] = metricsTargets(spec);
        const crypto = "/p/artifacts/dev/crypto-config";
        assert.deepEqual(orderer, {
            node: "orderer0.example.com",
            mspId: "OrdererMSP",
            url: "https://orderer0.example.com:8443/metrics",
            client: {
                certPath: `${crypto}/ordererOrganizations/example.com/users/Admin@example.com/tls/client.crt`,
                keyPath: `${crypto}/ordererOrganizations/example.com/users/Admin@example.com/tls/client.key`,
                caPath: `${crypto}/ordererOrganizations/example.com/tlsca/tlsca.example.com-cert.pem`,
            },
        });
        assert.deepEqual(peer.client, {
            certPath: `${crypto}/peerOrganizations/org1.example.com/users/Admin@org1.example.com/tls/client.crt`,
            keyPath: `${crypto}/peerOrganizations/org1.example.com/users/Admin@org1.example.com/tls/client.key`,
            caPath: `${crypto}/peerOrganizations/org1.example.com/tlsca/tlsca.org1.example.com-cert.pem`,
        });
    });
});
