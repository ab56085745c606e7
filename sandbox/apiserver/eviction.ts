// The eviction subresource (pkg/registry/core/pod/storage/eviction.go): a pod that has not started, has finished or
// is already going is simply deleted; otherwise the one PodDisruptionBudget covering it must allow a disruption,
// which is charged to the budget's status (disruptionsAllowed - 1, the pod recorded in disruptedPods for the
// disruption controller) before the pod is deleted. A budget that allows none answers 429 TooManyRequests, "Cannot
// evict pod as it would violate the pod's disruption budget." — kubectl drain prints it and tries again in 5 s.
import type { DeleteOptions } from '../api/client';
import { badRequest, forbidden, StatusError } from '../api/errors';
import type { Pod, PodDisruptionBudget } from '../api/objects';
import type { Status } from '../api/types';
import { pathOf } from '../api/unchecked';
import { selectorIsEmpty, selectorMatches } from '../lib/label-selector';
import { rfc3339 } from '../util/clock';
import { findKind } from './kinds/registry';
import type { ObjectApi } from './object-api';

const podRes = findKind('Pod')!;
const pdbRes = findKind('PodDisruptionBudget')!;
const VIOLATES = "Cannot evict pod as it would violate the pod's disruption budget.";

function tooManyRequests(cause: string, retryAfterSeconds = 0): StatusError {
  return new StatusError(429, 'TooManyRequests', VIOLATES, {
    ...(retryAfterSeconds ? { retryAfterSeconds } : {}),
    causes: [{ reason: 'DisruptionBudget', message: cause }],
  });
}

const isReady = (pod: Pod) => (pod.status?.conditions ?? []).some((c) => c?.type === 'Ready' && c?.status === 'True');

/** Not started, finished, or already being deleted: evicting it disrupts nothing more. */
function canIgnoreBudget(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || !!pod.metadata.deletionTimestamp;
}

/** Budgets whose (non-empty) selector matches the pod. */
function budgetsOf(api: ObjectApi, pod: Pod): PodDisruptionBudget[] {
  return api.list(pdbRes, pod.metadata.namespace).items.filter((pdb) => {
    // A budget with a nil or empty selector matches nothing, not everything.
    const sel = pdb.spec?.selector;
    return !!sel && !selectorIsEmpty(sel) && selectorMatches(sel, pod.metadata.labels);
  });
}

/** checkAndDecrement: takes one disruption from the budget or refuses. */
function charge(api: ObjectApi, pdb: PodDisruptionBudget, podName: string, dryRun: boolean): void {
  const status = pdb.status ?? {};
  if ((status.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) {
    throw tooManyRequests(`The disruption budget ${pdb.metadata.name} is still being processed by the server.`, 10);
  }
  if ((status.disruptionsAllowed ?? 0) < 0) throw forbidden('policy', 'poddisruptionbudget', String(pdb.metadata.name), 'pdb disruptions allowed is negative');
  if (!status.disruptionsAllowed) {
    throw tooManyRequests(`The disruption budget ${pdb.metadata.name} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`);
  }
  const next = { ...status, disruptionsAllowed: status.disruptionsAllowed - 1 };
  if (next.disruptionsAllowed === 0) {
    const now = api.now();
    const conditions = (status.conditions ?? []).filter((c) => c?.type !== 'DisruptionAllowed');
    const before = (status.conditions ?? []).find((c) => c?.type === 'DisruptionAllowed');
    conditions.push({
      type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '',
      observedGeneration: pdb.metadata.generation, lastTransitionTime: before?.status === 'False' ? before.lastTransitionTime : now,
    });
    next.conditions = conditions;
  }
  if (dryRun) return;
  next.disruptedPods = { ...(status.disruptedPods ?? {}), [podName]: rfc3339(new Date(api.now())) };
  api.updateStatus(pdbRes, pdb.metadata.namespace, pdb.metadata.name, { ...pdb, status: next });
}

/** POST pods/<name>/eviction: deletes the pod if its budget allows, answering the Status the API returns. */
export function evictPod(api: ObjectApi, namespace: string, name: string, eviction: unknown, options: DeleteOptions): Status {
  const evictionName = pathOf(eviction, 'metadata', 'name');
  if (evictionName !== undefined && evictionName !== name) throw badRequest('name in URL does not match name in Eviction object');
  const pod = api.get(podRes, namespace, name);
  const success: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
  if (canIgnoreBudget(pod)) {
    api.delete(podRes, namespace, name, options);
    return success;
  }
  const budgets = budgetsOf(api, pod);
  if (budgets.length > 1) {
    throw new StatusError(500, '', 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
  }
  let preconditions = options.preconditions;
  const pdb = budgets[0];
  if (pdb) {
    const healthy = pdb.status?.currentHealthy ?? 0;
    const desired = pdb.status?.desiredHealthy ?? 0;
    const alwaysAllow = pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow';
    // An unready pod is not counted as healthy, so taking it costs the budget nothing while the budget holds.
    if (!isReady(pod) && (alwaysAllow || (healthy >= desired && desired > 0))) {
      preconditions = { ...preconditions, resourceVersion: preconditions?.resourceVersion ?? pod.metadata.resourceVersion };
    } else {
      charge(api, pdb, name, !!options.dryRun);
    }
  }
  api.delete(podRes, namespace, name, { ...options, ...(preconditions ? { preconditions } : {}) });
  return success;
}
