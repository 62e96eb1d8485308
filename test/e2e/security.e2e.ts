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
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { loadSpec, PORTS } from "../../config";
import { zookeeperTlsClientOpts } from "../../render";
import { PROJECT, ROOT, stackConfig } from "../helpers";
import { dockerOk, healthByName, logsOf, registeredBrokers, waitFor, zkCli } from "./checks";
import { engineSkip, pulumiOk, removeStack, seedTest, stackOutput, withContract, writeStackFile } from "./stack";

const STACK = "sec";
const secured = {
    kafka: { ...(stackConfig("dev").kafka as object), tls: true, sasl: { user: "orderer" } },
    zookeeper: { ...(stackConfig("dev").zookeeper as object), tls: true },
    operations: { tls: true },
    tls: { clientAuthRequired: true },
};
/** kafka.sasl's password: new each run, given to the stack only as a secret. */
const SASL_PASSWORD = randomBytes(18).toString("base64url");
const raw: Record<string, unknown> = { ...stackConfig("dev"), ports: { publish: true }, ...secured, kafkaSaslPassword: SASL_PASSWORD };
const spec = loadSpec(raw, { project: PROJECT, stack: STACK, projectDir: ROOT });
const skip = engineSkip(spec);

/** What a Kafka broker logs when it drops a client whose TLS handshake failed (Kafka 3.9's Selector). */
const REFUSED = /Failed authentication with \/[\d.]+ \(channelId=[^)]*\) \(SSL handshake failed\)/g;

/** A client on the stack network, in a throwaway container of the Kafka image (bash and openssl), with the crypto tree at /crypto. */
function client(script: string): string {
    const r = dockerOk(
        "run", "--rm", "--network", spec.names.network, "-v", `${spec.paths.cryptoDir}:/crypto:ro`,
        "--entrypoint", "bash", spec.images.kafka, "-c", script,
    );
    return (r.stdout + r.stderr).trim();
}

/** An ApiVersions request (v0, correlation ID 1) in plain Kafka protocol; its answer's hex, or nothing within 5 s. */
const plaintextProbe = (host: string, port: number) =>
    client(`exec 3<>/dev/tcp/${host}/${port} && printf '\\x00\\x00\\x00\\x0a\\x00\\x12\\x00\\x00\\x00\\x00\\x00\\x01\\x00\\x00' >&3 && timeout 5 cat <&3 | head -c 64 | od -An -tx1 | tr -d ' \\n'`);

/** A node's TLS key pair (cert, key) in the crypto tree as the client container sees it. */
const nodePair = (cryptoDir: string) => ({ cert: `/crypto/${cryptoDir}/tls/server.crt`, key: `/crypto/${cryptoDir}/tls/server.key` });

/**
 * A TLS handshake as openssl's client, checking the server's name against `ca`, with a key pair or none (openssl
 * sends the given one whatever CAs the server names); `input` is sent once connected. The lines it ends on.
 */
function tlsProbe(host: string, port: number, pair?: { cert: string; key: string }, ca = `/crypto/${spec.ordererOrg.tlsCaFile}`, input = ""): string {
    const cert = pair ? `-cert ${pair.cert} -key ${pair.key}` : "";
    // stdin stays open 3 s: under TLS 1.3 the server judges the client's certificate after the client's handshake ends.
    return client(`(printf '${input}'; sleep 3) | timeout 10 openssl s_client -brief -connect ${host}:${port} -servername ${host} -verify_hostname ${host} -CAfile ${ca} ${cert} 2>&1; echo "exit $?"`);
}

describe("a secured network (kafka.tls, kafka.sasl, zookeeper.tls, operations.tls, tls.clientAuthRequired) and its bad actors, on real Docker", { skip }, () => {
    const report: Record<string, unknown> = { stack: `${STACK} (the dev stack's config, kafka.tls, kafka.sasl, zookeeper.tls, operations.tls, tls.clientAuthRequired, ports published)`, cases: [] };
    /** Each bad (or good) client: what it tried, at which node, what it got, and the line the node logged (none: ""). */
    const cases = report.cases as { case: string; node: string; answer: string; logged: string }[];
    before(() => {
        fs.mkdirSync(path.join(ROOT, "reports"), { recursive: true });
        removeStack(STACK);
        writeStackFile(STACK, { ports: { publish: true }, ...secured });
        pulumiOk("stack", "init", STACK);
        pulumiOk("config", "set", "--secret", "kafkaSaslPassword", SASL_PASSWORD, "--stack", STACK);
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
        assert.equal(Object.keys(health).length, 17);
        assert.deepEqual(Object.entries(health).filter(([, h]) => h !== "healthy"), []);
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

    it("no private key and no SASL password in any container's log, in the engine's output or in the stack's state (an orderer's config dump prints both)", () => {
        const state = pulumiOk("stack", "export", "--stack", STACK).stdout;
        const logs = Object.keys(healthByName(spec.names.prefix)).map((c) => [c, logsOf(c)] as const);
        assert.ok(logs.length === 17 && state.includes(`${spec.names.prefix}-record`), "the logs and the state were read");
        assert.deepEqual(logs.filter(([, l]) => /Orderer config values/.test(l)).map(([c]) => c), [], "no orderer dumps its config");
        const texts = [...logs, ["engine", upOut] as const, ["state", state] as const];
        assert.deepEqual(texts.filter(([, t]) => /PRIVATE KEY/.test(t)).map(([where]) => where), []);
        assert.deepEqual(texts.filter(([, t]) => t.includes(SASL_PASSWORD)).map(([where]) => where), []);
        // The state holds the containers' env, the password in it, encrypted: that is where it is.
        assert.match(state, /"ciphertext"/, "the state holds secrets as ciphertext");
    });

    it("bad actors at every broker, each refused and logged by the broker; an orderer's key pair taken", async () => {
        const org1Peer = spec.orgs[0].peers[0].cryptoDir;
        for (const b of spec.kafka.brokers) {
            const host = b.hostname;
            const port = Number(b.endpoint.split(":")[1]);
            const refusals = () => logsOf(b.containerName).match(REFUSED) ?? [];
            const run = async (name: string, probe: () => string, expect: (answer: string) => void, refusedByBroker: boolean) => {
                const before = refusals().length;
                const answer = probe();
                expect(answer);
                // The broker logs a refusal for each bad client (within 10 s), and none for the good one.
                const logged = refusedByBroker ? await waitFor(`${host} logs the refusal of: ${name}`, b.containerName, 10, () => refusals()[before]) : "";
                assert.equal(refusals().length - before, refusedByBroker ? 1 : 0, `${host}, ${name}: refusals the broker logged`);
                cases.push({ case: name, node: host, answer: answer.split("\n").filter(Boolean).slice(-2).join(" | "), logged });
            };
            await run("plaintext Kafka request", () => plaintextProbe(host, port), (a) => assert.doesNotMatch(a, /^[0-9a-f]{8}00000001/, "no Kafka answer"), true);
            await run("TLS without a client certificate", () => tlsProbe(host, port), (a) => assert.match(a, /alert certificate required|alert handshake failure/), true);
            await run("client certificate of a foreign CA (Org1's TLS CA)", () => tlsProbe(host, port, nodePair(org1Peer)), (a) => assert.match(a, /alert (unknown ca|bad certificate|certificate unknown)/), true);
            await run("an orderer's TLS key pair", () => tlsProbe(host, port, nodePair(spec.orderer.nodes[0].cryptoDir)), (a) => {
                assert.match(a, /Verification: OK/);
                assert.match(a, /exit 0$/);
                assert.doesNotMatch(a, /alert/);
            }, false);
        }
    });

    it("kafka.sasl at every broker: an orderer's TLS key pair with a wrong password refused and logged by the broker; with the stack's password, served", async () => {
        const pair = nodePair(spec.orderer.nodes[0].cryptoDir);
        // Kafka's own client (BrokerApiVersionsCommand) over SASL_SSL, presenting the orderer's key pair.
        const saslClient = (host: string, port: number, password: string) =>
            client(
                [
                    `cat ${pair.key} ${pair.cert} > /tmp/keystore.pem`,
                    "cat > /tmp/client.properties <<EOF",
                    "security.protocol=SASL_SSL",
                    "sasl.mechanism=PLAIN",
                    `sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="orderer" password="${password}";`,
                    "ssl.keystore.type=PEM",
                    "ssl.keystore.location=/tmp/keystore.pem",
                    "ssl.truststore.type=PEM",
                    `ssl.truststore.location=/crypto/${spec.ordererOrg.tlsCaFile}`,
                    "EOF",
                    `timeout 60 java -cp '/opt/kafka/libs/*' kafka.admin.BrokerApiVersionsCommand --bootstrap-server ${host}:${port} --command-config /tmp/client.properties 2>&1 | grep -E -m 10 'Authentication failed|-> \\(|Exception'; echo "exit \${PIPESTATUS[0]}"`,
                ].join("\n"),
            );
        const failedLogins = (container: string) => logsOf(container).match(/Failed authentication with \/[\d.]+ \(channelId=[^)]*\) \(Authentication failed: Invalid username or password\)/g) ?? [];
        for (const b of spec.kafka.brokers) {
            const port = Number(b.endpoint.split(":")[1]);
            const before = failedLogins(b.containerName).length;
            const wrong = saslClient(b.hostname, port, `not-${SASL_PASSWORD}`);
            assert.match(wrong, /Authentication failed/, `${b.hostname}: wrong password`);
            assert.doesNotMatch(wrong, /-> \(/, `${b.hostname}: no API versions for a wrong password`);
            const logged = await waitFor(`${b.hostname} logs the failed login`, b.containerName, 10, () => failedLogins(b.containerName)[before]);
            cases.push({ case: "kafka.sasl: an orderer's TLS key pair, wrong SASL password", node: b.hostname, answer: wrong.split("\n").filter(Boolean).slice(-2).join(" | "), logged });
            const right = saslClient(b.hostname, port, SASL_PASSWORD);
            assert.match(right, new RegExp(`${b.hostname.replace(/\./g, "\\.")}:${port} \\(id: ${b.brokerId} rack: [^)]*\\) -> \\(`), `${b.hostname}: the stack's password`);
            assert.equal(failedLogins(b.containerName).length - before, 1, `${b.hostname}: one failed login logged, none for the right password`);
            cases.push({ case: "kafka.sasl: an orderer's TLS key pair, the stack's password", node: b.hostname, answer: right.split("\n").filter(Boolean).slice(-2).join(" | "), logged: "" });
        }
    });

    it("a plaintext gRPC client at every orderer's and peer's service port, refused and logged by the node", () => {
        const nodes = [...spec.orderer.nodes.map((n) => ({ n, port: PORTS.orderer })), ...spec.orgs.flatMap((o) => o.peers.map((n) => ({ n, port: PORTS.peer })))];
        // Fabric's gRPC server logs each failed handshake (internal/pkg/comm/creds.go) at ERROR.
        const failed = (container: string) => logsOf(container).match(/Server TLS handshake failed in \S+ with error .*/g) ?? [];
        for (const { n, port } of nodes) {
            const before = failed(n.containerName).length;
            // HTTP/2's client preface, as a plaintext gRPC client opens; a server speaking h2c would answer with SETTINGS.
            const answer = client(`exec 3<>/dev/tcp/${n.hostname}/${port} && printf 'PRI * HTTP/2.0\\r\\n\\r\\nSM\\r\\n\\r\\n' >&3 && timeout 5 cat <&3 | head -c 64 | od -An -tx1 | tr -d ' \\n'; echo " exit $?"`);
            assert.doesNotMatch(answer, /^[0-9a-f]{6}04/, `${n.hostname}: no HTTP/2 SETTINGS frame back`);
            const after = failed(n.containerName);
            assert.equal(after.length - before, 1, `${n.hostname}: the node logs the failed handshake`);
            cases.push({ case: "plaintext gRPC client", node: n.hostname, answer: answer.trim() || "(nothing)", logged: after[after.length - 1] });
        }
    });

    it("mutual TLS at every orderer's and peer's service port: no client certificate and a stranger CA's refused and logged, the org admin's TLS key pair taken", () => {
        const nodes = [
            ...spec.orderer.nodes.map((n) => ({ n, port: PORTS.orderer, ca: spec.ordererOrg.tlsCaFile, admin: spec.ordererOrg.adminDir })),
            ...spec.orgs.flatMap((o) => o.peers.map((n) => ({ n, port: PORTS.peer, ca: o.tlsCaFile, admin: o.adminDir }))),
        ];
        const failed = (container: string) => logsOf(container).match(/Server TLS handshake failed in \S+ with error .*/g) ?? [];
        // A CA nobody in the network knows, and a client key pair it signed, made in the probe's own container.
        const stranger =
            "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=stranger-ca -keyout /tmp/ca.key -out /tmp/ca.crt 2>/dev/null && " +
            "openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=stranger -keyout /tmp/c.key -out /tmp/c.csr 2>/dev/null && " +
            "openssl x509 -req -in /tmp/c.csr -CA /tmp/ca.crt -CAkey /tmp/ca.key -CAcreateserial -days 1 -out /tmp/c.crt 2>/dev/null && ";
        for (const { n, port, ca, admin } of nodes) {
            // gRPC's ALPN, as a gRPC client offers it; stdin open 3 s: under TLS 1.3 the server judges the certificate after the handshake.
            const grpcTls = (cert: string) =>
                `(sleep 3) | timeout 10 openssl s_client -brief -alpn h2 -connect ${n.hostname}:${port} -servername ${n.hostname} -verify_hostname ${n.hostname} -CAfile /crypto/${ca} ${cert} 2>&1; echo "exit $?"`;
            const run = (name: string, script: string, expect: (answer: string) => void, logged: boolean) => {
                const before = failed(n.containerName).length;
                const answer = client(script);
                expect(answer);
                const after = failed(n.containerName);
                assert.equal(after.length - before, logged ? 1 : 0, `${n.hostname}, ${name}: failed handshakes the node logged`);
                cases.push({ case: `mutual TLS: ${name}`, node: n.hostname, answer: answer.split("\n").filter(Boolean).slice(-2).join(" | "), logged: logged ? after[after.length - 1] : "" });
            };
            run("TLS without a client certificate", grpcTls(""), (a) => assert.match(a, /alert certificate required|alert handshake failure|alert bad certificate/, `${n.hostname}: ${a}`), true);
            run("a client certificate of a CA the network does not know", stranger + grpcTls("-cert /tmp/c.crt -key /tmp/c.key"), (a) => assert.match(a, /alert (unknown ca|bad certificate|certificate unknown)/, `${n.hostname}: ${a}`), true);
            run("the org admin's TLS key pair", grpcTls(`-cert /crypto/${admin}/tls/client.crt -key /crypto/${admin}/tls/client.key`), (a) => {
                assert.match(a, /Verification: OK/, `${n.hostname}: ${a}`);
                assert.match(a, /exit 0$/, `${n.hostname}: ${a}`);
                assert.doesNotMatch(a, /alert/, `${n.hostname}: ${a}`);
            }, false);
        }
    });

    it("bad actors at every orderer's and peer's operations endpoint, each refused; the org admin's key pair served /metrics; /healthz open", () => {
        const targets = stackOutput(STACK, "metrics") as { node: string; url: string; client: { certPath: string; keyPath: string; caPath: string } }[];
        assert.equal(targets.length, 3 + 6);
        const inTree = (file: string) => `/crypto/${path.relative(spec.paths.cryptoDir, file)}`;
        // Go's HTTP server logs each failed TLS handshake; Fabric logs no 401.
        const handshakeErrors = (container: string) => logsOf(container).match(/http: TLS handshake error from [\d.]+:\d+: .*/g) ?? [];
        for (const t of targets) {
            const container = `${spec.names.prefix}-${t.node}`;
            const [host, port] = new URL(t.url).host.split(":");
            const ca = inTree(t.client.caPath);
            // A foreign CA's client: the other side's admin (the orderer org's at a peer, Org1's at an orderer).
            const foreign = targets.find((o) => o.node.includes("orderer") !== t.node.includes("orderer")) as typeof t;
            const get = (url: string, ...opts: string[]) =>
                client(`timeout 15 wget -S -T 5 -O - --ca-certificate=${ca} ${opts.join(" ")} ${url} 2>&1 | grep -E '^  HTTP/|^# HELP' | head -3; echo "exit \${PIPESTATUS[0]}"`);
            const run = (name: string, probe: () => string, expect: RegExp, logged: boolean) => {
                const before = handshakeErrors(container).length;
                const answer = probe();
                assert.match(answer, expect, `${t.node}, ${name}`);
                const after = handshakeErrors(container);
                assert.equal(after.length - before, logged ? 1 : 0, `${t.node}, ${name}: failed handshakes the node logged`);
                cases.push({ case: `operations: ${name}`, node: t.node, answer: answer.split("\n").filter(Boolean).slice(-2).join(" | "), logged: logged ? after[after.length - 1] : "" });
            };
            const admin = `--certificate=${inTree(t.client.certPath)} --private-key=${inTree(t.client.keyPath)}`;
            run("plain HTTP", () => get(t.url.replace("https:", "http:")), /HTTP\/1\.[01] 400/, true);
            run("/metrics without a client certificate (401, not logged by Fabric)", () => get(t.url), /HTTP\/1\.1 401 Unauthorized/, false);
            const foreignPair = { cert: inTree(foreign.client.certPath), key: inTree(foreign.client.keyPath) };
            run("/metrics with a foreign CA's client certificate", () => tlsProbe(host, Number(port), foreignPair, ca, "GET /metrics HTTP/1.0\\r\\n\\r\\n"), /alert (unknown ca|bad certificate)/, true);
            run("/metrics as the org admin", () => get(t.url, admin), /HTTP\/1\.1 200 OK[\s\S]*# HELP/, false);
            run("/healthz without a client certificate", () => get(t.url.replace("/metrics", "/healthz")), /HTTP\/1\.1 200 OK/, false);
        }
    });

    it("bad actors at every ZooKeeper node, each refused: plaintext, no certificate, a foreign CA's, the loopback port from outside, and a client of the orderer org's CA that is not the brokers writing under /brokers", () => {
        const tlsCa = `/crypto/${spec.ordererOrg.tlsCaFile}`;
        const ordererPair = nodePair(spec.orderer.nodes[0].cryptoDir);
        // ZooKeeper logs a failed TLS handshake as this, and names every client its x509 provider authenticates.
        const failedHandshakes = (container: string) => logsOf(container).match(/Unsuccessful handshake with session 0x0/g) ?? [];
        const authenticated = (container: string) => logsOf(container).match(/Authenticated Id '[^']*' for Scheme 'x509'/g) ?? [];
        for (const z of spec.zookeeper.nodes) {
            const host = z.hostname;
            const run = (name: string, probe: () => string, expect: RegExp, logged: (before: { h: number; a: number }) => string) => {
                const before = { h: failedHandshakes(z.containerName).length, a: authenticated(z.containerName).length };
                const answer = probe();
                assert.match(answer, expect, `${host}, ${name}`);
                cases.push({ case: `zookeeper: ${name}`, node: host, answer: answer.split("\n").filter(Boolean).slice(-2).join(" | "), logged: logged(before) });
            };
            const newHandshakeFailure = (before: { h: number }) => {
                const after = failedHandshakes(z.containerName);
                assert.equal(after.length - before.h, 1, `${host}: the node logs one failed handshake`);
                return after[after.length - 1];
            };
            run("plaintext 4-letter word on the client port", () => client(`exec 3<>/dev/tcp/${host}/${PORTS.zookeeperClient} && echo srvr >&3 && timeout 5 cat <&3 | head -c 200; echo "exit $?"`), /^(?![\s\S]*Mode:)/, newHandshakeFailure);
            run("TLS without a client certificate", () => tlsProbe(host, PORTS.zookeeperClient, undefined, tlsCa), /alert handshake failure|alert certificate required/, newHandshakeFailure);
            run("client certificate of a foreign CA (Org1's TLS CA)", () => tlsProbe(host, PORTS.zookeeperClient, nodePair(spec.orgs[0].peers[0].cryptoDir), tlsCa), /alert (unknown ca|bad certificate|certificate unknown)/, newHandshakeFailure);
            run("the plaintext port from the network (it listens on 127.0.0.1 only)", () => client(`(exec 3<>/dev/tcp/${host}/${PORTS.zookeeperLocal}) 2>&1; echo "exit $?"`), /Connection refused/, () => "");
            // An orderer's key pair: a client of the right CA, authenticated as itself, whom the brokers' ACLs do not name.
            const opts = zookeeperTlsClientOpts("/tmp/keystore.pem", tlsCa);
            run(
                "an orderer's key pair writing under /brokers/ids",
                () => client(`cat ${ordererPair.key} ${ordererPair.cert} >/tmp/keystore.pem && timeout 30 java ${opts} -cp '/opt/kafka/libs/*' org.apache.zookeeper.ZooKeeperMain -server ${host}:${PORTS.zookeeperClient} create /brokers/ids/99 x 2>&1 | grep -E 'Insufficient permission|^Created'`),
                /Insufficient permission : \/brokers\/ids\/99/,
                (before) => {
                    const after = authenticated(z.containerName);
                    assert.equal(after.length - before.a, 1, `${host}: the node authenticated the orderer as itself`);
                    assert.match(after[after.length - 1], /CN=orderer0\.example\.com/);
                    return after[after.length - 1];
                },
            );
        }
        assert.deepEqual(registeredBrokers(spec), [0, 1, 2, 3], "no broker 99, the four registered");
    });
});
