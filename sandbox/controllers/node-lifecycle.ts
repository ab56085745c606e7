// The node lifecycle controller: a node whose kubelet stops renewing its Lease for 40 s goes NotReady (conditions
// Unknown, "Kubelet stopped posting node status."), gets the unreachable taints, and its pods are evicted once their
// toleration for node.kubernetes.io/unreachable runs out (300 s by default) — so their ReplicaSets replace them on
// other nodes, the self-healing the seeds describe. When the Lease is renewed again the taints go away.
import { findKind } from '../api/registry';
import type { KubeObject } from '../api/types';
import type { ObjectApi } from '../apiserver/object-api';
import type { Clock } from '../util/clock';
import type { Controller, ReconcileResult, WatchSpec } from './controller';
import { recordEvent } from './events';

const nodeRes = findKind('Node')!;
const leaseRes = findKind('Lease')!;
const podRes = findKind('Pod')!;
const GRACE_MS = 40_000;
const TICK_MS = 5_000;
const UNREACHABLE = 'node.kubernetes.io/unreachable';
const SOURCE = { component: 'node-controller' };

export class NodeLifecycleController implements Controller {
  readonly name = 'node-lifecycle';
  readonly watches: WatchSpec[] = [{ res: nodeRes, toKeys: () => ['tick'] }];

  constructor(private readonly api: ObjectApi, private readonly clock: Clock) {}

  reconcile(): ReconcileResult {
    const now = this.clock.now().getTime();
    for (const node of this.api.list(nodeRes, undefined).items) {
      const lease = this.api.tryGet(leaseRes, 'kube-node-lease', node.metadata.name!);
      const renewed = Date.parse(lease?.spec?.renewTime ?? '');
      if (Number.isNaN(renewed)) continue;
      const ready = node.status?.conditions?.find((c: any) => c.type === 'Ready');
      if (now - renewed > GRACE_MS && ready?.status === 'True') this.markUnreachable(node);
      else if (now - renewed <= GRACE_MS && (node.spec?.taints ?? []).some((t: any) => t.key === UNREACHABLE)) this.clearTaints(node);
      if (ready?.status === 'Unknown' || now - renewed > GRACE_MS) this.evict(node, now);
    }
    return { requeueAfterMs: TICK_MS };
  }

  private markUnreachable(node: KubeObject): void {
    const at = this.api.now();
    const conditions = node.status.conditions.map((c: any) => ({
      ...c,
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
      lastTransitionTime: at,
    }));
    this.api.updateStatus(nodeRes, undefined, node.metadata.name, { ...node, status: { ...node.status, conditions } });
    const fresh = this.api.get(nodeRes, undefined, node.metadata.name!);
    const taints = [...(fresh.spec?.taints ?? []).filter((t: any) => t.key !== UNREACHABLE), { key: UNREACHABLE, effect: 'NoSchedule', timeAdded: at }, { key: UNREACHABLE, effect: 'NoExecute', timeAdded: at }];
    this.api.update(nodeRes, undefined, node.metadata.name, { ...fresh, spec: { ...fresh.spec, taints } });
    recordEvent(this.api, node, 'Normal', 'NodeNotReady', `Node ${node.metadata.name} status is now: NodeNotReady`, SOURCE);
    for (const pod of this.podsOn(node)) {
      const podConds = (pod.status?.conditions ?? []).map((c: any) => (c.type === 'Ready' ? { ...c, status: 'False', lastTransitionTime: at } : c));
      this.api.updateStatus(podRes, pod.metadata.namespace, pod.metadata.name, { ...pod, status: { ...pod.status, conditions: podConds } });
      recordEvent(this.api, pod, 'Warning', 'NodeNotReady', 'Node is not ready', SOURCE);
    }
  }

  private clearTaints(node: KubeObject): void {
    const taints = (node.spec?.taints ?? []).filter((t: any) => t.key !== UNREACHABLE);
    this.api.update(nodeRes, undefined, node.metadata.name, { ...node, spec: { ...node.spec, taints } });
  }

  private podsOn(node: KubeObject): KubeObject[] {
    return this.api.list(podRes, undefined, { fieldSelector: `spec.nodeName=${node.metadata.name}` }).items;
  }

  /** Deletes pods whose toleration of the unreachable NoExecute taint has run out. */
  private evict(node: KubeObject, now: number): void {
    const taint = (node.spec?.taints ?? []).find((t: any) => t.key === UNREACHABLE && t.effect === 'NoExecute');
    if (!taint) return;
    const since = Date.parse(taint.timeAdded ?? '');
    for (const pod of this.podsOn(node)) {
      if (pod.metadata.deletionTimestamp) continue;
      const tol = (pod.spec?.tolerations ?? []).find((t: any) => (t.key === UNREACHABLE || (t.operator === 'Exists' && !t.key)) && (!t.effect || t.effect === 'NoExecute'));
      if (tol && tol.tolerationSeconds === undefined) continue;
      const seconds = tol?.tolerationSeconds ?? 0;
      if (now - since < seconds * 1000) continue;
      recordEvent(this.api, pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${pod.metadata.namespace}/${pod.metadata.name}`, { component: 'taint-eviction-controller' });
      this.api.delete(podRes, pod.metadata.namespace, pod.metadata.name!);
    }
  }
}
