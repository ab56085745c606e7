// Pure DaemonSet facts (pkg/controller/daemon/{daemon_controller,update}.go, daemon/util): which nodes should run a
// daemon pod (nodeSelector, required node affinity, taints against the template's tolerations plus the daemon ones),
// the pod for a node (pinned with required node affinity `metadata.name In [node]`, left to the scheduler), the node a
// pod is meant for, the status counters, and which old pods a rolling update may replace now (maxUnavailable).
import type { OwnerReference } from '../api/types';
import type {
  Affinity, DaemonSet, DaemonSetStatus, Node, NodeSelectorRequirement, NodeSelectorTerm, Pod, PodSpec, Taint, Toleration,
} from '../api/objects';
import { scaledValue } from './deployment/util';
import { isPodAvailable, isPodReady, podFromTemplate } from './pod-util';

export const REVISION_HASH_LABEL = 'controller-revision-hash';
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

/** AddOrUpdateDaemonPodTolerations: daemons survive node problems and run on cordoned nodes. */
export function daemonTolerations(hostNetwork: boolean): Toleration[] {
  const t = (key: string, effect: 'NoExecute' | 'NoSchedule'): Toleration => ({ key: `node.kubernetes.io/${key}`, operator: 'Exists', effect });
  return [
    t('not-ready', 'NoExecute'),
    t('unreachable', 'NoExecute'),
    t('disk-pressure', 'NoSchedule'),
    t('memory-pressure', 'NoSchedule'),
    t('pid-pressure', 'NoSchedule'),
    t('unschedulable', 'NoSchedule'),
    ...(hostNetwork ? [t('network-unavailable', 'NoSchedule')] : []),
  ];
}

/** AddOrUpdateTolerationInPodSpec for each daemon toleration: an equal one is updated in place, others appended. */
export function withDaemonTolerations(spec: PodSpec | undefined): Toleration[] {
  const out: Toleration[] = [...(spec?.tolerations ?? [])];
  for (const add of daemonTolerations(!!spec?.hostNetwork)) {
    const i = out.findIndex((t) => t.key === add.key && (t.operator ?? 'Equal') === add.operator && (t.value ?? '') === '' && t.effect === add.effect);
    if (i >= 0) out[i] = add;
    else out.push(add);
  }
  return out;
}

/** v1helper ToleratesTaint. */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  const op = toleration.operator ?? 'Equal';
  if (op === 'Exists') return true;
  return op === 'Equal' && (toleration.value ?? '') === (taint.value ?? '');
}

function untolerated(taints: Taint[], tolerations: Toleration[], effects: string[]): Taint | undefined {
  return taints.find((taint) => effects.includes(taint.effect) && !tolerations.some((t) => tolerates(t, taint)));
}

function requirementMatches(value: string | undefined, r: NodeSelectorRequirement): boolean {
  const values: string[] = r.values ?? [];
  switch (r.operator) {
    case 'In': return value !== undefined && values.includes(value);
    case 'NotIn': return value === undefined || !values.includes(value);
    case 'Exists': return value !== undefined;
    case 'DoesNotExist': return value === undefined;
    case 'Gt': return value !== undefined && /^-?\d+$/.test(value) && Number(value) > Number(values[0]);
    case 'Lt': return value !== undefined && /^-?\d+$/.test(value) && Number(value) < Number(values[0]);
    default: return false;
  }
}

/** A NodeSelectorTerm: its label expressions and its field expressions (only metadata.name exists) all hold. */
export function termMatches(term: NodeSelectorTerm | undefined, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  const exprs = term?.matchExpressions ?? [];
  const fields = term?.matchFields ?? [];
  if (!exprs.length && !fields.length) return false;
  return exprs.every((r) => requirementMatches(labels[r.key], r)) && fields.every((r) => r.key === 'metadata.name' && requirementMatches(node.metadata.name, r));
}

/** GetRequiredNodeAffinity(pod).Match(node): nodeSelector and required node affinity. */
export function fitsNodeAffinity(podSpec: PodSpec | undefined, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  if (!Object.entries(podSpec?.nodeSelector ?? {}).every(([k, v]) => labels[k] === v)) return false;
  const terms = podSpec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  return !terms || terms.some((t) => termMatches(t, node));
}

/**
 * NodeShouldRunDaemonPod: shouldRun — a new daemon pod belongs there; shouldContinueRunning — an existing one may
 * stay (a NoSchedule taint added later does not evict it, an untolerated NoExecute one does).
 */
export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSet): { shouldRun: boolean; shouldContinueRunning: boolean } {
  const spec = ds.spec?.template?.spec;
  if (spec?.nodeName && spec.nodeName !== node.metadata.name) return { shouldRun: false, shouldContinueRunning: false };
  if (!fitsNodeAffinity(spec, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = node.spec?.taints ?? [];
  const tolerations = withDaemonTolerations(spec);
  if (untolerated(taints, tolerations, ['NoSchedule', 'NoExecute'])) {
    return { shouldRun: false, shouldContinueRunning: !untolerated(taints, tolerations, ['NoExecute']) };
  }
  return { shouldRun: true, shouldContinueRunning: true };
}

/** ReplaceDaemonSetPodNodeNameNodeAffinity: the pod's required node affinity becomes "this node, by name". */
export function pinToNode(affinity: Affinity | undefined, nodeName: string): Affinity {
  const terms: NodeSelectorTerm[] = [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }];
  const out = structuredClone(affinity ?? {});
  out.nodeAffinity = { ...(out.nodeAffinity ?? {}), requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } };
  return out;
}

/** GetTargetNodeName: where the pod runs, or where its pinning affinity says it will. */
export function targetNodeOf(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const t of terms) {
    for (const f of t.matchFields ?? []) if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
  }
  return undefined;
}

export function templateGeneration(ds: DaemonSet): string | undefined {
  const g = ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  return g !== undefined && /^\d+$/.test(g) ? g : undefined;
}

/** The daemon pod for one node: template + daemon tolerations + generation/hash labels + the node pin. */
export function daemonPod(ds: DaemonSet, nodeName: string, hash: string, ref: OwnerReference): Pod {
  const pod = podFromTemplate(ds.spec?.template, ds.metadata.namespace!, ds.metadata.name!, ref);
  const generation = templateGeneration(ds);
  pod.metadata.labels = {
    ...(pod.metadata.labels ?? {}),
    ...(generation !== undefined ? { [TEMPLATE_GENERATION_LABEL]: generation } : {}),
    [REVISION_HASH_LABEL]: hash,
  };
  pod.spec.tolerations = withDaemonTolerations(pod.spec);
  pod.spec.affinity = pinToNode(pod.spec.affinity, nodeName);
  return pod;
}

/** IsPodUpdated: the pod carries the current hash (or template generation). */
export function isPodUpdated(pod: Pod, hash: string, generation: string | undefined): boolean {
  const labels = pod.metadata.labels ?? {};
  return (!!hash && labels[REVISION_HASH_LABEL] === hash) || (generation !== undefined && labels[TEMPLATE_GENERATION_LABEL] === generation);
}

/** podByCreationTimestampAndPhase: scheduled pods first, then the oldest. */
export function byScheduledThenAge(a: Pod, b: Pod): number {
  const sa = a.spec?.nodeName ? 0 : 1;
  const sb = b.spec?.nodeName ? 0 : 1;
  if (sa !== sb) return sa - sb;
  const ca = Date.parse(String(a.metadata.creationTimestamp ?? '')) || 0;
  const cb = Date.parse(String(b.metadata.creationTimestamp ?? '')) || 0;
  return ca - cb || String(a.metadata.name).localeCompare(String(b.metadata.name));
}

export interface DaemonSetStatusInput {
  ds: DaemonSet;
  nodes: Node[];
  podsByNode: Map<string, Pod[]>;
  hash: string;
  now: Date;
}

/** updateDaemonSetStatus: the counters `kubectl get ds` prints (DESIRED CURRENT READY UP-TO-DATE AVAILABLE). */
export function calculateDaemonSetStatus({ ds, nodes, podsByNode, hash, now }: DaemonSetStatusInput): DaemonSetStatus {
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const generation = templateGeneration(ds);
  let desired = 0;
  let current = 0;
  let misscheduled = 0;
  let ready = 0;
  let available = 0;
  let updated = 0;
  for (const node of nodes) {
    const pods = [...(podsByNode.get(node.metadata.name!) ?? [])].sort(byScheduledThenAge);
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) {
      if (pods.length) misscheduled++;
      continue;
    }
    desired++;
    if (!pods.length) continue;
    current++;
    const pod = pods[0];
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReady, now)) available++;
    }
    if (isPodUpdated(pod, hash, generation)) updated++;
  }
  const status: DaemonSetStatus = {
    currentNumberScheduled: current,
    numberMisscheduled: misscheduled,
    desiredNumberScheduled: desired,
    numberReady: ready,
  };
  if (ds.metadata.generation) status.observedGeneration = ds.metadata.generation;
  if (updated) status.updatedNumberScheduled = updated;
  if (available) status.numberAvailable = available;
  if (desired - available) status.numberUnavailable = desired - available;
  if (ds.status?.collisionCount) status.collisionCount = ds.status.collisionCount;
  if (ds.status?.conditions?.length) status.conditions = ds.status.conditions;
  return status;
}

/** maxUnavailable of a RollingUpdate DaemonSet, scaled against the desired count (rounded up, never both zero). */
export function maxUnavailableOf(ds: DaemonSet, desired: number): number {
  const ru = ds.spec?.updateStrategy?.rollingUpdate;
  const surge = scaledValue(ru?.maxSurge, desired, true, '0');
  const unavailable = scaledValue(ru?.maxUnavailable, desired, true, '1');
  return surge === 0 && unavailable === 0 ? 1 : unavailable;
}

/**
 * rollingUpdate (maxSurge 0): old pods that are not available are replaced at once; available ones only while
 * fewer than maxUnavailable nodes are without an available up-to-date pod.
 */
export function oldPodsToReplace(ds: DaemonSet, podsByNode: Map<string, Pod[]>, hash: string, maxUnavailable: number, now: Date): Pod[] {
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const generation = templateGeneration(ds);
  let unavailable = 0;
  const replaceNow: Pod[] = [];
  const candidates: Pod[] = [];
  for (const [, all] of [...podsByNode.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const pods = all.filter((p) => !p.metadata.deletionTimestamp);
    const fresh = pods.filter((p) => isPodUpdated(p, hash, generation));
    const old = pods.filter((p) => !isPodUpdated(p, hash, generation));
    if (fresh.length > 1 || old.length > 1 || (fresh.length && old.length) || (!fresh.length && !old.length)) {
      // The manage step still has to sort this node out; until then it counts as unavailable.
      unavailable++;
      continue;
    }
    if (fresh.length) {
      if (!isPodAvailable(fresh[0], minReady, now)) unavailable++;
      continue;
    }
    if (!isPodAvailable(old[0], minReady, now)) replaceNow.push(old[0]);
    else if (unavailable < maxUnavailable) candidates.push(old[0]);
  }
  const room = Math.min(Math.max(0, maxUnavailable - unavailable), candidates.length);
  return [...replaceNow, ...candidates.slice(0, room)];
}
