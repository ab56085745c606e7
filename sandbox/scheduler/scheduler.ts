// The scheduler as a controller: every pending pod (no nodeName, default-scheduler) is placed with `schedule` and
// bound through ObjectApi.bind (the pods/binding path), with the Scheduled event; a pod that fits nowhere gets
// PodScheduled=False/Unschedulable and a FailedScheduling event, and is retried when nodes or pods change.
import { findKind } from '../api/registry';
import type { KubeObject } from '../api/types';
import type { ObjectApi } from '../apiserver/object-api';
import { objectKeyOf, splitKey, type Controller, type ReconcileResult, type WatchSpec } from '../controllers/controller';
import { recordEvent } from '../controllers/events';
import { schedule } from './predicates';

const podRes = findKind('Pod')!;
const nodeRes = findKind('Node')!;
const SOURCE = { component: 'default-scheduler' };
const RETRY_MS = 5_000;

function pending(pod: KubeObject): boolean {
  return !pod.spec?.nodeName && !pod.metadata.deletionTimestamp && (pod.spec?.schedulerName ?? 'default-scheduler') === 'default-scheduler';
}

export class Scheduler implements Controller {
  readonly name = 'scheduler';
  readonly watches: WatchSpec[];

  constructor(private readonly api: ObjectApi) {
    this.watches = [
      { res: podRes, toKeys: (e) => (e.type !== 'DELETED' && pending(e.object) ? [objectKeyOf(e.object)] : e.type === 'DELETED' ? this.pendingKeys() : []) },
      { res: nodeRes, toKeys: () => this.pendingKeys() },
    ];
  }

  private pendingKeys(): string[] {
    return this.api.list(podRes, undefined).items.filter(pending).map(objectKeyOf);
  }

  reconcile(key: string): ReconcileResult | void {
    const { namespace, name } = splitKey(key);
    const pod = this.api.tryGet(podRes, namespace, name);
    if (!pod || !pending(pod)) return;
    const nodes = this.api.list(nodeRes, undefined).items;
    const byNode = new Map<string, KubeObject[]>();
    for (const p of this.api.list(podRes, undefined).items) {
      const n = p.spec?.nodeName;
      if (!n || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
      byNode.set(n, [...(byNode.get(n) ?? []), p]);
    }
    const result = schedule(pod, nodes, byNode);
    if ('node' in result) {
      this.api.bind(namespace!, name, result.node);
      recordEvent(this.api, pod, 'Normal', 'Scheduled', `Successfully assigned ${namespace}/${name} to ${result.node}`, SOURCE);
      return;
    }
    const cond = (pod.status?.conditions ?? []).find((c: any) => c.type === 'PodScheduled');
    if (cond?.reason !== 'Unschedulable' || cond.message !== result.message) {
      const conditions = [
        ...(pod.status?.conditions ?? []).filter((c: any) => c.type !== 'PodScheduled'),
        { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: this.api.now(), reason: 'Unschedulable', message: result.message },
      ];
      this.api.updateStatus(podRes, namespace, name, { ...pod, status: { ...pod.status, conditions } });
      recordEvent(this.api, pod, 'Warning', 'FailedScheduling', result.message, SOURCE);
    }
    return { requeueAfterMs: RETRY_MS };
  }
}
