// Keeping the Docker engine in step with the clusters that exist. A cluster's containers, volumes and network carry
// its id, where its state lives and which process made them (sandbox/docker/ownership.ts), so: deleting a cluster
// removes all three; a cluster that starts again removes what belonged to pods deleted while it was down (running
// pods are adopted by the kubelet, by label); and at start-up, whatever belongs to clusters that provably belong to
// nobody (state file deleted and owner gone, or an in-memory cluster whose process is gone) is swept. Other kubelab
// processes share the engine: what cannot be judged from here is left alone.
import type { DockerEngine } from '../docker/engine';
import { clusterLiveness, type Liveness } from '../docker/ownership';
import { CLUSTER_LABEL, ROLE_LABEL } from '../docker/labels';
import { removeNetwork } from '../network/docker-network';
import { OWNER_LABEL, POD_UID_LABEL, ROLE_CLAIM_VOLUME, STATE_LABEL } from '../kubelet/docker-runtime-names';

export interface RemovedResources {
  containers: number;
  volumes: number;
  networks: number;
}

/** Rounds before removal gives up: with the pauses between them, about six seconds. */
const REMOVAL_ROUNDS = 6;

/**
 * Removes every container, volume (claims included) and network of one cluster. Something made for the cluster
 * while this runs (a toolbox opening, a create that was already on its way) makes a network or volume "in use":
 * the removal goes round again, pausing longer each time, before it gives up with the engine's error.
 */
export async function removeClusterResources(engine: DockerEngine, clusterId: string): Promise<RemovedResources> {
  const labels = { [CLUSTER_LABEL]: clusterId };
  const removed: RemovedResources = { containers: 0, volumes: 0, networks: 0 };
  // Names of the containers removed: a container removed while it was being started can leave its endpoint behind
  // in the network (Docker 20.10), which only a forced disconnect by the container's name clears.
  const names = new Set<string>();
  for (let round = 1; ; round++) {
    try {
      const containers = await engine.containers.list(labels);
      for (const c of containers) names.add(c.name.replace(/^\//, ''));
      await Promise.all(containers.map((c) => engine.containers.remove(c.id, { force: true })));
      removed.containers += containers.length;
      const networks = await engine.networks.list(labels);
      for (const n of networks) await removeNetwork(engine, n.name, [...names]);
      removed.networks += networks.length;
      const volumes = await engine.volumes.list(labels);
      for (const v of volumes) await engine.volumes.remove(v.name, { force: true });
      removed.volumes += volumes.length;
      return removed;
    } catch (e) {
      if (round >= REMOVAL_ROUNDS) throw e;
      // The engine releases a removed container's endpoint a moment later (longer on a busy host): give it time.
      await new Promise((r) => setTimeout(r, 200 * 2 ** (round - 1)));
    }
  }
}

/** Removes the containers and pod volumes of pods that no longer exist (deleted while nobody was watching). */
export async function removeOrphanPods(engine: DockerEngine, clusterId: string, livePodUids: Set<string>): Promise<number> {
  const orphans = new Set<string>();
  const containers = await engine.containers.list({ [CLUSTER_LABEL]: clusterId, [POD_UID_LABEL]: true });
  for (const c of containers) if (!livePodUids.has(c.labels[POD_UID_LABEL])) orphans.add(c.labels[POD_UID_LABEL]);
  await Promise.all(containers.filter((c) => orphans.has(c.labels[POD_UID_LABEL])).map((c) => engine.containers.remove(c.id, { force: true })));
  for (const v of await engine.volumes.list({ [CLUSTER_LABEL]: clusterId, [POD_UID_LABEL]: true })) {
    if (!livePodUids.has(v.labels[POD_UID_LABEL]) && v.labels[ROLE_LABEL] !== ROLE_CLAIM_VOLUME) await engine.volumes.remove(v.name, { force: true });
  }
  return orphans.size;
}

/** What one object's labels say of its cluster. Unlabelled or unreadable: not ours to judge. */
export function clusterLivenessOf(labels: Record<string, string>): Liveness {
  return clusterLiveness(labels[STATE_LABEL], labels[OWNER_LABEL]);
}

/**
 * Start-up sweep: removes everything of clusters that provably belong to nobody — every one of their objects says
 * its state is gone and its owner no longer runs (objects of one cluster are made by successive processes, each
 * labelling its own). Anything alive or not judgeable from here keeps the whole cluster. Returns the ids removed.
 */
export async function sweepOrphanClusters(engine: DockerEngine, log: (m: string) => void = () => undefined): Promise<string[]> {
  const verdicts = new Map<string, boolean>();
  const objects = [
    ...(await engine.containers.list({ [STATE_LABEL]: true })),
    ...(await engine.networks.list({ [STATE_LABEL]: true })),
    ...(await engine.volumes.list({ [STATE_LABEL]: true })),
  ];
  for (const o of objects) {
    const id = o.labels[CLUSTER_LABEL];
    if (!id) continue;
    verdicts.set(id, (verdicts.get(id) ?? true) && clusterLivenessOf(o.labels) === 'gone');
  }
  const gone = [...verdicts].filter(([id, nobody]) => nobody && !unremovable.has(id)).map(([id]) => id);
  const swept: string[] = [];
  for (const id of gone) {
    try {
      const removed = await removeClusterResources(engine, id);
      log(`removed cluster ${id} left behind (${removed.containers} containers, ${removed.volumes} volumes, ${removed.networks} networks)`);
      swept.push(id);
    } catch (e) {
      // Someone else's leftovers never stop this process; the engine's error is said once, and not retried here.
      unremovable.add(id);
      log(`could not remove cluster ${id} left behind: ${e instanceof Error ? e.message : e}`);
    }
  }
  return swept;
}

/** Clusters left behind that this process failed to remove once (an engine that keeps a stale endpoint). */
const unremovable = new Set<string>();
