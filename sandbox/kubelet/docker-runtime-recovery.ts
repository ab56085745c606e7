// Keeping the Docker engine in step with the clusters that exist. A cluster's containers, volumes and network carry
// its id and where its state lives, so: deleting a cluster removes all three; a cluster that starts again removes
// what belonged to pods deleted while it was down (running pods are adopted by the kubelet, by label); and at
// start-up, whatever belongs to clusters whose state is gone (a deleted data file, a dead in-memory process) is swept.
import fs from 'node:fs';
import type { DockerEngine } from '../docker/engine';
import { CLUSTER_LABEL, ROLE_LABEL } from '../docker/labels';
import { removeNetwork } from '../network/cluster-network';
import { OWNER_PID_LABEL, POD_UID_LABEL, ROLE_CLAIM_VOLUME, STATE_LABEL } from './docker-runtime-names';

export interface RemovedResources {
  containers: number;
  volumes: number;
  networks: number;
}

/** Removes every container, volume (claims included) and network of one cluster. */
export async function removeClusterResources(engine: DockerEngine, clusterId: string): Promise<RemovedResources> {
  const labels = { [CLUSTER_LABEL]: clusterId };
  const containers = await engine.containers.list(labels);
  await Promise.all(containers.map((c) => engine.containers.remove(c.id, { force: true })));
  const networks = await engine.networks.list(labels);
  for (const n of networks) await removeNetwork(engine, n.name);
  const volumes = await engine.volumes.list(labels);
  for (const v of volumes) await engine.volumes.remove(v.name, { force: true });
  return { containers: containers.length, volumes: volumes.length, networks: networks.length };
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

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the cluster an object belongs to still exists, judged from its labels. Unlabelled: not ours to judge. */
export function clusterStillExists(labels: Record<string, string>): boolean {
  const state = labels[STATE_LABEL];
  if (!state) return true;
  if (state === 'memory') return processAlive(Number(labels[OWNER_PID_LABEL]));
  return fs.existsSync(state);
}

/** Start-up sweep: removes everything of clusters whose state is gone; returns their ids. */
export async function sweepOrphanClusters(engine: DockerEngine, log: (m: string) => void = () => undefined): Promise<string[]> {
  const owners = new Map<string, Record<string, string>>();
  const objects = [
    ...(await engine.containers.list({ [STATE_LABEL]: true })),
    ...(await engine.networks.list({ [STATE_LABEL]: true })),
    ...(await engine.volumes.list({ [STATE_LABEL]: true })),
  ];
  for (const o of objects) {
    const id = o.labels[CLUSTER_LABEL];
    if (id && !owners.has(id)) owners.set(id, o.labels);
  }
  const gone = [...owners].filter(([, labels]) => !clusterStillExists(labels)).map(([id]) => id);
  for (const id of gone) {
    const removed = await removeClusterResources(engine, id);
    log(`removed cluster ${id} left behind (${removed.containers} containers, ${removed.volumes} volumes, ${removed.networks} networks)`);
  }
  return gone;
}
