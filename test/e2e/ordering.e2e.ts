// The dev stack's nodes on real Docker, from the same container plans and step scripts the components
// hand to Pulumi, started with the docker CLI, step by step: each stage timed apart, and what only this
// way can reach (the seed's peer-CLI path, re-running every step, an upgrade, invoke latency).
// pulumi.e2e.ts runs the same network through the engine. Needs Docker, the Fabric tools and the
// stack's images (images/build.sh).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { channelOrgs, findFabricTools, loadSpec, NetworkSpec, readSources } from "../../config";
import {
    CC_APPROVE_SCRIPT,
    CC_COMMIT_SCRIPT,
    CC_INIT_SCRIPT,
    CC_IMAGE_SCRIPT,
    CC_INSTALL_SCRIPT,
    CC_SEQUENCE_SCRIPT,
    CCAAS_PACKAGE_SCRIPT,
    chaincodeImageEnv,
    chaincodePlan,
    chaincodeStepEnv,
    CHANNEL_CONFIG_SCRIPT,
    channelConfigStepEnv,
    CHANNEL_CREATE_SCRIPT,
    parseChannelConfigReport,
    CHANNEL_JOIN_SCRIPT,
    channelStepEnv,
    peersCliEnv,
    connectionProfile,
    ContainerPlan,
    kafkaPlan,
    ordererPlan,
    packageLabel,
    peerCliEnv,
    peerPlan,
    userIdentity,
    zookeeperPlan,
} from "../../render";
import { bash, makeArtifacts, PROJECT, ROOT, stackConfig } from "../helpers";
import { docker, dockerOk, gatewayTo, logsOf, missingForDocker, registeredBrokers, text, topicReplicas, waitFor, zookeeperMode } from "./checks";

/** `docker run` arguments for a plan: the same name, alias, env, volume, binds and healthcheck as components/container.ts. */
export function dockerRunArgs(spec: NetworkSpec, plan: ContainerPlan): string[] {
    const hc = plan.healthcheck;
    const shellQuote = (a: string) => `'${a.replace(/'/g, "'\\''")}'`;
    const healthCmd = hc.tests[0] === "CMD" ? hc.tests.slice(1).map(shellQuote).join(" ") : hc.tests.slice(1).join(" ");
    return [
        "run", "-d",
        "--name", plan.node.containerName,
        "--hostname", plan.node.hostname,
        "--network", spec.names.network,
        "--network-alias", plan.node.hostname,
        "--restart", plan.restart,
        "--label", `fabric-network.stack=${spec.names.prefix}`,
        ...(plan.dataPath ? ["-v", `${plan.node.volumeName}:${plan.dataPath}`] : []),
        ...plan.binds.flatMap((b) => ["-v", `${b.hostPath}:${b.containerPath}:ro`]),
        // As the components do with ports.publish: Docker picks the host port.
        ...(spec.ports.publish ? plan.ports.flatMap((p) => ["-p", `${spec.ports.hostIp}::${p}`]) : []),
        ...plan.env.flatMap((e) => ["-e", e]),
        "--health-cmd", healthCmd,
        "--health-interval", hc.interval,
        "--health-timeout", hc.timeout,
        "--health-retries", String(hc.retries),
        "--health-start-period", hc.startPeriod,
        plan.image,
        ...(plan.command ?? []),
    ];
}

// The dev stack as configured (its locally built images), with ports published so that a gateway client
// on this host reaches the peers; stack "e2e", so a running dev network is left alone. Its artifacts go
// to a scratch folder, so chaincode sources are named by their absolute paths in this project.
const dev = stackConfig("dev");
const raw: Record<string, unknown> = {
    ...dev,
    ports: { publish: true },
    chaincodes: (dev.chaincodes as { source?: string }[]).map((c) => (c.source ? { ...c, source: path.resolve(ROOT, c.source) } : c)),
};
const probe = loadSpec(raw, { project: PROJECT, stack: "e2e", projectDir: ROOT });
const missing = missingForDocker(probe);
const tools = missing.length ? undefined : findFabricTools(ROOT);
const skip = missing.length ? `needs ${missing.join("; ")}` : false;

describe("the dev stack's ordering service and peers on real Docker", { skip }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fabric-e2e-"));
    // Published ports let the gateway client below reach a peer from this host.
    const spec = loadSpec(raw, { project: PROJECT, stack: "e2e", projectDir: dir });
    // Read once, as index.ts does: the image step and every package label use them.
    const sourceDigests = readSources(spec);
    const times: Record<string, number> = {};
    const invokeLatencyMs: Record<string, number> = {};
    const timed = async <T>(phase: string, f: () => Promise<T> | T): Promise<T> => {
        const t0 = Date.now();
        try {
            return await f();
        } finally {
            times[phase] = (Date.now() - t0) / 1000;
            console.log(`# phase ${phase}: ${times[phase].toFixed(1)} s`);
        }
    };
    const run = (plan: ContainerPlan) => docker(...dockerRunArgs(spec, plan));
    const teardown = () => {
        const ids = dockerOk("ps", "-aq", "--filter", `label=fabric-network.stack=${spec.names.prefix}`).stdout.split("\n").filter(Boolean);
        if (ids.length) dockerOk("rm", "-f", "-v", ...ids);
        const vols = dockerOk("volume", "ls", "-q", "--filter", `name=${spec.names.prefix}-`).stdout.split("\n").filter(Boolean);
        if (vols.length) dockerOk("volume", "rm", "-f", ...vols);
        dockerOk("network", "rm", spec.names.network);
    };

    before(async () => {
        teardown();
        await timed("artifacts", () => makeArtifacts(spec, tools!));
        for (const c of spec.chaincodes.filter((c) => sourceDigests.has(c.name))) {
            await timed(`chaincode image ${c.name}`, () => bash(CC_IMAGE_SCRIPT, chaincodeImageEnv(c, sourceDigests.get(c.name)!), ""));
        }
        docker("network", "create", "--label", `fabric-network.stack=${spec.names.prefix}`, spec.names.network);
    });
    after(() => {
        fs.mkdirSync(path.join(ROOT, "reports"), { recursive: true });
        fs.writeFileSync(path.join(ROOT, "reports", "e2e-ordering.json"), JSON.stringify({ stack: "dev (local images)", seconds: times, invokeLatencyMs }, null, 2));
        if (process.env.KEEP_NETWORK !== "1") teardown();
    });

    it("ZooKeeper forms a quorum: one leader, the rest followers", async () => {
        const modes = await timed("zookeeper", async () => {
            spec.zookeeper.nodes.forEach((n) => run(zookeeperPlan(spec, n)));
            return Promise.all(spec.zookeeper.nodes.map((n) => waitFor("ZooKeeper quorum", n.containerName, 120, () => zookeeperMode(spec, n.containerName))));
        });
        assert.deepEqual([...modes].sort(), ["follower", "follower", "leader"]);
    });

    it("every broker registers in ZooKeeper under its broker id", async () => {
        const ids = await timed("kafka", async () => {
            spec.kafka.brokers.forEach((b) => run(kafkaPlan(spec, b)));
            return waitFor("brokers registered", spec.kafka.brokers[0].containerName, 180, () => {
                const got = registeredBrokers(spec);
                return got.length === spec.kafka.brokers.length ? got : undefined;
            });
        });
        assert.deepEqual(ids, spec.kafka.brokers.map((b) => b.brokerId));
    });

    it("every orderer starts the Kafka-backed system channel, on a topic replicated replicationFactor times", async () => {
        const started = /\[channel: system-channel\] Start phase completed successfully/;
        await timed("orderers", async () => {
            spec.orderer.nodes.forEach((n) => run(ordererPlan(spec, n)));
            await Promise.all(
                spec.orderer.nodes.map((n) =>
                    waitFor("orderer serving the Kafka system channel", n.containerName, 240, () => (started.test(logsOf(n.containerName)) ? true : undefined)),
                ),
            );
        });
        assert.equal(topicReplicas(spec, "system-channel"), spec.kafka.replicationFactor);
        for (const n of spec.orderer.nodes) {
            assert.match(logsOf(n.containerName), /\[channel: system-channel\] Channel consumer set up successfully/);
        }
    });

    it("every container reports healthy, peers included", async () => {
        await timed("peers", async () => {
            spec.orgs.forEach((o) => o.peers.forEach((p) => run(peerPlan(spec, o, p))));
            const all = [...spec.zookeeper.nodes, ...spec.kafka.brokers, ...spec.orderer.nodes, ...spec.orgs.flatMap((o) => o.peers)];
            await Promise.all(
                all.map((n) =>
                    waitFor("healthy", n.containerName, 180, () =>
                        docker("inspect", "-f", "{{.State.Health.Status}}", n.containerName).trim() === "healthy" ? true : undefined,
                    ),
                ),
            );
        });
        const running = docker("ps", "--filter", `label=fabric-network.stack=${spec.names.prefix}`, "--format", "{{.Names}}").split("\n").filter(Boolean);
        assert.equal(running.length, 16);
    });

    /** A config step's report as one line: the channel and what the step changed in its live config. */
    const configLine = (stdout: string) => {
        const r = parseChannelConfigReport(stdout);
        return `${r.channel} config: ${r.changed.join("; ") || "matches"}`;
    };

    /** Every channel step of the stack, in order, run as the Command resources run them; their outputs. */
    const channelSteps = (round: string) => {
        const spent: Record<string, number> = { create: 0, config: 0, join: 0 };
        const timedStep = (kind: string, script: string, env: Record<string, string>) => {
            const t0 = Date.now();
            const out = bash(script, env, "").trim();
            spent[kind] += (Date.now() - t0) / 1000;
            return out;
        };
        const out = spec.channels.flatMap((ch) => {
            const orgs = channelOrgs(spec, ch);
            return [
                timedStep("create", CHANNEL_CREATE_SCRIPT, channelStepEnv(spec, ch, orgs[0], orgs[0].peers[0])),
                configLine(timedStep("config", CHANNEL_CONFIG_SCRIPT, channelConfigStepEnv(spec, ch, findFabricTools(ROOT)))),
                // One join step for every peer of the channel's orgs, as the FabricChannel runs it: a line per peer.
                ...timedStep("join", CHANNEL_JOIN_SCRIPT, { ...channelStepEnv(spec, ch, orgs[0], orgs[0].peers[0]), PEERS: peersCliEnv(spec, orgs.map((org) => ({ org, peers: org.peers }))) }).split("\n"),
            ];
        });
        for (const [kind, seconds] of Object.entries(spent)) {
            times[`${round} ${kind} (${spec.channels.length} channels)`] = seconds;
            console.log(`# ${round}: channel ${kind} steps took ${seconds.toFixed(1)} s in all`);
        }
        return out;
    };

    it("creates every channel through the Kafka orderers, sets each org's anchor peer in its config, joins its orgs' peers", async () => {
        const out = await timed("channels", () => channelSteps("first"));
        assert.deepEqual(
            out,
            [1, 2, 3].flatMap((i) => [
                `channel channel${i} created`,
                `channel${i} config: Application.Org${i}MSP.AnchorPeers: none -> peer0.org${i}.example.com:7051`,
                `peer0.org${i}.example.com:7051 joined channel${i}`,
                `peer1.org${i}.example.com:7051 joined channel${i}`,
            ]),
        );
        const org = spec.orgs[0];
        const cli = (p: (typeof org.peers)[number], ...args: string[]) =>
            docker("run", "--rm", "--network", spec.names.network, "-v", `${spec.paths.cryptoDir}:/crypto:ro`,
                ...peerCliEnv(spec, org, p).flatMap((e) => ["-e", e]), "--entrypoint", "peer", spec.images.peer, ...args);
        for (const p of org.peers) {
            assert.match(cli(p, "channel", "list"), /^channel1$/m);
            // Block 0 is the channel's genesis, block 1 the anchor-peer config update.
            assert.match(cli(p, "channel", "getinfo", "-c", "channel1"), /"height":2\b/);
        }
    });

    it("running every channel step again changes nothing and says so", async () => {
        const out = await timed("channels again", () => channelSteps("again"));
        assert.deepEqual(out.slice(0, 4), [
            "channel channel1 exists",
            "channel1 config: matches",
            "peer0.org1.example.com:7051 already in channel1",
            "peer1.org1.example.com:7051 already in channel1",
        ]);
        assert.equal(out.filter((l) => / exists$| already |config: matches$/.test(l)).length, 12);
    });

    // The seed's test: the dev stack's mycc (chaincode_example02) on channel1, a=100 b=200, move 1 from b to a.
    const cc = spec.chaincodes[0];
    const deployment = cc.deployments[0];
    const channel1 = spec.channels.find((c) => c.name === deployment.channel)!;
    const org1 = spec.orgs.find((o) => o.name === channel1.orgs[0])!;
    let packageId = "";
    type Cc = typeof cc;
    type Deployment = typeof deployment;
    const ccEnv = (s: NetworkSpec, c: Cc, d: Deployment, id: string, peer = org1.peers[0]) => ({
        ...chaincodeStepEnv(s, channel1, c, d, org1, peer, packageLabel(c, sourceDigests.get(c.name))),
        CC_PACKAGE_ID: id,
    });
    /** The chaincode's service container, serving package `id`. */
    const serve = (c: Cc, d: Deployment, id: string) => {
        const plan = chaincodePlan(c, d);
        run({ ...plan, env: [...plan.env, `CHAINCODE_ID=${id}`] });
    };
    /** The lifecycle steps for Org1, in order, as the ChaincodeDeployment runs them; their outputs. */
    const lifecycleOf = (s: NetworkSpec, c: Cc, d: Deployment, id: string) => {
        const installs = bash(CC_INSTALL_SCRIPT, { ...ccEnv(s, c, d, id), PEERS: peersCliEnv(s, [{ org: org1, peers: org1.peers }]) }, "").trim().split("\n");
        const sequence = bash(CC_SEQUENCE_SCRIPT, ccEnv(s, c, d, id), "").trim();
        const definition = { ...ccEnv(s, c, d, id), CC_SEQUENCE: sequence };
        return [...installs, `sequence ${sequence}`, ...[CC_APPROVE_SCRIPT, CC_COMMIT_SCRIPT, CC_INIT_SCRIPT].map((script) => bash(script, definition, "").trim())];
    };
    const lifecycle = () => lifecycleOf(spec, cc, deployment, packageId);
    const peerCli = (peer: (typeof org1.peers)[number], ...args: string[]) =>
        dockerOk("run", "--rm", "--network", spec.names.network, "-v", `${spec.paths.cryptoDir}:/crypto:ro`,
            ...peerCliEnv(spec, org1, peer).flatMap((e) => ["-e", e]), "--entrypoint", "peer", spec.images.peer, ...args);
    const query = (peer: (typeof org1.peers)[number], account: string) => {
        const r = peerCli(peer, "chaincode", "query", "-C", channel1.name, "-n", cc.name, "-c", JSON.stringify({ Args: ["query", account] }));
        assert.equal(r.status, 0, r.stderr);
        return r.stdout.trim();
    };
    const invoke = (...args: string[]) =>
        peerCli(org1.peers[0], "chaincode", "invoke", "-C", channel1.name, "-n", cc.name, "-c", JSON.stringify({ Args: args }), "--waitForEvent",
            "--peerAddresses", org1.anchorPeer.endpoint, "--tlsRootCertFiles", `/crypto/${org1.anchorPeer.cryptoDir}/tls/ca.crt`,
            "-o", spec.orderer.endpoints[0], "--tls", "--cafile", `/crypto/${spec.ordererOrg.tlsCaFile}`);

    it("deploys mycc as a service with the 2.x lifecycle: package, install on both peers, approve, commit, init", async () => {
        packageId = await timed("chaincode package", () => bash(CCAAS_PACKAGE_SCRIPT, ccEnv(spec, cc, deployment, ""), "").trim());
        assert.match(packageId, /^mycc_1\.0_[0-9a-f]{12}:[0-9a-f]{64}$/);
        assert.equal(bash(CCAAS_PACKAGE_SCRIPT, ccEnv(spec, cc, deployment, ""), "").trim(), packageId, "the package is the same bytes every time");
        serve(cc, deployment, packageId);
        const out = await timed("chaincode deploy", () => lifecycle());
        assert.deepEqual(out, [
            `peer0.org1.example.com:7051 installed ${packageId}`,
            `peer1.org1.example.com:7051 installed ${packageId}`,
            "sequence 1",
            "Org1MSP approved mycc 1.0 sequence 1",
            "mycc sequence 1 committed on channel1",
            "mycc on channel1 initialised",
        ]);
    });

    /** Gateway connections through published peer ports, with the exported profile and User1's identity. */
    const open: (() => void)[] = [];
    after(() => open.forEach((close) => close()));
    const contractVia = (peer: (typeof org1.peers)[number], channel = channel1.name) => {
        const profile = connectionProfile(spec, org1) as any;
        const { gateway, close } = gatewayTo(peer.containerName, profile.peers[peer.hostname], userIdentity(spec, org1));
        open.push(close);
        return gateway.getNetwork(channel).getContract(cc.name);
    };

    it("the seed's test through a gateway client (exported profile, User1): a is 100, move 1 from b to a, a is 101, b is 199", async () => {
        const contract = contractVia(org1.peers[0]);
        assert.equal(text(await contract.evaluateTransaction("query", "a")), "100");
        await timed("one invoke", () => contract.submitTransaction("invoke", "b", "a", "1"));
        assert.equal(text(await contract.evaluateTransaction("query", "a")), "101");
        assert.equal(text(await contract.evaluateTransaction("query", "b")), "199");
    });

    it("the same state through the second peer; a channel Org1 is not in is refused", async () => {
        const viaPeer1 = contractVia(org1.peers[1]);
        assert.equal(text(await viaPeer1.evaluateTransaction("query", "a")), "101");
        assert.equal(text(await viaPeer1.evaluateTransaction("query", "b")), "199");
        await assert.rejects(contractVia(org1.peers[0], "channel2").evaluateTransaction("query", "a"), (e: Error) => {
            assert.match(JSON.stringify((e as any).details ?? []) + e.message, /channel2/);
            return true;
        });
    });

    it("a non-numeric amount returns the chaincode's error and changes nothing", async () => {
        const contract = contractVia(org1.peers[0]);
        await assert.rejects(contract.submitTransaction("invoke", "b", "a", "one"), (e: any) => {
            assert.match(JSON.stringify(e.details ?? []) + e.message, /Expecting integer value for amount to be transferred, got \\?"one\\?"/);
            return true;
        });
        assert.equal(text(await contract.evaluateTransaction("query", "a")), "101");
    });

    it("the seed's cli-container path agrees: peer chaincode invoke and query, on both peers", () => {
        const r = invoke("invoke", "b", "a", "1");
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stderr, /Chaincode invoke successful\. result: status:200/);
        assert.equal(query(org1.peers[0], "a"), "102");
        assert.equal(query(org1.peers[1], "b"), "198");
    });

    it("running the lifecycle again changes nothing and says so", () => {
        assert.deepEqual(lifecycle(), [
            `peer0.org1.example.com:7051 has ${packageId}`,
            `peer1.org1.example.com:7051 has ${packageId}`,
            "sequence 1",
            "Org1MSP has approved mycc 1.0 sequence 1",
            "mycc sequence 1 is committed on channel1",
            "mycc on channel1 holds state already",
        ]);
        assert.equal(query(org1.peers[0], "a"), "102");
    });

    it("invoke latency: 20 submits through the gateway, each waiting for its commit", async () => {
        const contract = contractVia(org1.peers[0]);
        const latencies: number[] = [];
        for (let i = 0; i < 20; i++) {
            const t0 = process.hrtime.bigint();
            await contract.submitTransaction("invoke", "b", "a", "1");
            latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
        latencies.sort((x, y) => x - y);
        const median = (latencies[9] + latencies[10]) / 2;
        Object.assign(invokeLatencyMs, { submits: 20, median, min: latencies[0], max: latencies[19] });
        console.log(`# invoke latency over 20 submits: median ${median.toFixed(0)} ms, min ${latencies[0].toFixed(0)}, max ${latencies[19].toFixed(0)}`);
        assert.equal(text(await contract.evaluateTransaction("query", "a")), "122");
    });

    it("a new version in config upgrades mycc in place, as the channel's next sequence (2): the ledger stays", async () => {
        const upgraded = loadSpec(
            { ...raw, chaincodes: (raw.chaincodes as object[]).map((c) => ({ ...c, version: "1.1" })) },
            { project: PROJECT, stack: "e2e", projectDir: dir },
        );
        const cc2 = upgraded.chaincodes[0];
        const dep2 = cc2.deployments[0];
        const id2 = bash(CCAAS_PACKAGE_SCRIPT, ccEnv(upgraded, cc2, dep2, ""), "").trim();
        assert.match(id2, /^mycc_1\.1_[0-9a-f]{12}:[0-9a-f]{64}$/);
        assert.notEqual(id2, packageId);
        // The service container is replaced with the new package ID, as a changed CHAINCODE_ID replaces it under Pulumi.
        docker("rm", "-f", dep2.node.containerName);
        serve(cc2, dep2, id2);
        const out = await timed("chaincode upgrade", () => lifecycleOf(upgraded, cc2, dep2, id2));
        assert.deepEqual(out, [
            `peer0.org1.example.com:7051 installed ${id2}`,
            `peer1.org1.example.com:7051 installed ${id2}`,
            "sequence 2",
            "Org1MSP approved mycc 1.1 sequence 2",
            "mycc sequence 2 committed on channel1",
            "mycc on channel1 holds state already",
        ]);
        assert.equal(query(org1.peers[1], "a"), "122", "the upgrade kept the ledger");
        const r = invoke("invoke", "a", "b", "2");
        assert.equal(r.status, 0, r.stderr);
        assert.equal(query(org1.peers[0], "a"), "120");
    });
});
