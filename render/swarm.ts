// engine.kind swarm: the step that reaches each swarm node itself, to remove the volumes its tasks made.
import { NetworkPlacement, NetworkSpec } from "../config";
import { dockerEndpointEnv } from "./channels";
import { stepScript } from "./steps";

/** The volumes step's `delete`: it removes them. */
export const SWARM_VOLUMES_SCRIPT = stepScript("swarm-volumes.sh");
/** Its `create` and `update`: Swarm makes the volumes; the step only says which it will remove. */
export const SWARM_VOLUMES_NOTE = 'echo "on destroy, removes from $NODE: $VOLUMES"';

/** How long `destroy` waits for a node's volumes to be free of task containers. */
export const SWARM_VOLUMES_WAIT_SECONDS = 120;

/** The network's named volumes by the swarm node that holds them (each node with data is pinned there). */
export function volumesByNode(spec: NetworkSpec, placement: NetworkPlacement): Map<string, string[]> {
    const nodes = [...(spec.orderer.type === "kafka" ? [...spec.zookeeper.nodes, ...spec.kafka.brokers] : []), ...spec.orderer.nodes, ...spec.orgs.flatMap((o) => o.peers)];
    const byNode = new Map<string, string[]>();
    for (const n of nodes) {
        const at = placement.byContainer.get(n.containerName);
        if (at !== undefined) byNode.set(at, [...(byNode.get(at) ?? []), n.volumeName]);
    }
    return new Map([...byNode].sort(([a], [b]) => a.localeCompare(b)));
}

/** Env of the volumes step of swarm node `node`: its own endpoint (engine.nodes), its volumes. */
export function swarmVolumesStepEnv(spec: NetworkSpec, node: string, volumes: readonly string[]): Record<string, string> {
    return { ...dockerEndpointEnv(spec, spec.engine.nodes![node]), NODE: node, VOLUMES: volumes.join(" "), WAIT_SECONDS: String(SWARM_VOLUMES_WAIT_SECONDS) };
}
