import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { formatDuration, formatSize, parseDuration, parseSize } from "../config";
import {
    CC_SEQUENCE_SCRIPT,
    chaincodeStepEnv,
    channelArtifactPlans,
    configtxSize,
    connectionProfile,
    userIdentity,
    cryptoDigestDirs,
    gossipBootstrap,
    kafkaPlan,
    ordererPlan,
    packageLabel,
    parseDigests,
    PEER_START,
    peerPlan,
    propertyEnv,
    renderConfigtx,
    renderCryptoConfig,
    renderDiagram,
    zookeeperPlan,
} from "../render";
import { bash, stackConfig, stackSpec, PROJECT } from "./helpers";
import { loadSpec } from "../config";

const dev = stackSpec("dev");
const CRYPTO = "/project/artifacts/dev/crypto-config";

describe("units", () => {
    it("reads configtx sizes as binary units and byte counts as they are", () => {
        assert.equal(parseSize("99 MB"), 103809024);
        assert.equal(parseSize("512 KB"), 524288);
        assert.equal(parseSize("98MB"), 98 * 1024 * 1024);
        assert.equal(parseSize("1 gb"), 1024 ** 3);
        assert.equal(parseSize(103809024), 103809024);
        assert.equal(parseSize("99 megabytes"), undefined);
        assert.equal(parseSize(0), undefined);
        assert.equal(parseSize(1.5), undefined);
    });
    it("writes sizes back exactly", () => {
        assert.equal(formatSize(103809024), "99 MB");
        assert.equal(formatSize(524288), "512 KB");
        assert.equal(formatSize(1000), "1000 B");
        assert.equal(configtxSize(102760448), "98 MB");
        assert.equal(configtxSize(1000), 1000);
    });
    it("reads and writes Go durations", () => {
        assert.equal(parseDuration("2s"), 2000);
        assert.equal(parseDuration("500ms"), 500);
        assert.equal(parseDuration("1m30s"), 90_000);
        assert.equal(parseDuration("1.5s"), 1500);
        assert.equal(parseDuration("2 s"), undefined);
        assert.equal(parseDuration("0.0001s"), undefined);
        assert.equal(formatDuration(2000), "2s");
        assert.equal(formatDuration(500), "500ms");
        assert.equal(formatDuration(100_000), "1m40s");
        assert.equal(formatDuration(3_600_000), "1h0m0s");
    });
});

describe("derived names of the dev stack", () => {
    it("names every node once, from the config", () => {
        assert.deepEqual(dev.zookeeper.nodes.map((n) => [n.id, n.hostname]), [
            [1, "zookeeper0.example.com"],
            [2, "zookeeper1.example.com"],
            [3, "zookeeper2.example.com"],
        ]);
        assert.equal(dev.zookeeper.connect, "zookeeper0.example.com:2181,zookeeper1.example.com:2181,zookeeper2.example.com:2181");
        assert.deepEqual(dev.kafka.brokerEndpoints, ["kafka0.example.com:9092", "kafka1.example.com:9092", "kafka2.example.com:9092", "kafka3.example.com:9092"]);
        assert.deepEqual(dev.orderer.endpoints, ["orderer0.example.com:7050", "orderer1.example.com:7050", "orderer2.example.com:7050"]);
        assert.deepEqual(dev.orgs.map((o) => [o.mspId, o.peers.map((p) => p.endpoint)]), [
            ["Org1MSP", ["peer0.org1.example.com:7051", "peer1.org1.example.com:7051"]],
            ["Org2MSP", ["peer0.org2.example.com:7051", "peer1.org2.example.com:7051"]],
            ["Org3MSP", ["peer0.org3.example.com:7051", "peer1.org3.example.com:7051"]],
        ]);
        assert.equal(dev.orderer.nodes[1].containerName, "fabric-network-dev-orderer1.example.com");
        assert.equal(dev.orgs[2].peers[1].volumeName, "fabric-network-dev-peer1.org3.example.com-data");
        assert.equal(dev.names.network, "fabric-network-dev");
        assert.equal(dev.paths.genesisBlock, "/project/artifacts/dev/channel-artifacts/genesis.block");
    });
    it("the spec is frozen", () => {
        assert.ok(Object.isFrozen(dev) && Object.isFrozen(dev.orgs[0].peers[0]));
    });
    it("the ha stack sizes 5/7/5 and 4 orgs × 2 peers", () => {
        const ha = stackSpec("ha");
        assert.deepEqual(
            [ha.zookeeper.nodes.length, ha.kafka.brokers.length, ha.orderer.nodes.length, ha.orgs.length, ha.orgs.flatMap((o) => o.peers).length],
            [5, 7, 5, 4, 8],
        );
        assert.deepEqual([ha.kafka.minInsyncReplicas, ha.kafka.replicationFactor], [3, 5]);
    });
});

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

describe("configtx.yaml", () => {
    const doc = parse(renderConfigtx(dev));
    const orderer = doc.Profiles.OrdererGenesis.Orderer;

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
        assert.deepEqual(orgs[1].AnchorPeers, [{ Host: "peer0.org2.example.com", Port: 7051 }]);
        assert.deepEqual(orgs[1].Policies.Endorsement, { Type: "Signature", Rule: "OR('Org2MSP.peer')" });
    });
    it("gives channelN the seed's OrgN alone, with the 2.5 lifecycle policies and capability", () => {
        const ch = doc.Profiles["Channel-channel2"];
        assert.equal(ch.Consortium, "FabricConsortium");
        assert.deepEqual(ch.Application.Organizations.map((o: { ID: string }) => o.ID), ["Org2MSP"]);
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

describe("client outputs", () => {
    it("a connection profile per org: its peers and the orderers with TLS CAs, and its channels", () => {
        const p = connectionProfile(dev, dev.orgs[0]) as any;
        assert.deepEqual(p.organizations, { Org1: { mspid: "Org1MSP", peers: ["peer0.org1.example.com", "peer1.org1.example.com"] } });
        assert.deepEqual(p.peers["peer1.org1.example.com"], {
            url: "grpcs://peer1.org1.example.com:7051",
            tlsCACerts: { path: `${CRYPTO}/peerOrganizations/org1.example.com/tlsca/tlsca.org1.example.com-cert.pem` },
            grpcOptions: { "ssl-target-name-override": "peer1.org1.example.com", hostnameOverride: "peer1.org1.example.com" },
        });
        assert.deepEqual(Object.keys(p.orderers), ["orderer0.example.com", "orderer1.example.com", "orderer2.example.com"]);
        assert.equal(p.orderers["orderer2.example.com"].tlsCACerts.path, `${CRYPTO}/ordererOrganizations/example.com/tlsca/tlsca.example.com-cert.pem`);
        assert.deepEqual(Object.keys(p.channels), ["channel1"]);
    });
    it("User1's identity files, as cryptogen names them", () => {
        assert.deepEqual(userIdentity(dev, dev.orgs[2]), {
            mspId: "Org3MSP",
            mspDir: `${CRYPTO}/peerOrganizations/org3.example.com/users/User1@org3.example.com/msp`,
            certPath: `${CRYPTO}/peerOrganizations/org3.example.com/users/User1@org3.example.com/msp/signcerts/User1@org3.example.com-cert.pem`,
            keyPath: `${CRYPTO}/peerOrganizations/org3.example.com/users/User1@org3.example.com/msp/keystore/priv_sk`,
            tlsCaPath: `${CRYPTO}/peerOrganizations/org3.example.com/tlsca/tlsca.org3.example.com-cert.pem`,
        });
    });
});

describe("container plans", () => {
    it("ZooKeeper (confluent family by default): ids in ensemble order and the server list", () => {
        // The dev stack as a machine that reaches Docker Hub runs it: without its images key, the public defaults.
        const { images: _local, ...hub } = stackConfig("dev");
        const spec = loadSpec(hub, { project: PROJECT, stack: "dev", projectDir: "/project" });
        const plan = zookeeperPlan(spec, spec.zookeeper.nodes[2]);
        assert.equal(plan.image, "confluentinc/cp-zookeeper:5.3.1");
        assert.deepEqual(plan.env, [
            "ZOOKEEPER_CLIENT_PORT=2181",
            "ZOOKEEPER_INIT_LIMIT=5",
            "ZOOKEEPER_SERVERS=zookeeper0.example.com:2888:3888;zookeeper1.example.com:2888:3888;zookeeper2.example.com:2888:3888",
            "ZOOKEEPER_SERVER_ID=3",
            "ZOOKEEPER_SYNC_LIMIT=2",
            "ZOOKEEPER_TICK_TIME=2000",
        ]);
        assert.deepEqual(plan.ports, [2181, 2888, 3888]);
        assert.equal(plan.dataPath, "/var/lib/zookeeper");
    });
    it("ZooKeeper, the seed's fabric-zookeeper family: ZOO_MY_ID and ZOO_SERVERS", () => {
        const spec = loadSpec({ images: { zookeeper: "hyperledger/fabric-zookeeper:0.4.22" } }, { project: PROJECT, stack: "dev", projectDir: "/p" });
        assert.deepEqual(zookeeperPlan(spec, spec.zookeeper.nodes[0]).env, [
            "ZOO_MY_ID=1",
            "ZOO_SERVERS=server.1=zookeeper0.example.com:2888:3888 server.2=zookeeper1.example.com:2888:3888 server.3=zookeeper2.example.com:2888:3888",
        ]);
    });
    it("ZooKeeper, the official image: client port after a semicolon, data and log on the volume", () => {
        const spec = loadSpec({ images: { zookeeper: "zookeeper:3.8.4" } }, { project: PROJECT, stack: "dev", projectDir: "/p" });
        const plan = zookeeperPlan(spec, spec.zookeeper.nodes[1]);
        assert.ok(plan.env.includes("ZOO_MY_ID=2"));
        assert.ok(plan.env.includes("ZOO_SERVERS=server.1=zookeeper0.example.com:2888:3888;2181 server.2=zookeeper1.example.com:2888:3888;2181 server.3=zookeeper2.example.com:2888:3888;2181"));
        assert.ok(plan.env.includes("ZOO_DATA_LOG_DIR=/var/lib/zookeeper/log"));
    });
    it("Kafka: every broker setting of the seed plus retention, as KAFKA_ env", () => {
        const plan = kafkaPlan(dev, dev.kafka.brokers[3]);
        assert.deepEqual(plan.env, [
            "KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://kafka3.example.com:9092",
            "KAFKA_BROKER_ID=3",
            "KAFKA_DEFAULT_REPLICATION_FACTOR=3",
            "KAFKA_LISTENERS=PLAINTEXT://0.0.0.0:9092",
            "KAFKA_LOG_DIRS=/var/lib/kafka/data",
            "KAFKA_LOG_RETENTION_MS=-1",
            "KAFKA_MESSAGE_MAX_BYTES=103809024",
            "KAFKA_MIN_INSYNC_REPLICAS=2",
            "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR=3",
            "KAFKA_REPLICA_FETCH_MAX_BYTES=103809024",
            "KAFKA_SOCKET_REQUEST_MAX_BYTES=104857600",
            "KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE=false",
            "KAFKA_ZOOKEEPER_CONNECT=zookeeper0.example.com:2181,zookeeper1.example.com:2181,zookeeper2.example.com:2181",
            "KAFKA_ZOOKEEPER_SESSION_TIMEOUT_MS=6000",
        ]);
        assert.equal(plan.restart, "always");
    });
    it("Kafka, the bitnami family: KAFKA_CFG_ names and a plaintext listener allowed", () => {
        const spec = loadSpec({ images: { kafka: "bitnami/kafka:3.9" } }, { project: PROJECT, stack: "dev", projectDir: "/p" });
        const env = kafkaPlan(spec, spec.kafka.brokers[0]).env;
        assert.ok(env.includes("KAFKA_CFG_MESSAGE_MAX_BYTES=103809024"));
        assert.ok(env.includes("ALLOW_PLAINTEXT_LISTENER=yes"));
        assert.ok(env.includes("KAFKA_CFG_LOG_DIRS=/bitnami/kafka/data"));
    });
    it("a broker's ZooKeeper session and the orderers' consumer backoff follow their keys", () => {
        const spec = loadSpec({ kafka: { zookeeperSessionTimeout: "18s" }, orderer: { kafkaRetry: { consumerBackoff: "2s" } } }, { project: PROJECT, stack: "dev", projectDir: "/p" });
        assert.ok(kafkaPlan(spec, spec.kafka.brokers[0]).env.includes("KAFKA_ZOOKEEPER_SESSION_TIMEOUT_MS=18000"));
        assert.ok(ordererPlan(spec, spec.orderer.nodes[0]).env.includes("ORDERER_KAFKA_RETRY_CONSUMER_RETRYBACKOFF=2s"));
    });
    it("maps property names to env names the way Confluent's images read them", () => {
        assert.equal(propertyEnv("KAFKA_", "log.retention.ms"), "KAFKA_LOG_RETENTION_MS");
        assert.equal(propertyEnv("KAFKA_", "a_b.c-d"), "KAFKA_A__B_C___D");
    });
    it("orderer: TLS, 2.5 bootstrap from the genesis file, the seed's Kafka retry, mounts of its own crypto", () => {
        const plan = ordererPlan(dev, dev.orderer.nodes[1]);
        for (const line of [
            "ORDERER_GENERAL_BOOTSTRAPMETHOD=file",
            "ORDERER_GENERAL_BOOTSTRAPFILE=/var/hyperledger/orderer/orderer.genesis.block",
            "ORDERER_GENERAL_LOCALMSPID=OrdererMSP",
            "ORDERER_GENERAL_TLS_ENABLED=true",
            "ORDERER_GENERAL_TLS_ROOTCAS=[/var/hyperledger/orderer/tls/ca.crt]",
            "ORDERER_KAFKA_RETRY_SHORTINTERVAL=1s",
            "ORDERER_KAFKA_RETRY_SHORTTOTAL=30s",
            "ORDERER_KAFKA_RETRY_LONGINTERVAL=10s",
            "ORDERER_KAFKA_RETRY_LONGTOTAL=1m40s",
            "ORDERER_KAFKA_RETRY_CONSUMER_RETRYBACKOFF=1s",
            "ORDERER_KAFKA_VERBOSE=true",
            "ORDERER_KAFKA_TOPIC_REPLICATIONFACTOR=3",
        ]) {
            assert.ok(plan.env.includes(line), line);
        }
        assert.ok(!plan.env.some((l) => l.startsWith("ORDERER_GENERAL_GENESIS")), "1.x genesis variables are gone in 2.5");
        assert.deepEqual(plan.binds, [
            { hostPath: "/project/artifacts/dev/channel-artifacts/genesis.block", containerPath: "/var/hyperledger/orderer/orderer.genesis.block" },
            { hostPath: `${CRYPTO}/ordererOrganizations/example.com/orderers/orderer1.example.com/msp`, containerPath: "/var/hyperledger/orderer/msp" },
            { hostPath: `${CRYPTO}/ordererOrganizations/example.com/orderers/orderer1.example.com/tls`, containerPath: "/var/hyperledger/orderer/tls" },
        ]);
        assert.ok(plan.env.includes("ORDERER_OPERATIONS_LISTENADDRESS=0.0.0.0:8443"), "9443 is the orderer's admin port");
        assert.deepEqual(plan.healthcheck.tests, ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8443/healthz"]);
    });
    it("peer: TLS, gossip bootstrap to the org's other peer, its own external endpoint", () => {
        const org = dev.orgs[1];
        const plan = peerPlan(dev, org, org.peers[0]);
        for (const line of [
            "CORE_PEER_ID=peer0.org2.example.com",
            "CORE_PEER_ADDRESS=peer0.org2.example.com:7051",
            "CORE_PEER_CHAINCODEADDRESS=peer0.org2.example.com:7052",
            "CORE_PEER_LOCALMSPID=Org2MSP",
            "CORE_PEER_TLS_ENABLED=true",
            "CORE_PEER_GOSSIP_BOOTSTRAP=peer1.org2.example.com:7051",
            "CORE_PEER_GOSSIP_EXTERNALENDPOINT=peer0.org2.example.com:7051",
        ]) {
            assert.ok(plan.env.includes(line), line);
        }
        assert.deepEqual(plan.binds.map((b) => b.hostPath), [
            `${CRYPTO}/peerOrganizations/org2.example.com/peers/peer0.org2.example.com/msp`,
            `${CRYPTO}/peerOrganizations/org2.example.com/peers/peer0.org2.example.com/tls`,
        ]);
        assert.equal(plan.dataPath, "/var/hyperledger/production");
        assert.deepEqual(plan.healthcheck.tests, ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:9443/healthz"]);
    });
    it("peers start with Docker chaincode builds off: the image's core.yaml with vm.endpoint blanked", () => {
        const org = dev.orgs[0];
        assert.deepEqual(peerPlan(dev, org, org.peers[0]).command, PEER_START);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "peer-start-"));
        fs.mkdirSync(path.join(dir, "bin"));
        // A stand-in `peer` shows what the start command hands it: the rewritten core.yaml's vm section.
        fs.writeFileSync(path.join(dir, "bin", "peer"), '#!/bin/sh\ngrep -A1 "^vm:" "$FABRIC_CFG_PATH/core.yaml"\n', { mode: 0o755 });
        fs.writeFileSync(path.join(dir, "core.yaml"), "peer:\n    id: jdoe\nvm:\n    endpoint: unix:///var/run/docker.sock\n");
        const out = execFileSync(PEER_START[0], PEER_START.slice(1), {
            env: { PATH: `${path.join(dir, "bin")}:/usr/bin:/bin`, FABRIC_CFG_PATH: dir },
            encoding: "utf8",
        });
        assert.equal(out, 'vm:\n    endpoint: ""\n');
    });
    it("a lone peer bootstraps gossip from itself", () => {
        const spec = loadSpec({ orgs: [{ name: "A", domain: "a.example.com", peers: 1 }], channels: [] }, { project: PROJECT, stack: "dev", projectDir: "/p" });
        assert.equal(gossipBootstrap(spec.orgs[0], spec.orgs[0].peers[0]), "peer0.a.example.com:7051");
    });
});

describe("chaincode lifecycle steps", () => {
    const cc = dev.chaincodes[0];
    it("a package label names the chaincode, its version and a digest of the code its service runs", () => {
        const label = packageLabel(cc, "a".repeat(64));
        assert.match(label, /^mycc_1\.0_[0-9a-f]{12}$/);
        assert.equal(packageLabel(cc, "a".repeat(64)), label, "the same code, the same label");
        const others = [packageLabel(cc, "b".repeat(64)), packageLabel({ ...cc, version: "1.1" }, "a".repeat(64)), packageLabel({ ...cc, image: "cc:2" }, "a".repeat(64))];
        assert.equal(new Set([label, ...others]).size, 4, "new source, version or image: a new label, so a new package ID");
        assert.match(others[1], /^mycc_1\.1_/);
    });

    /** CC_SEQUENCE_SCRIPT with a stand-in `docker` that answers as the 2.5 peer CLI prints. */
    function sequenceWith(committed: "none" | number, approvedPackage: string, packageId: string): string {
        const bin = fs.mkdtempSync(path.join(os.tmpdir(), "fake-docker-"));
        fs.writeFileSync(
            path.join(bin, "docker"),
            `#!/bin/bash
case "$*" in
  *" lifecycle chaincode querycommitted "*)
    [[ $FAKE_COMMITTED == none ]] && { echo "Error: query failed with status: 404 - namespace mycc is not defined" >&2; exit 1; }
    printf "Committed chaincode definition for chaincode 'mycc' on channel 'channel1':\\nVersion: 1.0, Sequence: %s, Endorsement Plugin: escc, Validation Plugin: vscc, Approvals: [Org1MSP: true]\\n" "$FAKE_COMMITTED" ;;
  *" lifecycle chaincode queryapproved "*" --sequence $FAKE_COMMITTED")
    printf "Approved chaincode definition for chaincode 'mycc' on channel 'channel1':\\nsequence: %s, version: 1.0, init-required: false, package-id: %s, endorsement plugin: escc, validation plugin: vscc\\n" "$FAKE_COMMITTED" "$FAKE_APPROVED" ;;
  *) echo "unexpected: $*" >&2; exit 2 ;;
esac
`,
            { mode: 0o755 },
        );
        const channel = dev.channels[0];
        const org = dev.orgs[0];
        const env = { ...chaincodeStepEnv(dev, channel, cc, cc.deployments[0], org, org.anchorPeer, "mycc_1.0_x"), CC_PACKAGE_ID: packageId };
        return bash(CC_SEQUENCE_SCRIPT, { ...env, PATH: `${bin}:${process.env.PATH}`, FAKE_COMMITTED: String(committed), FAKE_APPROVED: approvedPackage }, "").trim();
    }

    it("the sequence step answers 1 for a chaincode the channel has not defined", () => {
        assert.equal(sequenceWith("none", "", "mycc_1.0_x:11"), "1");
    });
    it("the sequence step answers the committed sequence when its definition already has this package: nothing to do", () => {
        assert.equal(sequenceWith(3, "mycc_1.0_x:11", "mycc_1.0_x:11"), "3");
    });
    it("the sequence step answers the next sequence for a new package", () => {
        assert.equal(sequenceWith(3, "mycc_1.0_x:11", "mycc_1.0_y:22"), "4");
    });
});

describe("network picture", () => {
    it("draws every node of the dev stack once, each channel to its orgs, mycc to channel1", () => {
        const dot = renderDiagram(dev);
        for (const host of [...dev.zookeeper.nodes, ...dev.kafka.brokers, ...dev.orderer.nodes, ...dev.orgs.flatMap((o) => o.peers)].map((n) => n.hostname)) {
            assert.equal(dot.split(`    "${host}";`).length - 1, 1, host);
        }
        assert.match(dot, /label="Kafka \(K=4, N=3, M=2\)"/);
        assert.deepEqual(dot.match(/^ {2}"channel channel\d" -> "peer0\.org\d\.example\.com"/gm), [1, 2, 3].map((i) => `  "channel channel${i}" -> "peer0.org${i}.example.com"`));
        assert.match(dot, /"mycc-channel1\.example\.com" -> "channel channel1" \[label="mycc", style=dashed\];/);
    });
});
