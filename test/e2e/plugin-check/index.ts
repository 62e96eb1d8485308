// Every resource type and input of the docker and command plugins that the fabric-network program
// uses, on a base image only, so the plugins can be checked through the real engine without Fabric.
import * as command from "@pulumi/command";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
const prefix = `pc-${pulumi.getStack()}`;
const message = config.require("message");
const label = [{ label: "fabric-network.plugin-check", value: prefix }];

const image = new docker.RemoteImage("base", { name: config.require("image"), keepLocally: true });
// Fixed names: what is replaced must go before its replacement can take the name.
const fixedName = { deleteBeforeReplace: true };
const network = new docker.Network("net", { name: `${prefix}-net`, driver: "bridge", labels: label }, fixedName);
const volume = new docker.Volume("data", { name: `${prefix}-data`, labels: label }, fixedName);

const healthy = (name: string, script: string, timeout: number) =>
    new docker.Container(name, {
        name: `${prefix}-${name}`,
        hostname: name,
        image: image.imageId,
        envs: [`MESSAGE=${message}`],
        command: ["bash", "-c", script],
        restart: "unless-stopped",
        networksAdvanced: [{ name: network.name, aliases: [`${name}.check`] }],
        volumes: [{ volumeName: volume.name, containerPath: "/data" }],
        ports: [{ internal: 7051, ip: "127.0.0.1" }],
        // A generous timeout: on a loaded machine a 1 s check times out and the node flaps to unhealthy.
        healthcheck: { tests: ["CMD", "test", "-f", "/tmp/ready"], interval: "1s", timeout: "10s", retries: 3, startPeriod: "1s" },
        labels: label,
        destroyGraceSeconds: 1,
        wait: true,
        waitTimeout: timeout,
    }, fixedName);

const one = healthy("one", 'echo "$MESSAGE" > /data/message; touch /tmp/ready; exec sleep infinity', 60);
// A node that never becomes ready: it says so in its log and never touches /tmp/ready.
const broken = config.getBoolean("broken") ? healthy("broken", 'echo "broken node: no ready file"; exec sleep infinity', 6) : undefined;

const step = new command.local.Command(
    "step",
    {
        interpreter: ["/bin/bash", "-c"],
        create: 'echo "created $WHAT $(cat)"',
        update: 'echo "updated $WHAT $(cat) (was: $PULUMI_COMMAND_STDOUT)"',
        delete: 'echo "deleted $WHAT" >> "$LOG"',
        stdin: "from stdin",
        environment: { WHAT: message, LOG: config.require("log"), CONTAINER: one.id },
    },
    { dependsOn: broken ? [broken] : [] },
);

export const containerName = one.name;
export const hostPort = one.ports.apply((ps) => ps?.[0]?.external);
export const imageId = image.imageId;
export const stdout = step.stdout;
