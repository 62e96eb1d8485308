// The readiness step of a cluster on one host: each container's own health check, polled from inside it, so that
// `up` goes on within a fraction of a second of a cluster serving (Docker 20.10 checks only every interval).
import { ContainerPlan, HealthcheckPlan } from "./containers";
import { stepScript } from "./steps";

export const NODES_READY_SCRIPT = stepScript("nodes-ready.sh");

/** How long the step waits for a container to pass its check: the docker provider's waitTimeout it replaces. */
export const NODES_READY_WAIT_SECONDS = 300;

/** The command a health check runs, as `docker exec` takes it: CMD's arguments, or CMD-SHELL's line under sh. */
export function healthcheckCommand(check: HealthcheckPlan): string[] {
    const [kind, ...rest] = check.tests;
    if (kind === "CMD" && rest.length > 0) return rest;
    if (kind === "CMD-SHELL" && rest.length === 1) return ["sh", "-c", rest[0]];
    throw new Error(`health check ${JSON.stringify(check.tests)}: only CMD and CMD-SHELL checks can be polled`);
}

/** A duration as Docker's health check takes it ("3s", "1m"), in whole seconds (at least 1). */
function seconds(duration: string): number {
    const m = /^(\d+)(s|m)$/.exec(duration);
    if (!m) throw new Error(`health check duration ${JSON.stringify(duration)}: expected whole seconds or minutes, e.g. 3s`);
    return Math.max(1, Number(m[1]) * (m[2] === "m" ? 60 : 1));
}

/** The step's env: a line per container (its name, its check's timeout in seconds, the check), and the bound. */
export function nodesReadyStepEnv(plans: readonly ContainerPlan[]): Record<string, string> {
    const lines = plans.map((plan) => {
        const fields = [plan.node.containerName, String(seconds(plan.healthcheck.timeout)), ...healthcheckCommand(plan.healthcheck)];
        const bad = fields.find((f) => /[\t\n]/.test(f));
        if (bad !== undefined) throw new Error(`${plan.node.containerName}: health check argument ${JSON.stringify(bad)} holds a tab or a newline`);
        return fields.join("\t");
    });
    return { NODES: lines.join("\n"), WAIT_SECONDS: String(NODES_READY_WAIT_SECONDS) };
}
