// The Kafka replicas step: the plan that moves replicas off brokers the stack no longer lists (kafka-replicas.js),
// the check that they are in sync on their new brokers, and the step's environment.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { KAFKA_REPLICAS_WAIT_SECONDS, kafkaReplicasStepEnv, stepFile } from "../render";
import { stackConfig, stackSpec, SWARM_IMAGES, swarmStackConfig } from "./helpers";
import { loadSpec } from "../config";

const js = require(stepFile("kafka-replicas.js")) as {
    plan: (a: Record<string, Record<string, number[]>>, keep: number[]) => { version: 1; partitions: { topic: string; partition: number; replicas: number[] }[] };
    lagging: (r: { partitions: { topic: string; partition: number; replicas: number[] }[] }, isr: Record<string, number[]>) => string[];
};

describe("kafka-replicas.js plan", () => {
    it("moves nothing when every replica is on a kept broker: a new network, or a broker added", () => {
        assert.deepEqual(js.plan({}, [0, 1, 2, 3]), { version: 1, partitions: [] });
        assert.deepEqual(js.plan({ channel1: { "0": [1, 2, 3] }, "system-channel": { "0": [0, 1, 2] } }, [0, 1, 2, 3, 4]).partitions, []);
    });

    it("replaces each replica on a removed broker by the kept broker with the fewest replicas, keeping the others in their order", () => {
        const assignments = {
            channel1: { "0": [4, 1, 2] },
            channel2: { "0": [2, 4, 3] },
            channel3: { "0": [3, 0, 1] },
            "system-channel": { "0": [0, 1, 2] },
        };
        // Loads on the kept brokers before: 0 → 2, 1 → 3, 2 → 3, 3 → 2. channel1 takes 0 (2, tied with 3, lower id), then
        // channel2 (which has 2 and 3) takes 0 again (3, tied with 1, lower id).
        assert.deepEqual(js.plan(assignments, [0, 1, 2, 3]), {
            version: 1,
            partitions: [
                { topic: "channel1", partition: 0, replicas: [1, 2, 0] },
                { topic: "channel2", partition: 0, replicas: [2, 3, 0] },
            ],
        });
    });

    it("never puts two replicas of a partition on one broker, and spreads several removed brokers' replicas", () => {
        const p = js.plan({ t: { "0": [5, 4, 0], "1": [4, 5, 1] } }, [0, 1, 2, 3]);
        for (const x of p.partitions) {
            assert.equal(new Set(x.replicas).size, 3, `${x.topic}-${x.partition}: ${x.replicas}`);
            assert.ok(x.replicas.every((b) => b <= 3));
        }
        assert.deepEqual(p.partitions.map((x) => x.replicas), [[0, 2, 3], [1, 0, 2]]);
    });

    it("refuses, naming the partition, when fewer brokers would be left than it has replicas", () => {
        assert.throws(() => js.plan({ channel1: { "0": [3, 1, 2] } }, [0, 1]), {
            message: "channel1-0 has 3 replicas (3,1,2) and only 2 brokers (0,1) would be left: keep at least 3 brokers",
        });
    });
});

describe("kafka-replicas.js lagging and its command line", () => {
    const moved = { partitions: [{ topic: "channel1", partition: 0, replicas: [1, 2, 0] }, { topic: "channel2", partition: 0, replicas: [2, 3, 0] }] };

    it("lists the moved partitions whose ISR lacks a new replica", () => {
        assert.deepEqual(js.lagging(moved, { "channel1-0": [0, 1, 2], "channel2-0": [2, 3] }), ["channel2-0"]);
        assert.deepEqual(js.lagging(moved, { "channel1-0": [2, 1, 0], "channel2-0": [0, 2, 3, 4] }), []);
        assert.deepEqual(js.lagging(moved, {}), ["channel1-0", "channel2-0"]);
    });

    it("prints the plan (nothing when none), the moved partitions and a znode's field, as the shell reads them", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "replicas-"));
        const run = (args: string[], input?: string) => execFileSync("node", [stepFile("kafka-replicas.js"), ...args], { encoding: "utf8", input });
        fs.writeFileSync(path.join(dir, "a.json"), JSON.stringify({ channel1: { "0": [4, 1, 2] } }));
        assert.equal(run(["plan", path.join(dir, "a.json"), "0,1,2,3,4"]), "");
        const plan = run(["plan", path.join(dir, "a.json"), "0,1,2,3"]);
        assert.equal(plan, '{"version":1,"partitions":[{"topic":"channel1","partition":0,"replicas":[1,2,0]}]}\n');
        fs.writeFileSync(path.join(dir, "plan.json"), plan);
        assert.equal(run(["moved", path.join(dir, "plan.json")]), "channel1 0\n");
        assert.equal(run(["field", "isr"], '{"controller_epoch":1,"leader":1,"isr":[1,2,0]}'), "[1,2,0]");
        assert.throws(() => run(["field", "isr"], "{}"), /no field isr in the znode read/);
        fs.rmSync(dir, { recursive: true });
    });
});

describe("the replicas step's environment", () => {
    it("names the ensemble and the kept brokers, derived from the spec", () => {
        const spec = stackSpec("dev");
        const env = kafkaReplicasStepEnv(spec);
        assert.equal(env.ZK_CONTAINERS, spec.zookeeper.nodes.map((z) => z.containerName).join(" "));
        assert.equal(env.ZK_CONNECT, "zookeeper0.example.com:2181,zookeeper1.example.com:2181,zookeeper2.example.com:2181");
        assert.equal(env.KEEP_BROKERS, "0,1,2,3");
        assert.equal(env.WAIT_SECONDS, String(KAFKA_REPLICAS_WAIT_SECONDS));
    });

    it("changes with the broker count, so that a broker taken out re-runs it", () => {
        const five = loadSpec({ ...stackConfig("dev"), kafka: { ...(stackConfig("dev").kafka as object), brokers: 5 } }, { project: "fabric-network", stack: "dev", projectDir: "/project" });
        assert.equal(kafkaReplicasStepEnv(five).KEEP_BROKERS, "0,1,2,3,4");
    });

    it("with zookeeper.tls: the CLI runs in the brokers, as the brokers' ZooKeeper client, over TLS", () => {
        const spec = loadSpec({ ...stackConfig("dev"), zookeeper: { nodes: 3, tls: true } }, { project: "fabric-network", stack: "dev", projectDir: "/project" });
        const env = kafkaReplicasStepEnv(spec);
        assert.equal(env.ZK_CONTAINERS, [0, 1, 2, 3].map((i) => `fabric-network-dev-kafka${i}.example.com`).join(" "));
        assert.equal(env.ZK_CONNECT, "zookeeper0.example.com:2181,zookeeper1.example.com:2181,zookeeper2.example.com:2181");
        assert.equal(
            env.ZK_CLIENT_OPTS,
            "-Dzookeeper.clientCnxnSocket=org.apache.zookeeper.ClientCnxnSocketNetty -Dzookeeper.client.secure=true " +
                "-Dzookeeper.ssl.keyStore.location=/tmp/kafka-tls/zookeeper-keystore.pem -Dzookeeper.ssl.keyStore.type=PEM " +
                "-Dzookeeper.ssl.trustStore.location=/etc/kafka/zookeeper-tls/ca.crt -Dzookeeper.ssl.trustStore.type=PEM",
        );
        assert.equal(kafkaReplicasStepEnv(stackSpec("dev")).ZK_CLIENT_OPTS, undefined);
    });

    it("on a swarm with zookeeper.tls: the CLI in a container of its own on the overlay, through the manager, the brokers' client pair copied in", () => {
        const spec = loadSpec({ ...swarmStackConfig("dev", { manager: "tcp://10.0.0.1:2376" }), zookeeper: { nodes: 3, tls: true } }, { project: "fabric-network", stack: "dev", projectDir: "/project" });
        const { REPLICAS_JS: _js, ...env } = kafkaReplicasStepEnv(spec);
        assert.deepEqual(env, {
            DOCKER_HOST: "tcp://10.0.0.1:2376",
            CLI_FILES: "copy",
            ZK_IMAGE: SWARM_IMAGES.zookeeper,
            NETWORK: "fabric-network-dev",
            ZK_TLS_FROM: "/project/artifacts/dev/crypto-config/ordererOrganizations/example.com/orderers/kafka-zk-client.example.com/tls",
            ZK_TLS_DIR: "/tmp/zookeeper-client-tls",
            ZK_KEYSTORE: "/tmp/zookeeper-client.pem",
            ZK_CONNECT: "zookeeper0.example.com:2181,zookeeper1.example.com:2181,zookeeper2.example.com:2181",
            ZK_CLIENT_OPTS:
                "-Dzookeeper.clientCnxnSocket=org.apache.zookeeper.ClientCnxnSocketNetty -Dzookeeper.client.secure=true " +
                "-Dzookeeper.ssl.keyStore.location=/tmp/zookeeper-client.pem -Dzookeeper.ssl.keyStore.type=PEM " +
                "-Dzookeeper.ssl.trustStore.location=/tmp/zookeeper-client-tls/ca.crt -Dzookeeper.ssl.trustStore.type=PEM",
            KEEP_BROKERS: "0,1,2,3",
            WAIT_SECONDS: String(KAFKA_REPLICAS_WAIT_SECONDS),
        });
    });
});
