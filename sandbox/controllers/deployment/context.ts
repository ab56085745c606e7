// One Deployment sync's working state: the Deployment being synced (a clone whose annotations and status the
// sync edits, as the Go code edits `d` in place), the ReplicaSets it controls kept fresh across the sync's own
// writes (so a second write never carries a stale resourceVersion), and the write/event helpers every step uses.
import { findKind } from '../../apiserver/kinds/registry';
import type { Deployment, ReplicaSet } from '../../api/objects';
import type { ObjectApi } from '../../apiserver/object-api';
import type { Clock } from '../../util/clock';
import { deepEqual } from '../../util/deep-equal';
import { recordEvent, type EventSource } from '../../controller-runtime/events';

export const deploymentRes = findKind('Deployment')!;
export const replicaSetRes = findKind('ReplicaSet')!;
export const podRes = findKind('Pod')!;
const SOURCE: EventSource = { component: 'deployment-controller' };

export class SyncContext {
  /** What the API last returned for the Deployment; `d` is compared against it before writing. */
  private stored: Deployment;
  /** The Deployment as this sync wants it: edit annotations and status here, then call writeDeployment(). */
  d: Deployment;
  private readonly rss = new Map<string, ReplicaSet>();
  /** Set by a step that wants to look again later (the progress deadline). */
  requeueAfterMs?: number;

  constructor(readonly api: ObjectApi, readonly clock: Clock, deployment: Deployment, rsList: ReplicaSet[]) {
    this.stored = deployment;
    this.d = structuredClone(deployment);
    for (const rs of rsList) this.rss.set(rs.metadata.uid!, rs);
  }

  get namespace(): string {
    return this.d.metadata.namespace!;
  }

  now(): Date {
    return this.clock.now();
  }

  /** The controlled ReplicaSets as they are now (including this sync's own writes). */
  rsList(): ReplicaSet[] {
    return [...this.rss.values()];
  }

  /** The freshest copy of a ReplicaSet this sync knows. */
  latest(rs: ReplicaSet): ReplicaSet {
    return this.rss.get(rs.metadata.uid!) ?? rs;
  }

  track(rs: ReplicaSet): ReplicaSet {
    this.rss.set(rs.metadata.uid!, rs);
    return rs;
  }

  forget(rs: ReplicaSet): void {
    this.rss.delete(rs.metadata.uid!);
  }

  updateReplicaSet(rs: ReplicaSet): ReplicaSet {
    return this.track(this.api.update(replicaSetRes, rs.metadata.namespace, rs.metadata.name, rs));
  }

  event(type: 'Normal' | 'Warning', reason: string, message: string): void {
    recordEvent(this.api, this.stored, type, reason, message, SOURCE);
  }

  /**
   * Writes what changed in `d`: annotations through the main resource (the revision annotation), status through
   * /status. kube-controller-manager does both with one UpdateStatus; our /status keeps metadata, hence two writes.
   */
  writeDeployment(): void {
    const ns = this.namespace;
    const name = this.d.metadata.name!;
    if (!deepEqual(this.d.metadata.annotations ?? {}, this.stored.metadata.annotations ?? {})) {
      const next = structuredClone(this.stored);
      next.metadata.annotations = { ...(this.d.metadata.annotations ?? {}) };
      this.stored = this.api.update(deploymentRes, ns, name, next);
    }
    if (!deepEqual(this.d.status ?? {}, this.stored.status ?? {})) {
      this.stored = this.api.updateStatus(deploymentRes, ns, name, { ...this.stored, status: this.d.status });
    }
    const status = this.d.status;
    this.d = structuredClone(this.stored);
    this.d.status = status;
  }
}
