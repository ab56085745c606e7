// The kubelet's heartbeats: it renews its coordination.k8s.io/v1 Lease in kube-node-lease every 10 s (what the
// node lifecycle controller watches), and posts node status — conditions healthy, lastHeartbeatTime fresh — once a
// minute or whenever a condition has to change (a node back from NotReady). Node events come with it: Starting,
// NodeHasSufficientMemory…, NodeReady, as `kubectl describe node` shows them on a real cluster.
import { findKind } from '../apiserver/kinds/registry';
import type { Disposable } from '../api/types';
import type { Node, NodeCondition } from '../api/objects';
import { isStatusError } from '../api/errors';
import type { ObjectApi } from '../apiserver/object-api';
import { recordEvent, type EventSource } from '../controller-runtime/events';
import type { Clock } from '../util/clock';

const nodeRes = findKind('Node')!;
const leaseRes = findKind('Lease')!;
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

export interface HeartbeatTimings {
  leaseRenewMs: number;
  leaseDurationSeconds: number;
  nodeStatusReportMs: number;
}

/** The healthy state of each node condition and the event a kubelet records when it enters it. */
const HEALTHY: Record<string, { status: string; reason: string; message: string; event: string }> = {
  MemoryPressure: { status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available', event: 'NodeHasSufficientMemory' },
  DiskPressure: { status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure', event: 'NodeHasNoDiskPressure' },
  PIDPressure: { status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available', event: 'NodeHasSufficientPID' },
  Ready: { status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', event: 'NodeReady' },
};

/** metav1.MicroTime, as a Lease's renewTime is written. */
export function microTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export class NodeHeartbeat implements Disposable {
  private timers: Disposable[] = [];
  private readonly source: EventSource;

  constructor(
    private readonly api: ObjectApi,
    private readonly clock: Clock,
    readonly nodeName: string,
    private readonly runtimeVersion: string,
    private readonly timings: HeartbeatTimings,
    private readonly log: (m: string) => void = () => undefined,
  ) {
    this.source = { component: 'kubelet', host: nodeName };
  }

  /** The kubelet starts (or starts again): events, a fresh lease and status, then the periodic loops. */
  start(): void {
    this.stop();
    const node = this.api.tryGet(nodeRes, undefined, this.nodeName);
    if (!node) return;
    const firstStart = !this.api.tryGet(leaseRes, NODE_LEASE_NAMESPACE, this.nodeName);
    this.event(node, 'Starting', 'Starting kubelet.');
    this.event(node, 'NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods');
    this.guard('renew its lease', () => this.renewLease());
    this.guard('post node status', () => this.postStatus(firstStart));
    this.loop(this.timings.leaseRenewMs, () => this.renewLease());
    this.loop(this.timings.nodeStatusReportMs, () => this.postStatus(false));
  }

  stop(): void {
    for (const t of this.timers.splice(0)) t.dispose();
  }

  dispose(): void {
    this.stop();
  }

  private loop(ms: number, fn: () => void): void {
    const slot = this.timers.length;
    const tick = () => {
      this.guard('heartbeat', fn);
      this.timers[slot] = this.clock.setTimeout(tick, ms);
    };
    this.timers[slot] = this.clock.setTimeout(tick, ms);
  }

  private guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.log(`kubelet ${this.nodeName}: failed to ${what}: ${(e as Error)?.message ?? e}`);
    }
  }

  /** Kubelet events about its node name the node by its name as uid, as a real kubelet does. */
  private event(node: Node, reason: string, message: string): void {
    recordEvent(this.api, { ...node, metadata: { ...node.metadata, uid: this.nodeName } }, 'Normal', reason, message, this.source);
  }

  renewLease(): void {
    const renewTime = microTime(this.clock.now());
    const lease = this.api.tryGet(leaseRes, NODE_LEASE_NAMESPACE, this.nodeName);
    if (lease) {
      const spec = { ...lease.spec, holderIdentity: this.nodeName, leaseDurationSeconds: this.timings.leaseDurationSeconds, renewTime };
      this.api.update(leaseRes, NODE_LEASE_NAMESPACE, this.nodeName, { ...lease, metadata: { ...lease.metadata, resourceVersion: undefined }, spec });
      return;
    }
    // A node object that was deleted is not brought back by its lease (the kubelet would have to register again).
    const node = this.api.tryGet(nodeRes, undefined, this.nodeName);
    if (!node) return;
    this.api.create(leaseRes, NODE_LEASE_NAMESPACE, {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: this.nodeName,
        namespace: NODE_LEASE_NAMESPACE,
        ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: this.nodeName, uid: String(node.metadata.uid) }],
      },
      spec: { holderIdentity: this.nodeName, leaseDurationSeconds: this.timings.leaseDurationSeconds, renewTime },
    });
  }

  /** Heartbeat times move; a condition that is not healthy (Unknown after NotReady) becomes healthy, with its event. */
  postStatus(announceAll: boolean): void {
    for (let attempt = 0; attempt < 3; attempt++) {
      const node = this.api.tryGet(nodeRes, undefined, this.nodeName);
      if (!node) return;
      const now = this.api.now();
      const entered: string[] = [];
      const conditions = (node.status?.conditions ?? []).map((c): NodeCondition => {
        const healthy = HEALTHY[c.type];
        if (!healthy) return { ...c, lastHeartbeatTime: now };
        if (c.status === healthy.status && c.reason === healthy.reason) return { ...c, lastHeartbeatTime: now };
        entered.push(healthy.event);
        return { type: c.type, status: healthy.status, lastHeartbeatTime: now, lastTransitionTime: now, reason: healthy.reason, message: healthy.message };
      });
      for (const [type, healthy] of Object.entries(HEALTHY)) {
        if (conditions.some((c) => c.type === type)) continue;
        entered.push(healthy.event);
        conditions.push({ type, status: healthy.status, lastHeartbeatTime: now, lastTransitionTime: now, reason: healthy.reason, message: healthy.message });
      }
      const nodeInfo = { ...(node.status?.nodeInfo ?? {}), containerRuntimeVersion: this.runtimeVersion };
      try {
        this.api.updateStatus(nodeRes, undefined, this.nodeName, { ...node, status: { ...node.status, conditions, nodeInfo } });
      } catch (e) {
        if (isStatusError(e) && e.code === 409) continue;
        throw e;
      }
      const events = announceAll ? Object.values(HEALTHY).map((h) => h.event) : entered;
      for (const reason of events) this.event(node, reason, `Node ${this.nodeName} status is now: ${reason}`);
      return;
    }
  }
}
