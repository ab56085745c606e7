// The RollingUpdate strategy (pkg/controller/deployment/rolling.go): grow the new ReplicaSet while the total stays
// within replicas+maxSurge, shrink old ones while availability stays at or above replicas-maxUnavailable —
// unhealthy old pods first — one step per sync, the next step waiting for pods to become available.
import type { Deployment, ReplicaSet } from '../../api/objects';
import type { SyncContext } from './context';
import { syncRolloutStatus } from './progress';
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision, scaleReplicaSetAndRecordEvent } from './sync';
import { availableReplicas, byCreation, deploymentComplete, filterActive, maxUnavailable, newRSNewReplicas, replicasOf, specReplicas } from './util';

export function rolloutRolling(ctx: SyncContext): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, true);
  const allRSs = [...oldRSs, newRS];
  if (newRS && reconcileNewReplicaSet(ctx, allRSs.filter((rs) => rs !== undefined), newRS)) return syncRolloutStatus(ctx, allRSs, newRS);
  if (newRS && reconcileOldReplicaSets(ctx, allRSs.filter((rs) => rs !== undefined), filterActive(oldRSs), newRS)) return syncRolloutStatus(ctx, allRSs, newRS);
  if (deploymentComplete(ctx.d, ctx.d.status ?? {})) cleanupDeployment(ctx, oldRSs);
  syncRolloutStatus(ctx, allRSs, newRS);
}

function reconcileNewReplicaSet(ctx: SyncContext, allRSs: ReplicaSet[], newRS: ReplicaSet): boolean {
  const replicas = replicasOf(ctx.d);
  const size = newRS.spec?.replicas ?? 0;
  if (size === replicas) return false;
  if (size > replicas) return scaleReplicaSetAndRecordEvent(ctx, newRS, replicas).scaled;
  return scaleReplicaSetAndRecordEvent(ctx, newRS, newRSNewReplicas(ctx.d, allRSs, newRS)).scaled;
}

/** Old pods may go only as far as keeps replicas-maxUnavailable available, counting new pods not yet available. */
export function maxScaledDown(d: Deployment, allRSs: ReplicaSet[], newRS: ReplicaSet): number {
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const newUnavailable = (newRS.spec?.replicas ?? 0) - (newRS.status?.availableReplicas ?? 0);
  return specReplicas(allRSs) - minAvailable - newUnavailable;
}

function reconcileOldReplicaSets(ctx: SyncContext, allRSs: ReplicaSet[], oldRSs: ReplicaSet[], newRS: ReplicaSet): boolean {
  if (specReplicas(oldRSs) === 0) return false;
  const limit = maxScaledDown(ctx.d, allRSs, newRS);
  if (limit <= 0) return false;
  const cleaned = cleanupUnhealthyReplicas(ctx, oldRSs, limit);
  const scaledDown = scaleDownOldReplicaSetsForRollingUpdate(ctx, [...oldRSs.map((rs) => ctx.latest(rs)), newRS], oldRSs);
  return cleaned + scaledDown > 0;
}

/** Scales down old ReplicaSets' unavailable pods first: losing them costs no availability. */
function cleanupUnhealthyReplicas(ctx: SyncContext, oldRSs: ReplicaSet[], maxCleanup: number): number {
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation).map((x) => ctx.latest(x))) {
    if (total >= maxCleanup) break;
    const size = rs.spec?.replicas ?? 0;
    const available = rs.status?.availableReplicas ?? 0;
    if (size === 0 || size === available) continue;
    const count = Math.min(maxCleanup - total, size - available);
    scaleReplicaSetAndRecordEvent(ctx, rs, size - count);
    total += count;
  }
  return total;
}

function scaleDownOldReplicaSetsForRollingUpdate(ctx: SyncContext, allRSs: ReplicaSet[], oldRSs: ReplicaSet[]): number {
  const minAvailable = replicasOf(ctx.d) - maxUnavailable(ctx.d);
  const available = availableReplicas(allRSs);
  if (available <= minAvailable) return 0;
  const totalToScaleDown = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation).map((x) => ctx.latest(x))) {
    if (total >= totalToScaleDown) break;
    const size = rs.spec?.replicas ?? 0;
    if (size === 0) continue;
    const count = Math.min(size, totalToScaleDown - total);
    scaleReplicaSetAndRecordEvent(ctx, rs, size - count);
    total += count;
  }
  return total;
}
