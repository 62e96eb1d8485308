// engine.kind swarm: one network node as a Swarm service, from the same plan as a container. Its files reach
// it as Swarm secrets named by their content (no path on any node), unpacked into tmpfs before the image's
// own start; it is pinned to the swarm node that config/placement.ts chose.
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { NetworkPlacement } from "../config";
import type { NodeContainerArgs } from "./container";
import { SWARM_VOLUMES_NOTE, SWARM_VOLUMES_SCRIPT, swarmVolumesStepEnv } from "../render";
import { bashStep, sha256 } from "./step";

/** What a swarm stack adds to a node's arguments: the overlay network to attach to, and where each node runs. */
export interface SwarmTarget {
    readonly networkId: pulumi.Input<string>;
    readonly placement: NetworkPlacement;
}

/** Where a service finds file bundle i (its secret) before unpacking it. */
export const bundlePath = (i: number): string => `/run/secrets/files-${i}`;

/**
 * A bind's content as one secret: a folder as a tar whose names are sorted and times and owners zeroed (so that
 * the same files make the same bytes, and the secret's name, a digest of them, stays), a file as it is. Base64.
 */
export function bundle(hostPath: string): string {
    if (!fs.statSync(hostPath).isDirectory()) return fs.readFileSync(hostPath).toString("base64");
    return execFileSync("tar", ["-C", hostPath, "--sort=name", "--mtime=@0", "--owner=0", "--group=0", "--numeric-owner", "-cf", "-", "."], { maxBuffer: 64 << 20 }).toString("base64");
}

/**
 * The shell that unpacks a service's bundles to where the container engine would have bind-mounted them, then
 * runs what the node runs ("$@"). Folders go to the service's tmpfs mounts, so that keys never reach a disk.
 */
export function unpackScript(binds: readonly { containerPath: string; dir: boolean }[]): string {
    const lines = binds.map((b, i) =>
        b.dir ? `tar -xf ${bundlePath(i)} -C ${b.containerPath}` : `mkdir -p ${path.posix.dirname(b.containerPath)} && cp ${bundlePath(i)} ${b.containerPath}`,
    );
    return ["set -e", ...lines, 'exec "$@"'].join("\n");
}

/** The service, its data volume (made by Swarm on its node) and one secret per file bundle, children of `parent`. */
export function nodeService(component: string, args: NodeContainerArgs, labels: Record<string, pulumi.Input<string>>, parent: pulumi.Resource, dependsOn: pulumi.Input<pulumi.Resource>[]) {
    const { spec, plan } = args;
    const swarm = args.swarm!;
    const node = plan.node;
    // A node with data stays on its swarm node; one without (a chaincode service) may run on any.
    const swarmNode = swarm.placement.byContainer.get(node.containerName);
    if (!swarmNode && plan.dataPath !== undefined) throw new Error(`${node.hostname}: the placement has no swarm node for ${node.containerName}`);
    const start = plan.command ?? plan.imageStart;
    if (plan.binds.length && !start) throw new Error(`${node.hostname}: a node with files needs its image's start command (plan.imageStart) on a swarm`);
    // The files exist once the steps that write them ran: their digests (the inputs that restart a container) say so.
    const written = pulumi.all(Object.values(args.inputDigests ?? {}));
    if (plan.binds.length && !args.inputDigests) throw new Error(`${node.hostname}: a node with files needs the digests of the steps that write them`);
    // Its data volume, made by Swarm on the node: removed from there (through the node's own endpoint,
    // engine.nodes) when the service leaves the network or the stack is destroyed.
    const volumeStep =
        swarmNode && plan.dataPath !== undefined && spec.engine.nodes?.[swarmNode] !== undefined
            ? bashStep(`${component}-${node.hostname}-volume`, { script: SWARM_VOLUMES_NOTE, deleteScript: SWARM_VOLUMES_SCRIPT, environment: swarmVolumesStepEnv(spec, swarmNode, [node.volumeName]) }, { parent })
            : undefined;
    const labelList = Object.entries(labels).map(([label, value]) => ({ label, value }));
    const binds = plan.binds.map((b) => ({ ...b, dir: !b.file }));
    const secrets = binds.map((b, i) => {
        const data = written.apply(() => bundle(b.hostPath));
        return new docker.Secret(
            `${component}-${node.hostname}-files-${i}`,
            // A new content is a new secret (Swarm's are immutable): the service moves to it, then the old one goes.
            { name: data.apply((d) => `${node.serviceName}-${i}-${sha256(d).slice(0, 12)}`), data: pulumi.secret(data), labels: labelList },
            { parent, dependsOn },
        );
    });
    const env = pulumi
        .all(Object.entries(args.extraEnv ?? {}).map(([k, v]) => pulumi.output(v).apply((value) => [k, value] as const)))
        .apply((extra) => Object.fromEntries([...plan.env.map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]), ...extra]));
    const service = new docker.Service(
        `${component}-${node.hostname}`,
        {
            name: node.serviceName,
            labels: labelList,
            taskSpec: {
                containerSpec: {
                    // The reference the nodes pull: the stack's (by digest), or the one a chaincode's image step pushed.
                    image: args.imageId,
                    hostname: node.hostname,
                    // A secret extraEnv value (kafka.sasl's password) makes the env, so the service's spec, a secret.
                    env,
                    ...(binds.length
                        ? { commands: ["/bin/sh", "-c", unpackScript(binds), "unpack", ...start!] }
                        : plan.command
                          ? { args: [...plan.command] }
                          : {}),
                    secrets: secrets.map((s, i) => ({ secretId: s.id, secretName: s.name, fileName: bundlePath(i), fileMode: 0o400 })),
                    mounts: [
                        ...(plan.dataPath === undefined ? [] : [{ type: "volume", source: node.volumeName, target: plan.dataPath }]),
                        ...binds.filter((b) => b.dir).map((b) => ({ type: "tmpfs", target: b.containerPath })),
                    ],
                    healthcheck: { ...plan.healthcheck, tests: [...plan.healthcheck.tests] },
                    ...(plan.sysctls ? { sysctl: { ...plan.sysctls } } : {}),
                    stopGracePeriod: "20s",
                },
                // Unpinned: no placement at all (an empty list reads back as none: a diff at the next up).
                ...(swarmNode ? { placement: { constraints: [`node.hostname==${swarmNode}`] } } : {}),
                networksAdvanceds: [{ id: swarm.networkId, aliases: [node.hostname] }],
                // Written as Docker reads them back ("0s"), or every up shows a diff (docs/swarm.md).
                restartPolicy: { condition: "any", delay: "1s", window: "0s" },
            },
            // dnsrr: each node's own address under its alias (Swarm's VIP needs IPVS, absent here); ports on the
            // node itself (host mode), where ports.publish asks for them.
            endpointSpec: {
                mode: "dnsrr",
                ports: spec.ports.publish ? plan.ports.map((targetPort) => ({ targetPort, publishMode: "host" })) : [],
            },
            mode: { replicated: { replicas: 1 } },
            // A new task that stops early during an update is restarted by the restart policy like any other; Swarm's
            // default, "pause", left a peer's service half-updated and failed an up (CI, 2026-12-06: every peer updated
            // while the orderers migrated to Raft, one paused "due to failure or early termination of task"). An update
            // whose task never runs still fails the up: the service does not converge within convergeConfig's timeout.
            updateConfig: { failureAction: "continue" },
            // `up` goes on past a service only once its task runs (healthy, where it has a health check).
            convergeConfig: { delay: "1s", timeout: "5m" },
        },
        // A fixed name: a replaced service must go before its replacement can take the name. After its volume's
        // step, so that the step (which removes the volume when deleted) goes only once the service is gone.
        { parent, dependsOn: [...dependsOn, ...(volumeStep ? [volumeStep] : [])], deleteBeforeReplace: true },
    );
    return service;
}
