// One network container from its plan: the container, its data volume, its labels.
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { NetworkSpec } from "../config";
import { ContainerPlan, kafkaSaslSecretEnv } from "../render";
import { nodeService, SwarmTarget } from "./service";

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

/**
 * One node of the network, children of `parent`, named `<component>-<hostname>`: its container and volume on
 * one host, or its Swarm service on a swarm stack.
 */
export function nodeContainer(component: string, args: NodeContainerArgs, parent: pulumi.Resource, dependsOn: pulumi.Input<pulumi.Resource>[] = []): { container: NodeResource } {
    if (args.swarm) return { container: nodeService(component, args, nodeLabels(args), parent, dependsOn) };
    return dockerContainer(component, args, parent, dependsOn);
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
            // Readiness: `pulumi up` goes on past a container only once its healthcheck passes.
            wait: true,
            waitTimeout: 300,
        },
        // A fixed name: Docker refuses a second container of that name, so the old one goes first
        // (Pulumi's docker provider replaces create-before-delete unless told so).
        { parent, dependsOn, deleteBeforeReplace: true },
    );
    return { volume, container };
}
