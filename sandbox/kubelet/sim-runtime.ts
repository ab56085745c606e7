// The simulated container runtime (kwok-like): sandboxes get IPs from the node's podCIDR, containers are records
// whose "process" follows sim-program.ts — it runs, exits on the clock, answers probes — and nothing executes. A
// restarted kubelab has an empty sim: the first podStatus of a pod rebuilds its records from the pod's own status
// (sim processes survive restarts), so running pods keep their IPs, container IDs and start times.
import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Disposable } from '../api/types';
import type { Container, Pod, PodStatus, Probe } from '../api/objects';
import { rfc3339, type Clock } from '../util/clock';
import { PodIpPool } from './ipam';
import {
  ImagePullError, RuntimeNotSupportedError, type ContainerRuntime, type ContainerUsage, type NodeRef, type PodSandbox, type ProbeKind, type ProbeResult,
  type PulledImage, type RuntimeContainer, type RuntimePodStatus, type StartContainerOptions,
} from '../runtime/container-runtime';
import { normalizeImage } from '../lib/image-names';
import { simProbe, simProgram, simPullFailure, simUsage, type SimProgram } from './sim-program';

export { normalizeImage };

export const SIM_RUNTIME_VERSION = 'kubelab-sim://0.1.0';

interface SimContainer extends RuntimeContainer {
  program: SimProgram;
  exitTimer?: Disposable;
}

interface SimPod {
  uid: string;
  node?: string;
  sandbox?: PodSandbox;
  containers: SimContainer[];
}

const NOT_SUPPORTED =
  'this cluster runs the simulated runtime (sim), whose containers have no processes. Start kubelab with Docker available to use the docker runtime.';

/** A stable made-up digest, so the same image always shows the same imageID. */
function imageID(image: string): string {
  const ref = normalizeImage(image);
  const repo = ref.includes('@') ? ref.split('@')[0] : ref.slice(0, ref.lastIndexOf(':'));
  return `${repo}@sha256:${createHash('sha256').update(ref).digest('hex')}`;
}

export class SimRuntime implements ContainerRuntime {
  readonly name = 'sim';
  readonly version = SIM_RUNTIME_VERSION;
  private readonly pods = new Map<string, SimPod>();
  private readonly pools = new Map<string, PodIpPool>();
  /** IPs of restored pods by node, reserved when that node's pool is made. */
  private readonly restoredIps = new Map<string, Set<string>>();
  private readonly listeners = new Set<(uid: string) => void>();

  constructor(private readonly clock: Clock) {}

  onPodEvent(listener: (podUid: string) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  async imageRef(image: string): Promise<string | undefined> {
    return simPullFailure(image) ? undefined : imageID(image);
  }

  async pullImage(image: string): Promise<PulledImage> {
    if (simPullFailure(image)) {
      const ref = normalizeImage(image);
      throw new ImagePullError(
        `rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found ` +
          `(kubelab has no registry: only the lab images can run, see kubelab images list)`,
      );
    }
    return { imageRef: imageID(image) };
  }

  private pool(node: NodeRef): PodIpPool | undefined {
    if (!node.podCIDR) return undefined;
    let pool = this.pools.get(node.name);
    if (!pool || pool.cidr !== node.podCIDR) {
      this.pools.set(node.name, (pool = new PodIpPool(node.podCIDR)));
      for (const ip of this.restoredIps.get(node.name) ?? []) pool.reserve(ip);
    }
    return pool;
  }

  private podOf(pod: Pod): SimPod {
    const uid = String(pod.metadata.uid);
    let p = this.pods.get(uid);
    if (!p) {
      p = this.restore(pod);
      this.pods.set(uid, p);
    }
    return p;
  }

  async ensurePodSandbox(pod: Pod, node: NodeRef): Promise<PodSandbox> {
    const p = this.podOf(pod);
    if (p.sandbox) return p.sandbox;
    const pool = this.pool(node);
    const ip = pool ? pool.allocate() : '';
    p.node = node.name;
    p.sandbox = { id: `sim://${randomBytes(32).toString('hex')}`, ip, createdAt: rfc3339(this.clock.now()) };
    return p.sandbox;
  }

  async startContainer(pod: Pod, container: Container, opts: StartContainerOptions): Promise<RuntimeContainer> {
    const p = this.podOf(pod);
    const now = rfc3339(this.clock.now());
    const program = simProgram(container, { restartPolicy: pod.spec?.restartPolicy ?? 'Always', init: opts.init });
    const c: SimContainer = {
      id: `sim://${randomBytes(32).toString('hex')}`,
      name: container.name,
      attempt: opts.attempt,
      image: normalizeImage(String(container.image)),
      imageID: opts.imageRef,
      state: 'running',
      createdAt: now,
      startedAt: now,
      program,
    };
    p.containers.push(c);
    this.armExit(p, c);
    return view(c);
  }

  /** Schedules the program's exit on the clock; the PLEG listeners hear of it when it happens. */
  private armExit(p: SimPod, c: SimContainer): void {
    if (c.state !== 'running' || c.program.runSeconds === undefined) return;
    const at = Date.parse(c.startedAt!) + c.program.runSeconds * 1000;
    c.exitTimer = this.clock.setTimeout(() => {
      c.exitTimer = undefined;
      if (this.settle(c)) for (const l of [...this.listeners]) l(p.uid);
    }, Math.max(0, at - this.clock.now().getTime()));
  }

  /** Brings a record up to the clock: a program whose time is up has exited, at the time it was due. */
  private settle(c: SimContainer): boolean {
    if (c.state !== 'running' || c.program.runSeconds === undefined) return false;
    const at = Date.parse(c.startedAt!) + c.program.runSeconds * 1000;
    if (this.clock.now().getTime() < at) return false;
    this.exit(c, c.program.exitCode, rfc3339(new Date(at)));
    return true;
  }

  private exit(c: SimContainer, exitCode: number, finishedAt: string): void {
    c.exitTimer?.dispose();
    c.exitTimer = undefined;
    c.state = 'exited';
    c.exitCode = exitCode;
    c.reason = exitCode === 0 ? 'Completed' : 'Error';
    c.finishedAt = finishedAt;
  }

  async stopContainer(pod: Pod, containerId: string): Promise<void> {
    const c = this.pods.get(String(pod.metadata.uid))?.containers.find((x) => x.id === containerId);
    if (!c || c.state === 'exited') return;
    // A sim process stops at once on SIGTERM; with no handler for it, it dies of the signal (128 + 15).
    if (!this.settle(c)) this.exit(c, 143, rfc3339(this.clock.now()));
  }

  async podStatus(pod: Pod): Promise<RuntimePodStatus> {
    const p = this.podOf(pod);
    for (const c of p.containers) this.settle(c);
    return { sandbox: p.sandbox, containers: p.containers.map(view) };
  }

  async probe(pod: Pod, container: Container, kind: ProbeKind, probe: Probe | undefined, podIP: string | undefined): Promise<ProbeResult> {
    const p = this.podOf(pod);
    const current = [...p.containers].reverse().find((c) => c.name === container.name);
    const program = current?.program ?? simProgram(container, { restartPolicy: pod.spec?.restartPolicy ?? 'Always', init: false });
    return simProbe(program, container, kind, probe, podIP);
  }

  /** Simulated use (sim-program.ts simUsage): CPU accrues at the container's rate since it started. */
  async containerStats(pod: Pod): Promise<ContainerUsage[]> {
    const p = this.pods.get(String(pod.metadata.uid));
    if (!p) return [];
    const now = this.clock.now().getTime();
    const specs: any[] = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
    return p.containers.filter((c) => c.state === 'running').map((c) => {
      const usage = simUsage(specs.find((s) => s?.name === c.name));
      const ran = Math.max(0, now - Date.parse(c.startedAt ?? ''));
      return { name: c.name, at: now, cpuUsageNanoseconds: Math.round(usage.cpuCores * ran * 1e6), memoryWorkingSetBytes: usage.memoryBytes };
    });
  }

  async removePod(podUid: string): Promise<void> {
    const p = this.pods.get(podUid);
    if (!p) return;
    for (const c of p.containers) c.exitTimer?.dispose();
    if (p.sandbox?.ip && p.node) {
      this.pools.get(p.node)?.release(p.sandbox.ip);
      this.restoredIps.get(p.node)?.delete(p.sandbox.ip);
    }
    this.pods.delete(podUid);
  }

  async logs(): Promise<Readable> {
    throw new RuntimeNotSupportedError(`logs need real containers: ${NOT_SUPPORTED}`);
  }

  async exec(): Promise<number> {
    throw new RuntimeNotSupportedError(`exec needs real containers: ${NOT_SUPPORTED}`);
  }

  dispose(): void {
    for (const p of this.pods.values()) for (const c of p.containers) c.exitTimer?.dispose();
    this.pods.clear();
    this.listeners.clear();
  }

  /** Rebuilds a pod's records from what its status says (after a restart of kubelab), reserving its IP. */
  private restore(pod: Pod): SimPod {
    const uid = String(pod.metadata.uid);
    const p: SimPod = { uid, containers: [] };
    const status: PodStatus = pod.status ?? {};
    const statuses = [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])];
    if (!statuses.some((s) => String(s?.containerID ?? '').startsWith('sim://'))) return p;
    const node = pod.spec?.nodeName;
    if (status.podIP && node) {
      p.node = node;
      if (!this.restoredIps.has(node)) this.restoredIps.set(node, new Set());
      this.restoredIps.get(node)!.add(status.podIP);
      this.pools.get(node)?.reserve(status.podIP);
      p.sandbox = { id: `sim://${randomBytes(32).toString('hex')}`, ip: status.podIP, createdAt: status.startTime ?? rfc3339(this.clock.now()) };
    }
    const initNames = new Set((pod.spec?.initContainers ?? []).map((c) => c.name));
    for (const s of statuses) {
      const spec = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find((c) => c.name === s.name);
      if (!spec) continue;
      const program = simProgram(spec, { restartPolicy: pod.spec?.restartPolicy ?? 'Always', init: initNames.has(s.name) });
      const base = { name: s.name, image: s.image, imageID: s.imageID ?? '', program };
      const run = s.state?.running;
      const term = s.state?.terminated;
      const id = s.containerID;
      const current = id && (run || term);
      const last = s.lastState?.terminated;
      if (last?.containerID) {
        // While a container waits to be restarted, its last exit is its latest instance.
        const attempt = (s.restartCount ?? 0) - (current ? 1 : 0);
        // Times the status has as null (never known) are simply absent here.
        p.containers.push({ ...base, id: last.containerID, attempt: Math.max(0, attempt), state: 'exited', createdAt: last.startedAt ?? '', startedAt: last.startedAt ?? undefined, finishedAt: last.finishedAt ?? undefined, exitCode: last.exitCode, reason: last.reason });
      }
      if (!current) continue;
      const at = run?.startedAt ?? term?.startedAt ?? undefined;
      const c: SimContainer = { ...base, id, attempt: s.restartCount ?? 0, state: run ? 'running' : 'exited', createdAt: at ?? '', startedAt: at };
      if (term) Object.assign(c, { finishedAt: term.finishedAt ?? undefined, exitCode: term.exitCode, reason: term.reason });
      p.containers.push(c);
      this.armExit(p, c);
    }
    return p;
  }
}

function view(c: SimContainer): RuntimeContainer {
  const { program: _program, exitTimer: _timer, ...rest } = c;
  return { ...rest };
}
