// The whole Pulumi program under mocks: every resource it registers, with its inputs, for each stack.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { allNodes, appliedRecord, FabricNode, loadSpec, sourceDigest } from "../config";
import { ordererPlan, PEER_START, peerPlan, SWARM_VOLUMES_SCRIPT } from "../render";
import { PROJECT, ROOT, stackConfig, stackSpec, standInDocker, swarmStackConfig } from "./helpers";

interface Registered {
    type: string;
    name: string;
    urn: string;
    inputs: any;
    /** The URNs the resource waits for: its `dependsOn` and the resources its inputs come from. */
    dependencies: string[];
    /** The inputs the SDK sent the engine as secrets (encrypted in the state). */
    secretInputs?: string[];
}

/** A folder of stand-ins for the tools: under mocks no tool runs, the program only needs their paths. */
let stubBin = "";
/** The program's working directory: a project folder of its own, so no real stack's artifacts are read. */
let PROGRAM_DIR = "";

before(() => {
    stubBin = fs.mkdtempSync(path.join(os.tmpdir(), "fabric-stub-bin-"));
    for (const tool of ["cryptogen", "configtxgen", "configtxlator"]) {
        fs.writeFileSync(path.join(stubBin, tool), "#!/bin/sh\nexit 1\n", { mode: 0o755 });
    }
    PROGRAM_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "fabric-program-"));
    // The dev stack builds mycc from chaincode/example02, read from the project folder.
    fs.symlinkSync(path.join(ROOT, "chaincode"), path.join(PROGRAM_DIR, "chaincode"));
});

const fakeDigest = (dir: string) => createHash("sha256").update(`digest:${dir}`).digest("hex");

/** Pulumi's mock runtime is one per process: programs run one after another. */
let queue: Promise<unknown> = Promise.resolve();
/** `resources` receives every registered resource, also when the program fails; `changedStepFile` is read with a line added. */
function runProgram(stack: string, config: Record<string, unknown>, resources: Registered[] = [], changedStepFile?: string, secretKeys: string[] = []) {
    const now = () => runProgramNow(stack, config, resources, secretKeys);
    const run = queue.then(() => (changedStepFile === undefined ? now() : withStepFileChanged(changedStepFile, now)));
    queue = run.catch(() => undefined);
    return run;
}

/** Runs `use` while the program reads one file of render/steps/ with a line added to its text. */
async function withStepFileChanged<T>(name: string, use: () => Promise<T>): Promise<T> {
    const nodeFs = require("node:fs");
    const read = nodeFs.readFileSync;
    const changed = path.join(ROOT, "render", "steps", name);
    nodeFs.readFileSync = (file: string, ...rest: unknown[]) => (file === changed ? `${read(file, ...rest)}\n# changed\n` : read(file, ...rest));
    try {
        return await use();
    } finally {
        nodeFs.readFileSync = read;
    }
}
/** Lets the last registrations reach the mock monitor. */
const settle = () => new Promise((r) => setTimeout(r, 50));

/** Runs index.ts for a stack with the given config; resolves with every registered resource and the exports. */
async function runProgramNow(stack: string, config: Record<string, unknown>, resources: Registered[], secretKeys: string[] = []) {
    pulumi.runtime.setMocks(
        {
            newResource(args) {
                const state = { ...args.inputs };
                if (args.type === "command:local:Command") {
                    const dirs: string = args.inputs.environment?.DIGEST_DIRS ?? "";
                    const channel: string | undefined = args.inputs.environment?.ORG_GROUP && args.inputs.environment.CHANNEL;
                    state.stdout = channel
                        ? `${JSON.stringify({ channel, changed: [], live: { orgs: args.inputs.environment.ORG_IDS.split(" ") } })}\n`
                        : dirs
                        ? dirs.split(" ").map((d) => `${d} ${fakeDigest(d)}`).join("\n") + "\n"
                        : `${createHash("sha256").update(args.name).digest("hex")}\n`;
                }
                if (args.type === "docker:index/remoteImage:RemoteImage") {
                    state.imageId = `sha256:id-of-${args.inputs.name}`;
                }
                resources.push({ type: args.type, name: args.name, urn: "", inputs: args.inputs, dependencies: [] });
                return { id: `${args.name}-id`, state };
            },
            call: (args) => args.inputs,
        },
        PROJECT,
        stack,
        false,
    );
    // The mocks' newResource is not shown a resource's options: its dependencies are read from the request
    // the SDK sends the monitor, which carries them (dependsOn among them).
    const monitor = require("@pulumi/pulumi/runtime/settings").getMonitor();
    const dependencies = new Map<string, string[]>();
    const secrets = new Map<string, string[]>();
    // Pulumi's wire form of a secret value: an object keyed by this signature.
    const SECRET_SIG = "4dabf18193072939515e22adb298388d";
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: unknown) => {
        dependencies.set(`${req.getType()}::${req.getName()}`, req.getDependenciesList());
        const sent = (req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>;
        secrets.set(`${req.getType()}::${req.getName()}`, Object.keys(sent).filter((k) => typeof sent[k] === "object" && sent[k] !== null && SECRET_SIG in (sent[k] as object)));
        return register(req, callback);
    };
    pulumi.runtime.setAllConfig(
        Object.fromEntries(Object.entries(config).map(([k, v]) => [`${PROJECT}:${k}`, typeof v === "string" ? v : JSON.stringify(v)])),
        secretKeys.map((k) => `${PROJECT}:${k}`),
    );
    process.env.FABRIC_BIN = stubBin;
    for (const key of Object.keys(require.cache)) {
        if (key.startsWith(path.join(ROOT, "bin")) && !key.includes(`${path.sep}test${path.sep}`)) {
            delete require.cache[key];
        }
    }
    const cwd = process.cwd();
    process.chdir(PROGRAM_DIR);
    let program;
    try {
        program = require("../index");
    } catch (e) {
        process.chdir(cwd);
        // What a failed program registered before it threw is still on its way to the monitor.
        await settle();
        throw e;
    }
    process.chdir(cwd);
    const containers: string[] = await new Promise((resolve) => program.containers.apply(resolve));
    const outputs = {
        ordererTlsCaFile: await new Promise<string>((r) => program.ordererTlsCaFile.apply(r)),
        orgs: await new Promise<any[]>((r) => program.orgs.apply(r)),
        kafkaBrokers: await new Promise<string[]>((r) => program.kafkaBrokers.apply(r)),
        ordererType: program.ordererType as string,
        channelArtifacts: await new Promise<Record<string, string>>((r) => program.channelArtifacts.apply(r)),
    };
    // Let the last registrations settle, then take each resource's URN (its parent chain) from the mock monitor.
    await settle();
    const urns = [...(monitor.getRegisteredResources() as Map<string, unknown>).keys()];
    for (const r of resources) {
        r.urn = urns.find((u) => u.endsWith(`::${r.name}`) && u.split("::")[2].endsWith(r.type)) ?? "";
        r.dependencies = dependencies.get(`${r.type}::${r.name}`) ?? [];
        r.secretInputs = secrets.get(`${r.type}::${r.name}`) ?? [];
    }
    return { resources, containers, outputs };
}

const labelsOf = (r: Registered): Record<string, string> => Object.fromEntries(r.inputs.labels.map((l: any) => [l.label, l.value]));
const byRole = (rs: Registered[], role: string) =>
    rs.filter((r) => r.type === "docker:index/container:Container" && labelsOf(r)["fabric-network.role"] === role);
/** A container's env; a secret one (kafka.sasl) reaches the mocks wrapped as Pulumi's wire form of a secret. */
const envOf = (r: Registered): string[] => (Array.isArray(r.inputs.envs) ? r.inputs.envs : r.inputs.envs.value);

type ProgramRun = Awaited<ReturnType<typeof runProgramNow>>;

/** The channel steps of channel1..3 (create, config, one join for OrgN's two peers), and the system channel's config step. */
const seedChannelSteps = (stack: string) =>
    [
        `fabric-network-${stack}-system-channel-config`,
        ...[1, 2, 3].flatMap((i) => ["config", "create", "join"].map((step) => `fabric-network-${stack}-channel-channel${i}-${step}`)),
    ].sort();

/** The CLI env of each peer in a PEERS list (peersCliEnv): its address, MSP and admin folder. */
const peersOf = (env: { PEERS: string }) =>
    env.PEERS.split(";").map((e) => {
        const v = Object.fromEntries(e.split(" ").map((kv) => kv.split("=")));
        return `${v.CORE_PEER_ADDRESS} ${v.CORE_PEER_LOCALMSPID} ${path.basename(path.dirname(v.CORE_PEER_MSPCONFIGPATH))}`;
    });

/** mycc's steps on channel1, named after `fabric-network-<stack>-cc-mycc-channel1-`. */
const MYCC_STEPS = [
    "approve-Org1MSP",
    "commit",
    "init",
    "install-Org1MSP",
    "mycc-channel1.example.com",
    "package",
    "ready",
    "sequence",
];
const myccSteps = (rs: Registered[], stack: string) => {
    const prefix = `fabric-network-${stack}-cc-mycc-channel1-`;
    return rs.filter((r) => r.name.startsWith(prefix)).map((r) => r.name.slice(prefix.length)).sort();
};

describe("the dev stack under mocks", () => {
    let resources: Registered[] = [];
    let containers: string[] = [];
    let outputs = {} as ProgramRun["outputs"];
    let commands: Registered[] = [];
    let channelSteps: Registered[] = [];
    before(async () => {
        ({ resources, containers, outputs } = await runProgram("dev", stackConfig("dev")));
        commands = resources.filter((r) => r.type === "command:local:Command" && r.name.includes("-artifacts-"));
        channelSteps = resources.filter((r) => r.type === "command:local:Command" && r.name.includes("-channel-"));
    });
    const find = (name: string) => resources.find((r) => r.name === name) as Registered;

    it("has one Kafka replicas step, keeping brokers 0..3, after every broker serves", () => {
        const steps = resources.filter((r) => r.name.endsWith("-replicas"));
        assert.deepEqual(steps.map((r) => [r.name, r.inputs.environment.KEEP_BROKERS]), [["fabric-network-dev-kafka-replicas", "0,1,2,3"]]);
        assert.deepEqual(steps[0].dependencies, [find("fabric-network-dev-kafka-ready").urn]);
    });

    it("has no consensus step: a Kafka network has nothing to migrate", () => {
        assert.equal(resources.filter((r) => r.name.endsWith("-consensus")).length, 0);
    });

    it("registers 3 ZooKeeper, 4 Kafka, 3 orderer and 6 peer containers, one volume each, on one network", () => {
        assert.deepEqual(["zookeeper", "kafka", "orderer", "peer", "chaincode"].map((r) => byRole(resources, r).length), [3, 4, 3, 6, 1]);
        const nodes = ["zookeeper", "kafka", "orderer", "peer"].flatMap((role) => byRole(resources, role));
        assert.deepEqual(
            resources.filter((r) => r.type === "docker:index/volume:Volume").map((v) => v.inputs.name).sort(),
            nodes.map((c) => `${c.inputs.name}-data`).sort(),
        );
        const networks = resources.filter((r) => r.type === "docker:index/network:Network");
        assert.deepEqual(networks.map((n) => n.inputs.name), ["fabric-network-dev"]);
        assert.equal(containers.length, 16);
        assert.ok(containers.every((c) => c.startsWith("fabric-network-dev-")));
    });

    it("uses each configured image once, the locally built ones, kept locally on destroy", () => {
        const images = resources.filter((r) => r.type === "docker:index/remoteImage:RemoteImage");
        assert.deepEqual(images.map((i) => i.inputs.name).sort(), [
            "fabric-network/fabric-orderer:2.5.12",
            "fabric-network/fabric-peer:2.5.12",
            "fabric-network/kafka:3.9.1",
            "fabric-network/zookeeper:3.8.4",
        ]);
        assert.ok(images.every((i) => i.inputs.keepLocally === true));
        assert.equal(byRole(resources, "kafka")[0].inputs.image, "sha256:id-of-fabric-network/kafka:3.9.1");
    });

    it("gives each container its hostname as DNS alias on the stack network, and each node its data volume", () => {
        const peer = find("fabric-network-dev-org2-peer1.org2.example.com");
        assert.equal(peer.inputs.name, "fabric-network-dev-peer1.org2.example.com");
        assert.deepEqual(peer.inputs.networksAdvanced, [{ name: "fabric-network-dev", aliases: ["peer1.org2.example.com"] }]);
        assert.deepEqual(peer.inputs.volumes[0], { volumeName: "fabric-network-dev-peer1.org2.example.com-data", containerPath: "/var/hyperledger/production" });
        const all = resources.filter((r) => r.type === "docker:index/container:Container");
        for (const c of all) {
            assert.equal(c.inputs.name, `fabric-network-dev-${c.inputs.hostname}`);
            assert.deepEqual(c.inputs.networksAdvanced, [{ name: "fabric-network-dev", aliases: [c.inputs.hostname] }]);
            assert.deepEqual(c.inputs.ports, [], "no host ports unless ports.publish is set");
        }
        // A chaincode service keeps no data; every other node keeps its on a volume of its own.
        assert.deepEqual(
            all.filter((c) => c.inputs.volumes.length > 0).map((c) => c.inputs.volumes[0].volumeName),
            all.filter((c) => labelsOf(c)["fabric-network.role"] !== "chaincode").map((c) => `${c.inputs.name}-data`),
        );
    });

    it("configures every broker with the seed's settings and the ensemble's connect string", () => {
        for (const [i, broker] of byRole(resources, "kafka").entries()) {
            const env = envOf(broker);
            assert.ok(env.includes(`KAFKA_BROKER_ID=${i}`));
            assert.ok(env.includes("KAFKA_ZOOKEEPER_CONNECT=zookeeper0.example.com:2181,zookeeper1.example.com:2181,zookeeper2.example.com:2181"));
            assert.ok(env.includes("KAFKA_MIN_INSYNC_REPLICAS=2") && env.includes("KAFKA_DEFAULT_REPLICATION_FACTOR=3"));
            assert.ok(env.includes("KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE=false") && env.includes("KAFKA_LOG_RETENTION_MS=-1"));
            assert.equal(broker.inputs.restart, "always");
        }
        // The locally built ZooKeeper is of the official image's family: ZOO_ env.
        assert.deepEqual(byRole(resources, "zookeeper").map((z) => envOf(z).find((e) => e.startsWith("ZOO_MY_ID="))), ["ZOO_MY_ID=1", "ZOO_MY_ID=2", "ZOO_MY_ID=3"]);
    });

    it("mounts each orderer's own msp and tls and the genesis block, read-only", () => {
        for (const i of [0, 1, 2]) {
            const o = find(`fabric-network-dev-orderer-orderer${i}.example.com`);
            const binds = o.inputs.volumes.slice(1);
            assert.deepEqual(
                binds.map((b: any) => [path.relative(PROGRAM_DIR, b.hostPath), b.containerPath, b.readOnly]),
                [
                    ["artifacts/dev/channel-artifacts/genesis.block", "/var/hyperledger/orderer/orderer.genesis.block", true],
                    [`artifacts/dev/crypto-config/ordererOrganizations/example.com/orderers/orderer${i}.example.com/msp`, "/var/hyperledger/orderer/msp", true],
                    [`artifacts/dev/crypto-config/ordererOrganizations/example.com/orderers/orderer${i}.example.com/tls`, "/var/hyperledger/orderer/tls", true],
                ],
            );
        }
    });

    it("runs cryptogen once, writes configtx.yaml, and configtxgen for the genesis block and the three channel txs", () => {
        assert.deepEqual(commands.map((c) => c.name).sort(), [
            "fabric-network-dev-artifacts-cryptogen",
            "fabric-network-dev-artifacts-configtx",
            "fabric-network-dev-artifacts-genesis",
            "fabric-network-dev-artifacts-channel1-tx",
            "fabric-network-dev-artifacts-channel2-tx",
            "fabric-network-dev-artifacts-channel3-tx",
            "fabric-network-dev-artifacts-profile-Org1",
            "fabric-network-dev-artifacts-profile-Org2",
            "fabric-network-dev-artifacts-profile-Org3",
        ].sort());
        const profile = find("fabric-network-dev-artifacts-profile-Org2");
        assert.equal(profile.inputs.environment.FILE, "connection-Org2.json");
        assert.equal(JSON.parse(profile.inputs.stdin).organizations.Org2.mspid, "Org2MSP");
        const cryptogen = find("fabric-network-dev-artifacts-cryptogen");
        assert.equal(cryptogen.inputs.environment.CRYPTOGEN, path.join(stubBin, "cryptogen"));
        assert.equal(cryptogen.inputs.environment.INPUT_SHA256, createHash("sha256").update(cryptogen.inputs.stdin).digest("hex"));
        assert.match(cryptogen.inputs.stdin, /^OrdererOrgs:/);
        assert.match(cryptogen.inputs.update, /extend --input=crypto-config/);
        assert.equal(Object.keys(outputs.channelArtifacts).length, 4);
    });

    it("orders configtxgen after cryptogen through its inputs: each step carries the digest of the MSPs it reads", () => {
        const genesis = find("fabric-network-dev-artifacts-genesis");
        const expected = createHash("sha256")
            .update(
                ["ordererOrganizations/example.com/msp", "peerOrganizations/org1.example.com/msp", "peerOrganizations/org2.example.com/msp", "peerOrganizations/org3.example.com/msp"]
                    .map((d) => `${d} ${fakeDigest(d)}`)
                    .join("\n"),
            )
            .digest("hex");
        assert.equal(genesis.inputs.environment.MSP_SHA256, expected);
        assert.equal(genesis.inputs.environment.CONFIGTXGEN, path.join(stubBin, "configtxgen"));
        assert.equal(genesis.inputs.environment.PROFILE, "OrdererGenesis");
    });

    it("orders containers after the artifacts through their inputs: crypto and genesis digests as labels", () => {
        const o = find("fabric-network-dev-orderer-orderer0.example.com");
        const genesisDigest = createHash("sha256").update("fabric-network-dev-artifacts-genesis").digest("hex");
        assert.deepEqual(labelsOf(o), {
            "fabric-network.stack": "fabric-network-dev",
            "fabric-network.role": "orderer",
            "fabric-network.crypto": fakeDigest("ordererOrganizations/example.com/orderers/orderer0.example.com"),
            "fabric-network.genesis": genesisDigest,
        });
        const spec = stackSpec("dev");
        const containerOf = (node: FabricNode) => resources.find((r) => r.type === "docker:index/container:Container" && r.inputs.name === node.containerName) as Registered;
        for (const node of spec.orderer.nodes) {
            const labels = labelsOf(containerOf(node));
            assert.deepEqual([labels["fabric-network.crypto"], labels["fabric-network.genesis"]], [fakeDigest(node.cryptoDir), genesisDigest]);
        }
        for (const node of spec.orgs.flatMap((o) => o.peers)) {
            assert.equal(labelsOf(containerOf(node))["fabric-network.crypto"], fakeDigest(node.cryptoDir));
            assert.equal(containerOf(node).inputs.sysctls, undefined, `${node.hostname}: Linux's own settings on one host`);
        }
    });

    it("parents every resource under its component, and every component under the network", () => {
        // The mock monitor's URNs carry the immediate parent's type before the resource's own.
        const typeChain = (name: string) => find(name).urn.split("::")[2];
        assert.equal(typeChain("fabric-network-dev-kafka-kafka1.example.com"), "fabric:kafka:KafkaCluster$docker:index/container:Container");
        assert.equal(typeChain("fabric-network-dev-zookeeper-zookeeper1.example.com-data"), "fabric:zookeeper:ZookeeperEnsemble$docker:index/volume:Volume");
        assert.equal(typeChain("fabric-network-dev-artifacts-genesis"), "fabric:artifacts:FabricArtifacts$command:local:Command");
        assert.equal(typeChain("fabric-network-dev-org1-peer1.org1.example.com"), "fabric:peer:PeerOrganization$docker:index/container:Container");
        assert.equal(typeChain("fabric-network-dev-orderer-orderer1.example.com"), "fabric:orderer:OrdererCluster$docker:index/container:Container");
        assert.equal(typeChain("fabric-network-dev-network"), "fabric:network:FabricNetwork$docker:index/network:Network");
        for (const [name, type] of [
            ["fabric-network-dev-artifacts", "fabric:artifacts:FabricArtifacts"],
            ["fabric-network-dev-zookeeper", "fabric:zookeeper:ZookeeperEnsemble"],
            ["fabric-network-dev-kafka", "fabric:kafka:KafkaCluster"],
            ["fabric-network-dev-orderer", "fabric:orderer:OrdererCluster"],
            ["fabric-network-dev-org2", "fabric:peer:PeerOrganization"],
        ]) {
            assert.equal(typeChain(name), `fabric:network:FabricNetwork$${type}`);
        }
        // Every resource: the network at the root, each other component right under it, each resource under a component.
        const parentType = (r: Registered) => r.urn.split("::")[2].split("$").slice(0, -1).join("$");
        const isComponent = (r: Registered) => r.type.startsWith("fabric:");
        assert.deepEqual(resources.filter((r) => parentType(r) === "").map((r) => r.type), ["fabric:network:FabricNetwork"]);
        assert.deepEqual(resources.filter((r) => isComponent(r) && parentType(r) !== "" && parentType(r) !== "fabric:network:FabricNetwork"), []);
        assert.deepEqual(resources.filter((r) => !isComponent(r) && !parentType(r).startsWith("fabric:")), []);
    });

    it("opens each channel: create, config (anchor peers among its values), one join for every peer of its orgs; and the system channel's config", () => {
        assert.deepEqual(channelSteps.map((c) => c.name).sort(), seedChannelSteps("dev"));
        const join = find("fabric-network-dev-channel-channel2-join");
        assert.equal(join.inputs.environment.PEER_IMAGE, "fabric-network/fabric-peer:2.5.12");
        assert.equal(join.inputs.environment.NETWORK, "fabric-network-dev");
        assert.deepEqual(peersOf(join.inputs.environment), [
            "peer0.org2.example.com:7051 Org2MSP Admin@org2.example.com",
            "peer1.org2.example.com:7051 Org2MSP Admin@org2.example.com",
        ]);
        assert.equal(join.inputs.environment.ORDERER_CA, "/crypto/ordererOrganizations/example.com/tlsca/tlsca.example.com-cert.pem");
        assert.match(find("fabric-network-dev-channel-channel2-create").inputs.delete, /^rm -f "\$CHANNEL_DIR\/\$CHANNEL.block"; echo "Fabric cannot delete channel/);
        assert.match(join.inputs.delete, /^echo "Fabric cannot delete channel/);
    });

    it("asks each channel's live config for the stack's values: batch, brokers, orderer endpoints, member orgs and anchors", () => {
        const env = find("fabric-network-dev-channel-channel1-config").inputs.environment;
        const { CONFIGTXGEN, CONFIGTXLATOR, RECONCILE_JS, STEPS_SHA256, STEPS_DIR, CRYPTO_MOUNT, ...values } = env;
        assert.deepEqual(
            [CONFIGTXGEN, CONFIGTXLATOR, path.relative(ROOT, RECONCILE_JS), STEPS_SHA256.length, path.relative(ROOT, STEPS_DIR), CRYPTO_MOUNT],
            [path.join(stubBin, "configtxgen"), path.join(stubBin, "configtxlator"), "render/steps/channel-config.js", 64, "render/steps", "/crypto"],
        );
        assert.deepEqual(values, {
            NETWORK: "fabric-network-dev",
            PEER_IMAGE: "fabric-network/fabric-peer:2.5.12",
            CRYPTO_DIR: path.join(PROGRAM_DIR, "artifacts/dev/crypto-config"),
            CONFIGTX_DIR: path.join(PROGRAM_DIR, "artifacts/dev"),
            CHANNEL: "channel1",
            ORDERER: "orderer0.example.com:7050",
            ORDERERS: "orderer0.example.com:7050 orderer1.example.com:7050 orderer2.example.com:7050",
            ORDERER_CA: "/crypto/ordererOrganizations/example.com/tlsca/tlsca.example.com-cert.pem",
            ORDERER_MSP_ID: "OrdererMSP",
            ORDERER_ADMIN_MSP: "ordererOrganizations/example.com/users/Admin@example.com/msp",
            ORDERER_ORG: "OrdererOrg",
            ORDERER_ENDPOINTS: "orderer0.example.com:7050,orderer1.example.com:7050,orderer2.example.com:7050",
            BATCH_TIMEOUT: "2s",
            MAX_MESSAGE_COUNT: "10",
            ABSOLUTE_MAX_BYTES: String(98 * 1024 * 1024),
            PREFERRED_MAX_BYTES: "524288",
            KAFKA_BROKERS: "kafka0.example.com:9092,kafka1.example.com:9092,kafka2.example.com:9092,kafka3.example.com:9092",
            ORG_GROUP: "application",
            ORG_IDS: "Org1MSP",
            ANCHORS: "Org1MSP=peer0.org1.example.com:7051",
            ADMINS: [1, 2, 3].map((i) => `Org${i}MSP=peerOrganizations/org${i}.example.com/users/Admin@org${i}.example.com/msp`).join(" "),
            ORG_ADMINS_FILE: "org-admins",
        });
        for (const i of [2, 3]) {
            const other = find(`fabric-network-dev-channel-channel${i}-config`).inputs.environment;
            assert.deepEqual([other.CHANNEL, other.ORG_IDS, other.ANCHORS], [`channel${i}`, `Org${i}MSP`, `Org${i}MSP=peer0.org${i}.example.com:7051`]);
        }
        const system = find("fabric-network-dev-system-channel-config").inputs.environment;
        assert.deepEqual(
            [system.CHANNEL, system.ORG_GROUP, system.ORG_IDS, system.ANCHORS],
            ["system-channel", "consortium:FabricConsortium", "Org1MSP Org2MSP Org3MSP", ""],
        );
    });

    it("orders channel steps through their inputs: after their tx files, the create step, and the nodes", () => {
        const sha = (s: string) => createHash("sha256").update(s).digest("hex");
        for (const i of [1, 2, 3]) {
            const create = find(`fabric-network-dev-channel-channel${i}-create`);
            assert.equal(create.inputs.environment.TX_SHA256, sha(`fabric-network-dev-artifacts-channel${i}-tx`));
            const join = find(`fabric-network-dev-channel-channel${i}-join`);
            assert.equal(join.inputs.environment.CREATED, `${sha(`fabric-network-dev-channel-channel${i}-create`)}\n`);
            assert.deepEqual(create.inputs.environment.NODE_IDS.split(","), [
                "fabric-network-dev-orderer-orderer0.example.com-id",
                "fabric-network-dev-orderer-orderer1.example.com-id",
                "fabric-network-dev-orderer-orderer2.example.com-id",
                `fabric-network-dev-org${i}-peer0.org${i}.example.com-id`,
                `fabric-network-dev-org${i}-peer1.org${i}.example.com-id`,
            ]);
        }
    });

    it("builds mycc's image from its source folder, with the source digest as the step's trigger", () => {
        const image = find("fabric-network-dev-cc-mycc-image");
        assert.equal(image.type, "command:local:Command");
        assert.deepEqual(image.inputs.environment, {
            CC_SOURCE: path.join(PROGRAM_DIR, "chaincode", "example02"),
            CC_IMAGE: "fabric-network/example02:1.0",
            CC_SOURCE_DIGEST: sourceDigest(path.join(ROOT, "chaincode", "example02")),
            CC_DIGEST_LABEL: "fabric-network.source-digest",
        });
    });

    it("deploys mycc on channel1: package, service container, one install on both Org1 peers, sequence, approve, commit, init", () => {
        assert.deepEqual(myccSteps(resources, "dev"), MYCC_STEPS);
        const sha = (s: string) => createHash("sha256").update(s).digest("hex");
        const packageId = sha("fabric-network-dev-cc-mycc-channel1-package");
        const pkg = find("fabric-network-dev-cc-mycc-channel1-package");
        const code = sha(`fabric-network/example02:1.0\n${sourceDigest(path.join(ROOT, "chaincode", "example02"))}`).slice(0, 12);
        assert.equal(pkg.inputs.environment.CC_LABEL, `mycc_1.0_${code}`, "the label names the code the service runs");
        const service = find("fabric-network-dev-cc-mycc-channel1-mycc-channel1.example.com");
        assert.equal(service.inputs.image, sha("fabric-network-dev-cc-mycc-image"), "the service runs the image the image step built");
        assert.equal(service.inputs.name, "fabric-network-dev-mycc-channel1.example.com");
        assert.deepEqual(service.inputs.envs, ["CHAINCODE_ID=" + packageId, "CHAINCODE_SERVER_ADDRESS=0.0.0.0:9999"]);
        assert.deepEqual(service.inputs.networksAdvanced, [{ name: "fabric-network-dev", aliases: ["mycc-channel1.example.com"] }]);
        assert.deepEqual(service.inputs.volumes, [], "a chaincode service keeps no data");
        const install = find("fabric-network-dev-cc-mycc-channel1-install-Org1MSP");
        assert.equal(install.inputs.environment.CC_PACKAGE_ID, packageId, "install runs on the package step's output");
        assert.deepEqual(peersOf(install.inputs.environment), [
            "peer0.org1.example.com:7051 Org1MSP Admin@org1.example.com",
            "peer1.org1.example.com:7051 Org1MSP Admin@org1.example.com",
        ]);
        assert.equal(install.inputs.environment.CC_ADDRESS, "mycc-channel1.example.com:9999");
        const init = find("fabric-network-dev-cc-mycc-channel1-init");
        assert.equal(init.inputs.environment.COMMITTED, `${sha("fabric-network-dev-cc-mycc-channel1-commit")}\n`);
        assert.equal(init.inputs.environment.CC_INIT_JSON, '{"Args":["init","a","100","b","200"]}');
        const sequence = sha("fabric-network-dev-cc-mycc-channel1-sequence");
        assert.equal(find("fabric-network-dev-cc-mycc-channel1-sequence").inputs.environment.CC_PACKAGE_ID, packageId);
        for (const step of ["approve-Org1MSP", "commit", "init"]) {
            assert.equal(find(`fabric-network-dev-cc-mycc-channel1-${step}`).inputs.environment.CC_SEQUENCE, sequence, `${step} uses the sequence step's answer`);
        }
    });

    it("starts every container without the provider's wait, and waits for each cluster's checks in one readiness step", () => {
        const all = resources.filter((r) => r.type === "docker:index/container:Container");
        assert.deepEqual(all.filter((c) => c.inputs.wait !== false || c.inputs.healthcheck.tests.length === 0).map((c) => c.name), []);
        const ready = resources.filter((r) => r.name.endsWith("-ready"));
        const clusters = ["zookeeper", "kafka", "orderer", "org1", "org2", "org3", "cc-mycc-channel1"];
        assert.deepEqual(ready.map((r) => r.name).sort(), clusters.map((c) => `fabric-network-dev-${c}-ready`).sort());
        for (const step of ready) {
            const members = all.filter((c) => c.urn.includes(`$docker:index/container:Container::${step.name.replace(/-ready$/, "-")}`));
            assert.deepEqual(step.dependencies, members.map((c) => c.urn), `${step.name} runs after its containers`);
            assert.equal(step.inputs.environment.NODE_IDS, members.map((c) => `${c.name}-id`).join(","), `${step.name} re-runs when one is replaced`);
            assert.equal(step.inputs.environment.WAIT_SECONDS, "300");
        }
        assert.equal(
            find("fabric-network-dev-zookeeper-ready").inputs.environment.NODES,
            [0, 1, 2].map((i) => `fabric-network-dev-zookeeper${i}.example.com\t3\tbash\t-c\texec 3<>/dev/tcp/127.0.0.1/2181`).join("\n"),
        );
        assert.equal(
            find("fabric-network-dev-org1-ready").inputs.environment.NODES,
            [0, 1].map((i) => `fabric-network-dev-peer${i}.org1.example.com\t3\twget\t-q\t-O\t/dev/null\thttp://127.0.0.1:9443/healthz`).join("\n"),
        );
    });

    it("starts brokers beside ZooKeeper's nodes (they retry it), orderers once Kafka's readiness step passed, the steps once theirs", () => {
        const readyOf = (c: string) => find(`fabric-network-dev-${c}-ready`).urn;
        const zookeeper = byRole(resources, "zookeeper").map((z) => z.urn);
        for (const broker of byRole(resources, "kafka")) {
            assert.deepEqual(broker.dependencies.filter((d) => d.includes("zookeeper")), zookeeper, `${broker.name}: after the nodes, so destroyed before them`);
        }
        for (const orderer of byRole(resources, "orderer")) assert.ok(orderer.dependencies.includes(readyOf("kafka")), orderer.name);
        assert.ok(find("fabric-network-dev-cc-mycc-channel1-init").dependencies.includes(readyOf("cc-mycc-channel1")), "init after the chaincode service serves");
        for (const step of ["create", "join"]) {
            const deps = find(`fabric-network-dev-channel-channel1-${step}`).dependencies;
            for (const c of ["orderer", "org1"]) assert.ok(deps.includes(readyOf(c)), `channel1's ${step} after ${c} serves`);
        }
        const install = find("fabric-network-dev-cc-mycc-channel1-install-Org1MSP").dependencies;
        assert.ok(install.includes(readyOf("org1")), "mycc's install on Org1 after its peers serve");
    });

    it("exports the TLS CA paths, the org MSPs and the Kafka broker list", () => {
        assert.equal(path.relative(PROGRAM_DIR, outputs.ordererTlsCaFile), "artifacts/dev/crypto-config/ordererOrganizations/example.com/tlsca/tlsca.example.com-cert.pem");
        assert.deepEqual(outputs.orgs.map((o) => [o.mspId, o.peers.length, path.relative(PROGRAM_DIR, o.tlsCaFile)]), [
            ["Org1MSP", 2, "artifacts/dev/crypto-config/peerOrganizations/org1.example.com/tlsca/tlsca.org1.example.com-cert.pem"],
            ["Org2MSP", 2, "artifacts/dev/crypto-config/peerOrganizations/org2.example.com/tlsca/tlsca.org2.example.com-cert.pem"],
            ["Org3MSP", 2, "artifacts/dev/crypto-config/peerOrganizations/org3.example.com/tlsca/tlsca.org3.example.com-cert.pem"],
        ]);
        assert.deepEqual(outputs.kafkaBrokers, [0, 1, 2, 3].map((i) => `kafka${i}.example.com:9092`));
    });
});

describe("the ha stack under mocks", () => {
    let resources: Registered[] = [];
    before(async () => {
        ({ resources } = await runProgram("ha", stackConfig("ha")));
    });
    it("registers 5 ZooKeeper, 7 Kafka, 5 orderer and 8 peer containers", () => {
        assert.deepEqual(["zookeeper", "kafka", "orderer", "peer"].map((r) => byRole(resources, r).length), [5, 7, 5, 8]);
    });
    it("gives the ha sizing to brokers and orderers", () => {
        const env = envOf(byRole(resources, "kafka")[6]);
        assert.ok(env.includes("KAFKA_BROKER_ID=6") && env.includes("KAFKA_MIN_INSYNC_REPLICAS=3") && env.includes("KAFKA_DEFAULT_REPLICATION_FACTOR=5"));
        assert.ok(envOf(byRole(resources, "orderer")[4]).includes("ORDERER_KAFKA_TOPIC_REPLICATIONFACTOR=5"));
        assert.ok(envOf(byRole(resources, "zookeeper")[4]).includes("ZOOKEEPER_SERVER_ID=5"));
    });
    it("names no images, so the public defaults apply, each with its family's env", () => {
        const images = resources.filter((r) => r.type === "docker:index/remoteImage:RemoteImage");
        assert.deepEqual(images.map((i) => i.inputs.name).sort(), [
            "confluentinc/cp-kafka:5.3.1",
            "confluentinc/cp-zookeeper:5.3.1",
            "hyperledger/fabric-orderer:2.5.12",
            "hyperledger/fabric-peer:2.5.12",
        ]);
        assert.equal(byRole(resources, "kafka")[0].inputs.image, "sha256:id-of-confluentinc/cp-kafka:5.3.1");
        // Confluent's images: KAFKA_<property> and ZOOKEEPER_ env, data where those images keep it.
        const kafka0 = byRole(resources, "kafka")[0];
        assert.ok(envOf(kafka0).includes("KAFKA_LOG_DIRS=/var/lib/kafka/data"));
        assert.deepEqual(envOf(kafka0).filter((e) => e.startsWith("KAFKA_CFG_")), []);
        assert.equal(kafka0.inputs.volumes[0].containerPath, "/var/lib/kafka/data");
        const zookeeper0 = byRole(resources, "zookeeper")[0];
        assert.deepEqual(envOf(zookeeper0).filter((e) => !e.startsWith("ZOOKEEPER_")), []);
        assert.ok(envOf(zookeeper0).includes("ZOOKEEPER_SERVER_ID=1") && envOf(zookeeper0).includes("ZOOKEEPER_CLIENT_PORT=2181"));
        assert.equal(zookeeper0.inputs.volumes[0].containerPath, "/var/lib/zookeeper");
    });
    it("makes the genesis block and 3 channel txs", () => {
        const steps = resources.filter((r) => r.type === "command:local:Command" && r.inputs.environment.PROFILE);
        assert.equal(steps.length, 1 + 3);
    });
    it("opens channels of several orgs: every peer of every member org joins, the config step sets every org's anchor", () => {
        const shared = resources.filter((r) => r.name.startsWith("fabric-network-ha-channel-shared-"));
        assert.deepEqual(
            peersOf(shared.find((r) => r.name.endsWith("-join"))!.inputs.environment),
            [1, 2, 3, 4].flatMap((i) => [0, 1].map((p) => `peer${p}.org${i}.example.com:7051 Org${i}MSP Admin@org${i}.example.com`)),
        );
        assert.equal(
            shared.find((r) => r.name.endsWith("-config"))?.inputs.environment.ANCHORS,
            [1, 2, 3, 4].map((i) => `Org${i}MSP=peer0.org${i}.example.com:7051`).join(" "),
        );
        // Per channel of the three: create, config, join; and the system channel's config step.
        assert.equal(resources.filter((r) => r.type === "command:local:Command" && r.name.includes("-channel-")).length, 3 * 3 + 1);
    });
});

describe("the raft stack (etcdraft from the start) under mocks", () => {
    let resources: Registered[] = [];
    let containers: string[] = [];
    let outputs = {} as ProgramRun["outputs"];
    before(async () => {
        ({ resources, containers, outputs } = await runProgram("raft", stackConfig("raft")));
    });
    it("registers no ZooKeeper or Kafka container, volume or image: 3 orderers and 6 peers", () => {
        assert.deepEqual(["zookeeper", "kafka", "orderer", "peer", "chaincode"].map((r) => byRole(resources, r).length), [0, 0, 3, 6, 1]);
        assert.equal(resources.filter((r) => r.type === "docker:index/volume:Volume").length, 9);
        assert.equal(resources.filter((r) => /-(zookeeper|kafka)(-|$)/.test(r.name)).length, 0);
        assert.deepEqual(resources.filter((r) => r.type === "docker:index/remoteImage:RemoteImage").map((i) => i.inputs.name).sort(), [
            "fabric-network/fabric-orderer:2.5.12",
            "fabric-network/fabric-peer:2.5.12",
        ]);
        assert.equal(containers.length, 9);
    });
    it("starts the orderers as a Raft cluster from an etcdraft genesis block", () => {
        const genesis = resources.find((r) => r.name === "fabric-network-raft-artifacts-genesis") as Registered;
        assert.match(genesis.inputs.stdin, /OrdererType: etcdraft\n/);
        assert.match(genesis.inputs.stdin, /Host: orderer2\.example\.com\n\s+Port: 7050\n/);
        assert.doesNotMatch(genesis.inputs.stdin, /Kafka|kafka/);
        for (const o of byRole(resources, "orderer")) {
            assert.ok(envOf(o).includes("ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE=/var/hyperledger/orderer/tls/server.crt"));
            assert.deepEqual(envOf(o).filter((e) => e.startsWith("ORDERER_KAFKA_")), []);
        }
    });
    it("exports the orderer type, and an empty Kafka broker list", () => {
        assert.equal(outputs.ordererType, "etcdraft");
        assert.deepEqual(outputs.kafkaBrokers, []);
    });
    it("opens the same channels and deploys mycc as on Kafka", () => {
        const channelSteps = resources.filter((r) => r.type === "command:local:Command" && r.name.includes("-channel-"));
        assert.deepEqual(channelSteps.map((c) => c.name).sort(), seedChannelSteps("raft"));
        assert.deepEqual(myccSteps(resources, "raft"), MYCC_STEPS);
    });
    it("adds the consensus step, acting on every channel as the orderer org's admin, with configtxlator", () => {
        const step = resources.find((r) => r.name === "fabric-network-raft-consensus") as Registered;
        assert.equal(step.type, "command:local:Command");
        assert.equal(step.inputs.environment.CHANNELS, "system-channel channel1 channel2 channel3");
        assert.deepEqual(
            [step.inputs.environment.ORDERER_MSP_ID, step.inputs.environment.ORDERER_ADMIN_MSP],
            ["OrdererMSP", "ordererOrganizations/example.com/users/Admin@example.com/msp"],
        );
        assert.equal(step.inputs.environment.CONFIGTXLATOR, path.join(stubBin, "configtxlator"));
        assert.deepEqual(step.inputs.environment.NODE_IDS.split(","), [0, 1, 2].map((i) => `fabric-network-raft-orderer-orderer${i}.example.com-id`));
        assert.equal(step.inputs.create, step.inputs.update);
        assert.equal(resources.filter((r) => r.name.endsWith("-consensus")).length, 1);
    });
});

describe("stack switches under mocks", () => {
    let resources: Registered[] = [];
    before(async () => {
        ({ resources } = await runProgram("pub", { ports: { publish: true } }));
    });
    it("ports.publish publishes each service port on 127.0.0.1 with a port Docker picks", () => {
        // No `external`: Docker picks the host port.
        const published = (internal: number[]) => internal.map((port) => ({ internal: port, ip: "127.0.0.1" }));
        const expected: [string, number[]][] = [
            ["zookeeper", [2181, 2888, 3888]],
            ["kafka", [9092]],
            ["orderer", [7050, 8443]],
            ["peer", [7051, 9443]],
        ];
        for (const [role, ports] of expected) {
            assert.deepEqual(byRole(resources, role).map((c) => c.inputs.ports), byRole(resources, role).map(() => published(ports)), role);
        }
        assert.ok(byRole(resources, "peer")[0].inputs.name.startsWith("fabric-network-pub-"), "names carry the stack");
    });
});

describe("kafka.sasl under mocks", () => {
    const PASSWORD = "correct-horse-battery";
    const images = { kafka: "fabric-network/kafka:3.9.1", kafkaFamily: "confluent", zookeeper: "fabric-network/zookeeper:3.8.4", zookeeperFamily: "apache" };
    const config = { kafka: { tls: true, sasl: { user: "orderer" } }, images, kafkaSaslPassword: PASSWORD };
    let resources: Registered[] = [];
    before(async () => {
        ({ resources } = await runProgram("sasl", config, [], undefined, ["kafkaSaslPassword"]));
    });
    it("brokers listen on SASL_SSL and log in to each other with PLAIN; their JAAS line holds the password, as a secret", () => {
        const brokers = byRole(resources, "kafka");
        assert.equal(brokers.length, 4);
        for (const b of brokers) {
            const env = envOf(b);
            assert.ok(env.includes("KAFKA_LISTENERS=SASL_SSL://0.0.0.0:9092"), env.join("\n"));
            assert.ok(env.includes("KAFKA_SECURITY_INTER_BROKER_PROTOCOL=SASL_SSL"));
            assert.ok(env.includes("KAFKA_SASL_ENABLED_MECHANISMS=PLAIN"));
            assert.ok(env.includes("KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL=PLAIN"));
            // Kafka reads ssl.client.auth on a SASL_SSL listener only from the listener's own key (KIP-684).
            assert.ok(env.includes("KAFKA_LISTENER_NAME_SASL__SSL_SSL_CLIENT_AUTH=required"), "client certificates stay required under SASL");
            assert.deepEqual(
                env.filter((l) => l.includes(PASSWORD)),
                [
                    `KAFKA_LISTENER_NAME_SASL__SSL_PLAIN_SASL_JAAS_CONFIG=org.apache.kafka.common.security.plain.PlainLoginModule required username="orderer" password="${PASSWORD}" user_orderer="${PASSWORD}";`,
                ],
            );
            assert.deepEqual(b.secretInputs, ["envs"], `${b.name}: its env goes to the state encrypted`);
        }
    });
    it("orderers log in as the user with the password (a secret), and their config dump is silenced", () => {
        for (const o of byRole(resources, "orderer")) {
            const env = envOf(o);
            assert.deepEqual(
                env.filter((l) => l.startsWith("ORDERER_KAFKA_SASLPLAIN_")),
                ["ORDERER_KAFKA_SASLPLAIN_ENABLED=true", `ORDERER_KAFKA_SASLPLAIN_PASSWORD=${PASSWORD}`, "ORDERER_KAFKA_SASLPLAIN_USER=orderer"],
            );
            assert.ok(env.includes("FABRIC_LOGGING_SPEC=info:orderer.common.server=warning"));
            assert.deepEqual(o.secretInputs, ["envs"]);
        }
    });
    it("the password is in no other resource's inputs, and no peer's or ZooKeeper node's env is a secret", () => {
        const holders = resources.filter((r) => JSON.stringify(r.inputs).includes(PASSWORD)).map((r) => labelsOf(r)["fabric-network.role"]);
        assert.deepEqual([...new Set(holders)].sort(), ["kafka", "orderer"]);
        for (const role of ["peer", "zookeeper"]) {
            assert.ok(byRole(resources, role).every((r) => (r.secretInputs ?? []).length === 0), role);
        }
    });
    it("a password stored in clear is refused before any resource, with the command that stores it as a secret", async () => {
        const registered: Registered[] = [];
        await assert.rejects(
            runProgram("sasl-clear", config, registered),
            (e: Error) => {
                assert.equal(
                    e.message,
                    "kafkaSaslPassword is stored in clear in Pulumi.sasl-clear.yaml; kafka.sasl takes it only as a secret: remove it and run npm run pulumi -- config set --secret kafkaSaslPassword <password> --stack sasl-clear",
                );
                return true;
            },
        );
        assert.deepEqual(registered, []);
    });
});

describe("the dev stack on a swarm under mocks", () => {
    const SWARM_NODES = ["node1", "node2", "node3"];
    const SWARM_ID = "k3x1s8a0ukf7pzq0z2r5m9d4c";
    // The dev stack's chaincode built from its source here and pushed to the swarm's registry.
    const REGISTRY = { push: "127.0.0.1:5213", pull: "10.213.7.10:5000" };
    // node1 (the manager) without an endpoint of its own: its volumes stay after destroy (and up says so).
    const NODE_ENDPOINTS = { node2: "tcp://10.0.0.2:2376", node3: "tcp://10.0.0.3:2376" };
    const config = { ...swarmStackConfig("dev", { manager: "tcp://10.0.0.1:2376", certPath: "swarm-certs", registry: REGISTRY, nodes: NODE_ENDPOINTS }), chaincodes: stackConfig("dev").chaincodes } as Record<string, any>;
    let resources: Registered[] = [];
    const of = (type: string) => resources.filter((r) => r.type === `docker:index/${type}`);
    const service = (host: string) => of("service:Service").find((r) => r.inputs.taskSpec.containerSpec.hostname === host)!;
    const constraint = (r: Registered) => r.inputs.taskSpec.placement?.constraints;
    before(async () => {
        // The manager, as index.ts asks it (docker -H … node ls, node inspect, info): a stand-in docker that knows three Ready nodes, unlabelled, and the swarm's ID.
        const nodeLines = SWARM_NODES.map((n) => JSON.stringify({ Hostname: n, ID: `id-${n}`, Status: "Ready", Availability: "Active", ManagerStatus: n === "node1" ? "Leader" : "" }));
        const docker = standInDocker(`case "$*" in *"node ls"*) printf '%s\\n' ${nodeLines.map((l) => `'${l}'`).join(" ")} ;; *"node inspect"*) printf '{}\\n{}\\n{}\\n' ;; *" info "*) echo ${SWARM_ID} ;; *) exit 1 ;; esac`);
        // The files the services' secrets bundle (cryptogen's and configtxgen's output, which no tool writes here).
        const spec = loadSpec(config, { project: PROJECT, stack: "swarm", projectDir: PROGRAM_DIR });
        for (const plan of [...spec.orderer.nodes.map((n) => ordererPlan(spec, n)), ...spec.orgs.flatMap((o) => o.peers.map((p) => peerPlan(spec, o, p)))]) {
            for (const b of plan.binds) {
                fs.mkdirSync(b.file ? path.dirname(b.hostPath) : b.hostPath, { recursive: true });
                fs.writeFileSync(b.file ? b.hostPath : path.join(b.hostPath, "cert.pem"), `content of ${b.hostPath}\n`);
            }
        }
        const PATH = process.env.PATH;
        process.env.PATH = docker.env.PATH;
        try {
            ({ resources } = await runProgram("swarm", config));
        } finally {
            process.env.PATH = PATH;
        }
    });
    it("every node a Swarm service: no container, no volume or image resource; an attachable overlay network", () => {
        assert.deepEqual([of("container:Container").length, of("volume:Volume").length, of("remoteImage:RemoteImage").length], [0, 0, 0]);
        assert.equal(of("service:Service").length, 3 + 4 + 3 + 6 + 1);
        const [network] = of("network:Network");
        assert.deepEqual([network.inputs.driver, network.inputs.attachable, network.inputs.name], ["overlay", true, "fabric-network-swarm"]);
        assert.equal(resources.filter((r) => r.type === "pulumi:providers:docker").length, 1);
    });
    it("each service: one replica, dnsrr, on the overlay under its dotted host name, an update that goes on past a task stopped early, pinned by the default spread; brokers' racks their nodes", () => {
        for (const s of of("service:Service")) {
            const host = s.inputs.taskSpec.containerSpec.hostname;
            assert.equal(s.inputs.name, `fabric-network-swarm-${host.replace(/\./g, "-")}`);
            assert.deepEqual(s.inputs.endpointSpec, { mode: "dnsrr", ports: [] });
            assert.deepEqual(s.inputs.mode, { replicated: { replicas: 1 } });
            assert.deepEqual(s.inputs.updateConfig, { failureAction: "continue" });
            assert.deepEqual(s.inputs.taskSpec.networksAdvanceds, [{ id: "fabric-network-swarm-network-id", aliases: [host] }]);
            assert.deepEqual(s.inputs.taskSpec.restartPolicy, { condition: "any", delay: "1s", window: "0s" });
            assert.ok(!s.inputs.taskSpec.containerSpec.mounts.some((m: any) => m.type === "bind"), `${host}: no bind mount`);
        }
        const placed = (hosts: string[]) => hosts.map((h) => constraint(service(h)));
        assert.deepEqual(placed(["zookeeper0.example.com", "zookeeper1.example.com", "zookeeper2.example.com"]), SWARM_NODES.map((n) => [`node.hostname==${n}`]));
        const brokers = [0, 1, 2, 3].map((i) => service(`kafka${i}.example.com`));
        assert.deepEqual(brokers.map(constraint), ["node1", "node2", "node3", "node1"].map((n) => [`node.hostname==${n}`]));
        assert.deepEqual(brokers.map((b) => b.inputs.taskSpec.containerSpec.env.KAFKA_BROKER_RACK), ["node1", "node2", "node3", "node1"]);
        // A chaincode service holds no state: Swarm may run it on any node.
        assert.equal(service("mycc-channel1.example.com").inputs.taskSpec.placement, undefined);
        // Its image: the reference the image step printed once it pushed the image it built (under mocks, a digest of the step's name).
        const imageStep = resources.find((r) => r.name === "fabric-network-swarm-cc-mycc-image")!;
        assert.deepEqual([imageStep.inputs.environment.CC_PUSH, imageStep.inputs.environment.CC_PULL, imageStep.inputs.environment.DOCKER_HOST], [REGISTRY.push, REGISTRY.pull, undefined]);
        assert.equal(service("mycc-channel1.example.com").inputs.taskSpec.containerSpec.image, createHash("sha256").update(imageStep.name).digest("hex"));
    });
    it("an orderer's files as three secrets, unpacked (folders into tmpfs) before its own start; its ledger a named volume on its node", () => {
        const o = service("orderer0.example.com").inputs.taskSpec.containerSpec;
        assert.equal(o.image, (config.images as any).orderer);
        assert.deepEqual(o.commands, [
            "/bin/sh",
            "-c",
            [
                "set -e",
                "mkdir -p /var/hyperledger/orderer && cp /run/secrets/files-0 /var/hyperledger/orderer/orderer.genesis.block",
                "tar -xf /run/secrets/files-1 -C /var/hyperledger/orderer/msp",
                "tar -xf /run/secrets/files-2 -C /var/hyperledger/orderer/tls",
                'exec "$@"',
            ].join("\n"),
            "unpack",
            "orderer",
        ]);
        assert.deepEqual(o.secrets.map((x: any) => [x.fileName, x.fileMode]), [0, 1, 2].map((i) => [`/run/secrets/files-${i}`, 0o400]));
        assert.deepEqual(o.mounts, [
            { type: "volume", source: "fabric-network-swarm-orderer0.example.com-data", target: "/var/hyperledger/production" },
            { type: "tmpfs", target: "/var/hyperledger/orderer/msp" },
            { type: "tmpfs", target: "/var/hyperledger/orderer/tls" },
        ]);
        // The peer's own start command stays its, after the unpacking.
        assert.deepEqual(service("peer0.org1.example.com").inputs.taskSpec.containerSpec.commands.slice(3), ["unpack", ...PEER_START]);
        // A node without files runs its image as it is.
        assert.equal(service("zookeeper0.example.com").inputs.taskSpec.containerSpec.commands, undefined);
        // A peer's kernel settings as a container's would be (render/containers.ts peerSysctls); no other node has any.
        assert.deepEqual(service("peer0.org1.example.com").inputs.taskSpec.containerSpec.sysctl, { "net.ipv4.tcp_retries2": "5", "net.ipv4.tcp_syn_retries": "3" });
        assert.equal(o.sysctl, undefined);
    });
    it("each secret named by its service and a digest of its content; its content a secret in the state", () => {
        const secrets = of("secret:Secret");
        assert.equal(secrets.length, 3 * 3 + 6 * 2);
        for (const s of secrets) {
            assert.match(s.inputs.name, /^fabric-network-swarm-[a-z0-9-]+-\d-[0-9a-f]{12}$/);
            assert.equal(s.inputs.name.slice(-12), createHash("sha256").update(s.inputs.data.value).digest("hex").slice(0, 12));
            assert.deepEqual(s.secretInputs, ["data"]);
        }
        const genesis = secrets.find((s) => s.name === "fabric-network-swarm-orderer-orderer0.example.com-files-0")!;
        assert.equal(Buffer.from(genesis.inputs.data.value, "base64").toString(), `content of ${path.join(PROGRAM_DIR, "artifacts", "swarm", "channel-artifacts", "genesis.block")}\n`);
    });
    it("each service on a node with an endpoint: a step that removes its volume there once the service is gone (the service waits for it)", () => {
        const steps = resources.filter((r) => r.name.endsWith("-volume"));
        const onNode = (n: string) => of("service:Service").filter((x) => constraint(x)?.[0] === `node.hostname==${n}`);
        assert.equal(steps.length, onNode("node2").length + onNode("node3").length);
        assert.equal(steps.length, 6 + 3);
        for (const svc of [...onNode("node2"), ...onNode("node3")]) {
            const host = svc.inputs.taskSpec.containerSpec.hostname;
            const step = steps.find((r) => r.name === `${svc.name}-volume`)!;
            const node = constraint(svc)[0].split("==")[1];
            assert.deepEqual(step.inputs.environment, {
                DOCKER_HOST: (NODE_ENDPOINTS as Record<string, string>)[node],
                DOCKER_TLS_VERIFY: "1",
                DOCKER_CERT_PATH: path.join(PROGRAM_DIR, "swarm-certs"),
                NODE: node,
                VOLUMES: `fabric-network-swarm-${host}-data`,
                WAIT_SECONDS: "120",
            });
            assert.equal(step.inputs.delete, SWARM_VOLUMES_SCRIPT);
            assert.ok(svc.dependencies.includes(step.urn), `${host} waits for its volume's step`);
        }
        const ownStep = (svc: Registered) => svc.dependencies.some((u) => u.endsWith(`::${svc.name}-volume`));
        assert.deepEqual(onNode("node1").filter(ownStep).map((svc) => svc.name), [], "node1 has no endpoint: no step");
    });

    it("the record of the up names the swarm's cluster ID as the manager reports it, and where each node was placed", () => {
        const record = JSON.parse(resources.find((r) => r.type === "command:local:Command" && r.name === "fabric-network-swarm-record")!.inputs.stdin);
        const { placement, ...rest } = record;
        assert.deepEqual(rest, { ...appliedRecord(loadSpec(config, { project: PROJECT, stack: "swarm", projectDir: PROGRAM_DIR })), swarmId: SWARM_ID });
        assert.equal(record.engine, "swarm");
        assert.equal(Object.keys(placement).length, 16, "every pinned node (the chaincode's service is not pinned)");
        const hostOf = new Map(allNodes(loadSpec(config, { project: PROJECT, stack: "swarm", projectDir: PROGRAM_DIR })).map((n) => [n.containerName, n.hostname]));
        for (const [container, node] of Object.entries(placement)) {
            assert.deepEqual(constraint(service(hostOf.get(container)!)), [`node.hostname==${node}`], container);
        }
    });
    it("the steps reach the manager: its endpoint and TLS material, files copied into the CLI containers, the replicas step's CLI a container of its own", () => {
        const steps = resources.filter((r) => r.type === "command:local:Command");
        const create = steps.find((r) => r.name.endsWith("channel-channel1-create"))!;
        const certs = path.join(PROGRAM_DIR, "swarm-certs");
        for (const [k, v] of Object.entries({ DOCKER_HOST: "tcp://10.0.0.1:2376", DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: certs, CLI_FILES: "copy" })) {
            assert.equal(create.inputs.environment[k], v, k);
        }
        const replicas = steps.find((r) => r.name.endsWith("kafka-replicas"))!.inputs.environment;
        assert.deepEqual([replicas.ZK_IMAGE, replicas.NETWORK, replicas.DOCKER_HOST], [(config.images as any).zookeeper, "fabric-network-swarm", "tcp://10.0.0.1:2376"]);
    });
});

describe("a bad config under mocks", () => {
    it("registers no resource and fails with every problem", async () => {
        const resources: Registered[] = [];
        await assert.rejects(
            runProgram("bad", { orderer: { absoluteMaxBytes: "99 MB" }, zookeeper: { nodes: 2 } }, resources),
            (e: Error) => {
                assert.equal(
                    e.message,
                    'stack "bad" has 2 config problems; nothing was created or changed:\n' +
                        "  - zookeeper.nodes (2) must be 3, 5 or 7: an odd ensemble, and more than 7 only slows writes; use 3\n" +
                        '  - orderer.absoluteMaxBytes ("99 MB" = 103809024 bytes) must be less than kafka.replicaFetchMaxBytes (103809024): a block as large as the fetch limit cannot be replicated; lower orderer.absoluteMaxBytes to "98 MB" or raise kafka.replicaFetchMaxBytes and kafka.messageMaxBytes above 103809024',
                );
                return true;
            },
        );
        assert.deepEqual(resources, []);
    });
});

describe("a config that drops a created channel under mocks", () => {
    it("is refused before any resource: Fabric cannot delete a channel", async () => {
        const dir = path.join(PROGRAM_DIR, "artifacts", "removal", "channel-artifacts");
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, "channel9.block"), "");
        const resources: Registered[] = [];
        try {
            await assert.rejects(runProgram("removal", {}, resources), {
                message:
                    'stack "removal" has 1 config problem; nothing was created or changed:\n' +
                    '  - channels (without "channel9") must keep every channel already created: Fabric cannot delete a channel, and "channel9" exists on this network; put { name: "channel9", orgs: [...] } back in channels, or run `pulumi destroy` to remove the whole network',
            });
        } finally {
            fs.rmSync(path.join(PROGRAM_DIR, "artifacts", "removal"), { recursive: true, force: true });
        }
        assert.deepEqual(resources, []);
    });
});

describe("what a step runs is in its inputs: a changed file of render/steps/ re-runs exactly the steps that run it", () => {
    // Which steps run each file, by step name: its own script, what it sources (peer-cli.sh, channel-config.sh)
    // and the node script its env names. Written out here, not derived, so that the program is checked against it.
    const channelConfig = /-(channel-\w+|system-channel)-config$|-consensus$/;
    const peerCli = /-channel-\w+-(create|config|join)$|-system-channel-config$|-consensus$|-cc-\w+-\w+-(sequence|install-.*|approve-.*|commit|init)$/;
    const RUNS: Record<string, RegExp> = {
        "cryptogen.sh": /-artifacts-cryptogen$/,
        "configtxgen.sh": /-artifacts-(genesis|channel\d+-tx)$/,
        "channel-create.sh": /-channel-\w+-create$/,
        "channel-join.sh": /-channel-\w+-join$/,
        "channel-config.sh": channelConfig,
        "channel-config.js": channelConfig,
        "peer-cli.sh": peerCli,
        "consensus.sh": /-consensus$/,
        "consensus.js": /-consensus$/,
        "nodes-ready.sh": /-ready$/,
        "kafka-replicas.sh": /-kafka-replicas$/,
        "kafka-replicas.js": /-kafka-replicas$/,
        "cc-image.sh": /-cc-\w+-image$/,
        "cc-package.sh": /-cc-\w+-\w+-package$/,
        "cc-sequence.sh": /-cc-\w+-\w+-sequence$/,
        "cc-install.sh": /-cc-\w+-\w+-install-.*$/,
        "cc-approve.sh": /-cc-\w+-\w+-approve-.*$/,
        "cc-commit.sh": /-cc-\w+-\w+-commit$/,
        "cc-init.sh": /-cc-\w+-\w+-init$/,
        // Its text is the swarm's volumes steps' `delete` (no step of these stacks).
        "swarm-volumes.sh": /-volume$/,
    };
    /** Each Command step's inputs, by name. */
    const steps = async (stack: string, changed?: string) =>
        new Map(
            (await runProgram(stack, stackConfig(stack), [], changed)).resources
                .filter((r) => r.type === "command:local:Command")
                .map((r) => [r.name, JSON.stringify(r.inputs)]),
        );
    const files = fs.readdirSync(path.join(ROOT, "render", "steps")).sort();

    it("names every file of render/steps/", () => {
        assert.deepEqual(Object.keys(RUNS).sort(), files);
    });
    // The dev stack has the Kafka replicas step, the raft stack the consensus step; between them, every step file runs.
    for (const stack of ["dev", "raft"]) {
        it(`on the ${stack} stack, for each file: the steps whose inputs change are the ones that run it`, async () => {
            const before = await steps(stack);
            const ran = new Set<string>();
            for (const file of files) {
                const after = await steps(stack, file);
                assert.deepEqual([...after.keys()], [...before.keys()], `${file}: the same steps`);
                const rerun = [...before.keys()].filter((name) => after.get(name) !== before.get(name));
                assert.deepEqual(rerun, [...before.keys()].filter((name) => RUNS[file].test(name)), `${file} changed`);
                rerun.forEach((name) => ran.add(name));
            }
            assert.deepEqual(
                [...before.keys()].filter((name) => !ran.has(name)),
                ["configtx", "profile-Org1", "profile-Org2", "profile-Org3"].map((f) => `fabric-network-${stack}-artifacts-${f}`).concat(`fabric-network-${stack}-record`),
                "only the steps that write a file (an inline script) run no file of render/steps/",
            );
        });
    }
});

describe("what waits for what under mocks", () => {
    const waitsFor = (resources: Registered[], name: string) => {
        const r = resources.find((x) => x.name === name);
        assert.ok(r, `no resource ${name}`);
        return r.dependencies.map((urn) => urn.split("::").pop() as string);
    };
    const P = "fabric-network-dev";

    it("a new channel's peers join after its create, beside its config step; an existing channel's after the config step", async () => {
        const fresh = (await runProgram("dev", stackConfig("dev"))).resources;
        const join = waitsFor(fresh, `${P}-channel-channel1-join`);
        assert.ok(join.includes(`${P}-channel-channel1-create`), join.join(" "));
        assert.ok(!join.includes(`${P}-channel-channel1-config`), "not after the config step");
        const dir = path.join(PROGRAM_DIR, "artifacts", "dev", "channel-artifacts");
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, "channel1.block"), "");
        try {
            const later = (await runProgram("dev", stackConfig("dev"))).resources;
            assert.ok(waitsFor(later, `${P}-channel-channel1-join`).includes(`${P}-channel-channel1-config`), "channel1 exists: after its config step");
            assert.ok(!waitsFor(later, `${P}-channel-channel2-join`).includes(`${P}-channel-channel2-config`), "channel2 is new");
        } finally {
            fs.rmSync(path.join(dir, "channel1.block"));
        }
    });

    it("a new network's channels are created without waiting for the system channel's config step; once a record or a channel exists, after it (the consortium may be getting an org)", async () => {
        const fresh = (await runProgram("dev", stackConfig("dev"))).resources;
        for (const c of ["channel1", "channel2", "channel3"]) {
            const create = waitsFor(fresh, `${P}-channel-${c}-create`);
            assert.ok(create.includes(`${P}-artifacts-configtx`), create.join(" "));
            assert.ok(!create.includes(`${P}-system-channel-config`), `${c}: not after the system channel's config step`);
        }
        const dir = path.join(PROGRAM_DIR, "artifacts", "dev");
        const existing = async (file: string) => {
            fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
            fs.writeFileSync(path.join(dir, file), file.endsWith(".json") ? JSON.stringify(appliedRecord(loadSpec(stackConfig("dev"), { project: PROJECT, stack: "dev", projectDir: PROGRAM_DIR }))) : "");
            try {
                return (await runProgram("dev", stackConfig("dev"))).resources;
            } finally {
                fs.rmSync(path.join(dir, file));
            }
        };
        for (const file of ["applied.json", "channel-artifacts/channel1.block"]) {
            const later = await existing(file);
            for (const c of ["channel1", "channel2", "channel3"]) {
                assert.ok(waitsFor(later, `${P}-channel-${c}-create`).includes(`${P}-system-channel-config`), `${file} there: ${c} after the system channel's config step`);
            }
        }
    });

    it("chaincode: the package waits for nothing, an org's install for its peers and the package, not for the channel; the sequence for the channel's joins, not its config step", async () => {
        const resources = (await runProgram("dev", stackConfig("dev"))).resources;
        const cc = `${P}-cc-mycc-channel1`;
        assert.deepEqual(waitsFor(resources, `${cc}-package`), []);
        const install = waitsFor(resources, `${cc}-install-Org1MSP`);
        assert.ok(install.includes(`${cc}-package`) && install.includes(`${P}-org1-peer0.org1.example.com`) && install.includes(`${P}-org1-peer1.org1.example.com`), install.join(" "));
        assert.deepEqual(install.filter((d) => d.includes("-channel-")), [], "no channel step");
        const sequence = waitsFor(resources, `${cc}-sequence`);
        assert.deepEqual(sequence.filter((d) => d.includes("-channel-")), [`${P}-channel-channel1-join`], "on a new channel the anchor peers need not be in first");
    });
});
