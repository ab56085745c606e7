// Deployment sync steps shared by every strategy (pkg/controller/deployment/sync.go): find or create the new
// ReplicaSet and keep revisions in step, proportional scaling for scale-only changes and paused Deployments,
// revision-history cleanup, and the status calculation `kubectl get deploy` prints.
import type { Deployment, DeploymentStatus, ReplicaSet, ReplicaSetSpec } from '../../api/objects';
import { apiVersionOf } from '../../api/registry';
import { isStatusError } from '../../api/errors';
import { deepEqual } from '../../util/deep-equal';
import { newControllerRef } from '../owner-refs';
import { type SyncContext, deploymentRes, replicaSetRes } from './context';
import { findNewReplicaSet, findOldReplicaSets, setNewReplicaSetAnnotations } from './rollback';
import {
  DESIRED_REPLICAS, POD_TEMPLATE_HASH, REASON, REVISION, annotationInt, availableReplicas, actualReplicas,
  byCreation, bySizeNewer, bySizeOlder, byRevision, computeHash, filterActive, getCondition, hasProgressDeadline, isRollingUpdate,
  isSaturated, maxRevision, maxSurge, maxUnavailable, newCondition, newRSNewReplicas, proportion, readyReplicas,
  replicasAnnotationsNeedUpdate, replicasOf, setCondition, setReplicasAnnotations, specReplicas, templatesEqualIgnoringHash,
} from './util';

export interface ReplicaSets {
  newRS?: ReplicaSet;
  oldRSs: ReplicaSet[];
}

/** getAllReplicaSetsAndSyncRevision: the new ReplicaSet (created when asked) and all old ones. */
export function getAllReplicaSetsAndSyncRevision(ctx: SyncContext, createIfNotExisted: boolean): ReplicaSets {
  const { all } = findOldReplicaSets(ctx.d, ctx.rsList());
  const newRS = getNewReplicaSet(ctx, all, createIfNotExisted);
  return { newRS, oldRSs: all.map((rs) => ctx.latest(rs)) };
}

function getNewReplicaSet(ctx: SyncContext, oldRSs: ReplicaSet[], createIfNotExisted: boolean): ReplicaSet | undefined {
  const d = ctx.d;
  const existing = findNewReplicaSet(d, ctx.rsList());
  const newRevision = maxRevision(oldRSs) + 1;
  if (existing) {
    const rsCopy = structuredClone(existing);
    const annotationsUpdated = setNewReplicaSetAnnotations(d, rsCopy, newRevision, true);
    const minReady = d.spec?.minReadySeconds ?? 0;
    if (annotationsUpdated || (rsCopy.spec?.minReadySeconds ?? 0) !== minReady) {
      rsCopy.spec = { ...rsCopy.spec!, minReadySeconds: minReady };
      return ctx.updateReplicaSet(rsCopy);
    }
    let needsUpdate = setDeploymentRevision(d, rsCopy.metadata.annotations?.[REVISION]);
    if (hasProgressDeadline(d) && !getCondition(d.status, 'Progressing')) {
      d.status = d.status ?? {};
      setCondition(d.status, newCondition('Progressing', 'True', REASON.foundNewRS, `Found new replica set "${rsCopy.metadata.name}"`, ctx.now()));
      needsUpdate = true;
    }
    if (needsUpdate) ctx.writeDeployment();
    return rsCopy;
  }
  if (!createIfNotExisted) return undefined;
  return createNewReplicaSet(ctx, oldRSs, newRevision);
}

function createNewReplicaSet(ctx: SyncContext, oldRSs: ReplicaSet[], newRevision: number): ReplicaSet | undefined {
  const d = ctx.d;
  const template = structuredClone(d.spec?.template ?? {});
  const hash = computeHash(d.spec?.template, d.status?.collisionCount);
  template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH]: hash } };
  const selector = structuredClone(d.spec?.selector ?? {});
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH]: hash };
  const newRS: ReplicaSet & { spec: ReplicaSetSpec } = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: ctx.namespace,
      labels: template.metadata.labels,
      ownerReferences: [newControllerRef(d, apiVersionOf(deploymentRes), 'Deployment')],
    },
    spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template },
  };
  const replicas = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
  newRS.spec.replicas = replicas;
  setNewReplicaSetAnnotations(d, newRS, newRevision, false);
  let created: ReplicaSet;
  let alreadyExists = false;
  try {
    created = ctx.track(ctx.api.create(replicaSetRes, ctx.namespace, newRS));
  } catch (e) {
    if (isStatusError(e) && e.reason === 'AlreadyExists') {
      const rs = ctx.api.get(replicaSetRes, ctx.namespace, newRS.metadata.name!);
      const ours = rs.metadata.ownerReferences?.some((r) => r.controller && r.uid === d.metadata.uid);
      if (ours && (templatesEqualIgnoringHash(d.spec?.template, rs.spec?.template) || rs.metadata.labels?.[POD_TEMPLATE_HASH] === hash)) {
        created = ctx.track(rs);
        alreadyExists = true;
      } else {
        // A hash collision: bump collisionCount so the next sync computes another name.
        d.status = { ...(d.status ?? {}), collisionCount: (d.status?.collisionCount ?? 0) + 1 };
        ctx.writeDeployment();
        throw e;
      }
    } else if (isStatusError(e) && e.code === 403 && /being terminated/.test(e.message)) {
      throw e;
    } else {
      const msg = `Failed to create new replica set "${newRS.metadata.name}": ${(e as Error).message}`;
      if (hasProgressDeadline(d)) {
        d.status = d.status ?? {};
        setCondition(d.status, newCondition('Progressing', 'False', REASON.failedRSCreate, msg, ctx.now()));
        try {
          ctx.writeDeployment();
        } catch {
          // the bigger problem is reported below
        }
      }
      ctx.event('Warning', REASON.failedRSCreate, msg);
      throw e;
    }
  }
  if (!alreadyExists && replicas > 0) ctx.event('Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} to ${replicas}`);
  let needsUpdate = setDeploymentRevision(d, String(newRevision));
  if (!alreadyExists && hasProgressDeadline(d)) {
    d.status = d.status ?? {};
    setCondition(d.status, newCondition('Progressing', 'True', REASON.newReplicaSet, `Created new replica set "${created.metadata.name}"`, ctx.now()));
    needsUpdate = true;
  }
  if (needsUpdate) ctx.writeDeployment();
  return created;
}

function setDeploymentRevision(d: Deployment, revision: string | undefined): boolean {
  if (revision === undefined || d.metadata.annotations?.[REVISION] === revision) return false;
  d.metadata.annotations = { ...(d.metadata.annotations ?? {}), [REVISION]: revision };
  return true;
}

/** scaleReplicaSet: writes the size and the replicas annotations; the event says "Scaled up replica set x to 3 from 1". */
export function scaleReplicaSet(ctx: SyncContext, rs: ReplicaSet, newScale: number, operation?: 'up' | 'down'): { scaled: boolean; rs: ReplicaSet } {
  const d = ctx.d;
  const current = ctx.latest(rs);
  const oldScale = current.spec?.replicas ?? 0;
  const desired = replicasOf(d);
  const max = desired + maxSurge(d);
  const sizeNeedsUpdate = oldScale !== newScale;
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(current, desired, max)) return { scaled: false, rs: current };
  const rsCopy = structuredClone(current);
  rsCopy.spec = { ...rsCopy.spec!, replicas: newScale };
  setReplicasAnnotations(rsCopy, desired, max);
  const updated = ctx.updateReplicaSet(rsCopy);
  if (sizeNeedsUpdate) {
    const op = operation ?? (oldScale < newScale ? 'up' : 'down');
    ctx.event('Normal', 'ScalingReplicaSet', `Scaled ${op} replica set ${updated.metadata.name} to ${newScale} from ${oldScale}`);
  }
  return { scaled: sizeNeedsUpdate, rs: updated };
}

export function scaleReplicaSetAndRecordEvent(ctx: SyncContext, rs: ReplicaSet, newScale: number): { scaled: boolean; rs: ReplicaSet } {
  if ((ctx.latest(rs).spec?.replicas ?? 0) === newScale) return { scaled: false, rs: ctx.latest(rs) };
  return scaleReplicaSet(ctx, rs, newScale);
}

/** FindActiveOrLatest: the single active ReplicaSet, or the newest when none is active; undefined with several. */
function findActiveOrLatest(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): ReplicaSet | undefined {
  if (!newRS && !oldRSs.length) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = filterActive([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

/** scale: proportional scaling across active ReplicaSets (scale-only changes and paused Deployments). */
export function scale(ctx: SyncContext, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): void {
  const d = ctx.d;
  const replicas = replicasOf(d);
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    if ((activeOrLatest.spec?.replicas ?? 0) === replicas) return;
    scaleReplicaSetAndRecordEvent(ctx, activeOrLatest, replicas);
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of filterActive(oldRSs)) scaleReplicaSetAndRecordEvent(ctx, old, 0);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const allRSs = filterActive([...oldRSs, newRS]);
  const allowedSize = replicas > 0 ? replicas + maxSurge(d) : 0;
  const toAdd = allowedSize - specReplicas(allRSs);
  let operation: 'up' | 'down' | undefined;
  if (toAdd > 0) {
    allRSs.sort(bySizeNewer);
    operation = 'up';
  } else if (toAdd < 0) {
    allRSs.sort(bySizeOlder);
    operation = 'down';
  }
  let added = 0;
  const sizes = new Map<string, number>();
  for (const rs of allRSs) {
    const size = rs.spec?.replicas ?? 0;
    if (toAdd !== 0) {
      const p = proportion(rs, d, toAdd, added);
      sizes.set(rs.metadata.uid!, size + p);
      added += p;
    } else sizes.set(rs.metadata.uid!, size);
  }
  allRSs.forEach((rs, i) => {
    if (i === 0 && toAdd !== 0) sizes.set(rs.metadata.uid!, Math.max(0, sizes.get(rs.metadata.uid!)! + toAdd - added));
    scaleReplicaSet(ctx, rs, sizes.get(rs.metadata.uid!)!, operation);
  });
}

/** isScalingEvent: an active ReplicaSet was sized for another replica count than the Deployment wants now. */
export function isScalingEvent(ctx: SyncContext): boolean {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, false);
  return filterActive([...oldRSs, newRS]).some((rs) => {
    const desired = annotationInt(rs, DESIRED_REPLICAS);
    return desired !== undefined && desired !== replicasOf(ctx.d);
  });
}

/** cleanupDeployment: deletes the oldest fully scaled-down ReplicaSets beyond revisionHistoryLimit. */
export function cleanupDeployment(ctx: SyncContext, oldRSs: ReplicaSet[]): void {
  const limit = ctx.d.spec?.revisionHistoryLimit ?? 10;
  const cleanable = oldRSs.map((rs) => ctx.latest(rs)).filter((rs) => !rs.metadata.deletionTimestamp).sort(byRevision);
  const diff = cleanable.length - limit;
  for (let i = 0; i < diff; i++) {
    const rs = cleanable[i];
    if ((rs.status?.replicas ?? 0) !== 0 || (rs.spec?.replicas ?? 0) !== 0 || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
    try {
      ctx.api.delete(replicaSetRes, rs.metadata.namespace, rs.metadata.name!);
      ctx.forget(rs);
    } catch (e) {
      if ((e as { code?: number }).code !== 404) throw e;
    }
  }
}

/** calculateStatus: replica counts summed over the ReplicaSets plus the Available condition. */
export function calculateStatus(allRSs: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment, now: Date): DeploymentStatus {
  const available = availableReplicas(allRSs);
  const total = specReplicas(allRSs);
  const status: DeploymentStatus = {};
  const put = (k: 'observedGeneration' | 'replicas' | 'updatedReplicas' | 'readyReplicas' | 'availableReplicas' | 'unavailableReplicas', v: number | undefined) => {
    if (v) status[k] = v;
  };
  put('observedGeneration', d.metadata.generation);
  put('replicas', actualReplicas(allRSs));
  put('updatedReplicas', actualReplicas([newRS]));
  put('readyReplicas', readyReplicas(allRSs));
  put('availableReplicas', available);
  put('unavailableReplicas', Math.max(0, total - available));
  const conditions = structuredClone(d.status?.conditions);
  if (conditions?.length) status.conditions = conditions;
  if (available >= replicasOf(d) - maxUnavailable(d)) {
    setCondition(status, newCondition('Available', 'True', REASON.minimumReplicasAvailable, 'Deployment has minimum availability.', now));
  } else {
    setCondition(status, newCondition('Available', 'False', REASON.minimumReplicasUnavailable, 'Deployment does not have minimum availability.', now));
  }
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  return status;
}

export function syncDeploymentStatus(ctx: SyncContext, allRSs: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): void {
  const status = calculateStatus(allRSs.map((rs) => rs && ctx.latest(rs)), newRS && ctx.latest(newRS), ctx.d, ctx.now());
  if (deepEqual(ctx.d.status ?? {}, status)) return;
  ctx.d.status = status;
  ctx.writeDeployment();
}

/** sync: the path for paused Deployments and scale-only changes (no rollout). */
export function sync(ctx: SyncContext): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, false);
  scale(ctx, newRS, oldRSs);
  if (ctx.d.spec?.paused) cleanupDeployment(ctx, oldRSs);
  syncDeploymentStatus(ctx, [...oldRSs, newRS], newRS);
}

/** checkPausedConditions: records DeploymentPaused / DeploymentResumed so a pause never counts as lack of progress. */
export function checkPausedConditions(ctx: SyncContext): void {
  const d = ctx.d;
  if (!hasProgressDeadline(d)) return;
  const cond = getCondition(d.status, 'Progressing');
  if (cond?.reason === REASON.timedOut) return;
  const pausedCondExists = cond?.reason === REASON.paused;
  d.status = d.status ?? {};
  if (d.spec?.paused && !pausedCondExists) {
    setCondition(d.status, newCondition('Progressing', 'Unknown', REASON.paused, 'Deployment is paused', ctx.now()));
  } else if (!d.spec?.paused && pausedCondExists) {
    setCondition(d.status, newCondition('Progressing', 'Unknown', REASON.resumed, 'Deployment is resumed', ctx.now()));
  } else return;
  ctx.writeDeployment();
}
