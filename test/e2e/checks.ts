// What the end-to-end tests check from outside the program: through the docker CLI and a gateway client,
// never through the program's own code paths.
import assert from "node:assert/strict";
import { execFile, execFileSync, spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { connect, Gateway, signers } from "@hyperledger/fabric-gateway";
import { findFabricTools, NetworkSpec } from "../../config";
import { zookeeperLocalPort } from "../../render";
import { ROOT } from "../helpers";

export const docker = (...args: string[]) => execFileSync("docker", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
export const dockerOk = (...args: string[]) => spawnSync("docker", args, { encoding: "utf8" });
/** The docker CLI without waiting for it: its output and exit status, whatever the status (at most `timeoutMs`). */
export const dockerAsync = (args: string[], timeoutMs = 120_000) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        execFile("docker", args, { encoding: "utf8", timeout: timeoutMs, maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
            resolve({ status: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr }),
        );
    });
/** A container's whole log (stdout and stderr); fails rather than return part of it. */
export const logsOf = (container: string) => {
    const r = spawnSync("docker", ["logs", container], { encoding: "utf8", maxBuffer: 1 << 30 });
    if (r.error || r.status !== 0) {
        throw new Error(`docker logs ${container}: ${r.error?.message ?? r.stderr}`);
    }
    return r.stdout + r.stderr;
};

/**
 * Why the Docker tests of `spec`'s network cannot run here (none when they can): engine, the images it
 * uses as they are (a chaincode with a source folder has its image built by the test), Fabric tools.
 */
export function missingForDocker(spec: NetworkSpec): string[] {
    const missing: string[] = [];
    if (dockerOk("info").status !== 0) return ["a running Docker engine"];
    const prebuilt = spec.chaincodes.filter((c) => c.source === undefined).map((c) => c.image);
    // An etcdraft network runs no Kafka or ZooKeeper image.
    const kafka = spec.orderer.type === "kafka" ? [spec.images.kafka, spec.images.zookeeper] : [];
    for (const image of [spec.images.orderer, spec.images.peer, ...kafka, ...prebuilt]) {
        if (dockerOk("image", "inspect", image).status !== 0) missing.push(`image ${image} (npm run images)`);
    }
    try {
        findFabricTools(ROOT);
    } catch (e) {
        missing.push((e as Error).message);
    }
    return missing;
}

/** Polls `probe` each second until it returns a value; on time-out, fails with the container's last log lines. */
export async function waitFor<T>(what: string, container: string, seconds: number, probe: () => T | undefined): Promise<T> {
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
        const got = probe();
        if (got !== undefined) {
            return got;
        }
        const restarts = Number(dockerOk("inspect", "-f", "{{.RestartCount}}", container).stdout.trim() || 0);
        if (Date.now() > deadline || restarts >= 3) {
            const logs = dockerOk("logs", "--tail", "15", container);
            throw new Error(`${what}: not ready after ${seconds}s or ${restarts} restarts; last log lines of ${container}:\n${logs.stdout}${logs.stderr}`);
        }
        await new Promise((r) => setTimeout(r, 1000));
    }
}

/** Each ZooKeeper node's mode (leader, follower, standalone), from its `srvr` answer; undefined while it has none. */
export const zookeeperMode = (spec: NetworkSpec, container: string): string | undefined =>
    /Mode: (\w+)/.exec(dockerOk("exec", container, "bash", "-c", `exec 3<>/dev/tcp/127.0.0.1/${zookeeperLocalPort(spec)}; echo srvr >&3; cat <&3`).stdout)?.[1];

/**
 * A ZooKeeper CLI command on the ensemble's first node; its last output line that is not the watcher's
 * connection event (which the CLI prints from another thread, before or after the answer).
 */
export function zkCli(spec: NetworkSpec, ...args: string[]): string {
    const zk = spec.zookeeper.nodes[0].containerName;
    const out = dockerOk("exec", zk, "java", "-cp", "/opt/kafka/libs/*", "org.apache.zookeeper.ZooKeeperMain", "-server", `127.0.0.1:${zookeeperLocalPort(spec)}`, ...args).stdout;
    return (
        out
            .split("\n")
            .map((l) => l.trim())
            .filter((l) => l && l !== "WATCHER::" && !l.startsWith("WatchedEvent "))
            .pop() ?? ""
    );
}

/** The broker ids registered in ZooKeeper, sorted. */
export function registeredBrokers(spec: NetworkSpec): number[] {
    const m = /^\[([\d, ]*)\]$/.exec(zkCli(spec, "ls", "/brokers/ids"));
    return m && m[1] ? m[1].split(",").map((s) => Number(s.trim())).sort((a, b) => a - b) : [];
}

/** The brokers holding partition 0 of a Kafka topic (its preferred leader first); none when the topic does not exist. */
export function partitionReplicas(spec: NetworkSpec, topic: string): number[] {
    const line = zkCli(spec, "get", `/brokers/topics/${topic}`);
    return line.startsWith("{") ? (JSON.parse(line).partitions["0"] as number[]) : [];
}

/** The in-sync replicas of partition 0 of a Kafka topic, sorted; none when it has no state. */
export function partitionIsr(spec: NetworkSpec, topic: string): number[] {
    const line = zkCli(spec, "get", `/brokers/topics/${topic}/partitions/0/state`);
    return line.startsWith("{") ? (JSON.parse(line).isr as number[]).sort((a, b) => a - b) : [];
}

/** How many replicas partition 0 of a Kafka topic has; 0 when the topic does not exist. */
export const topicReplicas = (spec: NetworkSpec, topic: string): number => partitionReplicas(spec, topic).length;

/** The names of the stack's containers (by the stack label the program sets): all of them, or the running ones. */
export function stackContainerNames(prefix: string, which: "all" | "running" = "all"): string[] {
    const all = which === "all" ? ["-a"] : [];
    return docker("ps", ...all, "--filter", `label=fabric-network.stack=${prefix}`, "--format", "{{.Names}}").split("\n").filter(Boolean);
}

/**
 * How long Docker may take to report a container `up` found serving: its first check runs one interval (5 s)
 * after start, and a check that overruns its 3 s timeout on a loaded machine leaves the status `starting` until
 * the next interval (seen once in CI: 17 of 18 healthy 12 s after `up`).
 */
export const HEALTH_SETTLE_SECONDS = 30;

/**
 * Health of every container of the stack, by name, as Docker reports it once none is `starting` (or after
 * HEALTH_SETTLE_SECONDS): `up` waits for each container's check itself (nodes-ready.sh), sooner than Docker's
 * own status, which follows at its next interval.
 */
export function healthByName(prefix: string): Record<string, string> {
    const names = stackContainerNames(prefix);
    const read = () => Object.fromEntries(names.map((n) => [n, docker("inspect", "-f", "{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}", n).trim()]));
    const t0 = Date.now();
    let health = read();
    while (Object.values(health).includes("starting") && Date.now() - t0 < HEALTH_SETTLE_SECONDS * 1000) {
        spawnSync("sleep", ["0.5"]);
        health = read();
    }
    return health;
}

/** Every container of a health map healthy, and `count` of them: on failure, the ones that are not, with their status. */
export function assertAllHealthy(health: Record<string, string>, count: number): void {
    assert.deepEqual(Object.entries(health).filter(([, h]) => h !== "healthy"), []);
    assert.equal(Object.keys(health).length, count);
}

/** What a stack leaves in Docker: its containers, volumes and networks, by name. */
export function leftovers(prefix: string): string[] {
    const list = (...args: string[]) => docker(...args).split("\n").filter(Boolean);
    return [
        ...stackContainerNames(prefix),
        ...list("volume", "ls", "-q", "--filter", `name=${prefix}-`),
        ...list("network", "ls", "-q", "--filter", `name=${prefix}`).map((id) => `network ${id}`),
    ];
}

/** A connection profile's peer entry, as the program exports it. */
export interface ProfilePeer {
    url: string;
    tlsCACerts: { path: string };
    grpcOptions: { "ssl-target-name-override": string } & Record<string, string | number>;
}

/** The gRPC channel options a client takes from a profile's peer entry: the TLS name it dials, and the keepalive. */
export const clientOptions = (peer: ProfilePeer): grpc.ClientOptions => ({
    "grpc.ssl_target_name_override": peer.grpcOptions["ssl-target-name-override"],
    ...Object.fromEntries(Object.entries(peer.grpcOptions).filter(([k]) => k.startsWith("grpc.keepalive"))),
});
export interface Identity {
    mspId: string;
    certPath: string;
    keyPath: string;
    /** The user's TLS client key pair: presented to a peer that asks for one (tls.clientAuthRequired). */
    tlsCertPath?: string;
    tlsKeyPath?: string;
}

/** TLS credentials for a client of `peer`: its TLS CA, and the identity's TLS key pair when it has one. */
export const clientCredentials = (peer: ProfilePeer, id: Identity): grpc.ChannelCredentials =>
    id.tlsCertPath && id.tlsKeyPath
        ? grpc.credentials.createSsl(fs.readFileSync(peer.tlsCACerts.path), fs.readFileSync(id.tlsKeyPath), fs.readFileSync(id.tlsCertPath))
        : grpc.credentials.createSsl(fs.readFileSync(peer.tlsCACerts.path));

/** The `host:port` on this host where Docker published a container's port; undefined when it publishes none. */
export function publishedAddress(container: string, port: number): string | undefined {
    const r = dockerOk("port", container, `${port}/tcp`);
    return r.status === 0 ? r.stdout.trim().split("\n")[0] || undefined : undefined;
}

/**
 * A gateway connection to a peer container through its published port on this host, with the
 * peer's entry of the exported connection profile and an exported user identity. Close it after use.
 */
export function gatewayTo(container: string, peer: ProfilePeer, id: Identity): { gateway: Gateway; close: () => void } {
    const hostPort = publishedAddress(container, 7051);
    if (!hostPort) throw new Error(`${container} publishes no 7051 on this host (ports.publish)`);
    return gatewayAt(hostPort, peer, id);
}

/** A gateway connection to a peer at `hostPort` (a swarm node's address and the port its task published there). */
export function gatewayAt(hostPort: string, peer: ProfilePeer, id: Identity): { gateway: Gateway; close: () => void } {
    const client = new grpc.Client(hostPort, clientCredentials(peer, id), clientOptions(peer));
    const signer = signers.newPrivateKeySigner(crypto.createPrivateKey(fs.readFileSync(id.keyPath)));
    // Every call bounded, as an application's should be: a test that waits on a peer fails instead of hanging.
    const within = (ms: number) => () => ({ deadline: Date.now() + ms });
    const gateway = connect({
        client,
        identity: { mspId: id.mspId, credentials: fs.readFileSync(id.certPath) },
        signer,
        evaluateOptions: within(30_000),
        endorseOptions: within(30_000),
        submitOptions: within(30_000),
        commitStatusOptions: within(60_000),
    });
    return {
        gateway,
        close: () => {
            gateway.close();
            client.close();
        },
    };
}

export const text = (b: Uint8Array) => Buffer.from(b).toString("utf8");

/**
 * A channel's config as the orderers serve it now, decoded: fetched with the peer CLI as the orderer org's
 * admin and decoded by configtxlator, outside the program's own config step.
 */
export function liveChannelConfig(spec: NetworkSpec, channel: string): any {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "live-config-"));
    try {
        docker(
            "run", "--rm", "--network", spec.names.network, "-v", `${spec.paths.cryptoDir}:/crypto:ro`, "-v", `${dir}:/out`,
            "-e", `CORE_PEER_LOCALMSPID=${spec.ordererOrg.mspId}`,
            "-e", `CORE_PEER_MSPCONFIGPATH=/crypto/${spec.ordererOrg.adminDir}/msp`,
            "-e", "CORE_PEER_TLS_ENABLED=true",
            "--entrypoint", "peer", spec.images.peer,
            "channel", "fetch", "config", "/out/config.block", "-c", channel,
            "-o", spec.orderer.endpoints[0], "--tls", "--cafile", `/crypto/${spec.ordererOrg.tlsCaFile}`,
        );
        // configtxlator's default output, /dev/stdout, fails on a pipe: it writes to a file.
        const json = path.join(dir, "config.json");
        execFileSync(findFabricTools(ROOT).configtxlator, ["proto_decode", "--input", path.join(dir, "config.block"), "--type", "common.Block", "--output", json]);
        return JSON.parse(fs.readFileSync(json, "utf8")).data.data[0].payload.data.config;
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** The IDs of the stack's containers, by name: the same ID after an `up` means the container was not replaced. */
export function containerIds(prefix: string): Record<string, string> {
    const lines = docker("ps", "-a", "--filter", `label=fabric-network.stack=${prefix}`, "--format", "{{.Names}} {{.ID}}").split("\n").filter(Boolean);
    return Object.fromEntries(lines.map((l) => l.split(" ")));
}
