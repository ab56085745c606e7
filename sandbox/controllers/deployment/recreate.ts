// The Recreate strategy (pkg/controller/deployment/recreate.go): scale every old ReplicaSet to zero, wait until
// none of their pods is left running, only then create (or grow) the new ReplicaSet — a deliberate outage.
import type { Pod, ReplicaSet } from '../../api/objects';
import type { SyncContext } from './context';
import { syncRolloutStatus } from './progress';
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision, scaleReplicaSetAndRecordEvent } from './sync';
import { actualReplicas, deploymentComplete, filterActive, replicasOf } from './util';

/** Pods grouped by the uid of the ReplicaSet controlling them. */
export type PodMap = Map<string, Pod[]>;

export function oldPodsRunning(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[], podMap: PodMap): boolean {
  if (actualReplicas(oldRSs) > 0) return true;
  for (const [uid, pods] of podMap) {
    if (newRS && newRS.metadata.uid === uid) continue;
    if (pods.some((p) => p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded')) return true;
  }
  return false;
}

export function rolloutRecreate(ctx: SyncContext, podMap: PodMap): void {
  let { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, false);
  const allRSs = [...oldRSs, newRS];
  let scaledDown = false;
  for (const rs of filterActive(oldRSs)) if (scaleReplicaSetAndRecordEvent(ctx, rs, 0).scaled) scaledDown = true;
  if (scaledDown) return syncRolloutStatus(ctx, allRSs, newRS);
  if (oldPodsRunning(newRS, oldRSs, podMap)) return syncRolloutStatus(ctx, allRSs, newRS);
  if (!newRS) ({ newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, true));
  if (newRS) scaleReplicaSetAndRecordEvent(ctx, newRS, replicasOf(ctx.d));
  if (deploymentComplete(ctx.d, ctx.d.status ?? {})) cleanupDeployment(ctx, oldRSs);
  syncRolloutStatus(ctx, [...oldRSs, newRS], newRS);
}
