// render/containers.ts: each container's image, env, ports, volumes and health check.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { loadSpec, NetworkSpec } from "../config";
import { gossipBootstrap, kafkaPlan, ordererPlan, PEER_START, peerPlan, propertyEnv, retriesWithin, zookeeperPlan } from "../render";
import { PROJECT, stackConfig, stackSpec, swarmStackConfig } from "./helpers";

let dev: NetworkSpec;
before(() => {
    dev = stackSpec("dev");
});
const CRYPTO = "/project/artifacts/dev/crypto-config";

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
        assert.deepEqual(
            spec.zookeeper.nodes.map((n) => zookeeperPlan(spec, n).env.find((e) => e.startsWith("ZOOKEEPER_SERVER_ID="))),
            ["ZOOKEEPER_SERVER_ID=1", "ZOOKEEPER_SERVER_ID=2", "ZOOKEEPER_SERVER_ID=3"],
        );
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
        assert.ok(plan.env.includes("ZOO_DATA_DIR=/var/lib/zookeeper/data"));
        assert.ok(plan.env.includes("ZOO_DATA_LOG_DIR=/var/lib/zookeeper/log"));
        assert.equal(plan.dataPath, "/var/lib/zookeeper", "the volume holds both");
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
            "KAFKA_ZOOKEEPER_CONNECTION_TIMEOUT_MS=60000",
            "KAFKA_ZOOKEEPER_SESSION_TIMEOUT_MS=6000",
        ]);
        assert.equal(plan.restart, "always");
    });
    it("Kafka with kafka.tls: one TLS listener, client certificates required, PEM stores from the broker's own tls/ folder", () => {
        const spec = loadSpec({ ...stackConfig("dev"), kafka: { ...(stackConfig("dev").kafka as object), tls: true } }, { project: PROJECT, stack: "dev", projectDir: "/project" });
        const broker = spec.kafka.brokers[1];
        const plan = kafkaPlan(spec, broker);
        const plain = kafkaPlan(dev, dev.kafka.brokers[1]).env.filter((e) => !/^KAFKA_(ADVERTISED_)?LISTENERS=/.test(e));
        assert.deepEqual(
            plan.env.filter((e) => !plain.includes(e)),
            [
                "KAFKA_ADVERTISED_LISTENERS=SSL://kafka1.example.com:9092",
                "KAFKA_LISTENERS=SSL://0.0.0.0:9092",
                "KAFKA_SECURITY_INTER_BROKER_PROTOCOL=SSL",
                "KAFKA_SSL_CLIENT_AUTH=required",
                "KAFKA_SSL_ENABLED_PROTOCOLS=TLSv1.2,TLSv1.3",
                "KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM=https",
                "KAFKA_SSL_KEYSTORE_LOCATION=/tmp/kafka-tls/keystore.pem",
                "KAFKA_SSL_KEYSTORE_TYPE=PEM",
                "KAFKA_SSL_TRUSTSTORE_LOCATION=/etc/kafka/tls/ca.crt",
                "KAFKA_SSL_TRUSTSTORE_TYPE=PEM",
                "PEM_KEYSTORES=/tmp/kafka-tls/keystore.pem /etc/kafka/tls/server.key /etc/kafka/tls/server.crt",
            ],
            "the plaintext broker's settings, its listeners made TLS, and the TLS settings",
        );
        assert.equal(broker.cryptoDir, "ordererOrganizations/example.com/orderers/kafka1.example.com");
        assert.deepEqual(plan.binds, [{ hostPath: `${CRYPTO}/ordererOrganizations/example.com/orderers/kafka1.example.com/tls`, containerPath: "/etc/kafka/tls" }]);
        assert.deepEqual(kafkaPlan(dev, dev.kafka.brokers[1]).binds, [], "without kafka.tls, no crypto");

        const orderer = ordererPlan(spec, spec.orderer.nodes[0]).env;
        const plainOrderer = ordererPlan(dev, dev.orderer.nodes[0]).env;
        assert.deepEqual(orderer.filter((e) => !plainOrderer.includes(e)), [
            "FABRIC_LOGGING_SPEC=info:orderer.common.server=warning",
            "ORDERER_KAFKA_TLS_CERTIFICATE_FILE=/var/hyperledger/orderer/tls/server.crt",
            "ORDERER_KAFKA_TLS_ENABLED=true",
            "ORDERER_KAFKA_TLS_PRIVATEKEY_FILE=/var/hyperledger/orderer/tls/server.key",
            "ORDERER_KAFKA_TLS_ROOTCAS_FILE=/var/hyperledger/orderer/tls/ca.crt",
        ], "its own TLS key pair as the Kafka client's; its config dump (which prints that key) silenced");
        assert.deepEqual(plainOrderer.filter((e) => !orderer.includes(e)), ["FABRIC_LOGGING_SPEC=info"]);
    });
    it("ZooKeeper with zookeeper.tls: TLS client port, x509 clients, plaintext on loopback only, quorum over TLS; brokers as one TLS client with ACLs", () => {
        const spec = loadSpec({ ...stackConfig("dev"), zookeeper: { nodes: 3, tls: true } }, { project: PROJECT, stack: "dev", projectDir: "/project" });
        const node = spec.zookeeper.nodes[0];
        const plan = zookeeperPlan(spec, node);
        const plain = zookeeperPlan(dev, dev.zookeeper.nodes[0]);
        assert.deepEqual(plan.env.filter((e) => !plain.env.includes(e)), [
            [
                "ZOO_CFG_EXTRA=clientPortAddress=127.0.0.1 secureClientPort=2181",
                "serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory",
                "authProvider.x509=org.apache.zookeeper.server.auth.X509AuthenticationProvider",
                "ssl.keyStore.location=/tmp/zookeeper-tls/keystore.pem ssl.keyStore.type=PEM ssl.trustStore.location=/etc/zookeeper/tls/ca.crt ssl.trustStore.type=PEM",
                "ssl.clientAuth=need sslQuorum=true",
                "ssl.quorum.keyStore.location=/tmp/zookeeper-tls/keystore.pem ssl.quorum.keyStore.type=PEM ssl.quorum.trustStore.location=/etc/zookeeper/tls/ca.crt ssl.quorum.trustStore.type=PEM",
                "ssl.quorum.hostnameVerification=false",
            ].join(" "),
            "ZOO_CLIENT_PORT=2182",
            "ZOO_SERVERS=server.1=zookeeper0.example.com:2888:3888 server.2=zookeeper1.example.com:2888:3888 server.3=zookeeper2.example.com:2888:3888",
            "PEM_KEYSTORES=/tmp/zookeeper-tls/keystore.pem /etc/zookeeper/tls/server.key /etc/zookeeper/tls/server.crt",
        ].sort());
        assert.deepEqual(plan.binds, [{ hostPath: `${CRYPTO}/ordererOrganizations/example.com/orderers/zookeeper0.example.com/tls`, containerPath: "/etc/zookeeper/tls" }]);
        assert.deepEqual(plan.healthcheck.tests, ["CMD", "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/2182"], "the loopback port: a TCP check of the TLS port would log a failed handshake each time");
        assert.deepEqual(spec.zookeeper.brokersClient, { hostname: "kafka-zk-client.example.com", cryptoDir: "ordererOrganizations/example.com/orderers/kafka-zk-client.example.com" });

        const broker = kafkaPlan(spec, spec.kafka.brokers[0]);
        assert.deepEqual(broker.env.filter((e) => !kafkaPlan(dev, dev.kafka.brokers[0]).env.includes(e)), [
            "KAFKA_OPTS=-Dzookeeper.clientCnxnSocket=org.apache.zookeeper.ClientCnxnSocketNetty",
            "KAFKA_ZOOKEEPER_SET_ACL=true",
            "KAFKA_ZOOKEEPER_SSL_CLIENT_ENABLE=true",
            "KAFKA_ZOOKEEPER_SSL_KEYSTORE_LOCATION=/tmp/kafka-tls/zookeeper-keystore.pem",
            "KAFKA_ZOOKEEPER_SSL_KEYSTORE_TYPE=PEM",
            "KAFKA_ZOOKEEPER_SSL_TRUSTSTORE_LOCATION=/etc/kafka/zookeeper-tls/ca.crt",
            "KAFKA_ZOOKEEPER_SSL_TRUSTSTORE_TYPE=PEM",
            "PEM_KEYSTORES=/tmp/kafka-tls/zookeeper-keystore.pem /etc/kafka/zookeeper-tls/server.key /etc/kafka/zookeeper-tls/server.crt",
        ]);
        assert.deepEqual(broker.binds, [{ hostPath: `${CRYPTO}/ordererOrganizations/example.com/orderers/kafka-zk-client.example.com/tls`, containerPath: "/etc/kafka/zookeeper-tls" }]);
    });
    it("Kafka, the bitnami family: KAFKA_CFG_ names and a plaintext listener allowed", () => {
        const spec = loadSpec({ images: { kafka: "bitnami/kafka:3.9" } }, { project: PROJECT, stack: "dev", projectDir: "/p" });
        const env = kafkaPlan(spec, spec.kafka.brokers[0]).env;
        assert.ok(env.includes("KAFKA_CFG_MESSAGE_MAX_BYTES=103809024"));
        assert.ok(env.includes("ALLOW_PLAINTEXT_LISTENER=yes"));
        assert.ok(env.includes("KAFKA_CFG_LOG_DIRS=/bitnami/kafka/data"));
    });
    it("a broker's ZooKeeper session and connection time-outs and the orderers' consumer, producer and metadata retries follow their keys", () => {
        const spec = loadSpec(
            { kafka: { zookeeperSessionTimeout: "18s", zookeeperConnectionTimeout: "90s" }, orderer: { kafkaRetry: { consumerBackoff: "2s", producerRetryMax: 40, producerBackoff: "1s", metadataRetryMax: 4, metadataBackoff: "2s" } } },
            { project: PROJECT, stack: "dev", projectDir: "/p" },
        );
        for (const line of ["PRODUCER_RETRYMAX=40", "PRODUCER_RETRYBACKOFF=1s", "METADATA_RETRYMAX=4", "METADATA_RETRYBACKOFF=2s"]) {
            assert.ok(ordererPlan(spec, spec.orderer.nodes[0]).env.includes(`ORDERER_KAFKA_RETRY_${line}`), line);
        }
        // The gateway's wait follows the producer's 40 × 1s: 5 s longer, so it does not try a second orderer meanwhile.
        assert.ok(peerPlan(spec, spec.orgs[0], spec.orgs[0].peers[0]).env.includes("CORE_PEER_GATEWAY_BROADCASTTIMEOUT=45s"));
        // On Raft an orderer answers at once: 5 s.
        const raft = stackSpec("raft");
        assert.ok(peerPlan(raft, raft.orgs[0], raft.orgs[0].peers[0]).env.includes("CORE_PEER_GATEWAY_BROADCASTTIMEOUT=5s"));
        assert.ok(kafkaPlan(spec, spec.kafka.brokers[0]).env.includes("KAFKA_ZOOKEEPER_SESSION_TIMEOUT_MS=18000"));
        assert.ok(kafkaPlan(spec, spec.kafka.brokers[0]).env.includes("KAFKA_ZOOKEEPER_CONNECTION_TIMEOUT_MS=90000"));
        assert.ok(kafkaPlan(dev, dev.kafka.brokers[0]).env.includes("KAFKA_ZOOKEEPER_CONNECTION_TIMEOUT_MS=60000"), "60s by default");
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
            "ORDERER_KAFKA_RETRY_PRODUCER_RETRYBACKOFF=500ms",
            "ORDERER_KAFKA_RETRY_PRODUCER_RETRYMAX=30",
            "ORDERER_KAFKA_RETRY_METADATA_RETRYBACKOFF=500ms",
            "ORDERER_KAFKA_RETRY_METADATA_RETRYMAX=10",
            "ORDERER_KAFKA_VERBOSE=true",
            "ORDERER_GENERAL_KEEPALIVE_SERVERMININTERVAL=5s",
            "ORDERER_KAFKA_TOPIC_REPLICATIONFACTOR=3",
        ]) {
            assert.ok(plan.env.includes(line), line);
        }
        assert.ok(!plan.env.some((l) => l.startsWith("ORDERER_GENERAL_GENESIS")), "1.x genesis variables are gone in 2.5");
        assert.deepEqual(plan.binds, [
            { hostPath: "/project/artifacts/dev/channel-artifacts/genesis.block", containerPath: "/var/hyperledger/orderer/orderer.genesis.block", file: true },
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
            "CORE_PEER_KEEPALIVE_DELIVERYCLIENT_INTERVAL=10s",
            "CORE_PEER_KEEPALIVE_DELIVERYCLIENT_TIMEOUT=5s",
            "CORE_PEER_KEEPALIVE_MININTERVAL=5s",
            "CORE_PEER_GATEWAY_BROADCASTTIMEOUT=20s",
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
    it("operations.tls: orderers and peers serve their operations endpoint on their own TLS key pair, /metrics for their org's TLS CA; the health check dials by name over https", () => {
        const spec = loadSpec({ ...stackConfig("dev"), operations: { tls: true } }, { project: PROJECT, stack: "dev", projectDir: "/project" });
        const added = (plan: { env: readonly string[] }, plain: { env: readonly string[] }) => plan.env.filter((e) => !plain.env.includes(e));
        const o = ordererPlan(spec, spec.orderer.nodes[2]);
        assert.deepEqual(added(o, ordererPlan(dev, dev.orderer.nodes[2])), [
            "ORDERER_OPERATIONS_TLS_CERTIFICATE=/var/hyperledger/orderer/tls/server.crt",
            "ORDERER_OPERATIONS_TLS_CLIENTAUTHREQUIRED=false",
            "ORDERER_OPERATIONS_TLS_CLIENTROOTCAS=[/var/hyperledger/orderer/tls/ca.crt]",
            "ORDERER_OPERATIONS_TLS_ENABLED=true",
            "ORDERER_OPERATIONS_TLS_PRIVATEKEY=/var/hyperledger/orderer/tls/server.key",
        ]);
        assert.deepEqual(o.healthcheck.tests, ["CMD", "wget", "-q", "-O", "/dev/null", "--ca-certificate", "/var/hyperledger/orderer/tls/ca.crt", "https://orderer2.example.com:8443/healthz"]);
        const org = spec.orgs[2];
        const p = peerPlan(spec, org, org.peers[1]);
        assert.deepEqual(added(p, peerPlan(dev, dev.orgs[2], dev.orgs[2].peers[1])), [
            "CORE_OPERATIONS_TLS_CERT_FILE=/etc/hyperledger/fabric/tls/server.crt",
            "CORE_OPERATIONS_TLS_CLIENTAUTHREQUIRED=false",
            "CORE_OPERATIONS_TLS_CLIENTROOTCAS_FILES=/etc/hyperledger/fabric/tls/ca.crt",
            "CORE_OPERATIONS_TLS_ENABLED=true",
            "CORE_OPERATIONS_TLS_KEY_FILE=/etc/hyperledger/fabric/tls/server.key",
        ]);
        assert.deepEqual(p.healthcheck.tests, ["CMD", "wget", "-q", "-O", "/dev/null", "--ca-certificate", "/etc/hyperledger/fabric/tls/ca.crt", "https://peer1.org3.example.com:9443/healthz"]);
    });
    it("tls.clientAuthRequired: orderers and peers require a client certificate, of their own org's TLS CA to start with; peers present their own TLS pair", () => {
        const spec = loadSpec({ ...stackConfig("dev"), tls: { clientAuthRequired: true } }, { project: PROJECT, stack: "dev", projectDir: "/project" });
        const added = (plan: { env: readonly string[] }, plain: { env: readonly string[] }) => plan.env.filter((e) => !plain.env.includes(e));
        assert.deepEqual(added(ordererPlan(spec, spec.orderer.nodes[1]), ordererPlan(dev, dev.orderer.nodes[1])), [
            "ORDERER_GENERAL_TLS_CLIENTAUTHREQUIRED=true",
            "ORDERER_GENERAL_TLS_CLIENTROOTCAS=[/var/hyperledger/orderer/tls/ca.crt]",
        ]);
        assert.deepEqual(added(peerPlan(spec, spec.orgs[1], spec.orgs[1].peers[0]), peerPlan(dev, dev.orgs[1], dev.orgs[1].peers[0])), [
            "CORE_PEER_TLS_CLIENTAUTHREQUIRED=true",
            "CORE_PEER_TLS_CLIENTCERT_FILE=/etc/hyperledger/fabric/tls/server.crt",
            "CORE_PEER_TLS_CLIENTKEY_FILE=/etc/hyperledger/fabric/tls/server.key",
            "CORE_PEER_TLS_CLIENTROOTCAS_FILES=/etc/hyperledger/fabric/tls/ca.crt",
        ]);
    });
    it("on a swarm a peer's kernel gives a silent node up within the keepalive's bound: tcp_retries2 5 (12.6 s) and tcp_syn_retries 3 (15 s) for 10s + 5s; only peers, and none on one host", () => {
        // Data: 200 ms × (2^(n+1) − 1): 3 → 3 s, 4 → 6.2 s, 5 → 12.6 s, 6 → 25.4 s; never under 3, never over Linux's 15.
        assert.deepEqual([1000, 3000, 6199, 6200, 12_599, 12_600, 15_000, 25_400, 3_600_000, 1e9].map((b) => retriesWithin(200, b, 3, 15)), [3, 3, 3, 4, 4, 5, 5, 6, 13, 15]);
        // Dials: 1 s × (2^(n+1) − 1): 1 → 3 s, 2 → 7 s, 3 → 15 s; never under 1, never over Linux's 6 (127 s).
        assert.deepEqual([1000, 6999, 7000, 15_000, 80_000, 1e9].map((b) => retriesWithin(1000, b, 1, 6)), [1, 1, 2, 3, 5, 6]);
        const onSwarm = (over: Record<string, unknown> = {}) => loadSpec({ ...swarmStackConfig("dev", { manager: "tcp://m:2376" }), ...over }, { project: PROJECT, stack: "dev", projectDir: "/project" });
        const swarm = onSwarm();
        const org = swarm.orgs[0];
        assert.deepEqual(peerPlan(swarm, org, org.peers[0]).sysctls, { "net.ipv4.tcp_retries2": "5", "net.ipv4.tcp_syn_retries": "3" });
        const slow = onSwarm({ peer: { keepaliveInterval: "60s", keepaliveTimeout: "20s" } });
        assert.deepEqual(peerPlan(slow, slow.orgs[0], slow.orgs[0].peers[0]).sysctls, { "net.ipv4.tcp_retries2": "7", "net.ipv4.tcp_syn_retries": "5" });
        assert.deepEqual([ordererPlan(swarm, swarm.orderer.nodes[0]).sysctls, kafkaPlan(swarm, swarm.kafka.brokers[0]).sysctls, zookeeperPlan(swarm, swarm.zookeeper.nodes[0]).sysctls], [undefined, undefined, undefined]);
        assert.equal(peerPlan(dev, dev.orgs[0], dev.orgs[0].peers[0]).sysctls, undefined, "one host: Linux's defaults, as before");
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
