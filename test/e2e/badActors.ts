// The bad-actor matrix of a secured network (kafka.tls, kafka.sasl, zookeeper.tls, operations.tls,
// tls.clientAuthRequired), the same cases on either engine: each registers as `it`s in the caller's describe. A
// case's client is a throwaway container of the Kafka image (bash, openssl, Kafka's and ZooKeeper's Java clients)
// on the stack's network with the crypto tree at /crypto, and each refusal is looked for in the refusing node's own
// log. The engine gives how to run that client and read a node's log (a container on one host, a service on a swarm).
import assert from "node:assert/strict";
import * as path from "node:path";
import { it } from "node:test";
import { allNodes, NetworkSpec, Node, PORTS } from "../../config";
import { zookeeperTlsClientOpts } from "../../render";
import { stackConfig } from "../helpers";
import { pulumiOk, stackOutput } from "./stack";

/** What a case tried, at which node, what it got, and the line the node logged (none: ""). */
export interface BadActorCase {
    case: string;
    node: string;
    answer: string;
    logged: string;
}

/** A secured network as the matrix reaches it. */
export interface SecuredTarget {
    readonly spec: NetworkSpec;
    readonly stack: string;
    /** kafka.sasl's password, which no log or state may show. */
    readonly password: string;
    /**
     * Runs `script` in bash in a client container on the stack's network, the crypto tree at /crypto; its output.
     * Calls may overlap, in one container (a swarm's) or each in its own: the cases call it through `probe`.
     */
    client(script: string): Promise<string>;
    /** A node's whole log, by its host name. */
    logs(hostname: string): string;
    /** The engine's output of the network's `up`. */
    upOut(): string;
    readonly cases: BadActorCase[];
}

/** The dev stack's config secured: every link of the ordering service TLS, SASL on Kafka, mutual TLS, operations over TLS. */
export const SECURED = {
    kafka: { ...(stackConfig("dev").kafka as object), tls: true, sasl: { user: "orderer" } },
    zookeeper: { ...(stackConfig("dev").zookeeper as object), tls: true },
    operations: { tls: true },
    tls: { clientAuthRequired: true },
};

/** What a Kafka broker logs when it drops a client whose TLS handshake failed (Kafka 3.9's Selector). */
const REFUSED = /Failed authentication with \/[\d.]+ \(channelId=[^)]*\) \(SSL handshake failed\)/g;
/** Fabric's gRPC server logs each failed handshake (internal/pkg/comm/creds.go) at ERROR. */
const GRPC_FAILED = /Server TLS handshake failed in \S+ with error .*/g;
/** How long a refusal may take to reach the node's log as the engine gives it (a log read through another daemon may lag). */
const LOG_SECONDS = 15;

/** Every node of the network: ZooKeeper, Kafka, orderers, peers (allNodes), and the chaincode services. */
export const networkNodes = (spec: NetworkSpec): Node[] => [...allNodes(spec), ...spec.chaincodes.flatMap((c) => c.deployments.map((d) => d.node))];

/** A node's TLS key pair (cert, key) in the crypto tree as the client container sees it. */
const nodePair = (cryptoDir: string) => ({ cert: `/crypto/${cryptoDir}/tls/server.crt`, key: `/crypto/${cryptoDir}/tls/server.key` });
const lastLines = (answer: string) => answer.split("\n").filter(Boolean).slice(-2).join(" | ");
const sleep = (s: number) => new Promise((r) => setTimeout(r, s * 1000));
/** `script` run by the target's client in a folder of its own (`$PWD`): probes at several nodes at once keep their files apart. */
const probe = (t: SecuredTarget, script: string) => t.client(`cd "$(mktemp -d)" && ${script}`);

/**
 * The lines matching `pattern` that `hostname` logs after `before` of them, polled (bounded) until there are
 * `expected`; then exactly `expected` must be new. The last new line, or "".
 */
async function newLines(t: SecuredTarget, hostname: string, pattern: RegExp, before: number, expected: number, what: string): Promise<string> {
    const lines = () => t.logs(hostname).match(pattern) ?? [];
    const deadline = Date.now() + LOG_SECONDS * 1000;
    let now = lines();
    while (now.length - before < expected && Date.now() < deadline) {
        await sleep(1);
        now = lines();
    }
    assert.equal(now.length - before, expected, `${hostname}, ${what}: lines the node logged`);
    return expected ? now[now.length - 1] : "";
}
const countOf = (t: SecuredTarget, hostname: string, pattern: RegExp) => (t.logs(hostname).match(pattern) ?? []).length;

/**
 * `cases` on every node at once: a node's own cases one after another (each refusal is counted in that node's log
 * between its probe and the next), the nodes side by side. The cases go to the report in the nodes' order.
 */
async function atEveryNode<T>(t: SecuredTarget, nodes: readonly T[], cases: (node: T, report: BadActorCase[]) => Promise<void>): Promise<void> {
    const reports = nodes.map(() => [] as BadActorCase[]);
    const results = await Promise.allSettled(nodes.map((n, i) => cases(n, reports[i])));
    t.cases.push(...reports.flat());
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
}

/** Registers the matrix's cases; `target` is read when they run. */
export function badActorCases(target: () => SecuredTarget): void {
    /** An ApiVersions request (v0, correlation ID 1) in plain Kafka protocol; its answer's hex, or nothing within 5 s. */
    const plaintextProbe = (t: SecuredTarget, host: string, port: number) =>
        probe(t, `exec 3<>/dev/tcp/${host}/${port} && printf '\\x00\\x00\\x00\\x0a\\x00\\x12\\x00\\x00\\x00\\x00\\x00\\x01\\x00\\x00' >&3 && timeout 5 cat <&3 | head -c 64 | od -An -tx1 | tr -d ' \\n'`);
    /**
     * A TLS handshake as openssl's client, checking the server's name against `ca`, with a key pair or none (openssl
     * sends the given one whatever CAs the server names); `input` is sent once connected. The lines it ends on.
     */
    const tlsProbe = (t: SecuredTarget, host: string, port: number, pair?: { cert: string; key: string }, ca = `/crypto/${t.spec.ordererOrg.tlsCaFile}`, input = "") =>
        // stdin stays open 3 s: under TLS 1.3 the server judges the client's certificate after the client's handshake ends.
        probe(t, `(printf '${input}'; sleep 3) | timeout 10 openssl s_client -brief -connect ${host}:${port} -servername ${host} -verify_hostname ${host} -CAfile ${ca} ${pair ? `-cert ${pair.cert} -key ${pair.key}` : ""} 2>&1; echo "exit $?"`);

    it("no private key and no SASL password in any node's log, in the engine's output or in the stack's state (an orderer's config dump prints both)", () => {
        const t = target();
        const state = pulumiOk("stack", "export", "--stack", t.stack).stdout;
        const logs = networkNodes(t.spec).map((n) => [n.hostname, t.logs(n.hostname)] as const);
        assert.ok(logs.length === 17 && logs.every(([, l]) => l.length > 0) && state.includes(`${t.spec.names.prefix}-record`), "the logs and the state were read");
        assert.deepEqual(logs.filter(([, l]) => /Orderer config values/.test(l)).map(([c]) => c), [], "no orderer dumps its config");
        const texts = [...logs, ["engine", t.upOut()] as const, ["state", state] as const];
        assert.deepEqual(texts.filter(([, x]) => /PRIVATE KEY/.test(x)).map(([where]) => where), []);
        assert.deepEqual(texts.filter(([, x]) => x.includes(t.password)).map(([where]) => where), []);
        // The state holds the nodes' env, the password in it, and the files' secrets, encrypted: that is where they are.
        assert.match(state, /"ciphertext"/, "the state holds secrets as ciphertext");
    });

    it("bad actors at every broker, each refused and logged by the broker; an orderer's key pair taken", async () => {
        const t = target();
        const org1Peer = t.spec.orgs[0].peers[0].cryptoDir;
        await atEveryNode(t, t.spec.kafka.brokers, async (b, report) => {
            const host = b.hostname;
            const port = Number(b.endpoint.split(":")[1]);
            const run = async (name: string, send: () => Promise<string>, expect: (answer: string) => void, refusedByBroker: boolean) => {
                const before = countOf(t, host, REFUSED);
                const answer = await send();
                expect(answer);
                // The broker logs a refusal for each bad client, and none for the good one.
                const logged = await newLines(t, host, REFUSED, before, refusedByBroker ? 1 : 0, name);
                report.push({ case: name, node: host, answer: lastLines(answer), logged });
            };
            await run("plaintext Kafka request", () => plaintextProbe(t, host, port), (a) => assert.doesNotMatch(a, /^[0-9a-f]{8}00000001/, "no Kafka answer"), true);
            await run("TLS without a client certificate", () => tlsProbe(t, host, port), (a) => assert.match(a, /alert certificate required|alert handshake failure/), true);
            await run("client certificate of a foreign CA (Org1's TLS CA)", () => tlsProbe(t, host, port, nodePair(org1Peer)), (a) => assert.match(a, /alert (unknown ca|bad certificate|certificate unknown)/), true);
            await run("an orderer's TLS key pair", () => tlsProbe(t, host, port, nodePair(t.spec.orderer.nodes[0].cryptoDir)), (a) => {
                assert.match(a, /Verification: OK/);
                assert.match(a, /exit 0$/);
                assert.doesNotMatch(a, /alert/);
            }, false);
        });
    });

    it("kafka.sasl at every broker: an orderer's TLS key pair with a wrong password refused and logged by the broker; with the stack's password, served", async () => {
        const t = target();
        const pair = nodePair(t.spec.orderer.nodes[0].cryptoDir);
        // Kafka's own client (BrokerApiVersionsCommand) over SASL_SSL, presenting the orderer's key pair.
        const saslClient = (host: string, port: number, password: string) =>
            probe(t, 
                [
                    `cat ${pair.key} ${pair.cert} > $PWD/keystore.pem`,
                    "cat > $PWD/client.properties <<EOF",
                    "security.protocol=SASL_SSL",
                    "sasl.mechanism=PLAIN",
                    `sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="orderer" password="${password}";`,
                    "ssl.keystore.type=PEM",
                    "ssl.keystore.location=$PWD/keystore.pem",
                    "ssl.truststore.type=PEM",
                    `ssl.truststore.location=/crypto/${t.spec.ordererOrg.tlsCaFile}`,
                    "EOF",
                    `timeout 60 java -cp '/opt/kafka/libs/*' kafka.admin.BrokerApiVersionsCommand --bootstrap-server ${host}:${port} --command-config $PWD/client.properties 2>&1 | grep -E -m 10 'Authentication failed|-> \\(|Exception'; echo "exit \${PIPESTATUS[0]}"`,
                ].join("\n"),
            );
        const failedLogin = /Failed authentication with \/[\d.]+ \(channelId=[^)]*\) \(Authentication failed: Invalid username or password\)/g;
        await atEveryNode(t, t.spec.kafka.brokers, async (b, report) => {
            const port = Number(b.endpoint.split(":")[1]);
            const before = countOf(t, b.hostname, failedLogin);
            const wrong = await saslClient(b.hostname, port, `not-${t.password}`);
            assert.match(wrong, /Authentication failed/, `${b.hostname}: wrong password`);
            assert.doesNotMatch(wrong, /-> \(/, `${b.hostname}: no API versions for a wrong password`);
            const logged = await newLines(t, b.hostname, failedLogin, before, 1, "a wrong password");
            report.push({ case: "kafka.sasl: an orderer's TLS key pair, wrong SASL password", node: b.hostname, answer: lastLines(wrong), logged });
            const right = await saslClient(b.hostname, port, t.password);
            assert.match(right, new RegExp(`${b.hostname.replace(/\./g, "\\.")}:${port} \\(id: ${b.brokerId} rack: [^)]*\\) -> \\(`), `${b.hostname}: the stack's password`);
            await newLines(t, b.hostname, failedLogin, before, 1, "one failed login, none for the right password");
            report.push({ case: "kafka.sasl: an orderer's TLS key pair, the stack's password", node: b.hostname, answer: lastLines(right), logged: "" });
        });
    });

    it("a plaintext gRPC client at every orderer's and peer's service port, refused and logged by the node", async () => {
        const t = target();
        const nodes = [...t.spec.orderer.nodes.map((n) => ({ n, port: PORTS.orderer })), ...t.spec.orgs.flatMap((o) => o.peers.map((n) => ({ n, port: PORTS.peer })))];
        await atEveryNode(t, nodes, async ({ n, port }, report) => {
            const before = countOf(t, n.hostname, GRPC_FAILED);
            // HTTP/2's client preface, as a plaintext gRPC client opens; a server speaking h2c would answer with SETTINGS.
            const answer = await probe(t, `exec 3<>/dev/tcp/${n.hostname}/${port} && printf 'PRI * HTTP/2.0\\r\\n\\r\\nSM\\r\\n\\r\\n' >&3 && timeout 5 cat <&3 | head -c 64 | od -An -tx1 | tr -d ' \\n'; echo " exit $?"`);
            assert.doesNotMatch(answer, /^[0-9a-f]{6}04/, `${n.hostname}: no HTTP/2 SETTINGS frame back`);
            const logged = await newLines(t, n.hostname, GRPC_FAILED, before, 1, "the failed handshake");
            report.push({ case: "plaintext gRPC client", node: n.hostname, answer: answer.trim() || "(nothing)", logged });
        });
    });

    it("mutual TLS at every orderer's and peer's service port: no client certificate and a stranger CA's refused and logged, the org admin's TLS key pair taken", async () => {
        const t = target();
        const nodes = [
            ...t.spec.orderer.nodes.map((n) => ({ n, port: PORTS.orderer, ca: t.spec.ordererOrg.tlsCaFile, admin: t.spec.ordererOrg.adminDir })),
            ...t.spec.orgs.flatMap((o) => o.peers.map((n) => ({ n, port: PORTS.peer, ca: o.tlsCaFile, admin: o.adminDir }))),
        ];
        // A CA nobody in the network knows, and a client key pair it signed, made in the probe's own container.
        const stranger =
            "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=stranger-ca -keyout $PWD/ca.key -out $PWD/ca.crt 2>/dev/null && " +
            "openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=stranger -keyout $PWD/c.key -out $PWD/c.csr 2>/dev/null && " +
            "openssl x509 -req -in $PWD/c.csr -CA $PWD/ca.crt -CAkey $PWD/ca.key -CAcreateserial -days 1 -out $PWD/c.crt 2>/dev/null && ";
        await atEveryNode(t, nodes, async ({ n, port, ca, admin }, report) => {
            // gRPC's ALPN, as a gRPC client offers it; stdin open 3 s: under TLS 1.3 the server judges the certificate after the handshake.
            const grpcTls = (cert: string) =>
                `(sleep 3) | timeout 10 openssl s_client -brief -alpn h2 -connect ${n.hostname}:${port} -servername ${n.hostname} -verify_hostname ${n.hostname} -CAfile /crypto/${ca} ${cert} 2>&1; echo "exit $?"`;
            const run = async (name: string, script: string, expect: (answer: string) => void, refused: boolean) => {
                const before = countOf(t, n.hostname, GRPC_FAILED);
                const answer = await probe(t, script);
                expect(answer);
                const logged = await newLines(t, n.hostname, GRPC_FAILED, before, refused ? 1 : 0, name);
                report.push({ case: `mutual TLS: ${name}`, node: n.hostname, answer: lastLines(answer), logged });
            };
            await run("TLS without a client certificate", grpcTls(""), (a) => assert.match(a, /alert certificate required|alert handshake failure|alert bad certificate/, `${n.hostname}: ${a}`), true);
            await run("a client certificate of a CA the network does not know", stranger + grpcTls("-cert $PWD/c.crt -key $PWD/c.key"), (a) => assert.match(a, /alert (unknown ca|bad certificate|certificate unknown)/, `${n.hostname}: ${a}`), true);
            await run("the org admin's TLS key pair", grpcTls(`-cert /crypto/${admin}/tls/client.crt -key /crypto/${admin}/tls/client.key`), (a) => {
                assert.match(a, /Verification: OK/, `${n.hostname}: ${a}`);
                assert.match(a, /exit 0$/, `${n.hostname}: ${a}`);
                assert.doesNotMatch(a, /alert/, `${n.hostname}: ${a}`);
            }, false);
        });
    });

    it("bad actors at every orderer's and peer's operations endpoint, each refused; the org admin's key pair served /metrics; /healthz open", async () => {
        const t = target();
        const targets = stackOutput(t.stack, "metrics") as { node: string; url: string; client: { certPath: string; keyPath: string; caPath: string } }[];
        assert.equal(targets.length, 3 + 6);
        const inTree = (file: string) => `/crypto/${path.relative(t.spec.paths.cryptoDir, file)}`;
        // Go's HTTP server logs each failed TLS handshake; Fabric logs no 401.
        const handshakeError = /http: TLS handshake error from [\d.]+:\d+: .*/g;
        await atEveryNode(t, targets, async (m, report) => {
            const [host, port] = new URL(m.url).host.split(":");
            const ca = inTree(m.client.caPath);
            // A foreign CA's client: the other side's admin (the orderer org's at a peer, Org1's at an orderer).
            const foreign = targets.find((o) => o.node.includes("orderer") !== m.node.includes("orderer")) as typeof m;
            const get = (url: string, ...opts: string[]) =>
                probe(t, `timeout 15 wget -S -T 5 -O - --ca-certificate=${ca} ${opts.join(" ")} ${url} 2>&1 | grep -E '^  HTTP/|^# HELP' | head -3; echo "exit \${PIPESTATUS[0]}"`);
            const run = async (name: string, send: () => Promise<string>, expect: RegExp, refused: boolean) => {
                const before = countOf(t, m.node, handshakeError);
                const answer = await send();
                assert.match(answer, expect, `${m.node}, ${name}`);
                const logged = await newLines(t, m.node, handshakeError, before, refused ? 1 : 0, name);
                report.push({ case: `operations: ${name}`, node: m.node, answer: lastLines(answer), logged });
            };
            const admin = `--certificate=${inTree(m.client.certPath)} --private-key=${inTree(m.client.keyPath)}`;
            await run("plain HTTP", () => get(m.url.replace("https:", "http:")), /HTTP\/1\.[01] 400/, true);
            await run("/metrics without a client certificate (401, not logged by Fabric)", () => get(m.url), /HTTP\/1\.1 401 Unauthorized/, false);
            const foreignPair = { cert: inTree(foreign.client.certPath), key: inTree(foreign.client.keyPath) };
            await run("/metrics with a foreign CA's client certificate", () => tlsProbe(t, host, Number(port), foreignPair, ca, "GET /metrics HTTP/1.0\\r\\n\\r\\n"), /alert (unknown ca|bad certificate)/, true);
            await run("/metrics as the org admin", () => get(m.url, admin), /HTTP\/1\.1 200 OK[\s\S]*# HELP/, false);
            await run("/healthz without a client certificate", () => get(m.url.replace("/metrics", "/healthz")), /HTTP\/1\.1 200 OK/, false);
        });
    });

    it("bad actors at every ZooKeeper node, each refused: plaintext, no certificate, a foreign CA's, the loopback port from outside, and a client of the orderer org's CA that is not the brokers writing under /brokers", async () => {
        const t = target();
        const tlsCa = `/crypto/${t.spec.ordererOrg.tlsCaFile}`;
        const ordererPair = nodePair(t.spec.orderer.nodes[0].cryptoDir);
        // ZooKeeper logs a failed TLS handshake as this, and names every client its x509 provider authenticates.
        const failedHandshake = /Unsuccessful handshake with session 0x0/g;
        const authenticated = /Authenticated Id '[^']*' for Scheme 'x509'/g;
        /** The ZooKeeper CLI over TLS with the key pair `pair`, at `server`. */
        const zkAs = (pair: { cert: string; key: string }, server: string, command: string) =>
            `cat ${pair.key} ${pair.cert} >$PWD/keystore.pem && timeout 30 java ${zookeeperTlsClientOpts("$PWD/keystore.pem", tlsCa)} -cp '/opt/kafka/libs/*' org.apache.zookeeper.ZooKeeperMain -server ${server} ${command} 2>&1`;
        await atEveryNode(t, t.spec.zookeeper.nodes, async (z, report) => {
            const host = z.hostname;
            const run = async (name: string, send: () => Promise<string>, expect: RegExp, logged: (before: { h: number; a: number }) => Promise<string>) => {
                const before = { h: countOf(t, host, failedHandshake), a: countOf(t, host, authenticated) };
                const answer = await send();
                assert.match(answer, expect, `${host}, ${name}`);
                report.push({ case: `zookeeper: ${name}`, node: host, answer: lastLines(answer), logged: await logged(before) });
            };
            const newHandshakeFailure = (before: { h: number }) => newLines(t, host, failedHandshake, before.h, 1, "one failed handshake");
            await run("plaintext 4-letter word on the client port", () => probe(t, `exec 3<>/dev/tcp/${host}/${PORTS.zookeeperClient} && echo srvr >&3 && timeout 5 cat <&3 | head -c 200; echo "exit $?"`), /^(?![\s\S]*Mode:)/, newHandshakeFailure);
            await run("TLS without a client certificate", () => tlsProbe(t, host, PORTS.zookeeperClient, undefined, tlsCa), /alert handshake failure|alert certificate required/, newHandshakeFailure);
            await run("client certificate of a foreign CA (Org1's TLS CA)", () => tlsProbe(t, host, PORTS.zookeeperClient, nodePair(t.spec.orgs[0].peers[0].cryptoDir), tlsCa), /alert (unknown ca|bad certificate|certificate unknown)/, newHandshakeFailure);
            await run("the plaintext port from the network (it listens on 127.0.0.1 only)", () => probe(t, `(exec 3<>/dev/tcp/${host}/${PORTS.zookeeperLocal}) 2>&1; echo "exit $?"`), /Connection refused/, async () => "");
            // An orderer's key pair: a client of the right CA, authenticated as itself, whom the brokers' ACLs do not name.
            await run(
                "an orderer's key pair writing under /brokers/ids",
                () => probe(t, `${zkAs(ordererPair, `${host}:${PORTS.zookeeperClient}`, "create /brokers/ids/99 x")} | grep -E 'Insufficient permission|^Created'`),
                /Insufficient permission : \/brokers\/ids\/99/,
                async (before) => {
                    const line = await newLines(t, host, authenticated, before.a, 1, "the orderer authenticated as itself");
                    assert.match(line, /CN=orderer0\.example\.com/);
                    return line;
                },
            );
        });
        // Read back as the brokers' own client: no broker 99, the four registered.
        const brokers = await probe(t, `${zkAs(nodePair(t.spec.zookeeper.brokersClient!.cryptoDir), t.spec.zookeeper.connect, "ls /brokers/ids")} | grep -m 1 -E '^\\[[0-9, ]*\\]$'`);
        assert.equal(brokers, `[${t.spec.kafka.brokers.map((b) => b.brokerId).join(", ")}]`, "no broker 99, the four registered");
    });
}
