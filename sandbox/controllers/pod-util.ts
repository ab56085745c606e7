// Facts about pods every workload controller asks (pkg/api/v1/pod/util.go, pkg/controller/controller_utils.go):
// is it ready, available for minReadySeconds, still active; the pod a template stamps out; and which pods to
// delete first when scaling down (ActivePodsWithRanks), so the cheapest pods to lose go first.
import type { OwnerReference } from '../api/types';
import type { Pod, PodCondition, PodSpec, PodTemplateSpec } from '../api/objects';
import { randomSuffix } from '../util/names';

export function podCondition(pod: Pod, type: string): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === type);
}

export function isPodReady(pod: Pod): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/** Ready for at least minReadySeconds at `now` (a pod ready at time t counts as available at t + minReadySeconds). */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: Date): boolean {
  const ready = podCondition(pod, 'Ready');
  if (ready?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  const since = Date.parse(ready.lastTransitionTime ?? '');
  return !Number.isNaN(since) && since + minReadySeconds * 1000 <= now.getTime();
}

/** Milliseconds until a ready pod becomes available, or undefined when it is not ready or already available. */
export function msUntilAvailable(pod: Pod, minReadySeconds: number, now: Date): number | undefined {
  const ready = podCondition(pod, 'Ready');
  if (ready?.status !== 'True' || !minReadySeconds) return undefined;
  const due = Date.parse(ready.lastTransitionTime ?? '') + minReadySeconds * 1000;
  return due > now.getTime() ? due - now.getTime() : undefined;
}

/** Not finished and not being deleted: the pods a controller counts toward its replicas. */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

/** Generated names keep the base under 58 characters so base + 5 random characters fits a 63-character label. */
export function generatedName(base: string): { generateName: string; name: string } {
  const generateName = `${base}-`.slice(0, 58);
  return { generateName, name: `${generateName}${randomSuffix()}` };
}

/** A pod with its spec: what a controller stamps out (the spec is never absent there). */
export type PodWithSpec = Pod & { spec: PodSpec };

/** The pod a controller creates from its template (GetPodFromTemplate). */
export function podFromTemplate(template: PodTemplateSpec | undefined, namespace: string, ownerName: string, ref: OwnerReference): PodWithSpec {
  const meta = template?.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...generatedName(ownerName),
      namespace,
      ...(meta.labels ? { labels: { ...meta.labels } } : {}),
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      ...(meta.finalizers ? { finalizers: [...meta.finalizers] } : {}),
      ownerReferences: [ref],
    },
    // Validation makes every workload carry a template spec; {} only keeps a broken stored object from throwing here.
    spec: structuredClone(template?.spec ?? ({} as PodSpec)),
  };
}

const PHASE_ORDER: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function restarts(pod: Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0);
}

function deletionCost(pod: Pod): number {
  const v = Number(pod.metadata.annotations?.['controller.kubernetes.io/pod-deletion-cost']);
  return Number.isFinite(v) ? v : 0;
}

function readySince(pod: Pod): number {
  const c = podCondition(pod, 'Ready');
  return c?.status === 'True' ? Date.parse(c.lastTransitionTime ?? '') || 0 : 0;
}

/**
 * Orders pods so the first ones are the best to delete: unscheduled before scheduled, Pending before Unknown before
 * Running, not ready before ready, lower pod-deletion-cost first, pods doubled up on a node with more siblings first,
 * ready for less time first, more restarts first, newer before older.
 */
export function rankPodsForDeletion<P extends Pod>(pods: P[], relatedPods: Pod[] = pods): P[] {
  const perNode = new Map<string, number>();
  for (const p of relatedPods) {
    const node = p.spec?.nodeName;
    if (node && isPodActive(p)) perNode.set(node, (perNode.get(node) ?? 0) + 1);
  }
  const rank = (p: Pod) => (p.spec?.nodeName ? perNode.get(p.spec.nodeName) ?? 0 : 0);
  return [...pods].sort((a, b) => {
    const aNode = a.spec?.nodeName ? 1 : 0;
    const bNode = b.spec?.nodeName ? 1 : 0;
    if (aNode !== bNode) return aNode - bNode;
    const pa = PHASE_ORDER[a.status?.phase ?? ''] ?? 0;
    const pb = PHASE_ORDER[b.status?.phase ?? ''] ?? 0;
    if (pa !== pb) return pa - pb;
    const ra = isPodReady(a) ? 1 : 0;
    const rb = isPodReady(b) ? 1 : 0;
    if (ra !== rb) return ra - rb;
    if (deletionCost(a) !== deletionCost(b)) return deletionCost(a) - deletionCost(b);
    if (rank(a) !== rank(b)) return rank(b) - rank(a);
    if (ra && rb && readySince(a) !== readySince(b)) return readySince(b) - readySince(a);
    if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
    const ca = Date.parse(String(a.metadata.creationTimestamp ?? '')) || 0;
    const cb = Date.parse(String(b.metadata.creationTimestamp ?? '')) || 0;
    if (ca !== cb) return cb - ca;
    return String(b.metadata.name).localeCompare(String(a.metadata.name));
  });
}
