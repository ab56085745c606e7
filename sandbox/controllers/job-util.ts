// Pure facts the Job controller decides with (pkg/controller/job/{job_controller,indexed_job_utils,backoff_utils}.go):
// when a pod counts as failed, how many pods should be active, the pod-failure back-off (10 s doubling to 10 min),
// Job conditions with the reasons and messages a real cluster shows, completion indexes and their "1,3-5" text form,
// and the pod a Job stamps out (tracking finalizer, job labels, Indexed identity).
import type { OwnerReference } from '../api/types';
import type { EnvVar, Job, JobCondition, Pod } from '../api/objects';
import { rfc3339 } from '../util/clock';
import { podCondition, podFromTemplate } from './pod-util';

export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
export const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
const DEFAULT_BACKOFF_MS = 10_000;
const MAX_BACKOFF_MS = 10 * 60_000;

export function newJobCondition(type: string, status: 'True' | 'False', reason: string, message: string, now: Date): JobCondition {
  const at = rfc3339(now);
  return { type, status, lastProbeTime: at, lastTransitionTime: at, reason, message };
}

export function jobCondition(job: Job, type: string): JobCondition | undefined {
  return job.status?.conditions?.find((c) => c.type === type);
}

/** The terminal condition (Complete or Failed, True) of a finished Job. */
export function finishedCondition(job: Job): JobCondition | undefined {
  return job.status?.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

export function isJobFinished(job: Job): boolean {
  return !!finishedCondition(job);
}

/**
 * ensureJobConditionStatus: sets a condition, touching it only when status, reason or message change; a False
 * condition that does not exist yet is not added ("from nothing to false is meaningless"). Returns whether it changed.
 */
export function ensureJobCondition(conditions: JobCondition[], type: string, status: 'True' | 'False', reason: string, message: string, now: Date): boolean {
  const i = conditions.findIndex((c) => c.type === type);
  if (i >= 0) {
    const c = conditions[i];
    if (c.status === status && c.reason === reason && c.message === message) return false;
    conditions[i] = newJobCondition(type, status, reason, message, now);
    return true;
  }
  if (status === 'False') return false;
  conditions.push(newJobCondition(type, status, reason, message, now));
  return true;
}

export const isSuspended = (job: Job): boolean => job.spec?.suspend === true;
export const isIndexed = (job: Job): boolean => job.spec?.completionMode === 'Indexed';
export const hasTrackingFinalizer = (pod: Pod): boolean => !!pod.metadata.finalizers?.includes(JOB_TRACKING_FINALIZER);

/** podReplacementPolicy Failed (or a podFailurePolicy): terminating pods are not replaced nor counted as failed. */
export function onlyReplaceFailedPods(job: Job): boolean {
  return job.spec?.podReplacementPolicy === 'Failed' || !!job.spec?.podFailurePolicy;
}

/** isPodFailed: Failed, or (unless only failed pods are replaced) deleted before it succeeded. */
export function isPodFailed(pod: Pod, job: Job): boolean {
  if (pod.status?.phase === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  return !!pod.metadata.deletionTimestamp && pod.status?.phase !== 'Succeeded';
}

export function isPodTerminating(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return !!pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed';
}

/** getFinishedTime: when the pod stopped (Ready turned False on a finished pod, last container exit, or deletion). */
export function podFinishedMs(pod: Pod, now: Date): number {
  const phase = pod.status?.phase;
  const ready = podCondition(pod, 'Ready');
  if ((phase === 'Succeeded' || phase === 'Failed') && ready?.status === 'False' && ready.lastTransitionTime) return Date.parse(ready.lastTransitionTime);
  const exits = (pod.status?.containerStatuses ?? [])
    .map((c) => Date.parse(c.state?.terminated?.finishedAt ?? ''))
    .filter((t) => !Number.isNaN(t));
  if (exits.length) return Math.max(...exits);
  const deleted = Date.parse(String(pod.metadata.deletionTimestamp ?? ''));
  return Number.isNaN(deleted) ? now.getTime() : deleted;
}

export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureMs?: number;
}

/** newBackoffRecord: folds the pods that finished since the last sync into the failures-since-last-success record. */
export function nextBackoffRecord(prev: BackoffRecord, newSucceeded: Pod[], newFailed: Pod[], now: Date): BackoffRecord {
  const finished = (pods: Pod[]) => pods.map((p) => podFinishedMs(p, now)).sort((a, b) => a - b);
  const failedAt = finished(newFailed);
  if (!newSucceeded.length) {
    if (!failedAt.length) return prev;
    return { failuresAfterLastSuccess: prev.failuresAfterLastSuccess + failedAt.length, lastFailureMs: failedAt[failedAt.length - 1] };
  }
  const lastSuccess = Math.max(...finished(newSucceeded));
  const after = failedAt.filter((t) => t > lastSuccess);
  return after.length ? { failuresAfterLastSuccess: after.length, lastFailureMs: after[after.length - 1] } : { failuresAfterLastSuccess: 0 };
}

/** Milliseconds before a replacement pod may be created: 10 s after the first failure, doubling, at most 10 min. */
export function backoffRemainingMs(record: BackoffRecord, now: Date): number {
  if (!record.failuresAfterLastSuccess || record.lastFailureMs === undefined) return 0;
  let backoff = DEFAULT_BACKOFF_MS;
  for (let i = 1; i < record.failuresAfterLastSuccess; i++) {
    backoff *= 2;
    if (backoff >= MAX_BACKOFF_MS) {
      backoff = MAX_BACKOFF_MS;
      break;
    }
  }
  const elapsed = now.getTime() - record.lastFailureMs;
  return backoff < elapsed ? 0 : backoff - elapsed;
}

/** How many pods should be running: never more than parallelism nor than the completions still missing. */
export function wantActive(job: Job, succeeded: number, active: number): number {
  const parallelism = job.spec?.parallelism ?? 1;
  const completions = job.spec?.completions;
  if (completions === undefined || completions === null) return succeeded > 0 ? active : parallelism;
  return Math.max(0, Math.min(completions - succeeded, parallelism));
}

/** pastBackoffLimitOnFailure: with restartPolicy OnFailure, container restarts count against backoffLimit. */
export function pastBackoffLimitOnFailure(job: Job, pods: Pod[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of pods) {
    if (p.status?.phase !== 'Running' && p.status?.phase !== 'Pending') continue;
    for (const c of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]) restarts += c.restartCount ?? 0;
  }
  const limit = job.spec?.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

export function completionIndexOf(pod: Pod): number | undefined {
  const text = pod.metadata.annotations?.[COMPLETION_INDEX] ?? pod.metadata.labels?.[COMPLETION_INDEX];
  return text !== undefined && /^[0-9]+$/.test(text) ? Number(text) : undefined;
}

/** "1,3-5,7": the completedIndexes text (three or more consecutive indexes become a range). */
export function formatIndexes(indexes: Iterable<number>): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    if (j === i) parts.push(String(sorted[i]));
    else if (j === i + 1) parts.push(`${sorted[i]},${sorted[j]}`);
    else parts.push(`${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

export function parseIndexes(text: string | undefined, completions: number): Set<number> {
  const out = new Set<number>();
  for (const part of (text ?? '').split(',').filter(Boolean)) {
    const [a, b] = part.split('-').map(Number);
    for (let i = a; i <= (b ?? a); i++) if (i < completions) out.add(i);
  }
  return out;
}

/** firstPendingIndexes: the lowest indexes neither succeeded nor held by an active pod. */
export function firstPendingIndexes(completions: number, succeeded: Set<number>, active: Pod[], count: number): number[] {
  const taken = new Set(active.map(completionIndexOf).filter((i): i is number => i !== undefined));
  const out: number[] = [];
  for (let i = 0; i < completions && out.length < count; i++) if (!succeeded.has(i) && !taken.has(i)) out.push(i);
  return out;
}

/** The pod a Job creates: its template plus the tracking finalizer, and for Indexed Jobs the index identity. */
export function jobPod(job: Job, ref: OwnerReference, index?: number): Pod {
  const ns = job.metadata.namespace!;
  const pod = podFromTemplate(job.spec?.template, ns, job.metadata.name!, ref);
  pod.metadata.finalizers = [...(pod.metadata.finalizers ?? []).filter((f) => f !== JOB_TRACKING_FINALIZER), JOB_TRACKING_FINALIZER];
  if (index === undefined) return pod;
  const generateName = `${job.metadata.name}-${index}-`.slice(0, 58);
  pod.metadata.generateName = generateName;
  pod.metadata.name = `${generateName}${pod.metadata.name!.slice(-5)}`;
  pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [COMPLETION_INDEX]: String(index) };
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [COMPLETION_INDEX]: String(index) };
  pod.spec.hostname = `${job.metadata.name}-${index}`;
  const env: EnvVar = { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: `metadata.labels['${COMPLETION_INDEX}']` } } };
  for (const c of [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])]) {
    if (!(c.env ?? []).some((e) => e.name === env.name)) c.env = [...(c.env ?? []), structuredClone(env)];
  }
  return pod;
}
