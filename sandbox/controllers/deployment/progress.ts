// The Progressing condition (pkg/controller/deployment/progress.go): "ReplicaSet x is progressing." while anything
// moves, "has successfully progressed." when complete, "has timed out progressing." after progressDeadlineSeconds
// without progress — and a timed re-check so the deadline fires even when nothing else happens.
import type { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet } from '../../api/objects';
import { deepEqual } from '../../util/deep-equal';
import type { SyncContext } from './context';
import { calculateStatus } from './sync';
import {
  REASON, deploymentComplete, deploymentProgressing, deploymentTimedOut, getCondition, hasProgressDeadline,
  newCondition, progressDeadlineSeconds, removeCondition, setCondition,
} from './util';

/** The ReplicaFailure condition of the new (or any) ReplicaSet, promoted onto the Deployment. */
function replicaFailure(allRSs: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): DeploymentCondition | undefined {
  const failureOf = (rs: ReplicaSet | undefined) => rs?.status?.conditions?.find((c) => c.type === 'ReplicaFailure' && c.status === 'True');
  const cond = failureOf(newRS) ?? allRSs.map(failureOf).find(Boolean);
  if (!cond) return undefined;
  return { type: 'ReplicaFailure', status: cond.status, lastUpdateTime: cond.lastTransitionTime, lastTransitionTime: cond.lastTransitionTime, reason: cond.reason, message: cond.message };
}

export function syncRolloutStatus(ctx: SyncContext, allRSs: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): void {
  const d = ctx.d;
  const now = ctx.now();
  const fresh = allRSs.map((rs) => rs && ctx.latest(rs));
  const newFresh = newRS && ctx.latest(newRS);
  const status = calculateStatus(fresh, newFresh, d, now);
  if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing');
  const current = getCondition(d.status, 'Progressing');
  const isComplete = (status.replicas ?? 0) === (status.updatedReplicas ?? 0) && current?.reason === REASON.newRSAvailable;
  if (hasProgressDeadline(d) && !isComplete) {
    const subject = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;
    if (deploymentComplete(d, status)) {
      setCondition(status, newCondition('Progressing', 'True', REASON.newRSAvailable, `${subject} has successfully progressed.`, now));
    } else if (deploymentProgressing(d, status)) {
      // Progress refreshes lastUpdateTime even with the same reason: that is what the deadline is measured from.
      const cond = newCondition('Progressing', 'True', REASON.replicaSetUpdated, `${subject} is progressing.`, now);
      if (current?.status === 'True') cond.lastTransitionTime = current.lastTransitionTime;
      removeCondition(status, 'Progressing');
      setCondition(status, cond);
    } else if (deploymentTimedOut(d, status, now)) {
      setCondition(status, newCondition('Progressing', 'False', REASON.timedOut, `${subject} has timed out progressing.`, now));
    }
  }
  const failure = replicaFailure(fresh, newFresh);
  if (failure) setCondition(status, failure);
  else removeCondition(status, 'ReplicaFailure');
  if (deepEqual(d.status ?? {}, status)) {
    ctx.requeueAfterMs = stuckRequeueMs(d, status, now);
    return;
  }
  d.status = status;
  ctx.writeDeployment();
}

/** requeueStuckDeployment: when to look again so ProgressDeadlineExceeded is noticed on time. */
export function stuckRequeueMs(d: Deployment, status: DeploymentStatus, now: Date): number | undefined {
  const cond = getCondition(d.status, 'Progressing');
  if (!hasProgressDeadline(d) || !cond) return undefined;
  if (deploymentComplete(d, status) || cond.reason === REASON.timedOut) return undefined;
  const after = Date.parse(cond.lastUpdateTime ?? '') + progressDeadlineSeconds(d) * 1000 - now.getTime();
  return Math.max(0, after) + 1000;
}
