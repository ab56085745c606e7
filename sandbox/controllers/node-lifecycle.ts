// The node lifecycle controller with its taint eviction half (pkg/controller/nodelifecycle, tainteviction): a node
// whose kubelet has not renewed its Lease for the grace period (40 s) gets its conditions set to Unknown ("Kubelet
// stopped posting node status."), a NodeNotReady event, its pods marked not Ready, and the unreachable taints
// (not-ready ones when it reports Ready=False). Pods on a node with NoExecute taints are evicted once their
// toleration runs out — 300 s with the defaults admission adds — so their ReplicaSets replace them elsewhere; the
// dead kubelet cannot finish the deletion, so they stay Terminating. When the kubelet posts Ready again the taints go.
import { findKind } from '../apiserver/kinds/registry';
import type { WatchEvent } from '../api/types';
import type { Node, NodeCondition, Pod, PodCondition, Taint } from '../api/objects';
import { isStatusError } from '../api/errors';
import type { ObjectApi } from '../apiserver/object-api';
import { noExecuteToleranceSeconds } from '../lib/taints';
import type { Clock } from '../util/clock';
import { watchOf, type Controller, type ReconcileResult, type WatchSpec } from '../controller-runtime/controller';
import { recordEvent } from '../controller-runtime/events';

const nodeRes = findKind('Node')!;
const leaseRes = findKind('Lease')!;
const podRes = findKind('Pod')!;
export const UNREACHABLE_TAINT_KEY = 'node.kubernetes.io/unreachable';
export const NOT_READY_TAINT_KEY = 'node.kubernetes.io/not-ready';
const MANAGED = [UNREACHABLE_TAINT_KEY, NOT_READY_TAINT_KEY];
const NODE_SOURCE = { component: 'node-controller' };
const EVICTION_SOURCE = { component: 'taint-eviction-controller' };

export interface NodeLifecycleOptions {
  /** node-monitor-grace-period: how long a silent kubelet is trusted. */
  gracePeriodMs: number;
  /** Multiplies tolerationSeconds, so a lab can compress the 300 s eviction wait (1 on a real cluster). */
  evictionScale: number;
}

export const DEFAULT_NODE_LIFECYCLE: NodeLifecycleOptions = { gracePeriodMs: 40_000, evictionScale: 1 };

const time = (s: unknown) => (typeof s === 'string' ? Date.parse(s) : NaN);

export class NodeLifecycleController implements Controller {
  readonly name = 'node-lifecycle-controller';
  readonly watches: WatchSpec[];
  private readonly opts: NodeLifecycleOptions;
  /** Nodes whose pods matter to this controller now: not Ready, or carrying NoExecute taints. */
  private readonly attention = new Set<string>();
  private readonly registered = new Set<string>();
  private readonly firstSeen = new Map<string, number>();

  constructor(private readonly api: ObjectApi, private readonly clock: Clock, opts: Partial<NodeLifecycleOptions> = {}) {
    this.opts = { ...DEFAULT_NODE_LIFECYCLE, ...opts };
    this.watches = [
      watchOf(nodeRes, (e) => this.onNode(e)),
      watchOf(leaseRes, (e) => (e.type !== 'DELETED' && e.object.metadata.namespace === 'kube-node-lease' ? [String(e.object.metadata.name)] : [])),
      watchOf(podRes, (e) => {
        const node = e.object.spec?.nodeName;
        return e.type !== 'DELETED' && node && this.attention.has(node) ? [node] : [];
      }),
    ];
  }

  private onNode(e: WatchEvent<Node>): string[] {
    const name = String(e.object.metadata.name);
    if (e.type === 'DELETED') {
      this.attention.delete(name);
      this.registered.delete(name);
      this.firstSeen.delete(name);
      return [];
    }
    if (needsAttention(e.object)) this.attention.add(name);
    else this.attention.delete(name);
    return [name];
  }

  reconcile(name: string): ReconcileResult | void {
    let node = this.api.tryGet(nodeRes, undefined, name);
    if (!node) return;
    const now = this.clock.now().getTime();
    if (!this.registered.has(name)) {
      this.registered.add(name);
      this.firstSeen.set(name, now);
      recordEvent(this.api, node, 'Normal', 'RegisteredNode', `Node ${name} event: Registered Node ${name} in Controller`, NODE_SOURCE);
    }
    const lastHeard = this.lastHeard(node);
    const stale = now - lastHeard > this.opts.gracePeriodMs;
    if (stale && readyCondition(node)?.status !== 'Unknown') node = this.markUnknown(node);
    node = this.reconcileTaints(node);
    if (needsAttention(node)) this.attention.add(name);
    const nextEviction = this.evict(node, now);
    const waits = [stale ? undefined : lastHeard + this.opts.gracePeriodMs + 1 - now, nextEviction === undefined ? undefined : nextEviction - now];
    const defined = waits.filter((w): w is number => w !== undefined);
    return defined.length ? { requeueAfterMs: Math.max(0, Math.min(...defined)) } : undefined;
  }

  /** The latest sign of life: the Lease's renewTime or the Ready condition's heartbeat, else when we first saw it. */
  private lastHeard(node: Node): number {
    const lease = this.api.tryGet(leaseRes, 'kube-node-lease', String(node.metadata.name));
    const candidates = [time(lease?.spec?.renewTime), time(readyCondition(node)?.lastHeartbeatTime)].filter((t) => !Number.isNaN(t));
    return candidates.length ? Math.max(...candidates) : this.firstSeen.get(String(node.metadata.name)) ?? this.clock.now().getTime();
  }

  private markUnknown(node: Node): Node {
    const at = this.api.now();
    const wasReady = readyCondition(node)?.status === 'True';
    const never = !(node.status?.conditions ?? []).length;
    const types = never ? ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'] : (node.status?.conditions ?? []).map((c) => c.type);
    const conditions = types.map((type): NodeCondition => {
      const old: Partial<NodeCondition> = (node.status?.conditions ?? []).find((c) => c.type === type) ?? {};
      return {
        ...old,
        type,
        status: 'Unknown',
        reason: never ? 'NodeStatusNeverUpdated' : 'NodeStatusUnknown',
        message: never ? 'Kubelet never posted node status.' : 'Kubelet stopped posting node status.',
        lastHeartbeatTime: old.lastHeartbeatTime ?? node.metadata.creationTimestamp,
        lastTransitionTime: at,
      };
    });
    const updated = this.api.updateStatus(nodeRes, undefined, String(node.metadata.name), { ...node, status: { ...node.status, conditions } });
    if (wasReady) {
      recordEvent(this.api, node, 'Normal', 'NodeNotReady', `Node ${node.metadata.name} status is now: NodeNotReady`, NODE_SOURCE);
      this.markPodsNotReady(String(node.metadata.name), at);
    }
    return updated;
  }

  /** MarkPodsNotReady: the node's pods stop counting as Ready (and drop out of their Services' endpoints). */
  private markPodsNotReady(nodeName: string, at: string): void {
    for (const pod of this.podsOn(nodeName)) {
      const conditions = pod.status?.conditions ?? [];
      if (!conditions.some((c) => c.type === 'Ready' && c.status === 'True')) continue;
      const next = conditions.map((c) => (c.type === 'Ready' ? { ...c, status: 'False', lastTransitionTime: at } : c));
      try {
        this.api.updateStatus(podRes, pod.metadata.namespace, String(pod.metadata.name), { ...pod, status: { ...pod.status, conditions: next } });
        recordEvent(this.api, pod, 'Warning', 'NodeNotReady', 'Node is not ready', NODE_SOURCE);
      } catch (e) {
        if (!isStatusError(e)) throw e;
      }
    }
  }

  /** Unreachable taints while Ready is Unknown, not-ready taints while it is False, none while True. */
  private reconcileTaints(node: Node): Node {
    const status = readyCondition(node)?.status;
    const key = status === 'Unknown' ? UNREACHABLE_TAINT_KEY : status === 'False' ? NOT_READY_TAINT_KEY : undefined;
    const current = node.spec?.taints ?? [];
    const at = this.api.now();
    const wanted = key ? (['NoSchedule', 'NoExecute'] as const).map((effect): Taint => current.find((t) => t.key === key && t.effect === effect) ?? { key, effect, timeAdded: at }) : [];
    const next = [...current.filter((t) => !MANAGED.includes(t.key)), ...wanted];
    if (JSON.stringify(next) === JSON.stringify(current)) return node;
    const spec = { ...node.spec };
    if (next.length) spec.taints = next;
    else delete spec.taints;
    return this.api.update(nodeRes, undefined, String(node.metadata.name), { ...node, spec });
  }

  private podsOn(nodeName: string): Pod[] {
    return this.api.list(podRes, undefined, { fieldSelector: `spec.nodeName=${nodeName}` }).items;
  }

  /** Evicts pods whose toleration of the node's NoExecute taints has run out; returns when the next one is due. */
  private evict(node: Node, now: number): number | undefined {
    const taints = (node.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
    if (!taints.length) return undefined;
    const since = Math.max(...taints.map((t) => time(t.timeAdded)).filter((t) => !Number.isNaN(t)), this.firstSeen.get(String(node.metadata.name)) ?? 0);
    let next: number | undefined;
    for (const pod of this.podsOn(String(node.metadata.name))) {
      if (pod.metadata.deletionTimestamp || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
      const seconds = noExecuteToleranceSeconds(taints, pod.spec?.tolerations);
      if (seconds === Infinity) continue;
      const due = since + seconds * 1000 * this.opts.evictionScale;
      if (now >= due) this.evictPod(pod);
      else next = Math.min(next ?? Infinity, due);
    }
    return next;
  }

  private evictPod(pod: Pod): void {
    const ns = String(pod.metadata.namespace);
    const name = String(pod.metadata.name);
    try {
      const conditions = pod.status?.conditions ?? [];
      if (!conditions.some((c) => c.type === 'DisruptionTarget')) {
        const target: PodCondition = { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: this.api.now(), reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' };
        this.api.updateStatus(podRes, ns, name, { ...pod, metadata: { ...pod.metadata, resourceVersion: undefined }, status: { ...pod.status, conditions: [...conditions, target] } });
      }
      recordEvent(this.api, pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${ns}/${name}`, EVICTION_SOURCE);
      this.api.delete(podRes, ns, name, { preconditions: { uid: String(pod.metadata.uid) } });
    } catch (e) {
      if (!(isStatusError(e) && (e.code === 404 || e.code === 409))) throw e;
    }
  }
}

function readyCondition(node: Node): NodeCondition | undefined {
  return (node.status?.conditions ?? []).find((c) => c.type === 'Ready');
}

function needsAttention(node: Node): boolean {
  return readyCondition(node)?.status !== 'True' || (node.spec?.taints ?? []).some((t) => t.effect === 'NoExecute');
}
