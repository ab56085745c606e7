// What the docker runtime knows of each pod's containers, kept in step with the engine: the kubelet's runtime pod
// cache and PLEG in one. A pod is loaded by its uid label the first time it is asked for, refreshed by the engine's
// events, and relisted now and then as a safety net for a missed event; each change wakes the pod's kubelet
// (onPodEvent). Split from docker-runtime.ts so that the runtime's file holds only what the kubelet asks it to do.
import type { Disposable } from '../api/types';
import type { DockerEngine } from '../docker/engine';
import { CLUSTER_LABEL } from '../docker/labels';
import type { Pod } from '../api/objects';
import { POD_UID_LABEL } from './docker-runtime-names';
import { infraOf, instanceOf, reconcileInspected, type Instance, type PodState } from './docker-runtime-state';

const WATCHED_ACTIONS = new Set(['die', 'oom', 'start', 'destroy']);

export interface PodCacheOptions {
  engine: DockerEngine;
  clusterId: string;
  /** The cluster network's name: a sandbox is alive only while its infra container has an IP on it. */
  networkName: string;
  log: (msg: string) => void;
}

export class PodCache {
  private readonly pods = new Map<string, PodState>();
  private readonly loading = new Map<string, Promise<PodState>>();
  private readonly listeners = new Set<(uid: string) => void>();
  /** Containers between create and the record of their start (a reload must not take them for leftovers). */
  readonly inFlight = new Set<string>();
  private events?: Disposable;
  private resync?: NodeJS.Timeout;
  private disposed = false;

  constructor(private readonly opts: PodCacheOptions) {}

  private get engine(): DockerEngine {
    return this.opts.engine;
  }

  /** Starts following the engine's events for this cluster's containers, and relists every `resyncMs` (0: never). */
  async follow(resyncMs: number): Promise<void> {
    this.events = await this.engine.events({ [CLUSTER_LABEL]: this.opts.clusterId }, (e) => {
      if (e.type === 'container' && WATCHED_ACTIONS.has(e.action)) void this.containerChanged(e.attributes[POD_UID_LABEL], e.id);
    });
    if (resyncMs > 0) {
      this.resync = setInterval(() => void this.resyncAll().catch((err) => this.opts.log(`resync: ${err.message}`)), resyncMs);
      this.resync.unref();
    }
  }

  notify(uid: string): void {
    if (!this.disposed) for (const l of [...this.listeners]) l(uid);
  }

  onPodEvent(listener: (podUid: string) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  /** The pod's state if it is loaded already (no engine call). */
  peek(uid: string): PodState | undefined {
    return this.pods.get(uid);
  }

  /** The pod's state, loaded from the engine (by its uid label) the first time it is asked for. */
  async state(uid: string): Promise<PodState> {
    const known = this.pods.get(uid);
    if (known) return known;
    let pending = this.loading.get(uid);
    if (!pending) {
      pending = this.load(uid).finally(() => this.loading.delete(uid));
      this.loading.set(uid, pending);
    }
    return pending;
  }

  /** The newest of the pod's container instances that matches. */
  async find(pod: Pod, match: (i: Instance) => boolean): Promise<Instance | undefined> {
    const state = await this.state(String(pod.metadata.uid));
    return [...state.instances].reverse().find(match);
  }

  /** Forgets the pod: the next question about it goes to the engine again. */
  forget(uid: string): void {
    this.pods.delete(uid);
  }

  /** The cluster network was rebuilt: every sandbox on the old one is gone, so each pod is looked at again. */
  sandboxesLost(): void {
    const uids = [...this.pods.keys()];
    this.pods.clear();
    for (const uid of uids) this.notify(uid);
  }

  private async load(uid: string): Promise<PodState> {
    const summaries = await this.engine.containers.list({ [CLUSTER_LABEL]: this.opts.clusterId, [POD_UID_LABEL]: uid });
    const infos = (await Promise.all(summaries.map((s) => this.engine.containers.inspect(s.id)))).filter((i) => i !== undefined);
    // Containers being created right now are not leftovers: leave them to startContainer.
    const { state, remove } = reconcileInspected(infos.filter((i) => !this.inFlight.has(i.id)), this.opts.networkName);
    await Promise.all(remove.map((id) => this.engine.containers.remove(id, { force: true })));
    const pod: PodState = { uid, ...state };
    this.pods.set(uid, pod);
    return pod;
  }

  /** An engine event for one of our containers: refresh what we know of it and wake the pod's kubelet. */
  private async containerChanged(uid: string | undefined, dockerId: string): Promise<void> {
    if (!uid || this.disposed || this.inFlight.has(dockerId)) return;
    const pod = this.pods.get(uid);
    if (!pod) return;
    const info = await this.engine.containers.inspect(dockerId).catch(() => undefined);
    const i = pod.instances.findIndex((x) => x.dockerId === dockerId);
    if (pod.infra?.dockerId === dockerId) pod.infra = info ? infraOf(info, this.opts.networkName) : { ...pod.infra, running: false };
    else if (i >= 0 && info) pod.instances[i] = instanceOf(info);
    else if (i >= 0) pod.instances.splice(i, 1);
    else this.pods.delete(uid); // not one we know: look at the engine again next time
    this.notify(uid);
  }

  /** The safety net under the event stream: one list call, then a closer look at pods whose containers changed. */
  private async resyncAll(): Promise<void> {
    if (!this.pods.size) return;
    const listed = new Map((await this.engine.containers.list({ [CLUSTER_LABEL]: this.opts.clusterId })).map((c) => [c.id, c.state]));
    for (const [uid, pod] of this.pods) {
      const infraDrift = pod.infra && (listed.get(pod.infra.dockerId) === 'running') !== pod.infra.running;
      const drift = pod.instances.some((i) => {
        const s = listed.get(i.dockerId);
        return s === undefined || (s === 'running') !== (i.state === 'running');
      });
      if (infraDrift || drift) {
        this.pods.delete(uid);
        this.notify(uid);
      }
    }
  }

  /** Stops following the engine and wakes nobody any more. */
  dispose(): void {
    this.disposed = true;
    this.events?.dispose();
    if (this.resync) clearInterval(this.resync);
    this.listeners.clear();
    this.pods.clear();
  }
}
