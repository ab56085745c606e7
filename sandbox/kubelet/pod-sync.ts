// SyncPod for one pod on one node (pkg/kubelet/kuberuntime SyncPod + computePodActions, simplified): make the
// sandbox, run the pod's containers (init containers one by one, starts with the kubelet's events, restarts with
// CrashLoopBackOff back-off, probes: container-sync.ts), then write the status pod-status.ts computes. Returns when
// the pod next wants a look. Failing a pod for good (activeDeadlineSeconds, eviction), killing a deleted pod and
// finishing its deletion (terminate) are here too.
import { findKind } from '../apiserver/kinds/registry';
import type { Pod, PodStatus } from '../api/objects';
import { isStatusError } from '../api/errors';
import { deepEqual } from '../util/deep-equal';
import { Backoff } from './backoff';
import { volumeMountError, type Lookup } from './config-refs';
import { generatePodStatus, type ContainerFacts } from './pod-status';
import { probeOf } from './probes';
import type { NodeRef, RuntimeContainer, RuntimePodStatus } from '../runtime/container-runtime';
import { STORAGE_CHECK_MS } from './storage-eviction';
import { asContainer, ephemeralToStart } from './ephemeral-containers';
import { ContainerSyncer, fieldPath, newPodMemory, RETRY_MS, type ContainerSyncDeps, type Pass, type PodMemory } from './container-sync';

const podRes = findKind('Pod')!;

/**
 * A sandbox that could not be made is tried again after 1 s, doubling to 5 min (the kubelet's crash back-off cap):
 * engine events the failure itself causes must not bring the next try forward, or a broken network costs dozens of
 * container creates a second. The first retry is quick because the usual cause (a network being rebuilt) heals in
 * seconds.
 */
const SANDBOX_BACKOFF = { initialMs: 1000, maxMs: 300_000 };

export interface PodSyncDeps extends ContainerSyncDeps {
  /** The node this kubelet runs, as it is now (podCIDR, InternalIP). */
  node(): NodeRef;
  /** Writes a pod's status (the kubelet wraps it so that its own writes do not wake it up again). */
  writeStatus(pod: Pod, status: PodStatus): Pod;
}

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

export class PodSyncer {
  private readonly containers: ContainerSyncer;
  private readonly sandboxes: Backoff;
  private readonly memory = new Map<string, PodMemory>();

  constructor(private readonly deps: PodSyncDeps) {
    this.containers = new ContainerSyncer(deps);
    this.sandboxes = new Backoff(deps.clock, SANDBOX_BACKOFF.initialMs, SANDBOX_BACKOFF.maxMs);
  }

  private mem(uid: string): PodMemory {
    let m = this.memory.get(uid);
    if (!m) this.memory.set(uid, (m = newPodMemory()));
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
    if (!isTerminal(pod.status?.phase)) for (const ec of ephemeralToStart(pod, latest)) await this.containers.start(pass, asContainer(ec), false, 0, ec);
    if (await this.containers.syncInitContainers(pass, latest)) {
      for (const c of pod.spec?.containers ?? []) await this.containers.syncContainer(pass, c, latest.get(c.name), false);
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
    this.containers.forget(uid);
    this.sandboxes.forgetPrefix(`${uid}/`);
  }
}
