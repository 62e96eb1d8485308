// A real Docker Swarm on this machine (scripts/swarm.sh: 3 docker-in-docker nodes, node1 the manager on tcp://
// with TLS, a registry they pull from). The swarm as the program reads it, and the placement rules against it, with a
// node lost and back; the docker plugin's swarm resources through the real engine (swarm-check/: overlay network,
// secret, config, services pinned to nodes with dnsrr and dotted aliases); and the dev network as services (needs
// Fabric's tools and the network's images): up, racks, the seed's test, no-op, a live config change, a worker and
// then the manager killed under load, an org added and removed, a broker, a peer and a channel added and the broker
// and the peer removed, the Kafka → Raft migration, destroy; and a secured network with its bad-actor matrix.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { parse, stringify } from "yaml";
import { allNodes, APPLIED_FILE, findFabricTools, loadSpec, managerFlags, NetworkSpec, Node, placeNetwork, readSwarm, SwarmNode } from "../../config";
import { consensusChannels } from "../../render";
import { PROJECT, ROOT, swarmStackConfig } from "../helpers";
import { Load, PeerTarget } from "../faults/load";
import { BadActorCase, badActorCases, networkNodes, SECURED } from "./badActors";
import { docker, dockerAsync, dockerOk, gatewayAt, Identity, ProfilePeer, text } from "./checks";
import { pulumi, pulumiFailure, removeStack, seedTest, setSecret, stackOutput, testPassword, withContract, writeStackFile } from "./stack";

const CHECK_DIR = path.join(ROOT, "test", "e2e", "swarm-check");
const CHECK_PROJECT = "fabric-network-swarm-check";
const STACK = "swarm";
const IMAGE = "fabric-network/base:bookworm";
const NODES = ["node1", "node2", "node3"];
const nodeContainer = (node: string) => `fabric-swarm-${node}`;
/** Every wait is bounded. */
const NODE_STATE_MAX_S = 90;

const seconds = (t0: number) => (Date.now() - t0) / 1000;
const sleep = (s: number) => new Promise((r) => setTimeout(r, s * 1000));
const swarmScript = (...args: string[]) =>
    execFileSync("bash", [path.join(ROOT, "scripts", "swarm.sh"), ...args], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 600_000 });

const missing: string[] = [];
if (dockerOk("info").status !== 0) missing.push("a running Docker engine");
else if (dockerOk("image", "inspect", IMAGE).status !== 0) missing.push(`image ${IMAGE} (images/build.sh base)`);
if (!missing.length && pulumi("version").status !== 0) missing.push("Pulumi (scripts/setup-pulumi.sh)");
const skip = missing.length ? `needs ${missing.join("; ")}` : false;

/** The dev network's images, as npm run images builds them here; the chaincode's as its first up on one host builds it. */
const NETWORK_IMAGES = {
    orderer: "fabric-network/fabric-orderer:2.5.12",
    peer: "fabric-network/fabric-peer:2.5.12",
    kafka: "fabric-network/kafka:3.9.1",
    zookeeper: "fabric-network/zookeeper:3.8.4",
};
/** The org added to and removed from the network on the swarm. */
const ORG4 = { name: "Org4", domain: "org4.example.com", peers: 1, users: 1 };
/** Where this host pushes to the test swarm's registry (scripts/swarm.sh, SWARM_REGISTRY_PORT). */
const REGISTRY_PUSH_PORT = 5213;
/** The node-loss fault: clients, their opening balance, its bounds (each loop bounded in count and time). */
const NODE_LOSS = { clients: 4, open: 100_000, maxTx: 2000, warmS: 10, downS: 40, resumeMaxS: 30, backMaxS: 240 };

/** A channel's height at a peer, from qscc GetChainInfo through a gateway at `address` (BlockchainInfo field 1). */
async function chainHeight(address: string | undefined, peer: ProfilePeer, id: Identity, channel: string): Promise<number> {
    if (!address) throw new Error("no address");
    const { gateway, close } = gatewayAt(address, peer, id);
    try {
        const info = await gateway.getNetwork(channel).getContract("qscc").evaluateTransaction("GetChainInfo", channel);
        if (info[0] !== 0x08) throw new Error("BlockchainInfo without a height");
        let height = 0;
        for (let i = 1, shift = 0; i < info.length; i++, shift += 7) {
            height += (info[i] & 0x7f) * 2 ** shift;
            if (info[i] < 0x80) break;
        }
        return height;
    } finally {
        close();
    }
}
const networkMissing = [
    ...Object.values(NETWORK_IMAGES).filter((i) => dockerOk("image", "inspect", i).status !== 0).map((i) => `image ${i} (npm run images)`),
    ...(() => {
        try {
            findFabricTools(ROOT);
            return [];
        } catch (e) {
            return [(e as Error).message];
        }
    })(),
];
const networkSkip = skip || (networkMissing.length ? `needs ${networkMissing.join("; ")}` : false);

describe("Docker Swarm: a 3-node swarm on this machine (scripts/swarm.sh)", { skip }, () => {
    const report: Record<string, unknown> = {};
    let manager = "";
    let certPath = "";
    /** The registry as the nodes reach it. */
    let registryAddress = "";
    /** Each node's own endpoint (TLS, the manager's client material). */
    let nodeEndpoints: Record<string, string> = {};
    /** The image as the nodes pull it: from the swarm's registry, by digest. */
    let pulled = "";
    const engine = () => ({ kind: "swarm" as const, manager, certPath, placement: {}, acceptNodeLoss: false });
    const onManager = (...args: string[]) => docker(...managerFlags(engine()), ...args);
    /**
     * pulumiOk, and when it fails, every task of the swarm that is not running, with Swarm's own words for it (a
     * service's update paused names only its task's ID).
     */
    const pulumiOk = (...args: string[]) => {
        const r = pulumi(...args);
        if (r.status === 0) return r;
        const services = dockerOk(...managerFlags(engine()), "service", "ls", "-q").stdout.split("\n").filter(Boolean);
        const tasks = services.length
            ? dockerOk(...managerFlags(engine()), "service", "ps", "--no-trunc", "--format", "{{.Name}} {{.ID}} on {{.Node}}: desired {{.DesiredState}}, {{.CurrentState}} {{.Error}}", ...services)
            : { stdout: "", stderr: "" };
        const notRunning = tasks.stdout.split("\n").filter((l) => l && !/desired Running, Running /.test(l)).slice(0, 60);
        return assert.fail(`${pulumiFailure(args, r.out)}\n\nthe swarm's tasks not running:\n${notRunning.join("\n")}${tasks.stderr}`);
    };
    /** A node's status as the manager reports it; none while the manager does not answer (it may be the node). */
    const nodeState = (node: string) => {
        try {
            return readSwarm(engine()).find((n) => n.hostname === node)?.status;
        } catch {
            return undefined;
        }
    };
    async function untilNode(node: string, status: string): Promise<number> {
        const t0 = Date.now();
        while (nodeState(node) !== status) {
            if (seconds(t0) > NODE_STATE_MAX_S) assert.fail(`${node} not ${status} after ${NODE_STATE_MAX_S} s: ${nodeState(node)}`);
            await sleep(1);
        }
        return seconds(t0);
    }
    const devOnSwarm = (over: Record<string, unknown> = {}) => ({ kind: "swarm", manager, certPath, ...over });
    /** The dev stack's values on this swarm (test image references: nothing is pulled by a preview). */
    const onSwarm = (engineOver: Record<string, unknown>) => {
        const { images, chaincodes, engine: e } = swarmStackConfig("dev", devOnSwarm(engineOver));
        return { images, chaincodes, engine: e };
    };

    /** Each service's running task: node and state. */
    const taskOf = (service: string) => {
        const [node, ...state] = onManager("service", "ps", service, "--filter", "desired-state=running", "--format", "{{.Node}} {{.CurrentState}}").trim().split(" ");
        return { node, state: state.join(" ") };
    };
    /**
     * A service's running task as the node that runs it has it: the node's address, the task's container, and
     * docker flags for that node's own daemon (a manager back from a loss reports the tasks it had without their
     * published ports; `docker service logs` through the manager hangs now and then, docker/cli#4678).
     */
    const runningTask = (serviceName: string) => {
        // The running task (a node back from a loss may still list its old one as to run).
        const running = onManager("service", "ps", serviceName, "--filter", "desired-state=running", "--format", "{{.ID}} {{.CurrentState}}").trim().split("\n").filter((l) => / Running /.test(l));
        if (running.length !== 1) throw new Error(`${serviceName}: ${running.length} running tasks`);
        const [nodeId, containerId] = onManager("inspect", "-f", "{{.NodeID}} {{.Status.ContainerStatus.ContainerID}}", running[0].split(" ")[0]).trim().split(" ");
        // A manager back from a loss may report its address as 0.0.0.0 for a while: its manager address then.
        const [hostname, addr, managerAddr] = onManager("node", "inspect", "-f", "{{.Description.Hostname}} {{.Status.Addr}} {{if .ManagerStatus}}{{.ManagerStatus.Addr}}{{end}}", nodeId).trim().split(" ");
        return { containerId, address: addr === "0.0.0.0" && managerAddr ? managerAddr.split(":")[0] : addr, nodeFlags: managerFlags({ ...engine(), manager: nodeEndpoints[hostname] }) };
    };
    /** Where a peer's task published 7051: its node's address and the port Docker chose there. */
    const peerAddress = (serviceName: string) => {
        const task = runningTask(serviceName);
        const published = docker(...task.nodeFlags, "port", task.containerId, "7051/tcp").trim().split("\n")[0];
        return `${task.address}:${published.split(":").pop()}`;
    };
    /** peerAddress, or undefined while the peer has no running task (its node lost). */
    const peerAddressNow = (serviceName: string) => {
        try {
            return peerAddress(serviceName);
        } catch {
            return undefined;
        }
    };
    /**
     * A stack file of the dev network (or of `base`'s) on this swarm, `over` on top. The nodes pull every image from the swarm's
     * registry, by digest; the chaincode's image the program builds from its source and pushes there itself
     * (engine.registry: this host pushes to the registry's loopback port, the nodes pull from its address on their
     * bridge); engine.nodes lets destroy remove the volumes.
     */
    function writeNetworkStack(stack: string, over: Record<string, unknown>, base = "dev") {
        pushNetworkImages();
        const cfg = swarmStackConfig(base, devOnSwarm());
        writeStackFile(
            stack,
            {
                images: { ...(cfg.images as object), ...images },
                engine: devOnSwarm({ registry: { push: `127.0.0.1:${REGISTRY_PUSH_PORT}`, pull: registryAddress }, nodes: nodeEndpoints }),
                ports: { publish: true },
                ...over,
            },
            base,
        );
    }
    /** Every node of a network as a service: each task running on the node the placement chose. */
    function assertPlaced(net: NetworkSpec, nodes: readonly Node[]) {
        const placement = placeNetwork(net, {}, readSwarm(engine()), manager);
        for (const node of nodes) {
            const task = taskOf(node.serviceName);
            assert.equal(task.node, placement.byContainer.get(node.containerName), `${node.hostname} on its node`);
            assert.match(task.state, /^Running /, node.hostname);
        }
    }
    /** After destroy: no service, secret or network of the stack on the swarm, no volume of it on any node. */
    function assertGone(net: NetworkSpec) {
        assert.equal(onManager("service", "ls", "-q", "--filter", `label=fabric-network.stack=${net.names.prefix}`).trim(), "");
        assert.equal(onManager("secret", "ls", "-q", "--filter", `label=fabric-network.stack=${net.names.prefix}`).trim(), "");
        assert.equal(onManager("network", "ls", "-q", "--filter", `name=${net.names.network}`).trim(), "");
        for (const node of NODES) {
            assert.equal(docker("exec", nodeContainer(node), "docker", "volume", "ls", "-q", "--filter", `name=${net.names.prefix}-`).trim(), "", `no volume of the stack on ${node}`);
        }
    }
    /** The network's images as the nodes pull them (pushed once, for every network of the suite). */
    const images: Record<string, string> = {};
    function pushNetworkImages() {
        if (Object.keys(images).length) return;
        const t0 = Date.now();
        for (const [key, image] of Object.entries(NETWORK_IMAGES)) images[key] = swarmScript("push", image).trim();
        report.networkImagesPushSeconds = seconds(t0);
    }

    before(() => {
        fs.mkdirSync(path.join(ROOT, "reports"), { recursive: true });
        swarmScript("down");
        const t0 = Date.now();
        const out = swarmScript("up", "3");
        report.swarmUpSeconds = seconds(t0);
        manager = /^SWARM_MANAGER=(.*)$/m.exec(out)![1];
        registryAddress = /^SWARM_REGISTRY=(.*)$/m.exec(out)![1];
        nodeEndpoints = Object.fromEntries(/^SWARM_NODES=(.*)$/m.exec(out)![1].split(",").map((e) => e.split("=")));
        certPath = /^SWARM_CERTS=(.*)$/m.exec(out)![1];
        // The nodes have no image of their own: the services pull it from the swarm's registry, by digest.
        const t1 = Date.now();
        pulled = swarmScript("push", IMAGE).trim();
        report.imagePushSeconds = seconds(t1);
    });

    after(() => {
        fs.writeFileSync(path.join(ROOT, "reports", "swarm.json"), JSON.stringify(report, null, 2));
        spawnSync("bash", [path.join(ROOT, "scripts", "pulumi.sh"), "destroy", "--yes", "--skip-preview", "--stack", STACK], { cwd: CHECK_DIR });
        spawnSync("bash", [path.join(ROOT, "scripts", "pulumi.sh"), "stack", "rm", "--yes", "--force", STACK], { cwd: CHECK_DIR });
        fs.rmSync(path.join(CHECK_DIR, `Pulumi.${STACK}.yaml`), { force: true });
        pulumi("stack", "rm", "--yes", "--force", STACK);
        fs.rmSync(path.join(ROOT, `Pulumi.${STACK}.yaml`), { force: true });
        swarmScript("down");
        assert.deepEqual(docker("ps", "-a", "--filter", "label=fabric-network.swarm=fabric-swarm", "--format", "{{.Names}}").trim(), "", "no node container left");
    });

    it("the image pushed to the swarm's registry and named by digest; no node has it yet", () => {
        assert.match(pulled, /^10\.213\.7\.10:5000\/fabric-network\/base@sha256:[0-9a-f]{64}$/);
        for (const node of NODES) assert.equal(docker("exec", nodeContainer(node), "docker", "images", "-q").trim(), "", `${node} has no image`);
    });

    it("reads the swarm through the manager's TLS endpoint: three Ready, Active nodes, node1 the manager, none labelled; without TLS the endpoint refuses", () => {
        const expected: SwarmNode[] = NODES.map((hostname) => ({ hostname, status: "Ready", availability: "Active", manager: hostname === "node1", labels: {} }));
        assert.deepEqual(readSwarm(engine()), expected);
        const plain = dockerOk("-H", manager, "node", "ls");
        assert.notEqual(plain.status, 0);
        assert.match(plain.stderr, /Client sent an HTTP request to an HTTPS server/);
    });

    it("the dev shape placed by default, each cluster over the three nodes; the program refuses images a swarm cannot pull by digest, before any resource, then previews the network as services", () => {
        const spec = loadSpec(swarmStackConfig("dev", devOnSwarm()), { project: PROJECT, stack: STACK, projectDir: ROOT });
        const p = placeNetwork(spec, {}, readSwarm(engine()), manager);
        assert.deepEqual(p.problems, []);
        assert.deepEqual(spec.kafka.brokers.map((b) => p.rackOf(b.brokerId)), ["node1", "node2", "node3", "node1"]);
        writeStackFile(STACK, { engine: devOnSwarm() });
        pulumi("stack", "init", STACK);
        const refused = pulumi("preview", "--stack", STACK);
        assert.notEqual(refused.status, 0);
        assert.match(refused.out, /images\.orderer \("fabric-network\/fabric-orderer:2\.5\.12"\) must name a registry and a digest on a swarm/);
        assert.match(refused.out, /chaincodes\[0\]\.source \("chaincode\/example02"\) needs engine\.registry on a swarm/);
        assert.doesNotMatch(refused.out, /docker:index|command:local/, "no resource but the stack itself in the plan");
        writeStackFile(STACK, onSwarm({}));
        const t0 = Date.now();
        const r = pulumi("preview", "--stack", STACK);
        report.programPreviewSeconds = seconds(t0);
        assert.equal(r.status, 0, r.out.slice(-3000));
        assert.equal((r.out.match(/\+ +docker:index:Service /g) ?? []).length, 17, "every node a service in the plan");
        assert.doesNotMatch(r.out, /docker:index:Container /);
    });

    it("node labels in the placement: node2 and node3 labelled through the manager, the label stands for them (Org1's peers there), and preview passes; a label no node has is refused before any resource", () => {
        const LABEL = "fabric-network.test=peers";
        for (const node of ["node2", "node3"]) onManager("node", "update", "--label-add", LABEL, node);
        try {
            const swarm = readSwarm(engine());
            assert.deepEqual(swarm.filter((n) => n.labels?.["fabric-network.test"] === "peers").map((n) => n.hostname).sort(), ["node2", "node3"]);
            const spec = loadSpec(swarmStackConfig("dev", devOnSwarm()), { project: PROJECT, stack: STACK, projectDir: ROOT });
            const p = placeNetwork(spec, { orgs: { Org1: [LABEL] } }, swarm, manager);
            assert.deepEqual(p.problems, []);
            assert.deepEqual(spec.orgs[0].peers.map((n) => p.byContainer.get(n.containerName)), ["node2", "node3"]);
            writeStackFile(STACK, onSwarm({ placement: { orgs: { Org1: [LABEL] } } }));
            const r = pulumi("preview", "--stack", STACK);
            assert.equal(r.status, 0, r.out.slice(-3000));
            writeStackFile(STACK, onSwarm({ placement: { orgs: { Org1: ["fabric-network.test=none"] } } }));
            const refused = pulumi("preview", "--stack", STACK);
            assert.notEqual(refused.status, 0);
            assert.ok(refused.out.includes('engine.placement.orgs.Org1[0] ("fabric-network.test=none") is a node label no Ready, Active node of the swarm at'), refused.out.slice(-3000));
            assert.doesNotMatch(refused.out, /docker:index|command:local/, "refused before any resource");
        } finally {
            for (const node of ["node2", "node3"]) onManager("node", "update", "--label-rm", "fabric-network.test", node);
        }
    });

    it("a node lost (node3's Docker stopped): the manager reports it Down, the default placement over the two left is refused, and so is a placement naming node3; node3 back: Ready", async () => {
        docker("stop", "-t", "1", nodeContainer("node3"));
        report.nodeDownSeenSeconds = await untilNode("node3", "Down");
        const spec = loadSpec(swarmStackConfig("dev", devOnSwarm()), { project: PROJECT, stack: STACK, projectDir: ROOT });
        const problems = placeNetwork(spec, {}, readSwarm(engine()), manager).problems;
        assert.deepEqual(problems.map((p) => p.slice(0, p.indexOf(":"))), [
            'engine.placement.zookeeper (not set',
            'engine.placement.kafka (not set',
        ]);
        assert.match(problems[0], /puts 2 of the 3 ZooKeeper nodes on node1 \(2 swarm nodes in all\): losing node1 leaves 1 of 3, not a majority \(2\)/);
        assert.match(problems[1], /losing node1 leaves 1 of a channel's 3 replicas \(kafka\.replicationFactor\) on 2 racks, fewer than kafka\.minInsyncReplicas \(2\)/);
        writeStackFile(STACK, onSwarm({ placement: { zookeeper: NODES } }));
        const r = pulumi("preview", "--stack", STACK);
        assert.notEqual(r.status, 0);
        assert.ok(r.out.includes('engine.placement.zookeeper[2] ("node3") is Down, Active: it cannot take tasks; start its Docker daemon again, or name a Ready, Active node'), r.out.slice(-3000));
        assert.doesNotMatch(r.out, /docker:index|command:local/, "refused before any resource");
        docker("start", nodeContainer("node3"));
        report.nodeReadyAgainSeconds = await untilNode("node3", "Ready");
    });

    describe("the docker plugin's swarm resources through the real engine (swarm-check/)", () => {
        const check = (...args: string[]) => {
            const r = spawnSync("bash", [path.join(ROOT, "scripts", "pulumi.sh"), ...args], { cwd: CHECK_DIR, encoding: "utf8", maxBuffer: 64 << 20, timeout: 600_000, killSignal: "SIGKILL" });
            return { status: r.status, out: r.stdout + r.stderr, stdout: r.stdout };
        };
        const checkOk = (...args: string[]) => {
            const r = check(...args);
            assert.equal(r.status, 0, pulumiFailure(args, r.out));
            return r;
        };
        const configure = (message: string) =>
            fs.writeFileSync(
                path.join(CHECK_DIR, `Pulumi.${STACK}.yaml`),
                stringify({ config: Object.fromEntries(Object.entries({ manager, certPath, message, image: pulled, nodeOne: "node2", nodeTwo: "node3" }).map(([k, v]) => [`${CHECK_PROJECT}:${k}`, v])) }),
            );
        /** Where each service's task runs, and its state. */
        const tasks = () => onManager("service", "ps", "sc-swarm-one", "sc-swarm-two", "--filter", "desired-state=running", "--format", "{{.Name}} {{.Node}} {{.CurrentState}}").trim().split("\n").sort();
        /** Runs `cmd` in the service's running task container, on the node that runs it. */
        const inTask = (node: string, service: string, ...cmd: string[]) => {
            const id = docker("exec", nodeContainer(node), "docker", "ps", "-q", "--filter", `label=com.docker.swarm.service.name=${service}`).trim();
            assert.ok(id, `${service} has a running task on ${node}`);
            return docker("exec", nodeContainer(node), "docker", "exec", id, ...cmd).trim();
        };
        async function untilHealthy(node: string, service: string) {
            const t0 = Date.now();
            while (dockerOk("exec", nodeContainer(node), "docker", "ps", "-q", "--filter", `label=com.docker.swarm.service.name=${service}`, "--filter", "health=healthy").stdout.trim() === "") {
                if (seconds(t0) > NODE_STATE_MAX_S) assert.fail(`${service} on ${node} not healthy after ${NODE_STATE_MAX_S} s`);
                await sleep(1);
            }
        }

        before(() => {
            check("stack", "rm", "--yes", "--force", STACK);
            configure("hello");
            checkOk("stack", "init", STACK);
        });

        it("up: an overlay network, a secret and a config, two services each on its node, dnsrr, the second finds the first by its dotted alias", async () => {
            const t0 = Date.now();
            const r = checkOk("up", "--yes", "--skip-preview", "--stack", STACK);
            report.checkUpSeconds = seconds(t0);
            assert.match(r.out, /\+ 7 created/);
            assert.deepEqual(tasks().map((t) => t.split(" ").slice(0, 2).join(" ")), ["sc-swarm-one.1 node2", "sc-swarm-two.1 node3"]);
            assert.equal(onManager("service", "inspect", "-f", "{{.Spec.EndpointSpec.Mode}} {{json .Spec.TaskTemplate.Placement.Constraints}}", "sc-swarm-one").trim(), 'dnsrr ["node.hostname==node2"]');
            await untilHealthy("node2", "sc-swarm-one");
            // two's health check waits for one.check to resolve: from node3, over the overlay.
            await untilHealthy("node3", "sc-swarm-two");
            assert.equal(inTask("node2", "sc-swarm-one", "cat", "/data/message"), "hello");
            assert.equal(inTask("node2", "sc-swarm-one", "stat", "-c", "%a", "/run/secrets/node.key"), "400");
            assert.match(inTask("node3", "sc-swarm-two", "getent", "hosts", "one.check"), /^10\.\d+\.\d+\.\d+\s+one\.check/);
            // Each node pulled the image from the registry by its digest.
            assert.equal(onManager("service", "inspect", "-f", "{{.Spec.TaskTemplate.ContainerSpec.Image}}", "sc-swarm-one").trim(), pulled);
            assert.equal(docker("exec", nodeContainer("node2"), "docker", "images", "--digests", "--format", "{{.Repository}}@{{.Digest}}").trim(), pulled);
        });

        it("a second up changes nothing", () => {
            const t0 = Date.now();
            assert.match(checkOk("up", "--yes", "--skip-preview", "--expect-no-changes", "--stack", STACK).out, /7 unchanged/);
            report.checkNoOpSeconds = seconds(t0);
        });

        it("a changed file: a new config and secret (by name), the services updated in place to them, the old ones removed", async () => {
            const ids = onManager("service", "inspect", "-f", "{{.ID}}", "sc-swarm-one", "sc-swarm-two").trim();
            configure("bye");
            const t0 = Date.now();
            const r = checkOk("up", "--yes", "--skip-preview", "--stack", STACK);
            report.checkChangeSeconds = seconds(t0);
            assert.match(r.out, /~ 2 updated/);
            assert.match(r.out, /\+-2 replaced/);
            assert.equal(onManager("service", "inspect", "-f", "{{.ID}}", "sc-swarm-one", "sc-swarm-two").trim(), ids, "the same services");
            await untilHealthy("node2", "sc-swarm-one");
            assert.equal(inTask("node2", "sc-swarm-one", "cat", "/etc/check/message"), "bye");
            assert.deepEqual(onManager("config", "ls", "--format", "{{.Name}}").trim().split("\n"), [JSON.parse(checkOk("stack", "output", "configName", "--json", "--stack", STACK).stdout)]);
        });

        it("destroy: no service, secret, config or overlay network left on the swarm; the services' named volumes stay on their nodes", () => {
            const t0 = Date.now();
            checkOk("destroy", "--yes", "--skip-preview", "--stack", STACK);
            report.checkDestroySeconds = seconds(t0);
            assert.equal(onManager("service", "ls", "-q").trim(), "");
            assert.equal(onManager("secret", "ls", "-q").trim(), "");
            assert.equal(onManager("config", "ls", "-q").trim(), "");
            assert.equal(onManager("network", "ls", "--filter", "name=sc-swarm-net", "-q").trim(), "");
            // Swarm removes a service, not the volumes its tasks made on their nodes: removing those needs each
            // node's endpoint (docs/swarm.md); here the swarm's removal takes them.
            assert.equal(docker("exec", nodeContainer("node2"), "docker", "volume", "ls", "-q").trim(), "sc-swarm-one-data");
            assert.equal(docker("exec", nodeContainer("node3"), "docker", "volume", "ls", "-q").trim(), "sc-swarm-two-data");
        });
    });

    describe("the dev network on the swarm, through the real engine", { skip: networkSkip }, () => {
        const NET = "swarmnet";
        const net = loadSpec(swarmStackConfig("dev", { manager: "tcp://0.0.0.0:1" }), { project: PROJECT, stack: NET, projectDir: ROOT });
        const services = () => allNodes(net);
        /** The ZooKeeper CLI in a container of its own on the stack's overlay, through the manager (as the replicas step runs it). */
        const zk = (...args: string[]) =>
            onManager("run", "--rm", "--network", net.names.network, "--entrypoint", "java", images.zookeeper, "-cp", "/opt/kafka/libs/*", "org.apache.zookeeper.ZooKeeperMain", "-server", net.zookeeper.connect, ...args)
                .split("\n")
                .filter((l) => l.startsWith("{") || l.startsWith("["))
                .pop() ?? "";
        const ids = () => onManager("service", "ls", "-q", "--filter", `label=fabric-network.stack=${net.names.prefix}`).trim().split("\n").sort();
        /** The network as its stack file has it now: `net`, and channel4 once it is added (a channel stays). */
        let current = net;

        before(() => {
            removeStack(NET);
            // The nodes pull every image from the swarm's registry, by digest; the chaincode's image the program
            // builds from its source and pushes there itself (engine.registry: this host pushes to the registry's
            // loopback port, the nodes pull from its address on their bridge).
            writeNetworkStack(NET, {});
            pulumiOk("stack", "init", NET);
        });
        after(() => removeStack(NET));

        it("up: every node a service, each on the node the placement chose, its task running; nothing on this host", () => {
            const t0 = Date.now();
            const r = pulumiOk("up", "--yes", "--skip-preview", "--stack", NET);
            report.networkUpSeconds = seconds(t0);
            assert.match(r.out, /\+ \d+ created/);
            assertPlaced(net, services());
            assert.deepEqual(
                services().map((n) => taskOf(n.serviceName).node).reduce((c: Record<string, number>, n) => ({ ...c, [n]: (c[n] ?? 0) + 1 }), {}),
                { node1: 7, node2: 6, node3: 3 },
            );
            assert.equal(docker("ps", "-q", "--filter", `label=fabric-network.stack=${net.names.prefix}`).trim(), "", "no container of the stack on this host");
            // Each peer's kernel gives a silent node up within the keepalive's bound (render/containers.ts
            // peerSysctls); the other nodes keep Linux's 15 and 6. Read in the running task, through its node's daemon.
            const retries = (n: Node) => {
                const task = runningTask(n.serviceName);
                return docker(...task.nodeFlags, "exec", task.containerId, "cat", "/proc/sys/net/ipv4/tcp_retries2", "/proc/sys/net/ipv4/tcp_syn_retries").trim().split("\n").join(" ");
            };
            const peers = net.orgs.flatMap((o) => o.peers);
            assert.deepEqual(peers.map(retries), peers.map(() => "5 3"));
            assert.deepEqual([net.orderer.nodes[0], net.kafka.brokers[0], net.zookeeper.nodes[0]].map(retries), ["15 6", "15 6", "15 6"]);
        });

        it("each broker's rack is its node, as ZooKeeper has it; channel1's partition has its 3 replicas on 3 nodes", () => {
            const placement = placeNetwork(net, {}, readSwarm(engine()), manager);
            const rackOf = (id: number) => JSON.parse(zk("get", `/brokers/ids/${id}`)).rack as string;
            assert.deepEqual(net.kafka.brokers.map((b) => rackOf(b.brokerId)), ["node1", "node2", "node3", "node1"]);
            assert.deepEqual(net.kafka.brokers.map((b) => rackOf(b.brokerId)), net.kafka.brokers.map((b) => placement.rackOf(b.brokerId)));
            const replicas = JSON.parse(zk("get", "/brokers/topics/channel1")).partitions["0"] as number[];
            assert.equal(replicas.length, 3);
            assert.equal(new Set(replicas.map(rackOf)).size, 3, `channel1's replicas ${replicas} on three racks`);
        });

        it("the seed's test through the gateway, at the node and port peer0.org1's task published: 100, move 1, 101, 199", async () => {
            const org1 = net.orgs[0];
            const address = peerAddress(org1.peers[0].serviceName);
            report.networkInvokeSeconds = await withContract(
                { stack: NET, prefix: net.names.prefix, org: org1.name, peerHost: org1.peers[0].hostname, channel: "channel1", chaincode: "mycc", address },
                seedTest,
            );
        });

        it("a second up changes nothing", () => {
            const t0 = Date.now();
            const r = pulumi("up", "--yes", "--skip-preview", "--expect-no-changes", "--stack", NET);
            report.networkNoOpSeconds = seconds(t0);
            // Seen once in CI (3 updated, 3 replaced, not seen again): name each resource and what differs.
            const changed = (out: string) => out.split("\n").filter((l) => /\[diff: |^\s+[~+-]+\s+\S+:\S+ /.test(l)).join("\n");
            assert.equal(r.status, 0, `the no-op up proposed changes:\n${changed(r.out)}\npreview --diff now:\n${pulumi("preview", "--diff", "--stack", NET).out.slice(-6000)}`);
            assert.match(r.out, /\d+ unchanged/);
        });

        it("the up's record names the swarm's cluster ID and each node's placement; with another swarm's ID in it, preview is refused naming both and what to do, and the record is left as it was", () => {
            const file = path.join(net.paths.artifactsDir, APPLIED_FILE);
            const text = fs.readFileSync(file, "utf8");
            const id = onManager("info", "--format", "{{.Swarm.Cluster.ID}}").trim();
            assert.equal(JSON.parse(text).swarmId, id);
            const placed = placeNetwork(net, {}, readSwarm(engine()), manager).byContainer;
            assert.deepEqual(new Map(Object.entries(JSON.parse(text).placement)), placed, "and where the up put each node (the next up keeps them there)");
            const other = "0therswarm0id0000000000000";
            fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(text), swarmId: other }));
            try {
                const r = pulumi("preview", "--stack", NET);
                assert.notEqual(r.status, 0, "preview refused");
                assert.match(r.out, new RegExp(`engine\\.manager \\("tcp://[^"]+"\\) is a manager of another swarm \\(cluster ID ${id}\\) than the one this network runs on \\(${other}\\)`));
                assert.match(r.out, new RegExp(`name a manager of the swarm ${other}`));
                assert.equal(JSON.parse(fs.readFileSync(file, "utf8")).swarmId, other, "nothing ran");
            } finally {
                fs.writeFileSync(file, text);
            }
        });

        it("batchTimeout 2s → 1s: read back from every channel, no service replaced or updated", () => {
            const before = ids();
            const tasks = services().map((n) => onManager("service", "ps", "-q", n.serviceName, "--filter", "desired-state=running").trim());
            const dev = parse(fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8")).config["fabric-network:orderer"];
            const file = path.join(ROOT, `Pulumi.${NET}.yaml`);
            const doc = parse(fs.readFileSync(file, "utf8"));
            doc.config["fabric-network:orderer"] = { ...dev, batchTimeout: "1s" };
            fs.writeFileSync(file, stringify(doc));
            const t0 = Date.now();
            const r = pulumiOk("up", "--yes", "--skip-preview", "--stack", NET);
            report.networkConfigChangeSeconds = seconds(t0);
            assert.doesNotMatch(r.out, /docker:index:Service .*(replaced|updated)/);
            const configs = JSON.parse(pulumiOk("stack", "output", "channelConfigs", "--json", "--stack", NET).stdout) as { channel: string; live: { batchTimeout: string } }[];
            assert.deepEqual(configs.map((c) => [c.channel, c.live.batchTimeout]), ["system-channel", "channel1", "channel2", "channel3"].map((c) => [c, "1s"]));
            assert.deepEqual(ids(), before, "the same services");
            assert.deepEqual(services().map((n) => onManager("service", "ps", "-q", n.serviceName, "--filter", "desired-state=running").trim()), tasks, "the same tasks");
        });

        /** Every peer of every channel's orgs, by its published port, reports one height per channel (bounded from t0). */
        async function untilEqualHeights(t0: number, spec: NetworkSpec = net): Promise<number> {
            const profiles = stackOutput(NET, "connectionProfiles");
            const identities = stackOutput(NET, "identities");
            const byName = new Map(spec.orgs.map((o) => [o.name, o]));
            /** The last error of each peer and channel without a height, for the failure's message. */
            const errors = new Map<string, string>();
            for (;;) {
                errors.clear();
                const perChannel = await Promise.all(
                    spec.channels.map((c) =>
                        Promise.all(
                            c.orgs.flatMap((name) =>
                                byName.get(name)!.peers.map((p) =>
                                    chainHeight(peerAddressNow(p.serviceName), profiles[name].peers[p.hostname] as ProfilePeer, identities[name] as Identity, c.name).catch((e: Error) => {
                                        errors.set(`${p.hostname} ${c.name}`, e.message);
                                        return undefined;
                                    }),
                                ),
                            ),
                        ),
                    ),
                );
                const differ = spec.channels.filter((_, i) => perChannel[i][0] === undefined || !perChannel[i].every((h) => h === perChannel[i][0]));
                if (!differ.length) return seconds(t0);
                if (seconds(t0) > NODE_LOSS.backMaxS) assert.fail(`heights still differ: ${differ.map((c) => `${c.name} ${perChannel[spec.channels.indexOf(c)]}`).join("; ")}; ${JSON.stringify([...errors])}`);
                await sleep(2);
            }
        }

        /**
         * One whole node killed under load from Org1's gateway clients and left down NODE_LOSS.downS: ordering resumes
         * within its bound, every transaction is resolved by ID, none lost; the node started again, its tasks run on it
         * and every peer has its channels' heights. `address` is where a peer is reached while the node is down.
         * `whileDown` runs with the node still down, once the load has stopped. Figures go to the report under `key`.
         */
        async function nodeLoss(lost: string, key: string, address: (serviceName: string) => () => string | undefined, whileDown: () => Promise<void> = async () => {}) {
            const org1 = net.orgs[0];
            const identity = stackOutput(NET, "identities")[org1.name] as Identity;
            const profiles = stackOutput(NET, "connectionProfiles");
            const peers: PeerTarget[] = org1.peers.map((p) => ({ host: p.hostname, address: address(p.serviceName), profile: profiles[org1.name].peers[p.hostname] as ProfilePeer }));
            const load = new Load({ channel: "channel1", chaincode: "mycc", identity, peers, clients: NODE_LOSS.clients, keyPrefix: key, endorseMs: 10_000, submitMs: 2 * net.peer.gatewayBroadcastTimeoutMs + 5000, commitMs: 60_000 });
            const onLost = services().filter((n) => taskOf(n.serviceName).node === lost);
            assert.ok(onLost.length > 0, `${lost} runs some of the network`);
            try {
                await load.open(NODE_LOSS.open);
                load.start(NODE_LOSS.maxTx, NODE_LOSS.warmS + NODE_LOSS.downS + 60);
                await sleep(NODE_LOSS.warmS);
                const killedAt = Date.now();
                docker("kill", nodeContainer(lost));
                let records;
                try {
                    await sleep(NODE_LOSS.downS);
                    records = await load.stop();
                    await whileDown();
                } finally {
                    docker("start", nodeContainer(lost));
                }
                // Resumed: the first transaction started after the kill that committed.
                const firstAfter = Math.min(...records.filter((r) => r.started >= killedAt && r.outcome === "committed").map((r) => r.ended));
                assert.ok(Number.isFinite(firstAfter), `a transaction started after the kill committed: ${JSON.stringify(records.slice(-5))}`);
                const resumed = (firstAfter - killedAt) / 1000;
                report[`${key}ResumedSeconds`] = resumed;

                report[`${key}ReadySeconds`] = await untilNode(lost, "Ready");
                const t0 = Date.now();
                for (const n of onLost) {
                    while (!/^Running /.test(taskOf(n.serviceName).state) || taskOf(n.serviceName).node !== lost) {
                        if (seconds(t0) > NODE_LOSS.backMaxS) assert.fail(`${n.hostname} not running on ${lost} again after ${NODE_LOSS.backMaxS} s: ${JSON.stringify(taskOf(n.serviceName))}`);
                        await sleep(2);
                    }
                }
                report[`${key}TasksBackSeconds`] = seconds(t0);
                report[`${key}EqualHeightsSeconds`] = await untilEqualHeights(t0);

                // Once the ledgers agree, every transaction without an answer resolved by its ID; each client's keys
                // moved by exactly the transactions that committed: none lost, none twice.
                const moved = Array(NODE_LOSS.clients).fill(0);
                let ambiguous = 0;
                for (const r of records) {
                    if (r.outcome === "ambiguous") {
                        ambiguous++;
                        if ((await load.validationCode("channel1", r.txId)) === 0) moved[r.client]++;
                    } else if (r.outcome === "committed") moved[r.client]++;
                }
                Object.assign(report, { [`${key}Transactions`]: records.length, [`${key}Committed`]: moved.reduce((a, b) => a + b, 0), [`${key}Ambiguous`]: ambiguous });
                assert.deepEqual(await load.balances(), moved.map((m) => [NODE_LOSS.open - m, NODE_LOSS.open + m]));
                assert.ok(moved.every((m) => m > 0), `every client committed under the loss: ${moved}`);
                // Checked last, once the node is back: a slow resumption fails this test only, not the ones after it.
                assert.ok(resumed <= NODE_LOSS.resumeMaxS, `ordering resumed ${resumed} s after ${lost} was lost`);
            } finally {
                load.close();
            }
        }

        it("a whole worker node (node2) killed under load and left down: ordering resumes within 30 s, every transaction resolved by ID, 0 lost; node2 back: its tasks run again and every peer has its channels' heights", async () => {
            await nodeLoss("node2", "nodeLoss", (serviceName) => () => peerAddressNow(serviceName));
        });

        it("the manager node (node1) killed under load: the network goes on (ordering resumes within 30 s, 0 lost) but cannot be changed: preview is refused, naming the manager and what to do; node1 back: its tasks run again, every height equal, and the stack has no change", async () => {
            // With its only manager down the swarm cannot be asked where a task runs: the clients use the addresses
            // the peers had before (a peer on node1 fails over to the next).
            const known = new Map(net.orgs[0].peers.map((p) => [p.serviceName, peerAddress(p.serviceName)]));
            await nodeLoss("node1", "managerLoss", (serviceName) => () => known.get(serviceName), async () => {
                const t0 = Date.now();
                const r = pulumi("preview", "--stack", NET);
                report.managerLossPreviewRefusedSeconds = seconds(t0);
                assert.notEqual(r.status, 0, "preview with the manager down fails");
                assert.match(r.out, /engine\.manager \("tcp:\/\/[^"]+"\): the swarm's manager does not answer/);
                assert.match(r.out, /nothing can be changed until it is back/);
            });
            const t0 = Date.now();
            pulumiOk("preview", "--expect-no-changes", "--stack", NET);
            report.managerBackPreviewSeconds = seconds(t0);
        });

        it("an org added to the network and to channel1: its peer a service, in the consortium and the channel, serving the ledger and endorsing; then out of channel1, then out of the network: its service and secrets gone", async () => {
            const file = path.join(ROOT, `Pulumi.${NET}.yaml`);
            const base = parse(fs.readFileSync(file, "utf8"));
            const write = (orgs: unknown[], channels: unknown[]) => {
                const doc = parse(fs.readFileSync(file, "utf8"));
                doc.config["fabric-network:orgs"] = orgs;
                doc.config["fabric-network:channels"] = channels;
                fs.writeFileSync(file, stringify(doc));
            };
            const [orgs, channels] = [base.config["fabric-network:orgs"] as { name: string }[], base.config["fabric-network:channels"] as { name: string; orgs: string[] }[]];
            const withOrg4 = channels.map((c) => (c.name === "channel1" ? { ...c, orgs: [...c.orgs, ORG4.name] } : c));
            const org4Peer = `${net.names.prefix}-peer0-org4-example-com`;
            const before = ids();
            write([...orgs, ORG4], withOrg4);
            let t0 = Date.now();
            pulumiOk("up", "--yes", "--skip-preview", "--stack", NET);
            report.networkAddOrgSeconds = seconds(t0);
            assert.deepEqual(ids().filter((id) => !before.includes(id)).length, 1, "one new service: Org4's peer");
            assert.match(taskOf(org4Peer).state, /^Running /);
            const configs = JSON.parse(pulumiOk("stack", "output", "channelConfigs", "--json", "--stack", NET).stdout) as { channel: string; live: { orgs: string[] } }[];
            assert.deepEqual(configs.find((c) => c.channel === "channel1")!.live.orgs, ["Org1MSP", "Org4MSP"]);
            assert.ok(configs.find((c) => c.channel === "system-channel")!.live.orgs.includes("Org4MSP"));
            const at = (org: string, peerHost: string, service: string) => ({ stack: NET, prefix: net.names.prefix, org, peerHost, channel: "channel1", chaincode: "mycc", address: peerAddress(service) });
            // The new peer catches up on channel1's blocks: wait (bounded) until it reads a = 101.
            let seen = "";
            for (const deadline = Date.now() + 60_000; seen !== "101" && Date.now() < deadline; ) {
                seen = await withContract(at("Org4", "peer0.org4.example.com", org4Peer), async (c) => text(await c.evaluateTransaction("query", "a"))).catch(() => "");
                if (seen !== "101") await sleep(2);
            }
            assert.equal(seen, "101", "Org4's peer reads a");
            await withContract(at("Org4", "peer0.org4.example.com", org4Peer), (c) => c.submitTransaction("invoke", "b", "a", "1"));
            assert.equal(await withContract(at("Org1", "peer0.org1.example.com", net.orgs[0].peers[0].serviceName), async (c) => text(await c.evaluateTransaction("query", "a"))), "102");

            write([...orgs, ORG4], channels);
            pulumiOk("up", "--yes", "--skip-preview", "--stack", NET);
            write(orgs, channels);
            t0 = Date.now();
            pulumiOk("up", "--yes", "--skip-preview", "--stack", NET);
            report.networkRemoveOrgSeconds = seconds(t0);
            assert.deepEqual(ids(), before, "the network's services as before");
            assert.equal(onManager("secret", "ls", "-q", "--filter", "name=" + org4Peer).trim(), "", "Org4's secrets gone");
            const after = JSON.parse(pulumiOk("stack", "output", "channelConfigs", "--json", "--stack", NET).stdout) as { channel: string; live: { orgs: string[] } }[];
            assert.deepEqual(after.find((c) => c.channel === "channel1")!.live.orgs, ["Org1MSP"]);
            await withContract(at("Org1", "peer0.org1.example.com", net.orgs[0].peers[0].serviceName), (c) => c.submitTransaction("invoke", "b", "a", "1"));
        });

        it("a fifth broker, a third peer of Org1 and channel4 (Org2, Org3) added in one up: two new services, each on the node the placement chose, the broker's rack its node, every channel listing five brokers, every peer of every channel at one height; then the broker and the peer out again: every topic's replicas on the four kept brokers, their services and secrets gone", async () => {
            const file = path.join(ROOT, `Pulumi.${NET}.yaml`);
            const base = parse(fs.readFileSync(file, "utf8"));
            const keys = ["kafka", "orgs", "channels"].map((k) => `fabric-network:${k}`);
            const write = (values: unknown[]) => {
                const doc = parse(fs.readFileSync(file, "utf8"));
                keys.forEach((k, i) => (doc.config[k] = values[i]));
                fs.writeFileSync(file, stringify(doc));
            };
            const [kafka, orgs, channels] = keys.map((k) => base.config[k]) as [Record<string, unknown>, { name: string; peers: number }[], { name: string; orgs: string[] }[]];
            const grown = [
                { ...kafka, brokers: Number(kafka.brokers) + 1 },
                orgs.map((o) => (o.name === "Org1" ? { ...o, peers: o.peers + 1 } : o)),
                [...channels, { name: "channel4", orgs: ["Org2", "Org3"] }],
            ];
            const big = loadSpec({ ...swarmStackConfig("dev", { manager: "tcp://0.0.0.0:1" }), ...Object.fromEntries(keys.map((k, i) => [k.split(":")[1], grown[i]])) }, { project: PROJECT, stack: NET, projectDir: ROOT });
            const broker = big.kafka.brokers[big.kafka.brokers.length - 1];
            const peer = big.orgs[0].peers[big.orgs[0].peers.length - 1];
            const before = ids();
            write(grown);
            let t0 = Date.now();
            pulumiOk("up", "--yes", "--skip-preview", "--stack", NET);
            report.networkGrowSeconds = seconds(t0);
            assert.equal(ids().filter((id) => !before.includes(id)).length, 2, "two new services: the broker and the peer");
            assertPlaced(big, [broker, peer]);
            assert.equal(JSON.parse(zk("get", `/brokers/ids/${broker.brokerId}`)).rack, placeNetwork(big, {}, readSwarm(engine()), manager).rackOf(broker.brokerId));
            const liveOf = () => new Map((JSON.parse(pulumiOk("stack", "output", "channelConfigs", "--json", "--stack", NET).stdout) as { channel: string; live: { orgs: string[]; kafkaBrokers: string[] } }[]).map((c) => [c.channel, c.live]));
            const grownLive = liveOf();
            for (const channel of consensusChannels(big)) assert.deepEqual(grownLive.get(channel)!.kafkaBrokers, big.kafka.brokerEndpoints, `${channel}'s KafkaBrokers`);
            assert.deepEqual(grownLive.get("channel4")!.orgs, ["Org2MSP", "Org3MSP"]);
            // Every peer of every channel, the new peer and channel4's included, at its channel's height (bounded).
            report.networkGrowEqualHeightsSeconds = await untilEqualHeights(Date.now(), big);

            // channel4 stays (Fabric cannot delete a channel); the network's spec from here on has it.
            write([kafka, orgs, grown[2]]);
            current = loadSpec({ ...swarmStackConfig("dev", { manager: "tcp://0.0.0.0:1" }), channels: grown[2] }, { project: PROJECT, stack: NET, projectDir: ROOT });
            t0 = Date.now();
            pulumiOk("up", "--yes", "--skip-preview", "--stack", NET);
            report.networkShrinkSeconds = seconds(t0);
            assert.deepEqual(ids(), before, "the network's services as before");
            for (const gone of [broker, peer]) assert.equal(onManager("secret", "ls", "-q", "--filter", "name=" + gone.serviceName).trim(), "", `${gone.hostname}'s secrets gone`);
            const kept = new Set(net.kafka.brokers.map((b) => b.brokerId));
            for (const channel of consensusChannels(current)) {
                const replicas = JSON.parse(zk("get", `/brokers/topics/${channel}`)).partitions["0"] as number[];
                assert.equal(replicas.length, Number(kafka.replicationFactor), `${channel} keeps its replication factor`);
                assert.ok(replicas.every((b) => kept.has(b)), `${channel}'s replicas ${replicas} on the kept brokers`);
            }
            const shrunkLive = liveOf();
            for (const channel of consensusChannels(current)) assert.deepEqual(shrunkLive.get(channel)!.kafkaBrokers, current.kafka.brokerEndpoints, `${channel}'s KafkaBrokers`);
            const org1 = net.orgs[0];
            await withContract({ stack: NET, prefix: net.names.prefix, org: org1.name, peerHost: org1.peers[0].hostname, channel: "channel1", chaincode: "mycc", address: peerAddress(org1.peers[0].serviceName) }, (c) => c.submitTransaction("invoke", "b", "a", "1"));
        });

        it("Kafka → Raft by one config change (orderer.type etcdraft): every channel migrated, the orderer services restarted by the step; ZooKeeper's and Kafka's services and volumes gone; an invoke ordered by Raft; a second up is a no-op", async () => {
            const file = path.join(ROOT, `Pulumi.${NET}.yaml`);
            const doc = parse(fs.readFileSync(file, "utf8"));
            doc.config["fabric-network:orderer"] = { ...doc.config["fabric-network:orderer"], type: "etcdraft" };
            fs.writeFileSync(file, stringify(doc));
            const t0 = Date.now();
            pulumiOk("up", "--yes", "--skip-preview", "--stack", NET);
            report.networkMigrationSeconds = seconds(t0);
            assert.equal(stackOutput(NET, "consensus"), `migrated to etcdraft: ${consensusChannels(current).join(" ")}`);
            const names = onManager("service", "ls", "--format", "{{.Name}}", "--filter", `label=fabric-network.stack=${net.names.prefix}`).trim().split("\n");
            assert.deepEqual(names.filter((n) => /zookeeper|kafka/.test(n)), [], "no ZooKeeper or Kafka service");
            assert.equal(names.filter((n) => /orderer/.test(n)).length, net.orderer.nodes.length);
            for (const node of NODES) {
                const volumes = docker("exec", nodeContainer(node), "docker", "volume", "ls", "-q", "--filter", `name=${net.names.prefix}-`).trim();
                assert.doesNotMatch(volumes, /zookeeper|kafka/, `no ZooKeeper or Kafka volume on ${node}`);
            }
            const org1 = net.orgs[0];
            const at = { stack: NET, prefix: net.names.prefix, org: org1.name, peerHost: org1.peers[0].hostname, channel: "channel1", chaincode: "mycc", address: peerAddress(org1.peers[0].serviceName) };
            const a = async () => Number(await withContract(at, async (c) => text(await c.evaluateTransaction("query", "a"))));
            const before = await a();
            await withContract(at, (c) => c.submitTransaction("invoke", "b", "a", "1"));
            assert.equal(await a(), before + 1);
            const t1 = Date.now();
            assert.match(pulumiOk("up", "--yes", "--skip-preview", "--expect-no-changes", "--stack", NET).out, /\d+ unchanged/);
            report.networkRaftNoOpSeconds = seconds(t1);
        });

        it("destroy: no service, secret or network of the stack left on the swarm, and no volume on any node", () => {
            const t0 = Date.now();
            pulumiOk("destroy", "--yes", "--skip-preview", "--stack", NET);
            report.networkDestroySeconds = seconds(t0);
            assertGone(net);
        });
    });
    describe("a Raft network on the swarm from the start (Pulumi.raft.yaml's shape)", { skip: networkSkip }, () => {
        const RAFT = "swarmraft";
        const net = loadSpec(swarmStackConfig("raft", { manager: "tcp://0.0.0.0:1" }), { project: PROJECT, stack: RAFT, projectDir: ROOT });

        before(() => {
            removeStack(RAFT);
            writeNetworkStack(RAFT, {}, "raft");
            pulumiOk("stack", "init", RAFT);
        });
        after(() => removeStack(RAFT));

        it("up: the orderers and peers as services, each on the node the placement chose, no ZooKeeper or Kafka; the consensus step finds every channel on etcdraft; the seed's test through the gateway", async () => {
            const t0 = Date.now();
            pulumiOk("up", "--yes", "--skip-preview", "--stack", RAFT);
            report.raftUpSeconds = seconds(t0);
            assert.deepEqual(allNodes(net).map((n) => n.hostname).filter((h) => /zookeeper|kafka/.test(h)), []);
            assertPlaced(net, allNodes(net));
            assert.equal(onManager("service", "ls", "-q", "--filter", `label=fabric-network.stack=${net.names.prefix}`).trim().split("\n").length, allNodes(net).length + 1, "the nodes and the chaincode's service");
            assert.equal(stackOutput(RAFT, "consensus"), `every channel on etcdraft: ${consensusChannels(net).join(" ")}`);
            const org1 = net.orgs[0];
            report.raftInvokeSeconds = await withContract(
                { stack: RAFT, prefix: net.names.prefix, org: org1.name, peerHost: org1.peers[0].hostname, channel: "channel1", chaincode: "mycc", address: peerAddress(org1.peers[0].serviceName) },
                seedTest,
            );
        });

        it("destroy: no service, secret or network of the stack left on the swarm, and no volume on any node", () => {
            const t0 = Date.now();
            pulumiOk("destroy", "--yes", "--skip-preview", "--stack", RAFT);
            report.raftDestroySeconds = seconds(t0);
            assertGone(net);
        });
    });
    describe("a secured network on the swarm (kafka.tls, kafka.sasl, zookeeper.tls, operations.tls, tls.clientAuthRequired) and its bad actors", { skip: networkSkip }, () => {
        const SEC = "swarmsec";
        /** kafka.sasl's password: new each run, given to the stack only as a secret. */
        const password = testPassword();
        const net = loadSpec({ ...swarmStackConfig("dev", { manager: "tcp://0.0.0.0:1" }), ...SECURED, kafkaSaslPassword: password }, { project: PROJECT, stack: SEC, projectDir: ROOT });
        const serviceOf = new Map(networkNodes(net).map((n) => [n.hostname, n.serviceName]));
        const cases: BadActorCase[] = [];
        let upOut = "";
        const prober = `${net.names.prefix}-probe`;
        let proberUp = false;
        /**
         * A client on the stack's overlay: one container of the Kafka image made through the manager on its node,
         * the crypto tree copied in at /crypto (no path of this machine is mounted on a node), each case a
         * `docker exec` in it; removed after the suite.
         */
        const client = async (script: string): Promise<string> => {
            if (!proberUp) {
                onManager("create", "--name", prober, "--network", net.names.network, "--entrypoint", "sleep", images.kafka, "infinity");
                onManager("cp", "-q", `${net.paths.cryptoDir}/.`, `${prober}:/crypto`);
                onManager("start", prober);
                proberUp = true;
            }
            const r = await dockerAsync([...managerFlags(engine()), "exec", prober, "bash", "-c", script]);
            return (r.stdout + r.stderr).trim();
        };
        /** A node's whole log, from its task's container on the node that runs it (no node is lost in this block). */
        const tasks = new Map<string, ReturnType<typeof runningTask>>();
        const logs = (hostname: string) => {
            if (!tasks.has(hostname)) tasks.set(hostname, runningTask(serviceOf.get(hostname)!));
            const task = tasks.get(hostname)!;
            const r = spawnSync("docker", [...task.nodeFlags, "logs", task.containerId], { encoding: "utf8", maxBuffer: 1 << 30, timeout: 60_000 });
            if (r.error || r.status !== 0) throw new Error(`docker logs of ${hostname}'s task: ${r.error?.message ?? r.stderr}`);
            return r.stdout + r.stderr;
        };

        before(() => {
            report.securedCases = cases;
            removeStack(SEC);
            writeNetworkStack(SEC, SECURED);
            pulumiOk("stack", "init", SEC);
            setSecret(SEC, "kafkaSaslPassword", password);
        });
        /** The probe container leaves the overlay before the network goes. */
        const removeProber = () => {
            spawnSync("docker", [...managerFlags(engine()), "rm", "-f", prober]);
            proberUp = false;
        };
        after(() => {
            removeProber();
            removeStack(SEC);
        });

        it("up: every node a service on the node the placement chose (the replicas step read ZooKeeper over TLS as the brokers' client); each orderer's channels started", () => {
            const t0 = Date.now();
            const r = pulumiOk("up", "--yes", "--skip-preview", "--stack", SEC);
            report.securedUpSeconds = seconds(t0);
            upOut = r.out;
            assertPlaced(net, allNodes(net));
            for (const o of net.orderer.nodes) assert.match(logs(o.hostname), /\[channel: channel1\] Start phase completed successfully/, o.hostname);
        });

        it("the seed's test through the gateway, with User1's TLS key pair, at the node and port peer0.org1's task published: 100, move 1, 101, 199", async () => {
            const org1 = net.orgs[0];
            const address = peerAddress(org1.peers[0].serviceName);
            report.securedInvokeSeconds = await withContract({ stack: SEC, prefix: net.names.prefix, org: org1.name, peerHost: org1.peers[0].hostname, channel: "channel1", chaincode: "mycc", address }, seedTest);
        });

        badActorCases(() => ({ spec: net, stack: SEC, password, client, logs, upOut: () => upOut, cases }));

        it("destroy: no service, secret or network of the stack left on the swarm, and no volume on any node", () => {
            const t0 = Date.now();
            removeProber();
            pulumiOk("destroy", "--yes", "--skip-preview", "--stack", SEC);
            report.securedDestroySeconds = seconds(t0);
            assertGone(net);
        });
    });
});
