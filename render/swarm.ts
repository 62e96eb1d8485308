// engine.kind swarm: the step that reaches each swarm node itself, to remove the volumes its tasks made.
import { NetworkSpec } from "../config";
import { dockerEndpointEnv } from "./channels";
import { stepScript } from "./steps";

/** The volumes step's `delete`: it removes them. */
export const SWARM_VOLUMES_SCRIPT = stepScript("swarm-volumes.sh");
/** Its `create` and `update`: Swarm makes the volumes; the step only says which it will remove. */
export const SWARM_VOLUMES_NOTE = 'echo "on destroy, removes from $NODE: $VOLUMES"';

/** How long `destroy` waits for a node's volumes to be free of task containers. */
export const SWARM_VOLUMES_WAIT_SECONDS = 120;

/** Env of the volumes step of swarm node `node`: its own endpoint (engine.nodes), its volumes. */
export function swarmVolumesStepEnv(spec: NetworkSpec, node: string, volumes: readonly string[]): Record<string, string> {
    return { ...dockerEndpointEnv(spec, spec.engine.nodes![node]), NODE: node, VOLUMES: volumes.join(" "), WAIT_SECONDS: String(SWARM_VOLUMES_WAIT_SECONDS) };
}
