// The swarm resources of the docker plugin that the swarm engine is built on, through the real engine against
// a real swarm's manager (tcp:// with TLS): an attachable overlay network, a secret and a config named by their
// content (both immutable in Swarm), and two single-replica services, each pinned to a node, endpoint mode
// dnsrr (no IPVS here), a dotted alias, a volume, a health check.
import * as crypto from "crypto";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
const prefix = `sc-${pulumi.getStack()}`;
const message = config.require("message");
const image = config.require("image");
const labels = [{ label: "fabric-network.swarm-check", value: prefix }];
const provider = new docker.Provider("swarm", { host: config.require("manager"), certPath: config.require("certPath") });
const short = (text: string) => crypto.createHash("sha256").update(text).digest("hex").slice(0, 12);

const network = new docker.Network("net", { name: `${prefix}-net`, driver: "overlay", attachable: true, labels }, { provider, deleteBeforeReplace: true });
// A new content is a new name: the new one is made, the services move to it, then the old one goes.
const keyText = `private key for ${message}\n`;
const key = new docker.Secret("key", { name: `${prefix}-key-${short(keyText)}`, data: Buffer.from(keyText).toString("base64"), labels }, { provider });
const messageConfig = new docker.ServiceConfig("message", { name: `${prefix}-message-${short(message)}`, data: Buffer.from(`${message}\n`).toString("base64") }, { provider });

const service = (name: string, node: string, ready: string) =>
    new docker.Service(
        name,
        {
            name: `${prefix}-${name}`,
            labels,
            taskSpec: {
                containerSpec: {
                    image,
                    hostname: `${name}.check`,
                    env: { NODE_NAME: name },
                    commands: ["bash", "-c", `cp /etc/check/message /data/message; until ${ready}; do sleep 1; done; touch /tmp/ready; exec sleep infinity`],
                    secrets: [{ secretId: key.id, secretName: key.name, fileName: "/run/secrets/node.key", fileMode: 0o400 }],
                    configs: [{ configId: messageConfig.id, configName: messageConfig.name, fileName: "/etc/check/message" }],
                    mounts: [{ type: "volume", source: `${prefix}-${name}-data`, target: "/data" }],
                    // The start period covers the wait for what it needs: a task still waiting for one.check (one's own
                    // update under way) counted as unhealthy was killed, and Swarm paused the update (2026-12-05). Written as
                    // Docker prints it ("90s" reads back as "1m30s": a diff at every up).
                    healthcheck: { tests: ["CMD", "test", "-f", "/tmp/ready"], interval: "1s", timeout: "10s", retries: 3, startPeriod: "1m30s" },
                    stopGracePeriod: "1s",
                },
                placement: { constraints: [`node.hostname==${node}`] },
                networksAdvanceds: [{ id: network.id, aliases: [`${name}.check`] }],
                restartPolicy: { condition: "any", delay: "1s", window: "0s" },
            },
            endpointSpec: { mode: "dnsrr" },
            mode: { replicated: { replicas: 1 } },
            // As the network's services (components/service.ts): read back with the provider's defaults, no diff.
            updateConfig: { failureAction: "continue" },
            convergeConfig: { delay: "1s", timeout: "3m" },
        },
        // A fixed name: a replaced service must go before its replacement can take the name.
        { provider, deleteBeforeReplace: true },
    );

// one is ready once its secret is readable; two once one's alias answers across the overlay from another node.
const one = service("one", config.require("nodeOne"), "test -s /run/secrets/node.key");
const two = service("two", config.require("nodeTwo"), "getent hosts one.check");

export const services = [one.name, two.name];
export const secretName = key.name;
export const configName = messageConfig.name;
