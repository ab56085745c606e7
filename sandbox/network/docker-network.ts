// A cluster's Docker network itself, `kubelab-<clusterId>`: found again from an earlier run or created in a free
// /22 block of the pool (addressing.ts), and removed with whatever containers are still attached. Kept apart from
// cluster-network.ts, which runs what lives on the network, because recovery and tests remove networks without one.
import type { DockerEngine } from '../docker/engine';
import { CLUSTER_LABEL, ROLE_LABEL } from '../docker/labels';
import type { NetworkInfo } from '../docker/types';
import { isConflict } from '../docker/errors';
import { addressingFor, blockIndexOf, BLOCK_COUNT, preferredBlock, type ClusterAddressing } from './addressing';

export function networkNameOf(clusterId: string): string {
  return `kubelab-${clusterId}`;
}

/** Finds this cluster's network from an earlier run, or creates it in a free block of the pool. */
export async function ensureNetwork(
  engine: DockerEngine,
  clusterId: string,
  labels: Record<string, string>,
  prefer = preferredBlock(clusterId),
): Promise<{ net: NetworkInfo; addressing: ClusterAddressing; created: boolean }> {
  const name = networkNameOf(clusterId);
  const existing = await engine.networks.inspect(name);
  if (existing) {
    const index = blockIndexOf(existing.subnet);
    if (index === undefined) throw new Error(`Docker network ${name} exists but its subnet ${existing.subnet} is not a kubelab cluster block; remove it`);
    return { net: existing, addressing: addressingFor(index), created: false };
  }
  const used = new Set((await engine.networks.list()).map((n) => blockIndexOf(n.subnet)).filter((i): i is number => i !== undefined));
  const start = prefer;
  for (let i = 0; i < BLOCK_COUNT; i++) {
    const index = (start + i) % BLOCK_COUNT;
    if (used.has(index)) continue;
    const a = addressingFor(index);
    try {
      const net = await engine.networks.create({
        name,
        subnet: a.subnet,
        ipRange: a.podRange,
        gateway: a.gateway,
        labels: { ...labels, [CLUSTER_LABEL]: clusterId, [ROLE_LABEL]: 'cluster-network' },
      });
      return { net, addressing: a, created: true };
    } catch (e) {
      const msg = (e as Error).message;
      if (/overlap/i.test(msg)) continue; // taken by a network we did not list (another host process, another user)
      if (/already exists/i.test(msg)) return ensureNetwork(engine, clusterId, labels, prefer);
      throw e;
    }
  }
  throw new Error('no free network block left in 10.224.0.0/12 for another cluster');
}

/**
 * Removes a cluster network; containers still attached (pods the kubelet left) are disconnected first, and so are
 * the endpoints of `removedContainers` (names): Docker 20.10 can keep the endpoint of a container removed while it
 * was starting, which no inspect shows and only a forced disconnect by that name clears.
 */
export async function removeNetwork(engine: DockerEngine, name: string, removedContainers: readonly string[] = []): Promise<void> {
  try {
    await engine.networks.remove(name);
  } catch (e) {
    if (!isConflict(e) && !/active endpoints/i.test((e as Error).message)) throw e;
    const net = await engine.networks.inspect(name);
    for (const id of Object.keys(net?.containers ?? {})) await engine.networks.disconnect(name, id);
    for (const container of removedContainers) await engine.networks.disconnect(name, container).catch(() => undefined);
    await engine.networks.remove(name);
  }
}
