// The Deployment controller (pkg/controller/deployment/deployment_controller.go syncDeployment): claim the
// ReplicaSets, then — deleting: status only; paused or scale-only change: proportional scaling; otherwise roll out
// with the Deployment's strategy. The steps live in deployment/{sync,rolling,recreate,rollback,progress,util}.ts.
import type { WatchEvent } from '../api/types';
import type { Deployment, Pod, ReplicaSet } from '../api/objects';
import type { ObjectApi } from '../apiserver/object-api';
import type { Clock } from '../util/clock';
import { objectKeyOf, splitKey, watchOf, type Controller, type ReconcileResult, type WatchSpec } from '../controller-runtime/controller';
import { selectorIsEmpty, selectorMatches } from '../lib/label-selector';
import { claimObjects, controllerRefOf } from './owner-refs';
import { SyncContext, deploymentRes, podRes, replicaSetRes } from './deployment/context';
import { rolloutRecreate, type PodMap } from './deployment/recreate';
import { rolloutRolling } from './deployment/rolling';
import { checkPausedConditions, getAllReplicaSetsAndSyncRevision, isScalingEvent, sync, syncDeploymentStatus } from './deployment/sync';
import { recordEvent } from '../controller-runtime/events';

export class DeploymentController implements Controller {
  readonly name = 'deployment';
  readonly watches: WatchSpec[];

  constructor(private readonly api: ObjectApi, private readonly clock: Clock) {
    this.watches = [
      watchOf(deploymentRes, (e) => [objectKeyOf(e.object)]),
      watchOf(replicaSetRes, (e) => this.keysForReplicaSet(e)),
      watchOf(podRes, (e) => this.keysForPod(e)),
    ];
  }

  private keysForReplicaSet(e: WatchEvent<ReplicaSet>): string[] {
    const rs = e.object;
    const ref = controllerRefOf(rs);
    if (ref) return ref.kind === 'Deployment' ? [`${rs.metadata.namespace}/${ref.name}`] : [];
    if (e.type === 'DELETED') return [];
    return this.api
      .list(deploymentRes, rs.metadata.namespace)
      .items.filter((d) => selectorMatches(d.spec?.selector, rs.metadata.labels))
      .map(objectKeyOf);
  }

  /** Recreate waits for old pods to be gone, so a pod deletion wakes its Deployment (through its ReplicaSet). */
  private keysForPod(e: WatchEvent<Pod>): string[] {
    if (e.type !== 'DELETED') return [];
    const ref = controllerRefOf(e.object);
    if (ref?.kind !== 'ReplicaSet') return [];
    const rs = this.api.tryGet(replicaSetRes, e.object.metadata.namespace, ref.name);
    const owner = rs && controllerRefOf(rs);
    return owner?.kind === 'Deployment' ? [`${rs!.metadata.namespace}/${owner.name}`] : [];
  }

  reconcile(key: string): ReconcileResult | void {
    const { namespace, name } = splitKey(key);
    const d = this.api.tryGet(deploymentRes, namespace, name);
    if (!d) return;
    if (selectorIsEmpty(d.spec?.selector)) {
      recordEvent(this.api, d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.', { component: 'deployment-controller' });
      if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
        this.api.updateStatus(deploymentRes, namespace, name, { ...d, status: { ...(d.status ?? {}), observedGeneration: d.metadata.generation } });
      }
      return;
    }
    const rsList = claimObjects(
      { api: this.api, res: replicaSetRes, owner: d, ownerApiVersion: 'apps/v1', ownerKind: 'Deployment', selector: d.spec?.selector ?? {} },
      this.api.list(replicaSetRes, namespace).items,
    );
    const ctx = new SyncContext(this.api, this.clock, d, rsList);
    if (d.metadata.deletionTimestamp) {
      const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, false);
      syncDeploymentStatus(ctx, [...oldRSs, newRS], newRS);
      return;
    }
    checkPausedConditions(ctx);
    if (d.spec?.paused || isScalingEvent(ctx)) {
      sync(ctx);
    } else if (d.spec?.strategy?.type === 'Recreate') {
      rolloutRecreate(ctx, this.podMap(d, rsList));
    } else {
      rolloutRolling(ctx);
    }
    if (ctx.requeueAfterMs !== undefined) return { requeueAfterMs: ctx.requeueAfterMs };
  }

  /** getPodMapForDeployment: the Deployment's pods grouped by the ReplicaSet that controls them. */
  private podMap(d: Deployment, rsList: ReplicaSet[]): PodMap {
    const map: PodMap = new Map(rsList.map((rs) => [rs.metadata.uid!, [] as Pod[]]));
    for (const pod of this.api.list(podRes, d.metadata.namespace).items) {
      if (!selectorMatches(d.spec?.selector, pod.metadata.labels)) continue;
      const ref = controllerRefOf(pod);
      if (ref && map.has(ref.uid)) map.get(ref.uid)!.push(pod);
    }
    return map;
  }
}
