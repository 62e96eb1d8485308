// A secured network on real Docker through the real engine. kafka.tls: a new dev network whose every Kafka link is TLS (orderer →
// broker with client certificates, broker ↔ broker with host name verification, no plaintext listener), the
// seed's test through it, no private key in any log, and the bad-actor matrix at every broker: a plaintext
// client, TLS without a client certificate, a certificate of a foreign CA (a peer org's TLS CA), each refused
// by the broker, which logs it; beside them a good client (an orderer's key pair) that it takes. Each case and
// its answer go to reports/e2e-security.json.
//
// At every orderer's and peer's gRPC port a plaintext client is refused, and the node logs it.
// With zookeeper.tls: at every ZooKeeper node, plaintext, TLS without a certificate and with a foreign CA's are
// refused and logged, the loopback plaintext port is closed to the network, and a client of the orderer org's CA
// that is not the brokers (an orderer's key pair) is authenticated as itself and refused a write under /brokers
// by the brokers' znode ACLs.
// With operations.tls too: at every orderer's and peer's operations endpoint, plain HTTP, /metrics without a
// client certificate and with a foreign CA's are refused, the org admin's TLS key pair is served, and /healthz
// stays open (the health checks use it).
//
// With tls.clientAuthRequired: at every orderer's and peer's service port, TLS without a client certificate and with a
// certificate of a CA the network does not know are refused, and the node logs each; its org admin's TLS key pair is
// taken. The seed's test runs through it (the gateway client presents User1's TLS key pair).
//
// With kafka.sasl: every broker's listener is SASL_SSL; an orderer's key pair with a wrong password is refused and the
// broker logs it, with the stack's password it is taken; the password (a random one per run, a Pulumi secret) is in
// no container's log, nor in the engine's output or the state.
//
// The stack is "sec": Pulumi.dev.yaml with kafka.tls, kafka.sasl, zookeeper.tls, operations.tls,
// tls.clientAuthRequired and ports published on 127.0.0.1.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { loadSpec } from "../../config";
import { PROJECT, ROOT, stackConfig } from "../helpers";
import { badActorCases, BadActorCase, networkNodes, SECURED } from "./badActors";
import { assertAllHealthy, dockerAsync, healthByName, logsOf, zkCli } from "./checks";
import { engineSkip, pulumiOk, removeStack, seedTest, setSecret, testPassword, withContract, writeStackFile } from "./stack";

const STACK = "sec";
/** kafka.sasl's password: new each run, given to the stack only as a secret. */
const SASL_PASSWORD = testPassword();
const raw: Record<string, unknown> = { ...stackConfig("dev"), ports: { publish: true }, ...SECURED, kafkaSaslPassword: SASL_PASSWORD };
const spec = loadSpec(raw, { project: PROJECT, stack: STACK, projectDir: ROOT });
const skip = engineSkip(spec);
const containerOf = new Map(networkNodes(spec).map((n) => [n.hostname, n.containerName]));

/** A client on the stack network, in a throwaway container of the Kafka image (bash and openssl), with the crypto tree at /crypto. */
async function client(script: string): Promise<string> {
    const r = await dockerAsync([
        "run", "--rm", "--network", spec.names.network, "-v", `${spec.paths.cryptoDir}:/crypto:ro`,
        "--entrypoint", "bash", spec.images.kafka, "-c", script,
    ]);
    return (r.stdout + r.stderr).trim();
}

describe("a secured network (kafka.tls, kafka.sasl, zookeeper.tls, operations.tls, tls.clientAuthRequired) and its bad actors, on real Docker", { skip }, () => {
    const report: Record<string, unknown> = { stack: `${STACK} (the dev stack's config, kafka.tls, kafka.sasl, zookeeper.tls, operations.tls, tls.clientAuthRequired, ports published)`, cases: [] };
    /** Each bad (or good) client: what it tried, at which node, what it got, and the line the node logged (none: ""). */
    const cases = report.cases as BadActorCase[];
    before(() => {
        fs.mkdirSync(path.join(ROOT, "reports"), { recursive: true });
        removeStack(STACK);
        writeStackFile(STACK, { ports: { publish: true }, ...SECURED });
        pulumiOk("stack", "init", STACK);
        setSecret(STACK, "kafkaSaslPassword", SASL_PASSWORD);
        assert.doesNotMatch(fs.readFileSync(path.join(ROOT, `Pulumi.${STACK}.yaml`), "utf8"), new RegExp(SASL_PASSWORD), "the stack file holds the password encrypted");
    });
    after(() => {
        fs.writeFileSync(path.join(ROOT, "reports", "e2e-security.json"), JSON.stringify(report, null, 2));
        if (process.env.KEEP_NETWORK !== "1") removeStack(STACK);
    });

    let upOut = "";
    it("pulumi up brings it up: every container healthy, each orderer's channels started on the brokers' TLS listeners", () => {
        const r = pulumiOk("up", "--yes", "--skip-preview", "--stack", STACK);
        upOut = r.out;
        report.upSeconds = r.seconds;
        const health = healthByName(spec.names.prefix);
        assertAllHealthy(health, 17);
        for (const o of spec.orderer.nodes) {
            assert.match(logsOf(o.containerName), /\[channel: channel1\] Start phase completed successfully/);
        }
        // Each broker registered its SASL_SSL listener only: the other brokers (replicas) and the orderers reach it there.
        for (const b of spec.kafka.brokers) {
            assert.deepEqual(JSON.parse(zkCli(spec, "get", `/brokers/ids/${b.brokerId}`)).endpoints, [`SASL_SSL://${b.endpoint}`]);
        }
    });

    it("the seed's test through the gateway: 100, move 1, 101, 199", async () => {
        report.invokeSeconds = await withContract({ stack: STACK, prefix: spec.names.prefix, org: "Org1", peerHost: spec.orgs[0].peers[0].hostname, channel: "channel1", chaincode: "mycc" }, seedTest);
    });

    badActorCases(() => ({ spec, stack: STACK, password: SASL_PASSWORD, client, logs: (host) => logsOf(containerOf.get(host)!), upOut: () => upOut, cases }));
});
