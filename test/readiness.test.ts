// render/readiness.ts and render/steps/nodes-ready.sh: a cluster's readiness step on one host.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { ContainerPlan, healthcheckCommand, NODES_READY_SCRIPT, nodesReadyStepEnv, zookeeperPlan } from "../render";
import { stackSpec, standInDocker } from "./helpers";

const dev = stackSpec("dev");
const zookeeper = dev.zookeeper.nodes.map((n) => zookeeperPlan(dev, n));
const withCheck = (plan: ContainerPlan, tests: string[]): ContainerPlan => ({ ...plan, healthcheck: { ...plan.healthcheck, tests } });

describe("the readiness step's env (render/readiness.ts)", () => {
    it("runs a CMD check's arguments as they are, and a CMD-SHELL check's line under sh -c", () => {
        assert.deepEqual(healthcheckCommand(zookeeper[0].healthcheck), ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/2181"]);
        assert.deepEqual(healthcheckCommand({ ...zookeeper[0].healthcheck, tests: ["CMD-SHELL", "curl -f http://x/ || exit 1"] }), ["sh", "-c", "curl -f http://x/ || exit 1"]);
    });
    it("refuses a check it cannot poll, and an argument that would break its lines", () => {
        assert.throws(() => healthcheckCommand({ ...zookeeper[0].healthcheck, tests: ["NONE"] }), { message: 'health check ["NONE"]: only CMD and CMD-SHELL checks can be polled' });
        assert.throws(() => nodesReadyStepEnv([withCheck(zookeeper[0], ["CMD", "a\tb"])]), {
            message: 'fabric-network-dev-zookeeper0.example.com: health check argument "a\\tb" holds a tab or a newline',
        });
        assert.throws(() => nodesReadyStepEnv([{ ...zookeeper[0], healthcheck: { ...zookeeper[0].healthcheck, timeout: "3" } }]), {
            message: 'health check duration "3": expected whole seconds or minutes, e.g. 3s',
        });
    });
    it("gives a line per container, its check's timeout in seconds, and the 300 s bound", () => {
        assert.deepEqual(nodesReadyStepEnv(zookeeper.slice(0, 2)), {
            NODES: [0, 1].map((i) => `fabric-network-dev-zookeeper${i}.example.com\t3\tbash\t-c\texec 3<>/dev/tcp/127.0.0.1/2181`).join("\n"),
            WAIT_SECONDS: "300",
        });
    });
});

describe("the readiness step (nodes-ready.sh) with a stand-in docker", () => {
    /**
     * The step for the first `count` ZooKeeper containers, each with a check that fails `fails[i]` times before it
     * passes (never, for Infinity); `docker exec` runs the probe here, and refuses the first `refused` execs of a
     * container (one restarting). The step's status, output, the execs and how long it took.
     */
    function readyWith(fails: number[], opts: { refused?: number; waitSeconds?: number } = {}) {
        // Logs each exec on a line, its probe's text (sh -c's script) left out.
        const docker = standInDocker(`[[ $1 == exec && $3 == sh && $4 == -c ]] || { echo "unexpected: $*" >&2; exit 2; }
printf "%s\\n" "$1 $2 \${*:6}" >>"$FAKE_LOG"
name=$2
n=$(grep -c "^exec $name " "$FAKE_LOG")
((n > \${FAKE_REFUSED:-0})) || { echo "Error response from daemon: Container $name is restarting" >&2; exit 1; }
shift 2
exec "$@"`);
        const check = path.join(docker.dir, "check");
        fs.writeFileSync(check, `#!/bin/bash\necho x >>"$0.$1"; n=$(wc -l <"$0.$1")\n((n > $2)) || { echo "$1: not serving yet ($n)"; exit 1; }\n`, { mode: 0o755 });
        const plans = fails.map((f, i) => withCheck(zookeeper[i], ["CMD", check, `zk${i}`, String(Number.isFinite(f) ? f : 1e9)]));
        const t0 = Date.now();
        const r = spawnSync("/bin/bash", ["-c", NODES_READY_SCRIPT], {
            env: { ...process.env, ...nodesReadyStepEnv(plans), ...(opts.waitSeconds ? { WAIT_SECONDS: String(opts.waitSeconds) } : {}), ...docker.env, FAKE_REFUSED: String(opts.refused ?? 0) },
            encoding: "utf8",
        });
        return { status: r.status, stdout: r.stdout.trim().split("\n").sort(), stderr: r.stderr.trim(), execs: docker.calls(), seconds: (Date.now() - t0) / 1000 };
    }
    const name = (i: number) => `fabric-network-dev-zookeeper${i}.example.com`;

    it("waits for every container at once, one exec each, polling the check inside it every 0.2 s", () => {
        const r = readyWith([0, 3, 5]);
        assert.equal(r.status, 0, r.stderr);
        const after = r.stdout.map((l) => Number(new RegExp(`^${name(r.stdout.indexOf(l)).replace(/\./g, "\\.")} ready after (\\d+\\.\\d) s$`).exec(l)?.[1]));
        // Lower bounds from the sleeps between checks; upper ones loose, for a loaded machine.
        assert.ok(after[1] >= 0.6 && after[2] >= 1.0 && Math.max(...after) < 8, `0, 3 and 5 failed checks of 0.2 s: ${r.stdout.join("; ")}`);
        assert.equal(r.execs.length, 3, r.execs.join("\n"));
        for (const i of [0, 1, 2]) assert.match(r.execs.find((e) => e.startsWith(`exec ${name(i)} `))!, new RegExp(`^exec ${name(i).replace(/\./g, "\\.")} probe 1500 3 \\S+/check zk${i} \\d+$`));
        assert.ok(r.seconds < 8, `bounded: ${r.seconds} s`);
    });
    it("tries an exec again each second while the container refuses it (restarting)", () => {
        const r = readyWith([1], { refused: 2 });
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout.join("\n"), new RegExp(`^${name(0).replace(/\./g, "\\.")} ready after [2-4]\\.\\d s$`), "two refused execs a second apart");
        assert.equal(r.execs.length, 3);
    });
    it("fails, bounded by WAIT_SECONDS, naming the container that never served and what its check said last", () => {
        const r = readyWith([0, Infinity], { waitSeconds: 2 });
        assert.equal(r.status, 1);
        assert.match(r.stdout.join("\n"), new RegExp(`^${name(0).replace(/\./g, "\\.")} ready after 0\\.\\d s$`));
        assert.match(r.stderr, new RegExp(`^${name(1).replace(/\./g, "\\.")} not ready after 2 s: its health check \\(\\S+/check zk1 1000000000\\) said: zk1: not serving yet \\(10\\); see docker logs ${name(1).replace(/\./g, "\\.")}$`));
        assert.ok(r.seconds < 8, `bounded: ${r.seconds} s`);
    });
});
