// Per-kind rules the generic object API applies around every write, like kube-apiserver's "strategies":
// what status a new object starts with, which kinds keep status behind a subresource, when generation moves.
import type { ResourceInfo } from '../api/registry';
import type { KubeObject } from '../api/types';

/** Kinds whose main endpoint ignores status (it is written through /status). */
export function hasStatusSubresource(res: ResourceInfo): boolean {
  return res.subresources.includes('status');
}

/** Kinds whose metadata.generation counts spec changes (workloads read observedGeneration against it). */
export function tracksGeneration(res: ResourceInfo): boolean {
  return !['Namespace', 'Node', 'Event', 'Endpoints', 'EndpointSlice', 'Lease', 'ConfigMap', 'Secret', 'ServiceAccount'].includes(res.kind);
}

function qosClass(pod: KubeObject): string {
  const containers: any[] = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  let anySet = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) anySet = true;
    for (const r of ['cpu', 'memory']) {
      if (!lim[r] || (req[r] !== undefined && String(req[r]) !== String(lim[r]))) guaranteed = false;
    }
  }
  if (!anySet) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** The status a freshly created object starts with (what the user sent as status is dropped, as on a real cluster). */
export function initialStatus(res: ResourceInfo, obj: KubeObject): unknown {
  switch (res.kind) {
    case 'Pod':
      return { phase: 'Pending', qosClass: qosClass(obj) };
    case 'Namespace':
      return { phase: 'Active' };
    case 'Node':
    case 'PersistentVolume':
    case 'PersistentVolumeClaim':
      return obj.status ?? {};
    default:
      return hasStatusSubresource(res) ? {} : obj.status;
  }
}
