// The kubelet of one node: runs the pods bound to it through a ContainerRuntime and reports what a real kubelet
// reports — Pending → Running with a pod IP from the node's podCIDR, events Pulled/Created/Started/Killing, image
// pull failures as ErrImagePull → ImagePullBackOff, containers that exit restarted with CrashLoopBackOff back-off
// (10 s doubling to 5 min), run-to-completion pods Succeeded or Failed, graceful deletion finished here. It renews
// its node Lease every 10 s; stop() makes it fall silent, as a failed machine would.
import { findKind } from '../api/registry';
import type { KubeObject } from '../api/types';
import type { ObjectApi } from '../apiserver/object-api';
import { objectKeyOf, splitKey, type Controller, type ReconcileResult, type WatchSpec } from '../controllers/controller';
import { recordEvent, type EventSource } from '../controllers/events';
import { rfc3339, type Clock } from '../util/clock';
import type { Disposable } from '../api/types';
import { simEnv, type ContainerRuntime } from './runtime';

const podRes = findKind('Pod')!;
const nodeRes = findKind('Node')!;
const leaseRes = findKind('Lease')!;
const LEASE_RENEW_MS = 10_000;
const MAX_BACKOFF_MS = 300_000;

export class Kubelet implements Controller {
  readonly name: string;
  readonly watches: WatchSpec[];
  private running = true;
  private readonly ips = new Map<string, string>();
  private heartbeat?: Disposable;
  private readonly source: EventSource;

  constructor(private readonly api: ObjectApi, private readonly clock: Clock, readonly nodeName: string, private readonly runtime: ContainerRuntime) {
    this.name = `kubelet-${nodeName}`;
    this.source = { component: 'kubelet', host: nodeName };
    this.watches = [{ res: podRes, toKeys: (e) => (e.object.spec?.nodeName === nodeName ? [objectKeyOf(e.object)] : []) }];
    this.renewLease();
  }

  get stopped(): boolean {
    return !this.running;
  }

  stop(): void {
    this.running = false;
    this.heartbeat?.dispose();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.renewLease();
    for (const pod of this.api.list(podRes, undefined, { fieldSelector: `spec.nodeName=${this.nodeName}` }).items) this.reconcile(objectKeyOf(pod));
  }

  dispose(): void {
    this.stop();
  }

  private renewLease(): void {
    if (!this.running) return;
    const now = new Date(this.clock.now()).toISOString().replace('Z', '000Z');
    const lease = this.api.tryGet(leaseRes, 'kube-node-lease', this.nodeName);
    const spec = { holderIdentity: this.nodeName, leaseDurationSeconds: 40, renewTime: now };
    if (!lease) this.api.create(leaseRes, 'kube-node-lease', { metadata: { name: this.nodeName }, spec });
    else this.api.update(leaseRes, 'kube-node-lease', this.nodeName, { ...lease, spec: { ...lease.spec, ...spec } });
    const node = this.api.tryGet(nodeRes, undefined, this.nodeName);
    const ready = node?.status?.conditions?.find((c: any) => c.type === 'Ready');
    if (node && ready?.status !== 'True') {
      const at = this.api.now();
      const conditions = node.status.conditions.map((c: any) =>
        c.type === 'Ready' ? { ...c, status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: at, lastTransitionTime: at } : c,
      );
      this.api.updateStatus(nodeRes, undefined, this.nodeName, { ...node, status: { ...node.status, conditions } });
      recordEvent(this.api, node, 'Normal', 'NodeReady', `Node ${this.nodeName} status is now: NodeReady`, this.source);
    }
    this.heartbeat = this.clock.setTimeout(() => this.renewLease(), LEASE_RENEW_MS);
  }

  private podIP(pod: KubeObject): string {
    const known = pod.status?.podIP ?? this.ips.get(pod.metadata.uid!);
    if (known) return known;
    const node = this.api.tryGet(nodeRes, undefined, this.nodeName);
    const base = String(node?.spec?.podCIDR ?? '10.244.9.0/24').split('/')[0].split('.').slice(0, 3).join('.');
    const used = new Set([...this.ips.values()]);
    for (const p of this.api.list(podRes, undefined, { fieldSelector: `spec.nodeName=${this.nodeName}` }).items) if (p.status?.podIP) used.add(p.status.podIP);
    for (let i = 2; i < 255; i++) {
      const ip = `${base}.${i}`;
      if (!used.has(ip)) {
        this.ips.set(pod.metadata.uid!, ip);
        return ip;
      }
    }
    throw new Error(`node ${this.nodeName} has no free pod IPs`);
  }

  reconcile(key: string): ReconcileResult | void {
    if (!this.running) return;
    const { namespace, name } = splitKey(key);
    const pod = this.api.tryGet(podRes, namespace, name);
    if (!pod || pod.spec?.nodeName !== this.nodeName) return;
    if (pod.metadata.deletionTimestamp) return this.kill(pod);
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return;
    if (!pod.status?.containerStatuses?.some((c: any) => c.state?.running || c.state?.terminated || c.lastState?.terminated)) return this.startPod(pod);
    return this.advance(pod);
  }

  private kill(pod: KubeObject): void {
    if (pod.status?.phase === 'Running') {
      for (const c of pod.spec?.containers ?? []) recordEvent(this.api, pod, 'Normal', 'Killing', `Stopping container ${c.name}`, this.source, `spec.containers{${c.name}}`);
    }
    this.runtime.stopPod(pod);
    this.ips.delete(pod.metadata.uid!);
    this.api.delete(podRes, pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: 0 });
  }

  private conditions(pod: KubeObject, ready: boolean): any[] {
    const now = this.api.now();
    const prev = new Map<string, any>((pod.status?.conditions ?? []).map((c: any) => [c.type, c]));
    const cond = (type: string, status: boolean) => {
      const s = status ? 'True' : 'False';
      const old = prev.get(type);
      return { type, status: s, lastProbeTime: null, lastTransitionTime: old?.status === s ? old.lastTransitionTime : now, ...(status || type === 'PodReadyToStartContainers' ? {} : { reason: 'ContainersNotReady' }) };
    };
    return [cond('PodReadyToStartContainers', true), cond('Initialized', true), cond('Ready', ready), cond('ContainersReady', ready), prev.get('PodScheduled') ?? cond('PodScheduled', true)];
  }

  private writeStatus(pod: KubeObject, containerStatuses: any[], phase: string, extra: Record<string, unknown> = {}): void {
    const ready = phase === 'Running' && containerStatuses.every((c) => c.ready);
    const node = this.api.tryGet(nodeRes, undefined, this.nodeName);
    const hostIP = node?.status?.addresses?.find((a: any) => a.type === 'InternalIP')?.address;
    const ip = this.podIP(pod);
    const status = {
      ...pod.status,
      phase,
      conditions: this.conditions(pod, ready),
      hostIP,
      hostIPs: hostIP ? [{ ip: hostIP }] : undefined,
      podIP: ip,
      podIPs: [{ ip }],
      startTime: pod.status?.startTime ?? this.api.now(),
      containerStatuses,
      ...extra,
    };
    this.api.updateStatus(podRes, pod.metadata.namespace, pod.metadata.name!, { ...pod, status });
  }

  private startPod(pod: KubeObject): ReconcileResult | void {
    const containers: any[] = pod.spec?.containers ?? [];
    const pullErrors = containers.map((c) => this.runtime.pullError(c.image));
    if (pullErrors.some(Boolean)) {
      const attempts = Math.max(0, ...((pod.status?.containerStatuses ?? []) as any[]).map((c) => (c.state?.waiting?.reason === 'ImagePullBackOff' ? 2 : c.state?.waiting ? 1 : 0)));
      const statuses = containers.map((c, i) => {
        if (!pullErrors[i]) return { name: c.name, image: c.image, imageID: '', ready: false, started: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } };
        const field = `spec.containers{${c.name}}`;
        if (attempts === 0) {
          recordEvent(this.api, pod, 'Normal', 'Pulling', `Pulling image "${c.image}"`, this.source, field);
          recordEvent(this.api, pod, 'Warning', 'Failed', `Failed to pull image "${c.image}": ${pullErrors[i]}`, this.source, field);
          recordEvent(this.api, pod, 'Warning', 'Failed', 'Error: ErrImagePull', this.source, field);
          return { name: c.name, image: c.image, imageID: '', ready: false, started: false, restartCount: 0, state: { waiting: { reason: 'ErrImagePull', message: pullErrors[i] } } };
        }
        recordEvent(this.api, pod, 'Normal', 'BackOff', `Back-off pulling image "${c.image}"`, this.source, field);
        return { name: c.name, image: c.image, imageID: '', ready: false, started: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${c.image}": ${pullErrors[i]}` } } };
      });
      this.writeStatus(pod, statuses, 'Pending');
      return { requeueAfterMs: Math.min(10_000 * 2 ** attempts, MAX_BACKOFF_MS) };
    }
    const now = this.api.now();
    const statuses = containers.map((c) => {
      const field = `spec.containers{${c.name}}`;
      recordEvent(this.api, pod, 'Normal', 'Pulled', `Container image "${c.image}" already present on machine`, this.source, field);
      recordEvent(this.api, pod, 'Normal', 'Created', `Created container: ${c.name}`, this.source, field);
      const st = this.runtime.startContainer(pod, c, now);
      recordEvent(this.api, pod, 'Normal', 'Started', `Started container ${c.name}`, this.source, field);
      return { name: c.name, image: c.image, imageID: st.imageID, containerID: st.containerID, ready: st.ready, started: true, restartCount: 0, state: st.state };
    });
    this.writeStatus(pod, statuses, 'Running');
    return this.nextExit(pod, statuses);
  }

  private runMs(pod: KubeObject, c: any): number | undefined {
    const exit = simEnv(c, 'KUBELAB_SIM_EXIT_CODE');
    const secs = simEnv(c, 'KUBELAB_SIM_RUN_SECONDS');
    if ((pod.spec?.restartPolicy ?? 'Always') === 'Always' && exit === undefined) return undefined;
    return Number(secs ?? 1) * 1000;
  }

  private nextExit(pod: KubeObject, statuses: any[]): ReconcileResult | void {
    const now = this.clock.now().getTime();
    let soonest: number | undefined;
    for (const cs of statuses) {
      const c = pod.spec.containers.find((x: any) => x.name === cs.name);
      const at = cs.state?.running ? Date.parse(cs.state.running.startedAt) + (this.runMs(pod, c) ?? Infinity) : cs.state?.waiting?.reason === 'CrashLoopBackOff' ? Date.parse(cs.state.waiting.until ?? '') : Infinity;
      if (Number.isFinite(at)) soonest = Math.min(soonest ?? Infinity, Math.max(0, at - now));
    }
    return soonest === undefined ? undefined : { requeueAfterMs: soonest + 1 };
  }

  /** Moves containers whose run time is over to exited / restarted / back-off, as the restart policy says. */
  private advance(pod: KubeObject): ReconcileResult | void {
    const now = this.clock.now().getTime();
    const nowText = rfc3339(this.clock.now());
    const policy = pod.spec?.restartPolicy ?? 'Always';
    let changed = false;
    const statuses = (pod.status.containerStatuses as any[]).map((cs) => {
      const c = pod.spec.containers.find((x: any) => x.name === cs.name);
      const field = `spec.containers{${cs.name}}`;
      const backoff = cs.state?.waiting?.reason === 'CrashLoopBackOff' ? cs.state.waiting : undefined;
      if (backoff && Date.parse(backoff.until) <= now) {
        changed = true;
        const st = this.runtime.startContainer(pod, c, nowText);
        recordEvent(this.api, pod, 'Normal', 'Started', `Started container ${cs.name}`, this.source, field);
        return { ...cs, ready: true, started: true, state: st.state, containerID: st.containerID };
      }
      const run = this.runMs(pod, c);
      if (!cs.state?.running || run === undefined || Date.parse(cs.state.running.startedAt) + run > now) return cs;
      changed = true;
      const exitCode = Number(simEnv(c, 'KUBELAB_SIM_EXIT_CODE') ?? 0);
      const terminated = { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt: cs.state.running.startedAt, finishedAt: nowText, containerID: cs.containerID };
      if (policy === 'Never' || (policy === 'OnFailure' && exitCode === 0)) return { ...cs, ready: false, started: false, state: { terminated } };
      const restarts = cs.restartCount + 1;
      const delay = Math.min(10_000 * 2 ** (restarts - 1), MAX_BACKOFF_MS);
      recordEvent(this.api, pod, 'Warning', 'BackOff', `Back-off restarting failed container ${cs.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`, this.source, field);
      return {
        ...cs,
        ready: false,
        started: false,
        restartCount: restarts,
        lastState: { terminated },
        state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${Math.round(delay / 1000)}s restarting failed container=${cs.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`, until: new Date(now + delay).toISOString() } },
      };
    });
    if (!changed) return this.nextExit(pod, statuses);
    const done = statuses.every((s) => s.state?.terminated);
    const phase = done ? (statuses.every((s) => s.state.terminated.exitCode === 0) ? 'Succeeded' : 'Failed') : 'Running';
    // `until` (when the back-off ends) is kubelab's own field: a real kubelet keeps it in memory; in status it survives restarts.
    this.writeStatus(pod, statuses, phase);
    return this.nextExit(pod, statuses);
  }
}
