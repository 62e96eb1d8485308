// The docker plugin (Pulumi's bridge over the upstream Terraform provider, tools/pulumi-docker-bridge) and
// the project's own command plugin (tools/pulumi) through the real Pulumi engine, on a small program
// (plugin-check/) that uses every resource type and input the fabric-network program gives them, on the
// locally built base image: no Fabric needed, so this runs wherever Docker and Pulumi are set up.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { stringify } from "yaml";
import { ROOT } from "../helpers";
import { docker, dockerOk } from "./checks";
import { pulumiFailure } from "./stack";

const DIR = path.join(ROOT, "test", "e2e", "plugin-check");
const PROJECT = "fabric-network-plugin-check";
const STACK = "check";
const IMAGE = "fabric-network/base:bookworm";
const LOG = path.join(ROOT, "reports", "plugin-check.log");
const prefix = `pc-${STACK}`;

function pulumi(...args: string[]) {
    const r = spawnSync("bash", [path.join(ROOT, "scripts", "pulumi.sh"), ...args], { cwd: DIR, encoding: "utf8", maxBuffer: 64 << 20, timeout: 600_000, killSignal: "SIGKILL" });
    return { status: r.status, stdout: r.stdout, out: r.stdout + r.stderr };
}
const pulumiOk = (...args: string[]) => {
    const r = pulumi(...args);
    assert.equal(r.status, 0, pulumiFailure(args, r.out));
    return r;
};
const configure = (config: Record<string, unknown>) =>
    fs.writeFileSync(
        path.join(DIR, `Pulumi.${STACK}.yaml`),
        stringify({ config: Object.fromEntries(Object.entries({ image: IMAGE, log: LOG, ...config }).map(([k, v]) => [`${PROJECT}:${k}`, v])) }),
    );
const output = (name: string) => JSON.parse(pulumiOk("stack", "output", name, "--json", "--stack", STACK).stdout);
/** What the check leaves in Docker, by its label: containers by name, volumes and networks by ID. */
const leftoversByKind = () => {
    const list = (...args: string[]) => docker(...args, "--filter", `label=fabric-network.plugin-check=${prefix}`).split("\n").filter(Boolean);
    return { containers: list("ps", "-a", "--format", "{{.Names}}"), volumes: list("volume", "ls", "-q"), networks: list("network", "ls", "-q") };
};
const leftovers = () => Object.values(leftoversByKind()).flat();

const missing: string[] = [];
if (dockerOk("info").status !== 0) missing.push("a running Docker engine");
else if (dockerOk("image", "inspect", IMAGE).status !== 0) missing.push(`image ${IMAGE} (images/build.sh base)`);
if (!missing.length && pulumi("version").status !== 0) missing.push("Pulumi (scripts/setup-pulumi.sh)");
const skip = missing.length ? `needs ${missing.join("; ")}` : false;

/** Property names of an interface or class of @pulumi/docker's declarations, sorted. */
function declared(file: string, start: string): string[] {
    const d = fs.readFileSync(path.join(ROOT, "node_modules", "@pulumi", "docker", file), "utf8");
    const i = d.indexOf(start);
    assert.notEqual(i, -1, `${start} in @pulumi/docker/${file}`);
    return [...d.slice(i, d.indexOf("\n}", i)).matchAll(/^ {4}(?:readonly )?(\w+)[?!]?:/gm)].map((m) => m[1]).sort();
}

describe("the docker and command plugins through the real engine", { skip }, () => {
    const teardown = () => {
        pulumi("destroy", "--yes", "--skip-preview", "--stack", STACK);
        pulumi("stack", "rm", "--yes", "--force", STACK);
        // What another clone's run killed half-way left under these fixed names, which no state here knows.
        const { containers, volumes, networks } = leftoversByKind();
        if (containers.length + volumes.length + networks.length) console.log(`# removed what no state here knew of: ${[...containers, ...volumes, ...networks].join(", ")}`);
        if (containers.length) dockerOk("rm", "-f", "-v", ...containers);
        if (volumes.length) dockerOk("volume", "rm", "-f", ...volumes);
        if (networks.length) dockerOk("network", "rm", ...networks);
        fs.rmSync(path.join(DIR, `Pulumi.${STACK}.yaml`), { force: true });
    };
    before(() => {
        fs.mkdirSync(path.dirname(LOG), { recursive: true });
        fs.rmSync(LOG, { force: true });
        teardown();
        configure({ message: "hello" });
        pulumiOk("stack", "init", STACK);
    });
    after(teardown);

    it("the docker plugin's schema has the properties of @pulumi/docker 5.2.0's seven resources (the swarm's service, secret and config among them) and their types", () => {
        const schema = JSON.parse(pulumiOk("package", "get-schema", "docker").stdout) as {
            resources: Record<string, { inputProperties: object; properties: object }>;
            types: Record<string, { properties?: object }>;
        };
        const resources = { Container: "container", Network: "network", RemoteImage: "remoteImage", Volume: "volume", Service: "service", Secret: "secret", ServiceConfig: "serviceConfig" };
        assert.deepEqual(Object.keys(schema.resources).sort(), Object.entries(resources).map(([c, f]) => `docker:index/${f}:${c}`).sort());
        for (const [cls, file] of Object.entries(resources)) {
            const r = schema.resources[`docker:index/${file}:${cls}`];
            assert.deepEqual(Object.keys(r.inputProperties).sort(), declared(`${file}.d.ts`, `export interface ${cls}Args {`), `${cls} inputs`);
            assert.deepEqual(Object.keys(r.properties).sort(), declared(`${file}.d.ts`, `export declare class ${cls} `), `${cls} outputs`);
        }
        for (const [token, type] of Object.entries(schema.types)) {
            const name = token.split(":").pop() as string;
            if (Object.keys(resources).some((cls) => name.startsWith(cls))) {
                assert.deepEqual(Object.keys(type.properties ?? {}).sort(), declared(path.join("types", "input.d.ts"), `export interface ${name} {`), name);
            }
        }
    });

    it("up: image used as present, network, volume, a healthy container with its alias, port and volume, a command", () => {
        const r = pulumiOk("up", "--yes", "--skip-preview", "--stack", STACK);
        assert.match(r.out, /\+ 6 created/);
        const name = output("containerName");
        assert.equal(name, `${prefix}-one`);
        assert.equal(docker("inspect", "-f", "{{.State.Health.Status}}", name).trim(), "healthy", "wait: true returned only once healthy");
        assert.equal(docker("exec", name, "cat", "/data/message").trim(), "hello");
        assert.match(docker("inspect", "-f", "{{json .NetworkSettings.Networks}}", name), /"one\.check"/);
        assert.equal(String(output("hostPort")), docker("port", name, "7051/tcp").trim().split(":").pop());
        assert.equal(output("imageId"), docker("image", "inspect", "-f", "{{.Id}}", IMAGE).trim());
        assert.equal(output("stdout"), "created hello from stdin");
    });

    it("a second up changes nothing", () => {
        assert.match(pulumiOk("up", "--yes", "--skip-preview", "--expect-no-changes", "--stack", STACK).out, /6 unchanged/);
    });

    it("a changed input replaces the container under its fixed name (old one first) and updates the command in place", () => {
        const before = docker("inspect", "-f", "{{.Id}}", `${prefix}-one`).trim();
        configure({ message: "bye" });
        const r = pulumiOk("up", "--yes", "--skip-preview", "--stack", STACK);
        assert.match(r.out, /\+-1 replaced|1 replaced/);
        assert.match(r.out, /~ 1 updated/);
        assert.notEqual(docker("inspect", "-f", "{{.Id}}", `${prefix}-one`).trim(), before);
        assert.equal(docker("exec", `${prefix}-one`, "cat", "/data/message").trim(), "bye", "the named volume stays");
        assert.equal(output("stdout"), "updated bye from stdin (was: created hello from stdin)");
    });

    it("a container that never becomes healthy fails the up with the provider's message; it is left, recorded, and the next up without it removes it", () => {
        configure({ message: "bye", broken: true });
        const r = pulumi("up", "--yes", "--skip-preview", "--stack", STACK);
        assert.notEqual(r.status, 0);
        assert.match(r.out, /docker:index:Container \(broken\):\n\s+error: .*container failed to be in healthy state/);
        // The upstream provider keeps the container it created (the old own plugin removed it).
        assert.match(docker("inspect", "-f", "{{.State.Health.Status}}", `${prefix}-broken`).trim(), /^(starting|unhealthy)$/);
        configure({ message: "bye" });
        assert.match(pulumiOk("up", "--yes", "--skip-preview", "--stack", STACK).out, /- 1 deleted/);
        assert.equal(dockerOk("inspect", `${prefix}-broken`).status, 1, "removed with its resource");
        assert.match(pulumiOk("up", "--yes", "--skip-preview", "--expect-no-changes", "--stack", STACK).out, /6 unchanged/);
    });

    it("destroy runs the delete command and leaves no container, volume or network; the image stays", () => {
        pulumiOk("destroy", "--yes", "--skip-preview", "--stack", STACK);
        assert.equal(fs.readFileSync(LOG, "utf8"), "deleted bye\n");
        assert.deepEqual(leftovers(), []);
        assert.equal(dockerOk("image", "inspect", IMAGE).status, 0, "keepLocally");
    });
});
