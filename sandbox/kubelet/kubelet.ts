// The kubelet of one node, as a controller: pods bound to its node are its keys; each reconcile syncs one pod
// through the ContainerRuntime (pod-sync.ts) and reports its status; the runtime's container events (PLEG) and
// the sync's own timers (back-offs, probes) bring a pod back. Its heartbeats live in node-status.ts. stop() makes
// it fall silent as a failed machine would — no lease renewals, no pod work — and start() brings it back.
import { findKind } from '../apiserver/kinds/registry';
import type { Disposable } from '../api/types';
import type { ConfigMap, Pod, Secret } from '../api/objects';
import type { ObjectApi } from '../apiserver/object-api';
import { objectKeyOf, splitKey, watchOf, type Controller, type ReconcileResult, type WatchSpec } from '../controller-runtime/controller';
import { recordEvent } from '../controller-runtime/events';
import type { Clock } from '../util/clock';
import { NodeHeartbeat, type HeartbeatTimings } from './node-status';
import { isComponentPod } from './kube-system-pods';
import { PodSyncer } from './pod-sync';
import type { ContainerRuntime, NodeRef } from '../runtime/container-runtime';

const podRes = findKind('Pod')!;
const nodeRes = findKind('Node')!;
const configMapRes = findKind('ConfigMap')!;
const secretRes = findKind('Secret')!;

/** The ConfigMaps or Secrets a pod mounts as volumes (directly or projected). */
function mountedSources(pod: Pod, kind: 'ConfigMap' | 'Secret'): Set<string> {
  const names = new Set<string>();
  for (const v of pod.spec?.volumes ?? []) {
    if (kind === 'ConfigMap' && v.configMap?.name) names.add(String(v.configMap.name));
    if (kind === 'Secret' && v.secret?.secretName) names.add(String(v.secret.secretName));
    for (const src of v.projected?.sources ?? []) {
      if (kind === 'ConfigMap' && src.configMap?.name) names.add(String(src.configMap.name));
      if (kind === 'Secret' && src.secret?.name) names.add(String(src.secret.name));
    }
  }
  return names;
}

export class Kubelet implements Controller, Disposable {
  readonly name: string;
  readonly watches: WatchSpec[];
  /** Pods are synced side by side (the real kubelet runs a worker per pod): starting 20 pods is not 20 starts in a row. */
  readonly workers = 4;
  private running = false;
  private enqueue: (key: string) => void = () => undefined;
  /** The last copy of every pod this kubelet runs, by key, to clean up after pods that vanish. */
  private readonly known = new Map<string, Pod>();
  private readonly keyOfUid = new Map<string, string>();
  /** The pod whose status this kubelet is writing: watch events are delivered inside the write, and ignored. */
  private writing?: string;
  private readonly syncer: PodSyncer;
  private readonly heartbeat: NodeHeartbeat;
  private readonly pleg: Disposable;
  private warm: Promise<void> = Promise.resolve();

  constructor(
    private readonly api: ObjectApi,
    private readonly clock: Clock,
    readonly nodeName: string,
    private readonly runtime: ContainerRuntime,
    timings: HeartbeatTimings,
    log: (m: string) => void = () => undefined,
  ) {
    this.name = `kubelet/${nodeName}`;
    const source = { component: 'kubelet', host: nodeName };
    this.watches = [
      watchOf(podRes, (e) => this.keysFor(e.object)),
      // A changed ConfigMap or Secret brings the pods that mount it back, so their files follow (configMapManager).
      watchOf(configMapRes, (e) => this.podsMounting('ConfigMap', e.object)),
      watchOf(secretRes, (e) => this.podsMounting('Secret', e.object)),
    ];
    this.syncer = new PodSyncer({
      api,
      clock,
      runtime,
      record: (pod, type, reason, message, fieldPath) => recordEvent(api, pod, type, reason, message, source, fieldPath),
      node: () => this.nodeRef(),
      writeStatus: (pod, status) => {
        this.writing = objectKeyOf(pod);
        try {
          return api.updateStatus(podRes, pod.metadata.namespace, String(pod.metadata.name), { ...pod, status });
        } finally {
          this.writing = undefined;
        }
      },
    });
    this.heartbeat = new NodeHeartbeat(api, clock, nodeName, runtime.version, timings, log);
    this.pleg = runtime.onPodEvent((uid) => {
      const key = this.keyOfUid.get(uid);
      if (key && this.running) this.enqueue(key);
    });
  }

  private keysFor(pod: Pod): string[] {
    // Mirror pods of the control plane and add-ons (kube-system-pods.ts) run no containers here.
    if (pod.spec?.nodeName !== this.nodeName || isComponentPod(pod)) return [];
    const key = objectKeyOf(pod);
    return key === this.writing ? [] : [key];
  }

  private podsMounting(kind: 'ConfigMap' | 'Secret', obj: ConfigMap | Secret): string[] {
    const out: string[] = [];
    for (const [key, pod] of this.known) {
      if (pod.metadata.namespace === obj.metadata.namespace && mountedSources(pod, kind).has(String(obj.metadata.name))) out.push(key);
    }
    return out;
  }

  /** Lets the kubelet queue its own keys (runtime events, start()); the manager that runs it provides this. */
  attach(enqueue: (key: string) => void): void {
    this.enqueue = enqueue;
  }

  get stopped(): boolean {
    return !this.running;
  }

  /** Starts heartbeating and looks at every pod of the node again. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.heartbeat.start();
    const pods = this.api.list(podRes, undefined, { fieldSelector: `spec.nodeName=${this.nodeName}` }).items;
    // The runtime first learns of pods it already runs (a restarted sim takes their IPs back) before new ones start.
    this.warm = Promise.all(pods.map((p) => this.runtime.podStatus(p).catch(() => undefined))).then(() => undefined);
    for (const p of pods) if (!isComponentPod(p)) this.enqueue(objectKeyOf(p));
  }

  /** Falls silent: no lease renewals, no status, no pod work, until start(). Containers are left as they are. */
  stop(): void {
    this.running = false;
    this.heartbeat.stop();
  }

  dispose(): void {
    this.stop();
    this.pleg.dispose();
  }

  private nodeRef(): NodeRef {
    const node = this.api.tryGet(nodeRes, undefined, this.nodeName);
    return {
      name: this.nodeName,
      podCIDR: node?.spec?.podCIDR,
      internalIP: node?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address,
    };
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    if (!this.running) return;
    await this.warm;
    const { namespace, name } = splitKey(key);
    const pod = this.api.tryGet(podRes, namespace, name);
    const last = this.known.get(key);
    const mine = pod?.spec?.nodeName === this.nodeName && !isComponentPod(pod);
    if (last && (!mine || pod!.metadata.uid !== last.metadata.uid)) {
      // Gone without the kubelet finishing it (force-deleted), or replaced by a new pod of the same name.
      this.known.delete(key);
      this.keyOfUid.delete(String(last.metadata.uid));
      await this.syncer.vanished(last);
    }
    if (!pod || !mine) return;
    this.known.set(key, pod);
    this.keyOfUid.set(String(pod.metadata.uid), key);
    if (pod.metadata.deletionTimestamp) {
      await this.syncer.terminate(pod);
      this.known.delete(key);
      this.keyOfUid.delete(String(pod.metadata.uid));
      return;
    }
    // A pod that finished keeps its containers (for logs) until it is deleted; nothing more to run.
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return;
    const ms = await this.syncer.sync(pod);
    return ms === undefined ? undefined : { requeueAfterMs: ms };
  }
}
