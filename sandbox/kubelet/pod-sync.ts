// SyncPod for one pod on one node (pkg/kubelet/kuberuntime SyncPod + computePodActions, simplified): make the
// sandbox, run init containers one by one, start the app containers (image, config refs, create, start — with the
// kubelet's events), restart exited ones as the restart policy says with CrashLoopBackOff back-off, run the probes,
// then write the status pod-status.ts computes. Returns when the pod next wants a look. Killing a deleted pod and
// finishing its deletion is here too (terminate).
import { findKind } from '../apiserver/kinds/registry';
import type { Container, Pod, PodStatus } from '../api/objects';
import { isStatusError } from '../api/errors';
import type { ObjectApi } from '../apiserver/object-api';
import { deepEqual } from '../util/deep-equal';
import type { Clock } from '../util/clock';
import { Backoff, goDuration } from './backoff';
import { containerConfigError, volumeMountError, type Lookup } from './config-refs';
import { ImageManager, type Recorder } from './images';
import { generatePodStatus, type ContainerFacts } from './pod-status';
import { probeFailedMessage, probeOf, ProbeTracker } from './probes';
import type { ContainerRuntime, NodeRef, PodSandbox, ProbeKind, RuntimeContainer, RuntimePodStatus } from '../runtime/container-runtime';
import { normalizeImage } from './sim-runtime';
import { STORAGE_CHECK_MS } from './storage-eviction';
import { asContainer, ephemeralToStart, type EphemeralContainer } from './ephemeral-containers';

const podRes = findKind('Pod')!;
const RETRY_MS = 10_000;
/**
 * A sandbox that could not be made is tried again after 1 s, doubling to 5 min (the kubelet's crash back-off cap):
 * engine events the failure itself causes must not bring the next try forward, or a broken network costs dozens of
 * container creates a second. The first retry is quick because the usual cause (a network being rebuilt) heals in
 * seconds.
 */
const SANDBOX_BACKOFF = { initialMs: 1000, maxMs: 300_000 };

export interface PodSyncDeps {
  api: ObjectApi;
  clock: Clock;
  runtime: ContainerRuntime;
  record: Recorder;
  /** The node this kubelet runs, as it is now (podCIDR, InternalIP). */
  node(): NodeRef;
  /** Writes a pod's status (the kubelet wraps it so that its own writes do not wake it up again). */
  writeStatus(pod: Pod, status: PodStatus): Pod;
}

interface PodMemory {
  waiting: Map<string, { reason: string; message?: string }>;
  /** Container instances whose exit has been reported in status already. */
  reported: Set<string>;
  probes: ProbeTracker;
  ready: Map<string, boolean>;
  started: Map<string, boolean>;
}

/** What one sync pass collects: when to look again, and whether to look again at once. */
interface Pass {
  pod: Pod;
  mem: PodMemory;
  sandbox: PodSandbox;
  due: number[];
  again: boolean;
}

const isSidecar = (c: Container | undefined) => c?.restartPolicy === 'Always';

/** When the pod's activeDeadlineSeconds runs out (ms since the epoch), counted from its startTime. */
function activeDeadline(pod: Pod): number | undefined {
  const seconds = pod.spec?.activeDeadlineSeconds;
  const start = Date.parse(pod.status?.startTime ?? '');
  return seconds !== undefined && Number.isInteger(seconds) && seconds > 0 && !Number.isNaN(start) ? start + seconds * 1000 : undefined;
}
const isTerminal = (phase: unknown) => phase === 'Succeeded' || phase === 'Failed';

function latestByName(rt: RuntimePodStatus): Map<string, RuntimeContainer> {
  const out = new Map<string, RuntimeContainer>();
  for (const c of rt.containers) if (!out.has(c.name) || out.get(c.name)!.attempt <= c.attempt) out.set(c.name, c);
  return out;
}

const fieldPath = (c: Container, init: boolean, ephemeral?: EphemeralContainer) =>
  `spec.${ephemeral ? 'ephemeralContainers' : init ? 'initContainers' : 'containers'}{${c.name}}`;
const podRef = (pod: Pod) => `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;

export class PodSyncer {
  private readonly crash: Backoff;
  private readonly sandboxes: Backoff;
  private readonly images: ImageManager;
  private readonly memory = new Map<string, PodMemory>();

  constructor(private readonly deps: PodSyncDeps) {
    this.crash = new Backoff(deps.clock, 10_000, 300_000);
    this.sandboxes = new Backoff(deps.clock, SANDBOX_BACKOFF.initialMs, SANDBOX_BACKOFF.maxMs);
    this.images = new ImageManager(deps.runtime, deps.clock, deps.record);
  }

  private mem(uid: string): PodMemory {
    let m = this.memory.get(uid);
    if (!m) this.memory.set(uid, (m = { waiting: new Map(), reported: new Set(), probes: new ProbeTracker(), ready: new Map(), started: new Map() }));
    return m;
  }

  private now(): number {
    return this.deps.clock.now().getTime();
  }

  private lookup(namespace: string): Lookup {
    return (kind, name) => this.deps.api.tryGet(findKind(kind)!, namespace, name);
  }

  /** One pass over a live pod; resolves with ms until it wants another (undefined: only when something happens). */
  async sync(current: Pod): Promise<number | undefined> {
    let pod = current;
    const { runtime, record } = this.deps;
    const uid = String(pod.metadata.uid);
    const mem = this.mem(uid);
    let rt = await runtime.podStatus(pod);
    const deadline = activeDeadline(pod);
    if (deadline !== undefined && deadline <= this.now()) return this.deadlineExceeded(pod, mem);
    if (!rt.sandbox) {
      // Volumes come before the sandbox: a pod whose ConfigMap is missing stays ContainerCreating.
      const mountError = volumeMountError(pod, this.lookup(String(pod.metadata.namespace)));
      if (mountError) {
        record(pod, 'Warning', 'FailedMount', mountError);
        await this.writeStatus(pod, rt, mem);
        return RETRY_MS;
      }
      // The first status a kubelet posts: accepted, sandbox and containers being created (ContainerCreating).
      if (!pod.status?.containerStatuses) pod = await this.writeStatus(pod, rt, mem);
      const key = `${uid}/sandbox`;
      if (this.sandboxes.isInBackOffSinceUpdate(key)) return Math.max(0, this.sandboxes.endsAt(key)! - this.now());
      // Containers without a sandbox: it died or its network went; they go with it and start again in a new one.
      if (rt.containers.length) record(pod, 'Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
      try {
        await runtime.ensurePodSandbox(pod, this.deps.node());
      } catch (e) {
        this.sandboxes.next(key, this.now());
        record(pod, 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: ${(e as Error)?.message ?? e}`);
        await this.writeStatus(pod, rt, mem);
        return this.sandboxes.get(key);
      }
      this.sandboxes.forgetPrefix(key);
      rt = await runtime.podStatus(pod);
    }
    // The eviction manager's local-storage check: a pod over its ephemeral-storage limits is evicted.
    const evicted = await runtime.storageEviction?.(pod).catch(() => undefined);
    if (evicted) return this.failPod(pod, mem, 'Evicted', evicted, 'Warning', 0);
    const latest = latestByName(rt);
    // An exit is reported before anything restarts, so watchers see Error/Completed as on a real node.
    const fresh = [...latest.values()].filter((c) => c.state === 'exited' && !mem.reported.has(c.id));
    if (fresh.length) {
      for (const c of fresh) {
        mem.reported.add(c.id);
        mem.waiting.delete(c.name);
      }
      const written = await this.writeStatus(pod, rt, mem);
      if (!isTerminal(written.status?.phase)) return 0;
      await runtime.stopPodSandbox?.(written);
      return undefined;
    }

    // Mounted ConfigMaps, Secrets and downward API files follow their sources (environment variables do not).
    await runtime.refreshVolumes?.(pod).catch((e) => {
      const message = String((e as Error)?.message ?? e);
      record(pod, 'Warning', 'FailedMount', message.startsWith('MountVolume.') ? message : `MountVolume.SetUp failed: ${message}`);
    });
    const pass: Pass = { pod, mem, sandbox: rt.sandbox!, due: [], again: false };
    // Debug containers first, so that a pod stuck in its init containers can still be debugged.
    if (!isTerminal(pod.status?.phase)) for (const ec of ephemeralToStart(pod, latest)) await this.start(pass, asContainer(ec), false, 0, ec);
    if (await this.syncInitContainers(pass, latest)) {
      for (const c of pod.spec?.containers ?? []) await this.syncContainer(pass, c, latest.get(c.name), false);
    }
    rt = await runtime.podStatus(pod);
    mem.probes.retain(new Set(rt.containers.map((c) => c.id)));
    const written = await this.writeStatus(pod, rt, mem);
    if (isTerminal(written.status?.phase)) {
      // Nothing will run in it again: the sandbox (and its IP) is given up; exited containers stay for logs.
      await runtime.stopPodSandbox?.(written);
      return undefined;
    }
    if (pass.again) return 0;
    // Look again when activeDeadlineSeconds runs out (startTime is set by the first status written).
    const runsOut = activeDeadline(written);
    if (runsOut !== undefined) pass.due.push(runsOut);
    if (runtime.storageEviction) pass.due.push(this.now() + STORAGE_CHECK_MS);
    return pass.due.length ? Math.max(0, Math.min(...pass.due) - this.now()) : undefined;
  }

  /**
   * activeDeadlineSeconds ran out (the kubelet's activeDeadlineHandler): the pod fails for good with reason
   * DeadlineExceeded — written first, its containers no longer ready, so `kubectl get pods` shows
   * `0/1 DeadlineExceeded` as on a real node — then every container is killed and the sandbox given up.
   */
  private deadlineExceeded(pod: Pod, mem: PodMemory): Promise<undefined> {
    return this.failPod(pod, mem, 'DeadlineExceeded', 'Pod was active on the node longer than the specified deadline', 'Normal');
  }

  /** The kubelet fails the pod for good (deadline, eviction): status first, then every container killed. */
  private async failPod(pod: Pod, mem: PodMemory, reason: string, message: string, type: 'Normal' | 'Warning', graceSeconds?: number): Promise<undefined> {
    const { runtime, record } = this.deps;
    record(pod, type, reason, message);
    const rt = await runtime.podStatus(pod);
    mem.waiting.clear();
    for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) mem.ready.set(c.name, false);
    const status = generatePodStatus({ pod, runtime: rt, facts: this.facts(pod, mem), now: this.deps.api.now(), hostIP: this.hostIP(), failed: { reason, message } });
    const written = this.deps.writeStatus(pod, status);
    const grace = graceSeconds ?? Number(pod.spec?.terminationGracePeriodSeconds ?? 30);
    const running = [...latestByName(rt).values()].filter((c) => c.state === 'running');
    await Promise.all(running.map((c) => runtime.stopContainer(written, c.id, grace)));
    await runtime.stopPodSandbox?.(written);
    return undefined;
  }

  /** Init containers in order, each to completion (sidecars: until started); true once all are through. */
  private async syncInitContainers(pass: Pass, latest: Map<string, RuntimeContainer>): Promise<boolean> {
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

  private async syncContainer(pass: Pass, c: Container, inst: RuntimeContainer | undefined, init: boolean): Promise<void> {
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
  private async start(pass: Pass, c: Container, init: boolean, attempt: number, ephemeral?: EphemeralContainer): Promise<boolean> {
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

  private facts(pod: Pod, mem: PodMemory): Map<string, ContainerFacts> {
    const out = new Map<string, ContainerFacts>();
    for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? []), ...(pod.spec?.ephemeralContainers ?? []).map(asContainer)]) {
      out.set(c.name, { waiting: mem.waiting.get(c.name), ready: mem.ready.get(c.name) ?? !probeOf(c, 'readiness'), started: mem.started.get(c.name) ?? !probeOf(c, 'startup') });
    }
    return out;
  }

  private hostIP(): string | undefined {
    return this.deps.node().internalIP;
  }

  /** Writes the generated status when it differs from the stored one; resolves with the pod as it now is. */
  private async writeStatus(pod: Pod, rt: RuntimePodStatus, mem: PodMemory, terminal = false): Promise<Pod> {
    const status = generatePodStatus({ pod, runtime: rt, facts: this.facts(pod, mem), now: this.deps.api.now(), hostIP: this.hostIP(), terminal });
    return deepEqual(status, pod.status) ? pod : this.deps.writeStatus(pod, status);
  }

  /**
   * A pod with a deletionTimestamp: stop its containers within the grace period (Killing events), report them
   * terminated, free its sandbox and IP, and remove the object for good (the kubelet's side of graceful deletion).
   */
  async terminate(pod: Pod): Promise<void> {
    const { runtime, record } = this.deps;
    const uid = String(pod.metadata.uid);
    const grace = Number(pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30);
    const running = [...latestByName(await runtime.podStatus(pod)).values()].filter((c) => c.state === 'running');
    const initNames = new Set((pod.spec?.initContainers ?? []).map((c) => c.name));
    // All at once, as the kubelet kills a pod's containers: each gets the whole grace period, not a share of it.
    await Promise.all(
      running.map((c) => {
        record(pod, 'Normal', 'Killing', `Stopping container ${c.name}`, fieldPath(c, initNames.has(c.name)));
        return runtime.stopContainer(pod, c.id, grace);
      }),
    );
    if (running.length && !isTerminal(pod.status?.phase)) {
      const mem = this.mem(uid);
      mem.waiting.clear();
      try {
        await this.writeStatus(pod, await runtime.podStatus(pod), mem, true);
      } catch (e) {
        if (!isStatusError(e)) throw e;
      }
    }
    await this.forget(uid);
    try {
      this.deps.api.delete(podRes, pod.metadata.namespace, String(pod.metadata.name), { gracePeriodSeconds: 0, preconditions: { uid } });
    } catch (e) {
      if (!(isStatusError(e) && (e.code === 404 || e.code === 409))) throw e;
    }
  }

  /** A pod that vanished without us (force deletion): kill what still runs, then drop everything about it. */
  async vanished(last: Pod): Promise<void> {
    const running = [...latestByName(await this.deps.runtime.podStatus(last)).values()].filter((c) => c.state === 'running');
    const initNames = new Set((last.spec?.initContainers ?? []).map((c) => c.name));
    await Promise.all(
      running.map((c) => {
        this.deps.record(last, 'Normal', 'Killing', `Stopping container ${c.name}`, fieldPath(c, initNames.has(c.name)));
        return this.deps.runtime.stopContainer(last, c.id, 0);
      }),
    );
    await this.forget(String(last.metadata.uid));
  }

  async forget(uid: string): Promise<void> {
    await this.deps.runtime.removePod(uid);
    this.memory.delete(uid);
    this.images.forgetPod(uid);
    this.crash.forgetPrefix(`${uid}/`);
    this.sandboxes.forgetPrefix(`${uid}/`);
  }
}
