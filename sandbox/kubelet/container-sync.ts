// A pod's containers in one sync pass (the container half of kuberuntime's computePodActions and startContainer):
// init containers one by one, app and debug containers started with the kubelet's events (image, config refs,
// create, start), exited ones restarted as the restart policy says with CrashLoopBackOff back-off, running ones
// probed — a failed liveness or startup probe kills them — and replaced when their image changed. Split from
// pod-sync.ts, which owns the pod: its sandbox, status, deadline, eviction and termination.
import type { Container, Pod } from '../api/objects';
import { findKind } from '../apiserver/kinds/registry';
import type { ObjectApi } from '../apiserver/object-api';
import type { Clock } from '../util/clock';
import { Backoff, goDuration } from './backoff';
import { containerConfigError, type Lookup } from './config-refs';
import { ImageManager, type Recorder } from './images';
import { probeFailedMessage, probeOf, ProbeTracker } from './probes';
import type { ContainerRuntime, PodSandbox, ProbeKind, RuntimeContainer } from '../runtime/container-runtime';
import { normalizeImage } from './sim-runtime';
import type { EphemeralContainer } from './ephemeral-containers';

/** How soon a container that could not be created is tried again (and a pod whose volumes cannot be mounted). */
export const RETRY_MS = 10_000;

export interface ContainerSyncDeps {
  api: ObjectApi;
  clock: Clock;
  runtime: ContainerRuntime;
  record: Recorder;
}

/** What the kubelet remembers of a pod's containers between passes. */
export interface PodMemory {
  waiting: Map<string, { reason: string; message?: string }>;
  /** Container instances whose exit has been reported in status already. */
  reported: Set<string>;
  probes: ProbeTracker;
  ready: Map<string, boolean>;
  started: Map<string, boolean>;
}

export const newPodMemory = (): PodMemory => ({ waiting: new Map(), reported: new Set(), probes: new ProbeTracker(), ready: new Map(), started: new Map() });

/** What one sync pass collects: when to look again, and whether to look again at once. */
export interface Pass {
  pod: Pod;
  mem: PodMemory;
  sandbox: PodSandbox;
  due: number[];
  again: boolean;
}

const isSidecar = (c: Container | undefined) => c?.restartPolicy === 'Always';

/** The container's field path in the kubelet's events (involvedObject.fieldPath). */
export const fieldPath = (c: Container, init: boolean, ephemeral?: EphemeralContainer) =>
  `spec.${ephemeral ? 'ephemeralContainers' : init ? 'initContainers' : 'containers'}{${c.name}}`;
const podRef = (pod: Pod) => `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;

export class ContainerSyncer {
  private readonly crash: Backoff;
  private readonly images: ImageManager;

  constructor(private readonly deps: ContainerSyncDeps) {
    this.crash = new Backoff(deps.clock, 10_000, 300_000);
    this.images = new ImageManager(deps.runtime, deps.clock, deps.record);
  }

  private now(): number {
    return this.deps.clock.now().getTime();
  }

  private lookup(namespace: string): Lookup {
    return (kind, name) => this.deps.api.tryGet(findKind(kind)!, namespace, name);
  }

  /** Init containers in order, each to completion (sidecars: until started); true once all are through. */
  async syncInitContainers(pass: Pass, latest: Map<string, RuntimeContainer>): Promise<boolean> {
    for (const c of pass.pod.spec?.initContainers ?? []) {
      const inst = latest.get(c.name);
      if (isSidecar(c)) {
        await this.syncContainer(pass, c, inst, true);
        if (!inst || inst.state !== 'running' || !pass.mem.started.get(c.name)) return false;
        continue;
      }
      if (inst?.state === 'exited' && inst.exitCode === 0) continue;
      await this.syncContainer(pass, c, inst, true);
      return false;
    }
    return true;
  }

  /** Whether an exited container is started again (container restart policy, then the pod's). */
  private restarts(pod: Pod, c: Container, init: boolean, exitCode: number): boolean {
    if (init && isSidecar(c)) return true;
    const policy = pod.spec?.restartPolicy ?? 'Always';
    if (init) return exitCode !== 0 && policy !== 'Never';
    return policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
  }

  async syncContainer(pass: Pass, c: Container, inst: RuntimeContainer | undefined, init: boolean): Promise<void> {
    if (!inst) {
      if (await this.start(pass, c, init, 0)) pass.again ||= init;
      return;
    }
    if (inst.state === 'running') return this.watchRunning(pass, c, inst, init);
    if (inst.state !== 'exited') return;
    if (!this.restarts(pass.pod, c, init, inst.exitCode ?? 0)) {
      pass.mem.waiting.delete(c.name);
      return;
    }
    const key = `${pass.pod.metadata.uid}/${c.name}`;
    const finished = Date.parse(inst.finishedAt ?? '') || this.now();
    if (this.crash.isInBackOffSince(key, finished)) {
      const ms = this.crash.get(key);
      pass.mem.waiting.set(c.name, { reason: 'CrashLoopBackOff', message: `back-off ${goDuration(ms)} restarting failed container=${c.name} pod=${podRef(pass.pod)}` });
      this.deps.record(pass.pod, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${podRef(pass.pod)}`, fieldPath(c, init));
      pass.due.push(finished + ms);
      return;
    }
    this.crash.next(key, finished);
    if (await this.start(pass, c, init, inst.attempt + 1)) pass.again ||= init;
  }

  /** Image, config refs, create and start, each with its event; false when the container could not start. */
  async start(pass: Pass, c: Container, init: boolean, attempt: number, ephemeral?: EphemeralContainer): Promise<boolean> {
    const { pod, mem } = pass;
    const path = fieldPath(c, init, ephemeral);
    const fail = (reason: string, message: string, retryAt: number, event = `Error: ${reason}`) => {
      mem.waiting.set(c.name, { reason, message });
      this.deps.record(pod, 'Warning', 'Failed', event, path);
      pass.due.push(retryAt);
      return false;
    };
    const image = await this.images.ensureImageExists(pod, c, path);
    if (!image.ok) {
      // ErrImagePull turns into ImagePullBackOff at the next look, as `kubectl get pods -w` shows.
      const retry = image.reason === 'ErrImagePull' ? this.now() + 1000 : image.retryAt ?? this.now() + 60_000;
      return fail(image.reason, image.message, retry);
    }
    const configError = containerConfigError(pod, c, this.lookup(String(pod.metadata.namespace)));
    if (configError) return fail('CreateContainerConfigError', configError, this.now() + RETRY_MS, `Error: ${configError}`);
    const refused = this.deps.runtime.refusal?.(pod, c);
    if (refused) return fail('CreateContainerConfigError', refused, this.now() + RETRY_MS, `Error: ${refused}`);
    let started: RuntimeContainer;
    try {
      const target = ephemeral?.targetContainerName;
      started = await this.deps.runtime.startContainer(pod, c, { sandbox: pass.sandbox, attempt, imageRef: image.imageRef, init, ...(target ? { targetContainer: target } : {}) });
    } catch (e) {
      const message = String((e as Error)?.message ?? e);
      return fail('CreateContainerError', message, this.now() + RETRY_MS, `Error: ${message}`);
    }
    this.deps.record(pod, 'Normal', 'Created', `Created container: ${c.name}`, path);
    if (started.reason === 'StartError') {
      // Created but its process could not run (no such executable…): the exit is reported and backed off like a crash.
      this.deps.record(pod, 'Warning', 'Failed', `Error: failed to start container "${c.name}": ${started.message ?? ''}`, path);
      mem.waiting.delete(c.name);
      pass.again = true;
      return true;
    }
    this.deps.record(pod, 'Normal', 'Started', `Started container ${c.name}`, path);
    mem.waiting.delete(c.name);
    mem.ready.delete(c.name);
    mem.started.delete(c.name);
    // The probes of the new instance are scheduled by the next pass.
    if ((['startup', 'liveness', 'readiness'] as const).some((k) => probeOf(c, k))) pass.again = true;
    return true;
  }

  /** Startup, liveness and readiness probes of a running instance; a failed liveness/startup probe kills it. */
  private async watchRunning(pass: Pass, c: Container, inst: RuntimeContainer, init: boolean): Promise<void> {
    const { pod, mem } = pass;
    if (normalizeImage(String(c.image)) !== inst.image) return this.replace(pass, c, inst, init);
    const startedAt = Date.parse(inst.startedAt ?? '') || this.now();
    const check = async (kind: ProbeKind) => {
      const r = await mem.probes.check(inst.id, startedAt, c, kind, this.now(), () =>
        this.deps.runtime.probe(pod, c, kind, probeOf(c, kind), pass.sandbox.ip),
      );
      if (r.dueAt !== undefined) pass.due.push(r.dueAt);
      if (r.newFailure !== undefined) this.deps.record(pod, 'Warning', 'Unhealthy', probeFailedMessage(kind, r.newFailure), fieldPath(c, init));
      return r;
    };
    const kill = async (kind: ProbeKind) => {
      this.deps.record(pod, 'Normal', 'Killing', `Container ${c.name} failed ${kind} probe, will be restarted`, fieldPath(c, init));
      const probe = probeOf(c, kind);
      await this.deps.runtime.stopContainer(pod, inst.id, Number(probe?.terminationGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30));
      pass.again = true;
    };
    const startup = await check('startup');
    mem.started.set(c.name, startup.result);
    if (startup.exhausted && !startup.result) return kill('startup');
    if (!startup.result) {
      mem.ready.set(c.name, false);
      return;
    }
    const liveness = await check('liveness');
    if (liveness.exhausted) return kill('liveness');
    // A regular init container is never "ready" while it runs; it only has to finish.
    if (init && !isSidecar(c)) return void mem.ready.set(c.name, false);
    mem.ready.set(c.name, (await check('readiness')).result);
  }

  /**
   * The container's image was changed (`kubectl set image pod/…`): kill the running instance and start one of the
   * new image at once, whatever the restart policy (computePodActions' "definition changed").
   */
  private async replace(pass: Pass, c: Container, inst: RuntimeContainer, init: boolean): Promise<void> {
    const { pod, mem } = pass;
    this.deps.record(pod, 'Normal', 'Killing', `Container ${c.name} definition changed, will be restarted`, fieldPath(c, init));
    await this.deps.runtime.stopContainer(pod, inst.id, Number(pod.spec?.terminationGracePeriodSeconds ?? 30));
    // Its exit is the kubelet's doing, not a crash: no exit report, no back-off.
    mem.reported.add(inst.id);
    await this.start(pass, c, init, inst.attempt + 1);
    pass.again = true;
  }

  /** The pod is gone: its back-offs and image pulls are forgotten. */
  forget(uid: string): void {
    this.images.forgetPod(uid);
    this.crash.forgetPrefix(`${uid}/`);
  }
}
