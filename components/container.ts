// One network container from its plan: the container, its data volume, its labels.
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { NetworkSpec } from "../config";
import { ContainerPlan, kafkaSaslSecretEnv, NODES_READY_SCRIPT, nodesReadyStepEnv } from "../render";
import { nodeService, SwarmTarget } from "./service";
import { bashStep } from "./step";

export const LABEL_PREFIX = "fabric-network";

export interface NodeContainerArgs {
    readonly spec: NetworkSpec;
    readonly plan: ContainerPlan;
    /** The component's role, as a label: zookeeper, kafka, orderer, peer. */
    readonly role: string;
    readonly networkName: pulumi.Input<string>;
    /** The image's ID, so that a rebuilt image replaces the container. */
    readonly imageId: pulumi.Input<string>;
    /** Digests of the files the container mounts: a change restarts it on the new files. */
    readonly inputDigests?: Record<string, pulumi.Input<string>>;
    /** Env known only once other resources exist, added to the plan's. */
    readonly extraEnv?: Record<string, pulumi.Input<string>>;
    /** engine.kind swarm: the node becomes a Swarm service there (components/service.ts), not a container. */
    readonly swarm?: SwarmTarget;
}

/** A node of the network as the engine runs it: a container on one host, a service on a swarm. */
export type NodeResource = docker.Container | docker.Service;

/**
 * kafka.sasl's env for a broker or an orderer, from the stack's secret password: each value an Output that
 * stays secret, so that the container's env is encrypted in Pulumi's state.
 */
export function saslEnv(spec: NetworkSpec, role: "kafka" | "orderer", password: pulumi.Output<string> | undefined): Record<string, pulumi.Input<string>> {
    if (!spec.kafka.sasl) return {};
    if (!password) throw new Error("kafka.sasl is set but no kafkaSaslPassword reached the components");
    const secret = pulumi.secret(password);
    return Object.fromEntries(Object.keys(kafkaSaslSecretEnv(spec, role, "")).map((k) => [k, secret.apply((pw) => String(kafkaSaslSecretEnv(spec, role, pw)[k]))]));
}

/** The stack, role and input-digest labels of a node's container or service. */
function nodeLabels(args: NodeContainerArgs): Record<string, pulumi.Input<string>> {
    return {
        [`${LABEL_PREFIX}.stack`]: args.spec.names.prefix,
        [`${LABEL_PREFIX}.role`]: args.role,
        ...Object.fromEntries(Object.entries(args.inputDigests ?? {}).map(([k, v]) => [`${LABEL_PREFIX}.${k}`, v])),
    };
}

/** A node of a cluster: what it is, and what it starts after. */
export interface ClusterMember {
    readonly args: NodeContainerArgs;
    readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export interface NodeCluster {
    readonly containers: readonly NodeResource[];
    /**
     * What the next cluster starts after: on one host the cluster's readiness step (every container has passed
     * its own health check); on a swarm the services themselves (Swarm's convergence waits for healthy tasks).
     */
    readonly ready: readonly pulumi.Resource[];
    /**
     * The nodes' IDs, known only once the cluster serves: a step that takes them as an input (so that a replaced
     * node re-runs it) thereby runs on serving nodes.
     */
    readonly ids: pulumi.Output<string[]>;
}

/**
 * The nodes of one cluster (an ensemble, the brokers, the orderers, an org's peers, a chaincode service),
 * children of `parent`, each named `<component>-<hostname>`: containers and volumes on one host, started
 * without waiting and then waited for together by one readiness step (`<component>-ready`,
 * render/steps/nodes-ready.sh), or Swarm services on a swarm stack.
 */
export function nodeCluster(component: string, members: readonly ClusterMember[], parent: pulumi.Resource): NodeCluster {
    const containers = members.map((m) =>
        m.args.swarm ? nodeService(component, m.args, nodeLabels(m.args), parent, m.dependsOn ?? []) : dockerContainer(component, m.args, parent, m.dependsOn ?? []).container,
    );
    const ids = pulumi.all(containers.map((c) => c.id));
    if (members.some((m) => m.args.swarm)) return { containers, ready: containers, ids };
    const ready = bashStep(
        `${component}-ready`,
        {
            script: NODES_READY_SCRIPT,
            // The IDs: a replaced container is waited for again before anything after the cluster changes.
            environment: { ...nodesReadyStepEnv(members.map((m) => m.args.plan)), NODE_IDS: ids.apply((list) => list.join(",")) },
        },
        { parent, dependsOn: containers },
    );
    return { containers, ready: [ready], ids: pulumi.all([ready.stdout, ids]).apply(([, list]) => list) };
}

function dockerContainer(component: string, args: NodeContainerArgs, parent: pulumi.Resource, dependsOn: pulumi.Input<pulumi.Resource>[]) {
    const { spec, plan } = args;
    const node = plan.node;
    const volume =
        plan.dataPath === undefined
            ? undefined
            : new docker.Volume(
                  `${component}-${node.hostname}-data`,
                  { name: node.volumeName, labels: [{ label: `${LABEL_PREFIX}.stack`, value: spec.names.prefix }] },
                  // A fixed name: the old volume must go before its replacement can have it.
                  { parent, deleteBeforeReplace: true },
              );
    const labels = nodeLabels(args);
    const container = new docker.Container(
        `${component}-${node.hostname}`,
        {
            name: node.containerName,
            hostname: node.hostname,
            image: args.imageId,
            envs: pulumi
                .all(Object.entries(args.extraEnv ?? {}).map(([k, v]) => pulumi.interpolate`${k}=${v}`))
                .apply((extra) => [...plan.env, ...extra].sort()),
            command: plan.command ? [...plan.command] : undefined,
            restart: plan.restart,
            networksAdvanced: [{ name: args.networkName, aliases: [node.hostname] }],
            volumes: [
                ...(volume ? [{ volumeName: volume.name, containerPath: plan.dataPath }] : []),
                ...plan.binds.map((b) => ({ hostPath: b.hostPath, containerPath: b.containerPath, readOnly: true })),
            ],
            ports: spec.ports.publish ? plan.ports.map((internal) => ({ internal, ip: spec.ports.hostIp })) : [],
            healthcheck: { ...plan.healthcheck, tests: [...plan.healthcheck.tests] },
            ...(plan.sysctls ? { sysctls: { ...plan.sysctls } } : {}),
            labels: Object.entries(labels).map(([label, value]) => ({ label, value })),
            destroyGraceSeconds: 20,
            // Not the provider's wait: it reads the health status Docker updates once an interval (5 s); the
            // cluster's readiness step runs the same check itself, every 0.2 s (nodeCluster).
            wait: false,
        },
        // A fixed name: Docker refuses a second container of that name, so the old one goes first
        // (Pulumi's docker provider replaces create-before-delete unless told so).
        { parent, dependsOn, deleteBeforeReplace: true },
    );
    return { volume, container };
}
