// The ReplicaSet controller (pkg/controller/replicaset/replica_set.go): keeps `spec.replicas` active pods matching
// the selector — adopting orphans, releasing pods whose labels stopped matching, creating pods from the template and
// deleting the cheapest ones first — then writes status. Events are the ones `kubectl describe rs` shows.
import { apiVersionOf } from '../api/registry';
import { findKind } from '../apiserver/kinds/registry';
import type { OwnerReference, WatchEvent } from '../api/types';
import type { Pod, ReplicaSet, ReplicaSetStatus } from '../api/objects';
import type { ObjectApi } from '../apiserver/object-api';
import type { Clock } from '../util/clock';
import { deepEqual } from '../util/deep-equal';
import { objectKeyOf, splitKey, watchOf, type Controller, type ReconcileResult, type WatchSpec } from '../controller-runtime/controller';
import { recordEvent, type EventSource } from '../controller-runtime/events';
import { labelsContain, selectorMatches } from '../lib/label-selector';
import { claimObjects, controllerRefOf, newControllerRef } from './owner-refs';
import { isPodActive, isPodAvailable, isPodReady, msUntilAvailable, podFromTemplate, rankPodsForDeletion } from './pod-util';

const rsRes = findKind('ReplicaSet')!;
const podRes = findKind('Pod')!;
const SOURCE: EventSource = { component: 'replicaset-controller' };
/** At most this many pods are created or deleted in one sync (the controller's burstReplicas). */
const BURST_REPLICAS = 500;

export interface ReplicaSetStatusInput {
  rs: ReplicaSet;
  /** Active pods the ReplicaSet owns. */
  pods: Pod[];
  now: Date;
  /** The error of this sync's create/delete, surfaced as the ReplicaFailure condition. */
  manageError?: { reason: 'FailedCreate' | 'FailedDelete'; message: string };
}

/** calculateStatus: counts as `kubectl get rs` shows them; zero counts are omitted as the API's omitempty does. */
export function calculateReplicaSetStatus({ rs, pods, now, manageError }: ReplicaSetStatusInput): ReplicaSetStatus {
  const minReady = rs.spec?.minReadySeconds ?? 0;
  const templateLabels = rs.spec?.template?.metadata?.labels;
  const status: ReplicaSetStatus = { replicas: pods.length };
  const fully = pods.filter((p) => labelsContain(p.metadata.labels, templateLabels)).length;
  const ready = pods.filter(isPodReady).length;
  const available = pods.filter((p) => isPodAvailable(p, minReady, now)).length;
  if (fully) status.fullyLabeledReplicas = fully;
  if (ready) status.readyReplicas = ready;
  if (available) status.availableReplicas = available;
  if (rs.metadata.generation) status.observedGeneration = rs.metadata.generation;
  // Like the real controller, a failure already reported stays as first written (its message names a random pod,
  // so rewriting it would wake this controller forever) and goes away with the first sync that does not fail.
  const previous = rs.status?.conditions?.find((c) => c.type === 'ReplicaFailure');
  if (manageError) {
    status.conditions = [
      previous ?? { type: 'ReplicaFailure', status: 'True', lastTransitionTime: now.toISOString().replace(/\.\d{3}Z$/, 'Z'), reason: manageError.reason, message: manageError.message },
    ];
  }
  return status;
}

/** Which pods to delete to go from pods.length down to `replicas`. */
export function podsToDelete(pods: Pod[], diff: number, related: Pod[] = pods): Pod[] {
  return rankPodsForDeletion(pods, related).slice(0, diff);
}

export class ReplicaSetController implements Controller {
  readonly name = 'replicaset';
  readonly watches: WatchSpec[];

  constructor(private readonly api: ObjectApi, private readonly clock: Clock) {
    this.watches = [
      watchOf(rsRes, (e) => [objectKeyOf(e.object)]),
      watchOf(podRes, (e) => this.keysForPod(e)),
    ];
  }

  private keysForPod(e: WatchEvent<Pod>): string[] {
    const pod = e.object;
    const ref = controllerRefOf(pod);
    if (ref) return ref.kind === 'ReplicaSet' && ref.apiVersion.startsWith('apps/') ? [`${pod.metadata.namespace}/${ref.name}`] : [];
    if (e.type === 'DELETED') return [];
    // An orphan wakes every ReplicaSet that may adopt it.
    return this.api
      .list(rsRes, pod.metadata.namespace)
      .items.filter((rs) => selectorMatches(rs.spec?.selector, pod.metadata.labels))
      .map(objectKeyOf);
  }

  reconcile(key: string): ReconcileResult | void {
    const { namespace, name } = splitKey(key);
    const rs = this.api.tryGet(rsRes, namespace, name);
    if (!rs) return;
    const active = this.api.list(podRes, namespace).items.filter(isPodActive);
    const pods = claimObjects(
      { api: this.api, res: podRes, owner: rs, ownerApiVersion: apiVersionOf(rsRes), ownerKind: 'ReplicaSet', selector: rs.spec?.selector ?? {} },
      active,
    );
    let manageError: ReplicaSetStatusInput['manageError'];
    let current = pods;
    if (!rs.metadata.deletionTimestamp) ({ pods: current, error: manageError } = this.manageReplicas(rs, pods, active));
    const now = this.clock.now();
    const status = calculateReplicaSetStatus({ rs, pods: current, now, manageError });
    if (!deepEqual(rs.status ?? {}, status)) {
      this.api.updateStatus(rsRes, namespace, name, { ...rs, status });
    }
    // A failed create/delete is retried with back-off, as syncReplicaSet returns manageReplicasErr.
    if (manageError) throw new Error(`${manageError.reason}: ${manageError.message}`);
    const minReady = rs.spec?.minReadySeconds ?? 0;
    const waits = current.map((p) => msUntilAvailable(p, minReady, now)).filter((x): x is number => x !== undefined);
    if (waits.length) return { requeueAfterMs: Math.min(...waits) };
  }

  /** Creates or deletes pods toward spec.replicas; returns the pods that remain active and the first failure. */
  private manageReplicas(rs: ReplicaSet, pods: Pod[], related: Pod[]): { pods: Pod[]; error?: ReplicaSetStatusInput['manageError'] } {
    const want = rs.spec?.replicas ?? 1;
    const diff = pods.length - want;
    const ns = rs.metadata.namespace!;
    if (diff < 0) {
      const created: Pod[] = [];
      const ref = newControllerRef(rs, apiVersionOf(rsRes), 'ReplicaSet');
      for (let i = 0; i < Math.min(-diff, BURST_REPLICAS); i++) {
        try {
          const pod = this.createPod(rs, ns, ref);
          created.push(pod);
          recordEvent(this.api, rs, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, SOURCE);
        } catch (e) {
          const message = (e as Error).message;
          recordEvent(this.api, rs, 'Warning', 'FailedCreate', `Error creating: ${message}`, SOURCE);
          return { pods: [...pods, ...created], error: { reason: 'FailedCreate', message } };
        }
      }
      return { pods: [...pods, ...created] };
    }
    if (diff > 0) {
      const doomed = podsToDelete(pods, Math.min(diff, BURST_REPLICAS), related);
      for (const pod of doomed) {
        try {
          this.api.delete(podRes, ns, pod.metadata.name!);
          recordEvent(this.api, rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, SOURCE);
        } catch (e) {
          if ((e as { code?: number }).code === 404) continue;
          const message = (e as Error).message;
          recordEvent(this.api, rs, 'Warning', 'FailedDelete', `Error deleting: ${message}`, SOURCE);
          return { pods, error: { reason: 'FailedDelete', message } };
        }
      }
      const gone = new Set(doomed.map((p) => p.metadata.uid));
      return { pods: pods.filter((p) => !gone.has(p.metadata.uid)) };
    }
    return { pods };
  }

  private createPod(rs: ReplicaSet, ns: string, ref: OwnerReference): Pod {
    // A generated name can collide; the apiserver retries generateName the same way.
    for (let attempt = 0; ; attempt++) {
      try {
        return this.api.create(podRes, ns, podFromTemplate(rs.spec?.template, ns, rs.metadata.name!, ref));
      } catch (e) {
        if ((e as { reason?: string }).reason !== 'AlreadyExists' || attempt >= 3) throw e;
      }
    }
  }
}
