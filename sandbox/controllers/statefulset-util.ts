// Pure StatefulSet facts (pkg/controller/statefulset/stateful_set_utils.go): a pod's identity (`<set>-<ordinal>`, its
// pod-name / pod-index / controller-revision-hash labels, hostname and subdomain), its PersistentVolumeClaims
// `<claim>-<set>-<ordinal>` wired in as volumes, the health tests ordered rollout waits on, and the status counters.
import type { OwnerReference } from '../api/types';
import type { PersistentVolumeClaim, PersistentVolumeClaimTemplate, Pod, PodTemplateSpec, StatefulSet, StatefulSetStatus, Volume } from '../api/objects';
import { isPodAvailable, isPodReady, msUntilAvailable, podFromTemplate } from './pod-util';

export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
export const REVISION_LABEL = 'controller-revision-hash';

/** getParentNameAndOrdinal: `web-12` → web, 12. */
export function parentAndOrdinal(podName: string): { parent: string; ordinal: number } | undefined {
  const m = /^(.*)-([0-9]+)$/.exec(podName);
  return m ? { parent: m[1], ordinal: Number(m[2]) } : undefined;
}

export function ordinalOf(pod: Pod): number {
  return parentAndOrdinal(pod.metadata.name!)?.ordinal ?? -1;
}

export function isMemberOf(set: StatefulSet, pod: Pod): boolean {
  return parentAndOrdinal(pod.metadata.name!)?.parent === set.metadata.name;
}

export function startOrdinal(set: StatefulSet): number {
  return set.spec?.ordinals?.start ?? 0;
}

export function replicasOf(set: StatefulSet): number {
  return set.spec?.replicas ?? 1;
}

export function podNameFor(set: StatefulSet, ordinal: number): string {
  return `${set.metadata.name}-${ordinal}`;
}

export function claimNameFor(claimTemplate: PersistentVolumeClaimTemplate, set: StatefulSet, ordinal: number): string {
  return `${claimTemplate.metadata?.name}-${set.metadata.name}-${ordinal}`;
}

export function podRevision(pod: Pod): string | undefined {
  return pod.metadata.labels?.[REVISION_LABEL];
}

export const isCreated = (pod: Pod): boolean => !!pod.status?.phase;
export const isTerminating = (pod: Pod): boolean => !!pod.metadata.deletionTimestamp;
export const isFinished = (pod: Pod): boolean => pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded';
export const isRunningAndReady = (pod: Pod): boolean => pod.status?.phase === 'Running' && isPodReady(pod);

export function isRunningAndAvailable(pod: Pod, minReadySeconds: number, now: Date): boolean {
  return pod.status?.phase === 'Running' && isPodAvailable(pod, minReadySeconds, now);
}

/** isHealthy: running, ready (and available) and not on its way out — what ordered rollout waits for. */
export function isHealthy(pod: Pod, minReadySeconds: number, now: Date): boolean {
  return isRunningAndAvailable(pod, minReadySeconds, now) && !isTerminating(pod);
}

/** getPersistentVolumeClaims: the claims a member needs, labelled with the set's selector. */
export function claimsFor(set: StatefulSet, ordinal: number): PersistentVolumeClaim[] {
  const matchLabels = set.spec?.selector?.matchLabels ?? {};
  return (set.spec?.volumeClaimTemplates ?? []).map((t) => {
    const claim = structuredClone(t);
    return {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        ...(claim.metadata ?? {}),
        name: claimNameFor(t, set, ordinal),
        namespace: set.metadata.namespace,
        labels: { ...(claim.metadata?.labels ?? {}), ...matchLabels },
      },
      spec: claim.spec ?? {},
    };
  });
}

/** newStatefulSetPod: the member at `ordinal` from the template of `revisionName`, with its identity and storage. */
export function newStatefulSetPod(set: StatefulSet, template: PodTemplateSpec, ordinal: number, revisionName: string, ref: OwnerReference): Pod {
  const pod = podFromTemplate(template, set.metadata.namespace!, set.metadata.name!, ref);
  const name = podNameFor(set, ordinal);
  pod.metadata.name = name;
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal), [REVISION_LABEL]: revisionName };
  pod.spec.hostname = name;
  if (set.spec?.serviceName) pod.spec.subdomain = set.spec.serviceName;
  const templates = set.spec?.volumeClaimTemplates ?? [];
  // A nameless claim template (kube-apiserver refuses those) gives a nameless volume, which pod validation refuses.
  const claimVolumes: Volume[] = templates.map((t) => ({ name: t.metadata?.name as string, persistentVolumeClaim: { claimName: claimNameFor(t, set, ordinal) } }));
  const names = new Set(claimVolumes.map((v) => v.name));
  const rest = (pod.spec.volumes ?? []).filter((v) => !names.has(v.name));
  if (claimVolumes.length || rest.length) pod.spec.volumes = [...claimVolumes, ...rest];
  return pod;
}

/** identityMatches: the member still carries its name labels (a user may have removed them). */
export function identityMatches(set: StatefulSet, pod: Pod): boolean {
  const labels = pod.metadata.labels ?? {};
  return isMemberOf(set, pod) && labels[POD_NAME_LABEL] === pod.metadata.name && labels[POD_INDEX_LABEL] === String(ordinalOf(pod));
}

export interface StatefulSetStatusInput {
  set: StatefulSet;
  pods: Pod[];
  currentRevision: string;
  updateRevision: string;
  collisionCount: number;
  now: Date;
}

/** updateStatefulSetStatus / computeReplicaStatus, with completeRollingUpdate folded in. */
export function calculateStatefulSetStatus({ set, pods, currentRevision, updateRevision, collisionCount, now }: StatefulSetStatusInput): StatefulSetStatus {
  const minReady = set.spec?.minReadySeconds ?? 0;
  let replicas = 0;
  let ready = 0;
  let available = 0;
  let current = 0;
  let updated = 0;
  for (const pod of pods) {
    if (isCreated(pod)) replicas++;
    if (isRunningAndReady(pod)) {
      ready++;
      if (isRunningAndAvailable(pod, minReady, now)) available++;
    }
    if (isCreated(pod) && !isTerminating(pod)) {
      if (podRevision(pod) === currentRevision) current++;
      if (podRevision(pod) === updateRevision) updated++;
    }
  }
  let currentRev = currentRevision;
  if ((set.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' && updated === replicas && ready === replicas) {
    current = updated;
    currentRev = updateRevision;
  }
  const status: StatefulSetStatus = { replicas, availableReplicas: available, collisionCount };
  if (set.metadata.generation) status.observedGeneration = set.metadata.generation;
  if (ready) status.readyReplicas = ready;
  if (current) status.currentReplicas = current;
  if (updated) status.updatedReplicas = updated;
  status.currentRevision = currentRev;
  status.updateRevision = updateRevision;
  const previous = set.status?.conditions ?? [];
  if (previous.length) status.conditions = previous;
  return status;
}

/** When the next pod becomes available (minReadySeconds), so the set is looked at again then. */
export function nextAvailableMs(set: StatefulSet, pods: Pod[], now: Date): number | undefined {
  const minReady = set.spec?.minReadySeconds ?? 0;
  const waits = pods.map((p) => msUntilAvailable(p, minReady, now)).filter((x): x is number => x !== undefined);
  return waits.length ? Math.min(...waits) : undefined;
}
