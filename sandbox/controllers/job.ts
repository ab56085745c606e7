// The Job controller (pkg/controller/job/job_controller.go): runs pods until `completions` succeed, `parallelism` at a
// time, replacing failed ones after a back-off until backoffLimit or activeDeadlineSeconds ends the Job. Pods carry
// the batch.kubernetes.io/job-tracking finalizer so each finished pod is counted exactly once: its uid goes to
// status.uncountedTerminatedPods, the finalizer comes off, then the counter moves. Terminal conditions come in two
// steps as in current versions (SuccessCriteriaMet → Complete, FailureTarget → Failed, once no pod is terminating).
import { apiVersionOf } from '../api/registry';
import { findKind } from '../apiserver/kinds/registry';
import type { OwnerReference, WatchEvent } from '../api/types';
import type { Job, JobCondition, JobStatus, Pod } from '../api/objects';
import type { ObjectApi } from '../apiserver/object-api';
import { rfc3339, type Clock } from '../util/clock';
import { deepEqual } from '../util/deep-equal';
import { objectKeyOf, splitKey, watchOf, type Controller, type ReconcileResult, type WatchSpec } from '../controller-runtime/controller';
import { recordEvent, type EventSource } from '../controller-runtime/events';
import { selectorMatches } from '../lib/label-selector';
import {
  backoffRemainingMs, completionIndexOf, ensureJobCondition, finishedCondition, firstPendingIndexes, formatIndexes, hasTrackingFinalizer,
  isIndexed, isPodFailed, isPodTerminating, isSuspended, jobCondition, jobPod, JOB_TRACKING_FINALIZER, newJobCondition, nextBackoffRecord,
  onlyReplaceFailedPods, parseIndexes, pastBackoffLimitOnFailure, wantActive, type BackoffRecord,
} from './job-util';
import { claimObjects, controllerRefOf, newControllerRef } from './owner-refs';
import { isPodActive, isPodReady, rankPodsForDeletion } from './pod-util';

const jobRes = findKind('Job')!;
const podRes = findKind('Pod')!;
const SOURCE: EventSource = { component: 'job-controller' };
const MAX_POD_CHANGES_PER_SYNC = 500;
/** Keys of pods that carry the tracking finalizer but no Job to remove it (the real controller's orphanQueue). */
const ORPHAN_PREFIX = 'pod:';

const COMPLETIONS_REACHED = { reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' };

/** What one sync works out before it writes status. */
interface SyncState {
  job: Job;
  status: JobStatus;
  pods: Pod[];
  active: Pod[];
  terminating: number;
  ready: number;
  uncounted: { succeeded: Set<string>; failed: Set<string> };
  succeededIndexes: Set<number>;
  /** Succeeded pods known so far (counted, uncounted and newly finished), for NonIndexed Jobs. */
  succeededBase: number;
  /** The interim (or already final) condition that ends the Job, once decided. */
  finished?: JobCondition;
  backoff: BackoffRecord;
  requeueMs: number[];
}

export class JobController implements Controller {
  readonly name = 'job';
  readonly watches: WatchSpec[];
  /** podBackoffStore: failures since the last success, per Job key (in memory, as in kube-controller-manager). */
  private readonly backoffs = new Map<string, BackoffRecord>();

  constructor(private readonly api: ObjectApi, private readonly clock: Clock) {
    this.watches = [
      watchOf(jobRes, (e) => [objectKeyOf(e.object)]),
      watchOf(podRes, (e) => this.keysForPod(e)),
    ];
  }

  private keysForPod(e: WatchEvent<Pod>): string[] {
    const pod = e.object;
    const ns = pod.metadata.namespace;
    const ref = controllerRefOf(pod);
    if (ref) return ref.kind === 'Job' && ref.apiVersion.startsWith('batch/') ? [`${ns}/${ref.name}`] : [];
    if (hasTrackingFinalizer(pod)) return [`${ORPHAN_PREFIX}${objectKeyOf(pod)}`];
    if (e.type === 'DELETED') return [];
    return this.api.list(jobRes, ns).items.filter((j) => selectorMatches(j.spec?.selector, pod.metadata.labels)).map(objectKeyOf);
  }

  reconcile(key: string): ReconcileResult | void {
    if (key.startsWith(ORPHAN_PREFIX)) return this.releaseOrphan(key.slice(ORPHAN_PREFIX.length));
    const { namespace, name } = splitKey(key);
    const job = this.api.tryGet(jobRes, namespace, name);
    if (!job) {
      this.backoffs.delete(key);
      this.releasePodsOfGoneJob(namespace!, name);
      return;
    }
    // Pods of an earlier Job of the same name are nobody's to count.
    this.releasePodsOfGoneJob(namespace!, name, job.metadata.uid);
    const pods = claimObjects(
      { api: this.api, res: podRes, owner: job, ownerApiVersion: apiVersionOf(jobRes), ownerKind: 'Job', selector: job.spec?.selector ?? {} },
      this.api.list(podRes, namespace).items,
    );
    if (finishedCondition(job)) {
      this.backoffs.delete(key);
      // Counted before the Job finished; a straggler's finalizer must not keep it alive forever.
      for (const p of pods.filter(hasTrackingFinalizer)) this.removeFinalizer(p);
      return;
    }
    return this.syncJob(key, job, pods);
  }

  private syncJob(key: string, job: Job, pods: Pod[]): ReconcileResult | void {
    const now = this.clock.now();
    const st = this.prepare(key, job, pods, now);
    let suspendChanged = false;
    if (st.finished) {
      this.deletePods(st, st.active);
    } else {
      if (!job.metadata.deletionTimestamp) {
        this.manage(st, now);
        suspendChanged = this.syncSuspended(st, now);
      }
      const completions = job.spec?.completions;
      const succeeded = this.succeededCount(st);
      const complete = completions === undefined || completions === null ? succeeded > 0 && st.active.length === 0 : succeeded >= completions && st.active.length === 0;
      if (complete) st.finished = newJobCondition('SuccessCriteriaMet', 'True', COMPLETIONS_REACHED.reason, COMPLETIONS_REACHED.message, now);
    }
    st.status.active = st.active.length;
    st.status.ready = st.ready;
    st.status.terminating = st.terminating;
    this.trackStatus(key, st, now, suspendChanged);
    if (st.requeueMs.length) return { requeueAfterMs: Math.max(1, Math.min(...st.requeueMs)) };
  }

  /** Reads the pods into counts and decides whether the Job has already failed (backoff limit, deadline). */
  private prepare(key: string, job: Job, pods: Pod[], now: Date): SyncState {
    const status: JobStatus = structuredClone(job.status ?? {});
    const uncounted = {
      succeeded: new Set<string>(status.uncountedTerminatedPods?.succeeded ?? []),
      failed: new Set<string>(status.uncountedTerminatedPods?.failed ?? []),
    };
    const active = pods.filter(isPodActive);
    const completions = job.spec?.completions ?? 0;
    const validIndex = (p: Pod) => !isIndexed(job) || ((completionIndexOf(p) ?? Infinity) < completions);
    const tracked = pods.filter((p) => hasTrackingFinalizer(p) && validIndex(p));
    const newSucceeded = tracked.filter((p) => p.status?.phase === 'Succeeded' && !uncounted.succeeded.has(p.metadata.uid!));
    const newFailed = tracked.filter((p) => isPodFailed(p, job) && !uncounted.failed.has(p.metadata.uid!));
    const failed = (status.failed ?? 0) + newFailed.length + uncounted.failed.size;
    if (!status.startTime && !isSuspended(job)) status.startTime = rfc3339(now);
    const succeededIndexes = new Set<number>();
    if (isIndexed(job)) {
      for (const i of parseIndexes(status.completedIndexes, completions)) succeededIndexes.add(i);
      for (const p of pods) if (p.status?.phase === 'Succeeded' && validIndex(p)) succeededIndexes.add(completionIndexOf(p)!);
    }
    const st: SyncState = {
      job,
      status,
      pods,
      active,
      terminating: pods.filter(isPodTerminating).length,
      ready: active.filter(isPodReady).length,
      uncounted,
      succeededIndexes,
      succeededBase: (status.succeeded ?? 0) + newSucceeded.length + uncounted.succeeded.size,
      backoff: nextBackoffRecord(this.backoffs.get(key) ?? { failuresAfterLastSuccess: 0 }, newSucceeded, newFailed, now),
      requeueMs: [],
    };
    const successMet = jobCondition(job, 'SuccessCriteriaMet');
    const failureTarget = jobCondition(job, 'FailureTarget');
    if (successMet?.status === 'True') st.finished = successMet;
    else if (failureTarget?.status === 'True') st.finished = failureTarget;
    else if (failed > (job.spec?.backoffLimit ?? 6) || pastBackoffLimitOnFailure(job, pods)) {
      st.finished = newJobCondition('FailureTarget', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', now);
    } else if (job.spec?.activeDeadlineSeconds !== undefined && status.startTime && !isSuspended(job)) {
      const left = Date.parse(status.startTime) + job.spec.activeDeadlineSeconds * 1000 - now.getTime();
      if (left <= 0) st.finished = newJobCondition('FailureTarget', 'True', 'DeadlineExceeded', 'Job was active longer than specified deadline', now);
      else st.requeueMs.push(left);
    }
    return st;
  }

  private succeededCount(st: SyncState): number {
    return isIndexed(st.job) ? st.succeededIndexes.size : st.succeededBase;
  }

  /** manageJob: deletes surplus pods or creates missing ones (after the failure back-off), or all of them when suspended. */
  private manage(st: SyncState, now: Date): void {
    const job = st.job;
    if (isSuspended(job)) {
      this.deletePods(st, st.active);
      return;
    }
    const want = wantActive(job, this.succeededCount(st), st.active.length);
    const surplus = st.active.length - want;
    if (surplus > 0) {
      this.deletePods(st, rankPodsForDeletion(st.active).slice(0, Math.min(surplus, MAX_POD_CHANGES_PER_SYNC)));
      return;
    }
    let diff = want - st.active.length - (onlyReplaceFailedPods(job) ? st.terminating : 0);
    if (diff <= 0) return;
    const wait = backoffRemainingMs(st.backoff, now);
    if (wait > 0) {
      st.requeueMs.push(wait);
      return;
    }
    diff = Math.min(diff, MAX_POD_CHANGES_PER_SYNC);
    // An Indexed Job has completions (validation requires it).
    const indexes = isIndexed(job) ? firstPendingIndexes(job.spec!.completions!, st.succeededIndexes, st.active, diff) : undefined;
    const count = indexes ? indexes.length : diff;
    const ref = newControllerRef(job, apiVersionOf(jobRes), 'Job');
    for (let i = 0; i < count; i++) {
      const pod = this.createPod(job, ref, indexes?.[i]);
      if (!pod) return;
      st.active.push(pod);
    }
  }

  private createPod(job: Job, ref: OwnerReference, index?: number): Pod | undefined {
    for (let attempt = 0; ; attempt++) {
      try {
        const pod = this.api.create(podRes, job.metadata.namespace, jobPod(job, ref, index));
        recordEvent(this.api, job, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, SOURCE);
        return pod;
      } catch (e) {
        if ((e as { reason?: string }).reason === 'AlreadyExists' && attempt < 3) continue;
        recordEvent(this.api, job, 'Warning', 'FailedCreate', `Error creating: ${(e as Error).message}`, SOURCE);
        return undefined;
      }
    }
  }

  /** Deletes pods, keeping their finalizers: they count as terminating until trackStatus accounts for them. */
  private deletePods(st: SyncState, victims: Pod[]): void {
    const gone = new Set<string>();
    for (const pod of victims) {
      try {
        this.api.delete(podRes, pod.metadata.namespace, pod.metadata.name!);
        recordEvent(this.api, st.job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, SOURCE);
      } catch (e) {
        if ((e as { code?: number }).code !== 404) {
          recordEvent(this.api, st.job, 'Warning', 'FailedDelete', `Error deleting: ${(e as Error).message}`, SOURCE);
          continue;
        }
      }
      gone.add(pod.metadata.uid!);
      if (isPodReady(pod)) st.ready--;
      st.terminating++;
    }
    st.active = st.active.filter((p) => !gone.has(p.metadata.uid!));
    // The deleted pods are failures now (isPodFailed), so re-read them for the accounting below.
    st.pods = st.pods.map((p) => (gone.has(p.metadata.uid!) ? this.api.tryGet(podRes, p.metadata.namespace, p.metadata.name!) : p)).filter((p): p is Pod => !!p);
  }

  /** The Suspended condition and its events; resuming restarts the activeDeadlineSeconds clock. */
  private syncSuspended(st: SyncState, now: Date): boolean {
    const conditions = (st.status.conditions ??= []);
    let changed: boolean;
    if (isSuspended(st.job)) {
      changed = ensureJobCondition(conditions, 'Suspended', 'True', 'JobSuspended', 'Job suspended', now);
      if (changed) recordEvent(this.api, st.job, 'Normal', 'Suspended', 'Job suspended', SOURCE);
    } else {
      changed = ensureJobCondition(conditions, 'Suspended', 'False', 'JobResumed', 'Job resumed', now);
      if (changed) {
        recordEvent(this.api, st.job, 'Normal', 'Resumed', 'Job resumed', SOURCE);
        st.status.startTime = rfc3339(now);
      }
    }
    if (!conditions.length) delete st.status.conditions;
    return changed;
  }

  /**
   * trackJobStatusAndRemoveFinalizers: records finished pods as uncounted, removes their finalizers, then moves them
   * into the counters; adds the terminal condition once nothing is uncounted or terminating any more.
   */
  private trackStatus(key: string, st: SyncState, now: Date, mustFlush: boolean): void {
    const { job, status, uncounted } = st;
    const toRelease: Pod[] = [];
    for (const pod of st.pods) {
      if (!hasTrackingFinalizer(pod)) continue;
      const failed = isPodFailed(pod, job);
      const succeeded = pod.status?.phase === 'Succeeded';
      if (!job.metadata.deletionTimestamp && !st.finished && !succeeded && !failed) continue;
      toRelease.push(pod);
      const uid = pod.metadata.uid!;
      const index = completionIndexOf(pod);
      const countable = !isIndexed(job) || (index !== undefined && index < (job.spec?.completions ?? 0));
      if (succeeded && !uncounted.failed.has(uid)) {
        if (!isIndexed(job)) uncounted.succeeded.add(uid);
      } else if ((failed || (st.finished && st.finished.type !== 'SuccessCriteriaMet')) && countable) {
        uncounted.failed.add(uid);
      }
    }
    if (isIndexed(job)) {
      status.completedIndexes = formatIndexes(st.succeededIndexes);
      status.succeeded = st.succeededIndexes.size;
      if (!status.completedIndexes) delete status.completedIndexes;
    }
    let finished = st.finished;
    if (finished && (finished.type === 'FailureTarget' || finished.type === 'SuccessCriteriaMet')) {
      status.conditions ??= [];
      if (!status.conditions.some((c) => c.type === finished!.type)) status.conditions.push(finished);
      finished = newJobCondition(finished.type === 'FailureTarget' ? 'Failed' : 'Complete', 'True', finished.reason ?? '', finished.message ?? '', now);
    }
    setUncounted(status, uncounted);
    let current = this.writeStatus(job, status, mustFlush);
    this.backoffs.set(key, st.backoff);
    const stillTracked = new Set(st.pods.filter(hasTrackingFinalizer).map((p) => p.metadata.uid!));
    for (const pod of toRelease) if (this.removeFinalizer(pod)) stillTracked.delete(pod.metadata.uid!);
    for (const kind of ['succeeded', 'failed'] as const) {
      for (const uid of [...uncounted[kind]]) {
        if (stillTracked.has(uid)) continue;
        uncounted[kind].delete(uid);
        status[kind] = (status[kind] ?? 0) + 1;
      }
    }
    setUncounted(status, uncounted);
    let finishedNow = false;
    if (finished && !uncounted.succeeded.size && !uncounted.failed.size && st.terminating === 0) {
      status.conditions ??= [];
      ensureJobCondition(status.conditions, finished.type, 'True', finished.reason ?? '', finished.message ?? '', now);
      if (finished.type === 'Complete') status.completionTime = rfc3339(now);
      finishedNow = true;
    }
    for (const k of ['succeeded', 'failed', 'active'] as const) if (!status[k]) delete status[k];
    current = this.writeStatus(current, status, false);
    if (!finishedNow) return;
    if (finished!.type === 'Complete') {
      const completions = job.spec?.completions;
      if (completions !== undefined && completions !== null && (status.succeeded ?? 0) > completions) {
        recordEvent(this.api, current, 'Warning', 'TooManySucceededPods', 'Too many succeeded pods running after completion count reached', SOURCE);
      }
      recordEvent(this.api, current, 'Normal', 'Completed', 'Job completed', SOURCE);
    } else {
      recordEvent(this.api, current, 'Warning', finished!.reason ?? 'Failed', finished!.message ?? '', SOURCE);
    }
  }

  private writeStatus(job: Job, status: JobStatus, force: boolean): Job {
    const next = structuredClone(status);
    for (const k of ['succeeded', 'failed', 'active'] as const) if (!next[k]) delete next[k];
    if (!force && deepEqual(job.status ?? {}, next)) return job;
    return this.api.updateStatus(jobRes, job.metadata.namespace, job.metadata.name, { ...job, status: next });
  }

  /** Removes the tracking finalizer; true when the pod no longer has it (or is gone). */
  private removeFinalizer(pod: Pod): boolean {
    const fresh = this.api.tryGet(podRes, pod.metadata.namespace, pod.metadata.name!);
    if (!fresh || fresh.metadata.uid !== pod.metadata.uid || !hasTrackingFinalizer(fresh)) return true;
    const next = structuredClone(fresh);
    next.metadata.finalizers = next.metadata.finalizers!.filter((f) => f !== JOB_TRACKING_FINALIZER);
    if (!next.metadata.finalizers.length) delete next.metadata.finalizers;
    try {
      this.api.update(podRes, fresh.metadata.namespace, fresh.metadata.name, next);
      return true;
    } catch (e) {
      return (e as { code?: number }).code === 404;
    }
  }

  /** A pod whose Job is gone (or that lost its owner) must not keep its finalizer forever. */
  private releaseOrphan(podKey: string): void {
    const { namespace, name } = splitKey(podKey);
    const pod = this.api.tryGet(podRes, namespace, name);
    if (!pod || !hasTrackingFinalizer(pod)) return;
    const ref = controllerRefOf(pod);
    if (ref?.kind === 'Job' && this.api.tryGet(jobRes, namespace, ref.name)?.metadata.uid === ref.uid) return;
    this.removeFinalizer(pod);
  }

  private releasePodsOfGoneJob(namespace: string, name: string, liveUid?: string): void {
    for (const pod of this.api.list(podRes, namespace).items) {
      const ref = controllerRefOf(pod);
      if (ref?.kind === 'Job' && ref.name === name && ref.uid !== liveUid && hasTrackingFinalizer(pod)) this.removeFinalizer(pod);
    }
  }
}

function setUncounted(status: JobStatus, uncounted: { succeeded: Set<string>; failed: Set<string> }): void {
  status.uncountedTerminatedPods = {
    ...(uncounted.succeeded.size ? { succeeded: [...uncounted.succeeded] } : {}),
    ...(uncounted.failed.size ? { failed: [...uncounted.failed] } : {}),
  };
}
