// The scheduler as a controller (kube-scheduler's scheduling queue, simplified): every pending pod — no nodeName,
// not terminating, schedulerName default-scheduler — is placed with the pure `schedule` and bound through the
// pods/binding path, with the Scheduled event. A pod that fits nowhere gets PodScheduled=False/Unschedulable and a
// FailedScheduling event, then waits in the "unschedulable" set until a node or a pod changes in a way that could
// make room (after its per-pod back-off of 1 s doubling to 10 s), or five minutes pass. Like kube-scheduler's cache,
// the pods already on nodes are kept from the watch, so placing a pod does not re-read every pod in the cluster.
// The queue hands out the pending pod of highest spec.priority first (PrioritySort); nothing is preempted.
import { findKind } from '../apiserver/kinds/registry';
import type { WatchEvent } from '../api/types';
import type { Node, Pod, PodCondition } from '../api/objects';
import { isStatusError } from '../api/errors';
import type { ObjectApi } from '../apiserver/object-api';
import { objectKeyOf, splitKey, watchOf, type Controller, type ReconcileResult, type WatchSpec } from '../controller-runtime/controller';
import { recordEvent } from '../controller-runtime/events';
import type { Clock } from '../util/clock';
import { schedule } from './schedule';

const podRes = findKind('Pod')!;
const nodeRes = findKind('Node')!;
const namespaceRes = findKind('Namespace')!;
export const SCHEDULER_NAME = 'default-scheduler';
const SOURCE = { component: SCHEDULER_NAME };
const INITIAL_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 10_000;
/** podMaxInUnschedulablePodsDuration: an unschedulable pod is retried at least this often. */
const UNSCHEDULABLE_RETRY_MS = 5 * 60_000;

export function isPendingForScheduler(pod: Pod): boolean {
  return !pod.spec?.nodeName && !pod.metadata.deletionTimestamp && (pod.spec?.schedulerName ?? SCHEDULER_NAME) === SCHEDULER_NAME;
}

const isTerminal = (pod: Pod) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

interface Unschedulable {
  attempts: number;
  backoffUntil: number;
  /** The pod spec and labels when it failed: only a change to them, or to the cluster, is worth a retry. */
  fingerprint: string;
}

const podFingerprint = (pod: Pod) => JSON.stringify([pod.spec, pod.metadata.labels ?? {}]);

/** What of a node can change a scheduling verdict (not its heartbeats). */
function nodeFingerprint(node: Node): string {
  const taints = (node.spec?.taints ?? []).map((t) => [t.key, t.value ?? '', t.effect]);
  const conditions = (node.status?.conditions ?? []).map((c) => [c.type, c.status]);
  return JSON.stringify([!!node.spec?.unschedulable, node.metadata.labels ?? {}, taints, node.status?.allocatable ?? {}, conditions]);
}

export class Scheduler implements Controller {
  readonly name = SCHEDULER_NAME;
  readonly watches: WatchSpec[];
  private readonly unschedulable = new Map<string, Unschedulable>();
  private readonly nodes = new Map<string, string>();
  private readonly finished = new Set<string>();
  /** Pods bound to a node and not finished, by node then pod key: what each node already runs. */
  private readonly podsOnNodes = new Map<string, Map<string, Pod>>();
  private readonly nodeOfPod = new Map<string, string>();
  /** spec.priority of each pending pod: the queue hands out the highest first (PrioritySort). */
  private readonly priorities = new Map<string, number>();

  constructor(private readonly api: ObjectApi, private readonly clock: Clock) {
    this.watches = [
      watchOf(podRes, (e) => this.onPod(e)),
      watchOf(nodeRes, (e) => this.onNode(e)),
    ];
  }

  /** PrioritySort: higher spec.priority leaves the queue first; equal priorities keep their order of arrival. */
  queueOrder(a: string, b: string): number {
    return (this.priorities.get(b) ?? 0) - (this.priorities.get(a) ?? 0);
  }

  /** Every unschedulable pod goes back to the queue: something changed that may make room. */
  private moveAll(): string[] {
    return [...this.unschedulable.keys()];
  }

  /** Keeps podsOnNodes in step with one pod event. */
  private track(e: WatchEvent<Pod>, key: string): void {
    const pod = e.object;
    const before = this.nodeOfPod.get(key);
    if (before !== undefined) {
      this.podsOnNodes.get(before)?.delete(key);
      this.nodeOfPod.delete(key);
    }
    const node = pod.spec?.nodeName;
    if (e.type === 'DELETED' || !node || isTerminal(pod)) return;
    let onNode = this.podsOnNodes.get(node);
    if (!onNode) this.podsOnNodes.set(node, (onNode = new Map()));
    onNode.set(key, pod);
    this.nodeOfPod.set(key, node);
  }

  private onPod(e: WatchEvent<Pod>): string[] {
    const pod = e.object;
    const key = objectKeyOf(pod);
    this.track(e, key);
    if (e.type === 'DELETED' || !isPendingForScheduler(pod)) this.priorities.delete(key);
    else this.priorities.set(key, pod.spec?.priority ?? 0);
    if (e.type === 'DELETED') {
      this.unschedulable.delete(key);
      this.finished.delete(String(pod.metadata.uid));
      return pod.spec?.nodeName ? this.moveAll() : [];
    }
    if (isPendingForScheduler(pod)) {
      const entry = this.unschedulable.get(key);
      return !entry || entry.fingerprint !== podFingerprint(pod) ? [key] : [];
    }
    this.unschedulable.delete(key);
    // A pod that finished frees what it requested.
    if (pod.spec?.nodeName && isTerminal(pod) && !this.finished.has(String(pod.metadata.uid))) {
      this.finished.add(String(pod.metadata.uid));
      return this.moveAll();
    }
    return [];
  }

  private onNode(e: WatchEvent<Node>): string[] {
    const name = String(e.object.metadata.name);
    if (e.type === 'DELETED') {
      this.nodes.delete(name);
      return this.moveAll();
    }
    const fp = nodeFingerprint(e.object);
    if (this.nodes.get(name) === fp) return [];
    this.nodes.set(name, fp);
    return this.moveAll();
  }

  reconcile(key: string): ReconcileResult | void {
    const { namespace, name } = splitKey(key);
    const pod = this.api.tryGet(podRes, namespace, name);
    if (!pod || !isPendingForScheduler(pod)) {
      this.unschedulable.delete(key);
      return;
    }
    const now = this.clock.now().getTime();
    const entry = this.unschedulable.get(key);
    if (entry && now < entry.backoffUntil) return { requeueAfterMs: entry.backoffUntil - now };
    if (pod.spec?.schedulingGates?.length) return this.gated(pod);

    const nodes = this.api.list(nodeRes, undefined).items;
    const podsOnNodes = new Map<string, Pod[]>();
    for (const [node, pods] of this.podsOnNodes) podsOnNodes.set(node, [...pods.values()]);
    const result = schedule(pod, nodes, podsOnNodes, (ns) => this.api.tryGet(namespaceRes, undefined, ns)?.metadata.labels ?? undefined);
    if ('node' in result) return this.bind(pod, key, result.node);

    const attempts = (entry?.attempts ?? 0) + 1;
    const backoff = Math.min(INITIAL_BACKOFF_MS * 2 ** (attempts - 1), MAX_BACKOFF_MS);
    // Recorded before the status write, so the write's own watch event does not re-queue the pod.
    this.unschedulable.set(key, { attempts, backoffUntil: now + backoff, fingerprint: podFingerprint(pod) });
    this.setCondition(pod, 'Unschedulable', result.message);
    recordEvent(this.api, pod, 'Warning', 'FailedScheduling', result.message, SOURCE);
    return { requeueAfterMs: UNSCHEDULABLE_RETRY_MS };
  }

  private bind(pod: Pod, key: string, node: string): void {
    const ns = String(pod.metadata.namespace);
    const name = String(pod.metadata.name);
    try {
      this.api.bind(ns, name, node);
    } catch (e) {
      // Bound or deleted by someone else meanwhile: nothing left to do for this pod.
      if (isStatusError(e) && (e.code === 409 || e.code === 404)) return;
      throw e;
    }
    this.unschedulable.delete(key);
    recordEvent(this.api, pod, 'Normal', 'Scheduled', `Successfully assigned ${ns}/${name} to ${node}`, SOURCE);
  }

  private gated(pod: Pod): void {
    this.unschedulable.set(objectKeyOf(pod), { attempts: 0, backoffUntil: 0, fingerprint: podFingerprint(pod) });
    this.setCondition(pod, 'SchedulingGated', 'Scheduling is blocked due to non-empty scheduling gates');
  }

  /** PodScheduled=False with reason and message; lastTransitionTime moves only when the status flips. */
  private setCondition(pod: Pod, reason: string, message: string): void {
    const conditions = pod.status?.conditions ?? [];
    const old = conditions.find((c) => c.type === 'PodScheduled');
    if (old?.status === 'False' && old.reason === reason && old.message === message) return;
    const next: PodCondition = {
      type: 'PodScheduled',
      status: 'False',
      lastProbeTime: null,
      lastTransitionTime: old?.status === 'False' ? old.lastTransitionTime : this.api.now(),
      reason,
      message,
    };
    const status = { ...pod.status, conditions: [...conditions.filter((c) => c.type !== 'PodScheduled'), next] };
    try {
      this.api.updateStatus(podRes, pod.metadata.namespace, String(pod.metadata.name), { ...pod, status });
    } catch (e) {
      if (!(isStatusError(e) && e.code === 404)) throw e;
    }
  }
}
