// Reads a swarm as its manager reports it, and checks the network's placement against it before any
// resource is registered (placement.ts holds the rules).
import { execFileSync } from "child_process";
import * as path from "path";
import type { NetworkSpec } from "./spec";
import { NetworkPlacement, placeNetwork, SwarmNode } from "./placement";

/** Docker CLI flags that reach the manager: `-H`, and for tcp:// with certPath, TLS verification. */
export function managerFlags(engine: NetworkSpec["engine"]): string[] {
    const tls = engine.certPath ? ["--tlsverify", ...["ca", "cert", "key"].flatMap((f) => [`--tls${f === "ca" ? "cacert" : f}`, path.join(engine.certPath!, `${f}.pem`)])] : [];
    return ["-H", engine.manager!, ...tls];
}

/** What the manager answers to `docker args` (`what`, for the message); fails, when it does not answer, with its own words and the way out. */
function askManager(engine: NetworkSpec["engine"], what: string, args: readonly string[], docker: string): string {
    try {
        return execFileSync(docker, [...managerFlags(engine), ...args], { encoding: "utf8", timeout: 30_000, stdio: ["ignore", "pipe", "pipe"] });
    } catch (e) {
        const err = e as { stderr?: string; message: string };
        throw new Error(
            `engine.manager (${JSON.stringify(engine.manager)}): the swarm's manager does not answer (${what}: ${(err.stderr || err.message).trim()}); ` +
                "nothing can be changed until it is back (a running network goes on without it). Check the endpoint (and engine.certPath) and that it is a swarm manager (docker swarm init); " +
                "if it is down, start it again, or name another manager of the swarm (with three managers, docker node promote, the swarm keeps one when one is lost)",
        );
    }
}

/** The swarm's nodes, from `docker node ls` and their labels from `docker node inspect` on the manager; fails with the manager's own words. */
export function readSwarm(engine: NetworkSpec["engine"], docker = "docker"): SwarmNode[] {
    const listed = askManager(engine, "docker node ls", ["node", "ls", "--format", "{{json .}}"], docker)
        .split("\n")
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as Record<string, string>);
    const labels = listed.length
        ? askManager(engine, "docker node inspect", ["node", "inspect", "--format", "{{json .Spec.Labels}}", ...listed.map((n) => n.ID)], docker)
              .split("\n")
              .filter((l) => l.trim())
              .map((l) => (JSON.parse(l) ?? {}) as Record<string, string>)
        : [];
    return listed.map((n, i) => ({ hostname: n.Hostname, status: n.Status, availability: n.Availability, manager: n.ManagerStatus !== "" && n.ManagerStatus !== undefined, labels: labels[i] ?? {} }));
}

/**
 * The swarm's cluster ID, as its manager has it: the same through every manager of one swarm, so that a network
 * is found again when engine.manager names another of them, and another swarm is told apart.
 */
export function readSwarmId(engine: NetworkSpec["engine"], docker = "docker"): string {
    // None on a worker (readSwarm, asked first, has already refused one).
    return askManager(engine, "docker info", ["info", "--format", "{{if .Swarm.Cluster}}{{.Swarm.Cluster.ID}}{{end}}"], docker).trim();
}

/** The network's placement on the swarm (`previous`: the last up's); a refusal naming every problem when it has any. */
export function checkSwarmPlacement(spec: NetworkSpec, swarm: readonly SwarmNode[], previous?: ReadonlyMap<string, string>): NetworkPlacement {
    const placement = placeNetwork(spec, spec.engine.placement, swarm, spec.engine.manager!, spec.engine.acceptNodeLoss, previous);
    const known = new Set(swarm.map((n) => n.hostname));
    const unknownNodes = Object.keys(spec.engine.nodes ?? {})
        .filter((n) => !known.has(n))
        .map((n) => `engine.nodes.${n} names no node of the swarm (it has ${[...known].join(", ")}); remove it or name one of them`);
    const problems = [...placement.problems, ...unknownNodes];
    if (problems.length) {
        throw new Error(`stack ${spec.stack}: the placement on the swarm at ${spec.engine.manager} is refused (nothing was changed):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    }
    return placement;
}
