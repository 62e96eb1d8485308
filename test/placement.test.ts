// engine.* and the swarm placement: the config rules, the default spread, the rules that make losing any one
// swarm node survivable (each refusal's exact message), and the reading of a swarm through its manager.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkSwarmPlacement, findProblems, loadSpec, managerFlags, placeNetwork, readSwarm, readSwarmId, SwarmNode } from "../config";
import { PROJECT, stackConfig, SWARM_IMAGES, standInDocker, swarmStackConfig } from "./helpers";

const MANAGER = "tcp://10.0.0.1:2376";
const swarmOf = (stack: string, engine: Record<string, unknown> = {}) => loadSpec(swarmStackConfig(stack, { manager: MANAGER, ...engine }), { project: PROJECT, stack, projectDir: "/project" });
const ready = (hostname: string): SwarmNode => ({ hostname, status: "Ready", availability: "Active", manager: hostname === "node1" });
const nodes = (...names: string[]) => names.map(ready);
const problems = (engine: Record<string, unknown>, rest: Record<string, unknown> = {}) => findProblems({ images: SWARM_IMAGES, ...rest, engine }).problems;
const SPREAD = "spread them over more swarm nodes (name them in";
const ACCEPT = "or add nodes to the swarm), or set engine.acceptNodeLoss: true for a test swarm";

describe("engine: the config", () => {
    it("defaults to one Docker daemon, with nothing to place", () => {
        const spec = loadSpec({}, { project: PROJECT, stack: "dev", projectDir: "/project" });
        assert.equal(spec.engine.kind, "docker");
        assert.deepEqual(spec.engine.placement, {});
        assert.equal(spec.engine.acceptNodeLoss, false);
    });

    it("refuses swarm keys on the docker engine", () => {
        assert.deepEqual(problems({ manager: "tcp://x:1", placement: { kafka: ["a"] } }), [
            'engine.manager ("tcp://x:1") is read only with engine.kind "swarm"; remove it, or set engine.kind: "swarm"',
            'engine.placement.kafka (["a"]) is read only with engine.kind "swarm"; remove it, or set engine.kind: "swarm"',
        ]);
    });

    it("needs a swarm manager's Docker endpoint, and TLS material only for tcp://", () => {
        assert.deepEqual(problems({ kind: "swarm" }), [
            'engine.manager (not set) is needed with engine.kind "swarm": the Docker endpoint of one of the swarm\'s managers; set it, e.g. "tcp://10.0.0.1:2376" (with engine.certPath), "ssh://admin@10.0.0.1" or "unix:///var/run/docker.sock"',
        ]);
        assert.deepEqual(problems({ kind: "swarm", manager: "http://x" }), ['engine.manager ("http://x") must be a Docker endpoint: unix:///path, tcp://host:port or ssh://[user@]host; write e.g. "tcp://10.0.0.1:2376"']);
        assert.deepEqual(problems({ kind: "swarm", manager: "ssh://admin@h", certPath: "certs" }), ['engine.certPath ("certs") is read only for a tcp:// manager (TLS material for Docker\'s TCP endpoint); remove it']);
        for (const manager of ["unix:///var/run/docker.sock", "tcp://10.0.0.1:2376", "ssh://admin@10.0.0.1"]) {
            assert.deepEqual(problems({ kind: "swarm", manager }), [], manager);
        }
    });

    it("places only what the network has", () => {
        const engine = { kind: "swarm", manager: MANAGER, placement: { kafka: ["a"], orgs: { Org9: ["a"] } } };
        assert.deepEqual(problems(engine, { orderer: { type: "etcdraft" } }), [
            'engine.placement.kafka (["a"]) places nodes a Raft network (orderer.type "etcdraft") does not have; remove it',
            'engine.placement.orgs.Org9 (["a"]) places the peers of an org the stack does not have; name one of Org1, Org2, Org3',
        ]);
        assert.deepEqual(problems({ kind: "swarm", manager: MANAGER, placement: { kafka: "a" } }), ['engine.placement.kafka ("a") must be a list of swarm node hostnames or node labels, e.g. ["node1", "node2", "node3"] or ["zone=a", "zone=b"]']);
    });

    it("on a swarm: every image from a registry by digest; zookeeper.tls taken; a chaincode built from source needs a registry", () => {
        const fix = "push the image (docker tag and docker push; bash scripts/swarm.sh push IMAGE on the test swarm) and write the reference it prints";
        const rule = "must name a registry and a digest on a swarm (registry-host[:port]/name@sha256:<64 hex>): each node pulls its image itself, and a digest cannot change under a running service";
        const swarm = { kind: "swarm", manager: MANAGER };
        assert.deepEqual(
            problems(swarm, {
                images: { ...SWARM_IMAGES, peer: "fabric-network/fabric-peer:2.5.12", kafka: "registry.test:5000/fabric-network/kafka:3.9.1" },
                zookeeper: { tls: true },
                chaincodes: [
                    { name: "a", version: "1", channels: ["channel1"], image: "x/a:1", source: "chaincode/a" },
                    { name: "b", version: "1", channels: ["channel1"], image: "b:1" },
                ],
            }),
            [
                `images.peer ("fabric-network/fabric-peer:2.5.12") ${rule}; ${fix}`,
                `images.kafka ("registry.test:5000/fabric-network/kafka:3.9.1") ${rule}; ${fix}`,
                `chaincodes[1].image ("b:1") ${rule}; ${fix}`,
                'chaincodes[0].source ("chaincode/a") needs engine.registry on a swarm: the program builds the image on this host and pushes it there for the nodes to pull; set engine.registry: { push: "host:port" } (and pull: the address the nodes reach it by, when another), or build and push it yourself and give its image by digest',
            ],
        );
        // With a registry, the program pushes what it builds; the registry's addresses are host[:port].
        const chaincodes = [{ name: "a", version: "1", channels: ["channel1"], image: "x/a:1", source: "chaincode/a" }];
        assert.deepEqual(problems({ ...swarm, registry: { push: "127.0.0.1:5213", pull: "10.213.7.10:5000" } }, { chaincodes }), []);
        assert.deepEqual(problems({ ...swarm, registry: { push: "http://r:5000", pull: "r/x" } }, { chaincodes }), [
            'engine.registry.push ("http://r:5000") must be a registry\'s host[:port], without a scheme or a path; write e.g. "registry.example.com:5000"',
            'engine.registry.pull ("r/x") must be a registry\'s host[:port], without a scheme or a path; write e.g. "registry.example.com:5000"',
        ]);
        assert.deepEqual(problems({ registry: { push: "r:5000" } }), ['engine.registry ({"push":"r:5000"}) is read only with engine.kind "swarm"; remove it, or set engine.kind: "swarm"']);
    });

    it("engine.nodes: each a Docker endpoint, only on a swarm, and each a node of the swarm as its manager reports it", () => {
        const swarm = { kind: "swarm", manager: MANAGER };
        assert.deepEqual(problems({ ...swarm, nodes: { node2: "tcp://10.0.0.2:2376", node3: "ssh://admin@h" } }), []);
        assert.deepEqual(problems({ ...swarm, nodes: { node2: "http://10.0.0.2" } }), ['engine.nodes.node2 ("http://10.0.0.2") must be a Docker endpoint: unix:///path, tcp://host:port or ssh://[user@]host; write e.g. "tcp://10.0.0.2:2376"']);
        assert.deepEqual(problems({ ...swarm, nodes: ["tcp://10.0.0.2:2376"] }), ['engine.nodes (["tcp://10.0.0.2:2376"]) must map swarm node hostnames to Docker endpoints, e.g. { node2: "tcp://10.0.0.2:2376" }']);
        assert.deepEqual(problems({ nodes: { node2: "tcp://10.0.0.2:2376" } }), ['engine.nodes ({"node2":"tcp://10.0.0.2:2376"}) is read only with engine.kind "swarm"; remove it, or set engine.kind: "swarm"']);
        const spec = swarmOf("dev", { nodes: { node2: "tcp://10.0.0.2:2376", node9: "tcp://10.0.0.9:2376" } });
        assert.throws(
            () => checkSwarmPlacement(spec, nodes("node1", "node2", "node3")),
            (e: Error) =>
                e.message ===
                `stack dev: the placement on the swarm at ${MANAGER} is refused (nothing was changed):\n  - engine.nodes.node9 names no node of the swarm (it has node1, node2, node3); remove it or name one of them`,
        );
        assert.equal(checkSwarmPlacement(swarmOf("dev", { nodes: { node2: "tcp://10.0.0.2:2376" } }), nodes("node1", "node2", "node3")).problems.length, 0);
        // The same images, unchecked on one host.
        assert.deepEqual(problems({}, { images: { ...SWARM_IMAGES, peer: "fabric-network/fabric-peer:2.5.12" } }), []);
    });

    it("resolves certPath from the project folder", () => {
        assert.equal(swarmOf("dev", { certPath: "swarm/certs" }).engine.certPath, "/project/swarm/certs");
    });
});

describe("engine: the placement on a swarm", () => {
    it("spreads each cluster over the Ready, Active nodes in hostname order by default, each broker's rack its node", () => {
        const spec = swarmOf("dev");
        const p = placeNetwork(spec, {}, [...nodes("node3", "node1", "node2"), { ...ready("node4"), availability: "Drain" }], MANAGER);
        assert.deepEqual(p.problems, []);
        const on = (list: readonly { containerName: string }[]) => list.map((n) => p.byContainer.get(n.containerName));
        assert.deepEqual(on(spec.zookeeper.nodes), ["node1", "node2", "node3"]);
        assert.deepEqual(on(spec.kafka.brokers), ["node1", "node2", "node3", "node1"]);
        assert.deepEqual(on(spec.orderer.nodes), ["node1", "node2", "node3"]);
        assert.deepEqual(on(spec.orgs[2].peers), ["node1", "node2"]);
        assert.deepEqual([0, 1, 2, 3].map(p.rackOf), ["node1", "node2", "node3", "node1"]);
    });

    it("the dev shape on two nodes: losing one would break ZooKeeper's majority and channel1's in-sync replicas", () => {
        const p = placeNetwork(swarmOf("dev"), {}, nodes("node1", "node2"), MANAGER);
        assert.deepEqual(p.problems, [
            `engine.placement.zookeeper (not set: the default spread over ["node1","node2"]) puts 2 of the 3 ZooKeeper nodes on node1 (2 swarm nodes in all): losing node1 leaves 1 of 3, not a majority (2); ${SPREAD} engine.placement.zookeeper, ${ACCEPT}`,
            `engine.placement.kafka (not set: the default spread over ["node1","node2"]) puts 2 of the 4 Kafka brokers on node1 (2 swarm nodes in all): losing node1 leaves 1 of a channel's 3 replicas (kafka.replicationFactor) on 2 racks, fewer than kafka.minInsyncReplicas (2): the channel stops; ${SPREAD} engine.placement.kafka, ${ACCEPT}`,
        ]);
        assert.deepEqual(p.warnings, []);
    });

    it("with engine.acceptNodeLoss the same placement is said, not refused", () => {
        const p = placeNetwork(swarmOf("dev"), {}, nodes("node1", "node2"), MANAGER, true);
        assert.deepEqual(p.problems, []);
        assert.equal(p.warnings.length, 2);
        assert.match(p.warnings[0], /^engine\.placement\.zookeeper .* losing node1 leaves 1 of 3, not a majority/);
    });

    it("the ha shape (5 ZooKeeper, 7 brokers N=5 M=3, 5 orderers) survives any one of three nodes", () => {
        assert.deepEqual(placeNetwork(swarmOf("ha"), {}, nodes("a", "b", "c"), MANAGER).problems, []);
    });

    it("Raft: a majority of consenters must outlive any node; an org's two peers must not share one", () => {
        const raft = loadSpec(stackConfig("raft"), { project: PROJECT, stack: "raft", projectDir: "/project" });
        assert.deepEqual(placeNetwork(raft, {}, nodes("n1", "n2"), MANAGER).problems, [
            `engine.placement.orderer (not set: the default spread over ["n1","n2"]) puts 2 of the 3 orderers on n1 (2 swarm nodes in all): losing n1 leaves 1 of 3 Raft consenters, not a majority (2); ${SPREAD} engine.placement.orderer, ${ACCEPT}`,
        ]);
        assert.deepEqual(placeNetwork(raft, { orderer: ["n1", "n2", "n3"], orgs: { Org1: ["n2"] } }, nodes("n1", "n2", "n3"), MANAGER).problems, [
            `engine.placement.orgs.Org1 (["n2"]) puts 2 of the 2 peers of Org1 on n2 (1 swarm node in all): losing n2 leaves Org1 no peer; ${SPREAD} engine.placement.orgs.Org1, ${ACCEPT}`,
        ]);
    });

    it("a Kafka network's orderers need only one survivor", () => {
        assert.deepEqual(placeNetwork(swarmOf("dev"), { orderer: ["node1", "node1", "node2"] }, nodes("node1", "node2", "node3"), MANAGER).problems, []);
        assert.match(placeNetwork(swarmOf("dev"), { orderer: ["node1"] }, nodes("node1", "node2", "node3"), MANAGER).problems[0], /puts 3 of the 3 orderers on node1 .* losing node1 leaves no orderer;/);
    });

    it("a node label stands for every Ready, Active node that has it, in hostname order, beside hostnames; the rules hold for the nodes it stands for", () => {
        const swarm: SwarmNode[] = [
            { ...ready("node3"), labels: { org: "one" } },
            { ...ready("node1"), labels: { org: "one", zone: "a" } },
            { ...ready("node2"), labels: { zone: "b" } },
            { ...ready("node4"), availability: "Drain", labels: { org: "one" } },
        ];
        const spec = swarmOf("dev");
        const p = placeNetwork(spec, { orgs: { Org1: ["org=one"] }, kafka: ["zone=a", "zone=b", "node3"] }, swarm, MANAGER);
        assert.deepEqual(p.problems, []);
        const on = (list: readonly { containerName: string }[]) => list.map((n) => p.byContainer.get(n.containerName));
        assert.deepEqual(on(spec.orgs[0].peers), ["node1", "node3"], "node4 is drained");
        assert.deepEqual(on(spec.kafka.brokers), ["node1", "node2", "node3", "node1"]);
        assert.deepEqual(placeNetwork(spec, { orgs: { Org1: ["zone=a"] } }, swarm, MANAGER).problems, [
            `engine.placement.orgs.Org1 (["zone=a"], that is ["node1"]) puts 2 of the 2 peers of Org1 on node1 (1 swarm node in all): losing node1 leaves Org1 no peer; ${SPREAD} engine.placement.orgs.Org1, ${ACCEPT}`,
        ]);
        assert.deepEqual(placeNetwork(spec, { orderer: ["node2", "zone=c"] }, swarm, MANAGER).problems, [
            `engine.placement.orderer[1] ("zone=c") is a node label no Ready, Active node of the swarm at ${MANAGER} has; label a node (docker node update --label-add zone=c NODE), ` +
                "or name another label or a node; its nodes: node3 (Ready, Active), node1 (Ready, Active), node2 (Ready, Active), node4 (Ready, Drain)",
        ]);
    });

    it("unplaced, a member the last up placed stays on its node when the swarm grows; on a node that is Down now, the up is refused, not moved", () => {
        const spec = swarmOf("dev");
        const before = placeNetwork(spec, {}, nodes("node1", "node2", "node3"), MANAGER).byContainer;
        const grown = placeNetwork(spec, {}, nodes("node1", "node2", "node3", "node0"), MANAGER, false, before);
        assert.deepEqual(grown.problems, []);
        assert.deepEqual([...grown.byContainer], [...before], "node0 joined: nothing moves (a fresh spread would start on node0)");
        assert.notDeepEqual([...placeNetwork(spec, {}, nodes("node1", "node2", "node3", "node0"), MANAGER).byContainer], [...before]);
        const kafka4 = loadSpec({ ...swarmStackConfig("dev", { manager: MANAGER }), kafka: { ...(stackConfig("dev").kafka as object), brokers: 5 } }, { project: PROJECT, stack: "dev", projectDir: "/project" });
        const added = placeNetwork(kafka4, {}, nodes("node1", "node2", "node3"), MANAGER, false, before);
        assert.deepEqual(kafka4.kafka.brokers.map((b) => added.byContainer.get(b.containerName)), ["node1", "node2", "node3", "node1", "node2"], "a new member takes the default spread's place");
        const down = [ready("node1"), ready("node2"), { ...ready("node3"), status: "Down" }, ready("node4")];
        const p = placeNetwork(spec, {}, down, MANAGER, false, before);
        const z2 = spec.zookeeper.nodes[2].hostname;
        assert.equal(
            p.problems[0],
            `engine.placement.zookeeper (not set) keeps ${z2} on node3, where the last up placed it, and node3 is Down, Active: the up would move it and leave its data on node3; ` +
                'bring node3 back (Ready, Active); a member whose node is lost for good cannot be moved by up yet (docs/swarm.md, "Moving a member")',
        );
        // The members on node3: a ZooKeeper node, a broker, an orderer (each org's two peers are on node1 and node2).
        assert.deepEqual(p.problems.map((m) => m.slice(0, m.indexOf(" on node3"))), [
            `engine.placement.zookeeper (not set) keeps ${z2}`,
            `engine.placement.kafka (not set) keeps ${spec.kafka.brokers[2].hostname}`,
            `engine.placement.orderer (not set) keeps ${spec.orderer.nodes[2].hostname}`,
        ]);
        // Named nodes move no member the last up placed: its data is in its volume there.
        assert.deepEqual(placeNetwork(spec, { zookeeper: ["node1", "node2", "node4"] }, down, MANAGER, false, before).problems.filter((m) => m.startsWith("engine.placement.zookeeper")), [
            `engine.placement.zookeeper (["node1","node2","node4"]) would move ${z2} from node3, where the last up placed it, to node4: its task would start empty there and its data stay in ` +
                "its volume on node3 (Swarm moves no volume); name node3 for it again (member 3 takes entry 3 of the 3); " +
                'a member whose node is lost for good cannot be moved by up yet (docs/swarm.md, "Moving a member")',
        ]);
    });

    it("named nodes that keep each member where the last up placed it pass, in any spelling (a label that stands for the same nodes); one that moves a member is refused, and a new member goes where the names say", () => {
        const spec = swarmOf("dev");
        const swarm = [ready("node1"), ready("node2"), { ...ready("node3"), labels: { zone: "c" } }];
        const before = placeNetwork(spec, {}, swarm, MANAGER).byContainer;
        assert.deepEqual(placeNetwork(spec, { zookeeper: ["node1", "node2", "zone=c"], orderer: ["node1", "node2", "node3"] }, swarm, MANAGER, false, before).problems, []);
        const moved = placeNetwork(spec, { orgs: { Org1: ["node2", "node1"] } }, swarm, MANAGER, false, before);
        const [p0, p1] = spec.orgs[0].peers.map((p) => p.hostname);
        assert.deepEqual(moved.problems, [
            `engine.placement.orgs.Org1 (["node2","node1"]) would move ${p0} from node1, where the last up placed it, to node2: its task would start empty there and its data stay in its volume on node1 ` +
                '(Swarm moves no volume); name node1 for it again (member 1 takes entry 1 of the 2); a member whose node is lost for good cannot be moved by up yet (docs/swarm.md, "Moving a member")',
            `engine.placement.orgs.Org1 (["node2","node1"]) would move ${p1} from node2, where the last up placed it, to node1: its task would start empty there and its data stay in its volume on node2 ` +
                '(Swarm moves no volume); name node2 for it again (member 2 takes entry 2 of the 2); a member whose node is lost for good cannot be moved by up yet (docs/swarm.md, "Moving a member")',
        ]);
        // A fifth broker (new: no record) takes the named list's place; the four placed before keep theirs.
        const kafka5 = loadSpec({ ...swarmStackConfig("dev", { manager: MANAGER }), kafka: { ...(stackConfig("dev").kafka as object), brokers: 5 } }, { project: PROJECT, stack: "dev", projectDir: "/project" });
        const grown = placeNetwork(kafka5, { kafka: ["node1", "node2", "node3"] }, swarm, MANAGER, false, before);
        assert.deepEqual(grown.problems, []);
        assert.deepEqual(kafka5.kafka.brokers.map((b) => grown.byContainer.get(b.containerName)), ["node1", "node2", "node3", "node1", "node2"]);
    });

    it("refuses a named node the swarm does not have, one that is Down, one drained, and a swarm with none Ready", () => {
        const swarm = [ready("node1"), ready("node2"), { ...ready("node3"), status: "Down" }, { ...ready("node4"), availability: "Drain" }];
        const p = placeNetwork(swarmOf("dev"), { kafka: ["node9"], orderer: ["node3"], zookeeper: ["node1", "node2", "node4"] }, swarm, MANAGER);
        assert.deepEqual(p.problems, [
            "engine.placement.zookeeper[2] (\"node4\") is Ready, Drain: it cannot take tasks; make it Active (docker node update --availability active node4), or name a Ready, Active node",
            `engine.placement.kafka[0] ("node9") names no node of the swarm at ${MANAGER}; its nodes: node1 (Ready, Active), node2 (Ready, Active), node3 (Down, Active), node4 (Ready, Drain)`,
            'engine.placement.orderer[0] ("node3") is Down, Active: it cannot take tasks; start its Docker daemon again, or name a Ready, Active node',
        ]);
        assert.deepEqual(placeNetwork(swarmOf("dev"), {}, [{ ...ready("node1"), status: "Down" }], MANAGER).problems, [
            `engine.manager ("${MANAGER}") reports no Ready, Active swarm node; its nodes: node1 (Down, Active)`,
        ]);
    });
});

describe("engine: reading the swarm through its manager", () => {
    const fakeDocker = (body: string) => {
        const docker = standInDocker(`echo "$@" >>"$FAKE_LOG"\n${body}`);
        return { file: docker.file, args: () => docker.calls().join("\n") };
    };

    it("asks the manager (with its TLS material) for its nodes and reads each one's state and labels", () => {
        const d = fakeDocker(`case "$*" in
*"node ls"*) cat <<'J'
{"Hostname":"node1","ID":"id1","Status":"Ready","Availability":"Active","ManagerStatus":"Leader"}
{"Hostname":"node2","ID":"id2","Status":"Down","Availability":"Active","ManagerStatus":""}
J
;;
*"node inspect"*) printf '%s\\n' '{"zone":"a"}' 'null' ;;
esac`);
        const engine = swarmOf("dev", { certPath: "certs" }).engine;
        assert.deepEqual(readSwarm(engine, d.file), [
            { hostname: "node1", status: "Ready", availability: "Active", manager: true, labels: { zone: "a" } },
            { hostname: "node2", status: "Down", availability: "Active", manager: false, labels: {} },
        ]);
        const flags = `-H ${MANAGER} --tlsverify --tlscacert /project/certs/ca.pem --tlscert /project/certs/cert.pem --tlskey /project/certs/key.pem`;
        assert.equal(d.args(), `${flags} node ls --format {{json .}}\n${flags} node inspect --format {{json .Spec.Labels}} id1 id2`);
        assert.deepEqual(managerFlags(swarmOf("dev", { manager: "ssh://admin@h" }).engine), ["-H", "ssh://admin@h"]);
    });

    it("asks the manager for the swarm's cluster ID", () => {
        const d = fakeDocker("echo k3x1s8a0ukf7pzq0z2r5m9d4c");
        assert.equal(readSwarmId(swarmOf("dev", { certPath: "certs" }).engine, d.file), "k3x1s8a0ukf7pzq0z2r5m9d4c");
        assert.equal(d.args(), `-H ${MANAGER} --tlsverify --tlscacert /project/certs/ca.pem --tlscert /project/certs/cert.pem --tlskey /project/certs/key.pem info --format {{if .Swarm.Cluster}}{{.Swarm.Cluster.ID}}{{end}}`);
    });

    it("fails with the manager's own words when it is no swarm manager", () => {
        const d = fakeDocker('echo "Error response from daemon: This node is not a swarm manager." >&2; exit 1');
        const refusal = (command: string) =>
            `engine.manager ("${MANAGER}"): the swarm's manager does not answer (${command}: Error response from daemon: This node is not a swarm manager.); ` +
            "nothing can be changed until it is back (a running network goes on without it). Check the endpoint (and engine.certPath) and that it is a swarm manager (docker swarm init); " +
            "if it is down, start it again, or name another manager of the swarm (with three managers, docker node promote, the swarm keeps one when one is lost)";
        assert.throws(() => readSwarm(swarmOf("dev").engine, d.file), { message: refusal("docker node ls") });
        assert.throws(() => readSwarmId(swarmOf("dev").engine, d.file), { message: refusal("docker info") });
    });
});
