// The kubelet's ContainerRuntime with real containers on a Docker engine. A pod is an infra container on the
// cluster network (its IP is the pod IP) plus one container per instance of each app/init/ephemeral container,
// joined to the infra's network namespace (a debug container with a target also joins the target's processes).
// The runtime only does what the kubelet asks (pod-sync.ts owns lifecycle, back-off, probes' schedule and status);
// it tells the kubelet when a container exits on its own (engine events, with a periodic list as a safety net), and
// finds everything again by labels after a restart.
import { findKind } from '../apiserver/kinds/registry';
import { WorkGate } from '../util/work-gate';
import type { Disposable } from '../api/types';
import type { Container, Pod, Probe } from '../api/objects';
import type { ObjectApi } from '../apiserver/object-api';
import { DEFAULT_RESOURCE_POLICY, effectiveLimits, nodeCeiling, type ResourcePolicy } from '../apiserver/plugins/container-caps';
import type { DockerEngine } from '../docker/engine';
import { isConflict } from '../docker/errors';
import { CLUSTER_LABEL } from '../docker/labels';
import type { ContainerSpec } from '../docker/types';
import type { PodSandboxConfig } from '../network/pod-sandbox-config';
import type { Lookup } from './config-refs';
import { containerEnv } from './docker-runtime-env';
import { ATTEMPT_LABEL, POD_UID_LABEL, ROLE_POD_VOLUME } from './docker-runtime-names';
import { runProbe } from './docker-runtime-probes';
import { appContainerSpec, infraContainerSpec } from './docker-runtime-spec';
import { infraOf, instanceOf, reconcileInspected, surplusInstances, type Instance, type PodState } from './docker-runtime-state';
import { attachToContainer, containerLogs, dialPod, execInContainer, execProbe } from './docker-runtime-streams';
import { VolumeProjector } from './docker-runtime-projection';
import { TokenManager, type TokenRequester } from './token-manager';
import { podVolumePlan, type PlannedVolume } from './docker-runtime-volumes';
import { hostRefusal } from './host-refusals';
import { diskUsage, storageEvictionMessage, type StorageUsage } from './storage-eviction';
import { ROLE_LABEL } from '../docker/labels';
import {
  ImagePullError, type AttachOptions, type ContainerRuntime, type ExecOptions, type LogOptions, type NodeRef, type PodSandbox, type ProbeKind, type ProbeResult,
  type ContainerUsage, type PulledImage, type RuntimeContainer, type RuntimePodStatus, type StartContainerOptions,
} from '../runtime/container-runtime';
import { normalizeImage } from './sim-runtime';
import type { Readable, Duplex } from 'node:stream';

export interface DockerRuntimeOptions {
  engine: DockerEngine;
  api: ObjectApi;
  clusterId: string;
  /** The cluster network: how infra containers are made, and which network their IP is on. */
  network: { networkName: string; podSandboxConfig(namespace?: string): PodSandboxConfig };
  /** containerRuntimeVersion, e.g. docker://20.10.24. */
  version: string;
  policy?: ResourcePolicy;
  /** Extra labels on everything created (the cluster's state location, test run labels). */
  labels?: Record<string, string>;
  /**
   * Awaited before the containers of a deleted pod get SIGTERM: the cluster network stops sending the pod traffic
   * first, so a rolling update drops no requests (what a preStop sleep buys on a real cluster).
   */
  beforePodTermination?: (pod: Pod) => Promise<void>;
  /** How often the engine is listed to catch exits whose event was missed (ms; 0: never). */
  resyncMs?: number;
  /**
   * A registry's part in a pull, offline: builds the image when kubelab has a recipe for it (sandbox/images) and
   * it is missing or out of date. Resolves to why it could not be built, or undefined.
   */
  makeImage?: (image: string) => Promise<string | undefined>;
  /** TokenRequest, for the ServiceAccount tokens of projected volumes (kube-api-access-…); none: no token files. */
  requestToken?: TokenRequester;
  log?: (msg: string) => void;
}

const svcRes = findKind('Service')!;
const nodeRes = findKind('Node')!;
const pvcRes = findKind('PersistentVolumeClaim')!;
const pvRes = findKind('PersistentVolume')!;
const WATCHED_ACTIONS = new Set(['die', 'oom', 'start', 'destroy']);

export class DockerRuntime implements ContainerRuntime {
  readonly name = 'docker';
  readonly version: string;
  private readonly pods = new Map<string, PodState>();
  private readonly loading = new Map<string, Promise<PodState>>();
  private readonly listeners = new Set<(uid: string) => void>();
  /** Containers between create and the record of their start (a reload must not take them for leftovers). */
  private readonly inFlight = new Set<string>();
  /** Container instances whose output a client has already read (logs or attach). */
  private readonly outputRead = new Set<string>();
  private readonly policy: ResourcePolicy;
  private readonly projector: VolumeProjector;
  private events?: Disposable;
  private resync?: NodeJS.Timeout;
  private disposed = false;
  /** Every container and volume this runtime creates goes through here (see stop()). */
  private readonly creations: WorkGate;

  private constructor(private readonly opts: DockerRuntimeOptions) {
    this.creations = new WorkGate(`the docker runtime of cluster ${opts.clusterId} has stopped`);
    this.version = opts.version;
    this.policy = opts.policy ?? DEFAULT_RESOURCE_POLICY;
    this.projector = new VolumeProjector({
      engine: opts.engine,
      clusterId: opts.clusterId,
      labels: opts.labels ?? {},
      lookup: (ns) => this.lookup(ns),
      ...(opts.requestToken ? { tokens: new TokenManager(opts.requestToken) } : {}),
      now: () => new Date(),
      log: (m) => this.log(m),
    });
  }

  /** Starts following the engine's events for this cluster's containers. */
  static async start(opts: DockerRuntimeOptions): Promise<DockerRuntime> {
    const rt = new DockerRuntime(opts);
    rt.events = await opts.engine.events({ [CLUSTER_LABEL]: opts.clusterId }, (e) => {
      if (e.type === 'container' && WATCHED_ACTIONS.has(e.action)) void rt.containerChanged(e.attributes[POD_UID_LABEL], e.id);
    });
    const every = opts.resyncMs ?? 5000;
    if (every > 0) {
      rt.resync = setInterval(() => void rt.resyncAll().catch((err) => rt.log(`resync: ${err.message}`)), every);
      rt.resync.unref();
    }
    return rt;
  }

  private get engine(): DockerEngine {
    return this.opts.engine;
  }

  private log(m: string): void {
    this.opts.log?.(`docker runtime ${this.opts.clusterId}: ${m}`);
  }

  private notify(uid: string): void {
    if (!this.disposed) for (const l of [...this.listeners]) l(uid);
  }

  onPodEvent(listener: (podUid: string) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  // --- what the engine has -------------------------------------------------------------------------------------

  /** The pod's state, loaded from the engine (by its uid label) the first time it is asked for. */
  private async state(uid: string): Promise<PodState> {
    const known = this.pods.get(uid);
    if (known) return known;
    let pending = this.loading.get(uid);
    if (!pending) {
      pending = this.load(uid).finally(() => this.loading.delete(uid));
      this.loading.set(uid, pending);
    }
    return pending;
  }

  private async load(uid: string): Promise<PodState> {
    const summaries = await this.engine.containers.list({ [CLUSTER_LABEL]: this.opts.clusterId, [POD_UID_LABEL]: uid });
    const infos = (await Promise.all(summaries.map((s) => this.engine.containers.inspect(s.id)))).filter((i) => i !== undefined);
    // Containers being created right now are not leftovers: leave them to startContainer.
    const { state, remove } = reconcileInspected(infos.filter((i) => !this.inFlight.has(i.id)), this.opts.network.networkName);
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
    if (pod.infra?.dockerId === dockerId) pod.infra = info ? infraOf(info, this.opts.network.networkName) : { ...pod.infra, running: false };
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

  private view(pod: PodState): RuntimePodStatus {
    const sandbox = pod.infra?.running ? { id: pod.infra.dockerId, ip: pod.infra.ip, createdAt: pod.infra.createdAt } : undefined;
    return { sandbox, containers: pod.instances.map(({ dockerId: _d, init: _i, ...c }) => ({ ...c })) };
  }

  /** The cluster network was rebuilt: every sandbox on the old one is gone, so each pod is looked at again. */
  sandboxesLost(): void {
    const uids = [...this.pods.keys()];
    this.pods.clear();
    for (const uid of uids) this.notify(uid);
  }

  async podStatus(pod: Pod): Promise<RuntimePodStatus> {
    return this.view(await this.state(String(pod.metadata.uid)));
  }

  // --- images ----------------------------------------------------------------------------------------------------

  async imageRef(image: string): Promise<string | undefined> {
    return (await this.engine.images.inspect(image))?.id;
  }

  async pullImage(image: string): Promise<PulledImage> {
    const unbuildable = await this.opts.makeImage?.(image);
    const found = await this.engine.images.inspect(image);
    if (found) return { imageRef: found.id, size: found.sizeBytes };
    const ref = normalizeImage(image);
    throw new ImagePullError(
      `rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found ` +
        (unbuildable
          ? `(kubelab has no registry and could not build it here: ${unbuildable})`
          : `(kubelab has no registry: only images built on this machine can run, see kubelab images build)`),
    );
  }

  // --- sandboxes ---------------------------------------------------------------------------------------------------

  private lookup(namespace: string): Lookup {
    return (kind, name) => this.opts.api.tryGet(findKind(kind)!, namespace, name);
  }

  /** The pod's Docker volumes; a claim bound to a hostPath volume is that node's directory. */
  private volumePlan(pod: Pod, labels: Record<string, string> = {}): PlannedVolume[] {
    return podVolumePlan(this.opts.clusterId, pod, labels, (ns, claim) => {
      const volumeName = this.opts.api.tryGet(pvcRes, ns, claim)?.spec?.volumeName;
      return volumeName ? this.opts.api.tryGet(pvRes, undefined, String(volumeName)) : undefined;
    });
  }

  private labels(): Record<string, string> {
    return this.opts.labels ?? {};
  }

  /** Creates a container; a leftover of the same name (a crash between create and record) is replaced. */
  private create(spec: ContainerSpec): Promise<string> {
    return this.creations.run(async () => {
      try {
        return await this.engine.containers.create(spec);
      } catch (e) {
        if (!isConflict(e) || !spec.name) throw e;
        await this.engine.containers.remove(spec.name, { force: true });
        return this.engine.containers.create(spec);
      }
    });
  }

  async ensurePodSandbox(pod: Pod, _node: NodeRef): Promise<PodSandbox> {
    const uid = String(pod.metadata.uid);
    const state = await this.state(uid);
    if (state.infra?.running) return { id: state.infra.dockerId, ip: state.infra.ip, createdAt: state.infra.createdAt };
    const attempt = state.infra ? state.infra.attempt + 1 : 0;
    if (state.infra) {
      // The sandbox died: what ran in its network namespace goes with it, as when the kubelet recreates a sandbox.
      await Promise.all(state.instances.filter((i) => i.state === 'running').map((i) => this.engine.containers.stop(i.dockerId, 0)));
      await this.engine.containers.remove(state.infra.dockerId, { force: true });
      this.pods.delete(uid);
    }
    const volumes = this.volumePlan(pod, this.labels());
    for (const v of volumes) await this.creations.run(() => this.engine.volumes.create(v.dockerVolume, v.labels));
    const spec = infraContainerSpec({
      clusterId: this.opts.clusterId,
      pod,
      attempt,
      sandbox: this.opts.network.podSandboxConfig(String(pod.metadata.namespace ?? 'default')),
      volumes,
      labels: { ...this.labels(), [ATTEMPT_LABEL]: String(attempt) },
    });
    const id = await this.create(spec);
    await this.engine.containers.start(id);
    const info = await this.engine.containers.inspect(id);
    if (!info?.state.running) throw new Error(`the pod's infra container exited at once: ${info?.state.error || `exit code ${info?.state.exitCode}`}`);
    const infra = infraOf(info, this.opts.network.networkName);
    await this.projector.writeInitial(pod, volumes, id, infra.ip);
    const fresh = await this.state(uid);
    fresh.infra = infra;
    return { id: infra.dockerId, ip: infra.ip, createdAt: infra.createdAt };
  }

  /** ConfigMap, Secret and downward API files follow their sources while the pod runs (the kubelet's volume manager). */
  async refreshVolumes(pod: Pod): Promise<void> {
    const infra = (await this.state(String(pod.metadata.uid))).infra;
    if (!infra?.running) return;
    await this.projector.refresh(pod, this.volumePlan(pod), infra.dockerId, infra.ip);
  }

  // --- containers ----------------------------------------------------------------------------------------------------

  refusal(pod: Pod, container: Container): string | undefined {
    return hostRefusal(pod, container);
  }

  async storageEviction(pod: Pod): Promise<string | undefined> {
    const state = this.pods.get(String(pod.metadata.uid));
    if (!state?.infra?.running) return undefined;
    const ceiling = nodeCeiling(this.opts.api.tryGet(nodeRes, undefined, String(pod.spec?.nodeName ?? '')));
    const specs = new Map([...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => [c.name, c]));
    const usage: StorageUsage = { containers: [], emptyDirs: [] };
    for (const inst of state.instances.filter((i) => i.state === 'running')) {
      const spec = specs.get(inst.name);
      const used = await this.engine.containers.writableLayerSize(inst.dockerId);
      if (!spec || used === undefined) continue;
      const limit = effectiveLimits(spec, this.policy, ceiling).ephemeralStorageBytes;
      const declared = spec.resources?.limits?.['ephemeral-storage'];
      usage.containers.push({ name: inst.name, used, limit, limitText: declared !== undefined ? String(declared) : this.policy.defaultEphemeralStorage });
    }
    for (const v of this.volumePlan(pod)) {
      if (v.source !== 'emptyDir' || v.spec?.emptyDir?.medium === 'Memory') continue;
      const used = await diskUsage((await this.engine.volumes.inspect(v.dockerVolume))?.mountpoint ?? '');
      if (used !== undefined) usage.emptyDirs.push({ name: v.name, used, sizeLimit: v.spec?.emptyDir?.sizeLimit });
    }
    return storageEvictionMessage(usage);
  }

  /** The engine's reading of each running container (`docker stats`), for the metrics reader. */
  async containerStats(pod: Pod): Promise<ContainerUsage[]> {
    const state = this.pods.get(String(pod.metadata.uid));
    const out: ContainerUsage[] = [];
    for (const inst of state?.instances.filter((i) => i.state === 'running') ?? []) {
      const s = await this.engine.containers.stats(inst.dockerId);
      if (s) out.push({ name: inst.name, at: Date.parse(s.read), cpuUsageNanoseconds: s.cpuUsageNanoseconds, memoryWorkingSetBytes: s.memoryWorkingSetBytes });
    }
    return out;
  }

  async startContainer(pod: Pod, container: Container, opts: StartContainerOptions): Promise<RuntimeContainer> {
    // Never reaches Docker, whoever calls (the kubelet asks refusal() first and reports it).
    const refused = hostRefusal(pod, container);
    if (refused) throw new Error(refused);
    const uid = String(pod.metadata.uid);
    const ns = String(pod.metadata.namespace ?? 'default');
    const volumes = new Map<string, PlannedVolume>(this.volumePlan(pod).map((v) => [v.name, v]));
    const services = [...this.opts.api.list(svcRes, ns).items];
    const kubernetes = this.opts.api.tryGet(svcRes, 'default', 'kubernetes');
    if (kubernetes && ns !== 'default') services.push(kubernetes);
    // What the container really gets: its limits or the defaults, never more than its node has.
    const caps = effectiveLimits(container, this.policy, nodeCeiling(this.opts.api.tryGet(nodeRes, undefined, String(pod.spec?.nodeName ?? ''))));
    const env = containerEnv(pod, container, {
      lookup: this.lookup(ns),
      podIP: opts.sandbox.ip,
      hostIP: pod.status?.hostIP,
      services,
      limits: caps,
    });
    // kubectl debug --target: the debug container sees the target's processes (it joins its PID namespace).
    const target = opts.targetContainer ? await this.find(pod, (i) => i.name === opts.targetContainer && i.state === 'running') : undefined;
    if (opts.targetContainer && !target) throw new Error(`target container "${opts.targetContainer}" is not running`);
    const { spec, links } = appContainerSpec({
      ...(target ? { pidMode: `container:${target.dockerId}` } : {}),
      clusterId: this.opts.clusterId,
      pod,
      container,
      init: opts.init,
      attempt: opts.attempt,
      infraId: opts.sandbox.id,
      image: String(container.image),
      env,
      volumes,
      caps,
      labels: this.labels(),
    });
    const id = await this.create(spec);
    this.inFlight.add(id);
    let inst: Instance;
    try {
      if (links.length) await this.projector.linkSubPaths(pod, id, opts.sandbox, links, volumes);
      let startError = '';
      try {
        await this.engine.containers.start(id);
      } catch (e) {
        startError = String((e as Error).message);
      }
      const info = await this.engine.containers.inspect(id);
      if (!info) throw new Error(`container ${spec.name} vanished right after it was created${startError ? `: ${startError}` : ''}`);
      inst = instanceOf(info);
      if (startError && inst.state !== 'exited') Object.assign(inst, { state: 'exited', exitCode: 128, reason: 'StartError', message: startError });
    } finally {
      this.inFlight.delete(id);
    }
    const state = await this.state(uid);
    state.instances = [...state.instances.filter((i) => i.dockerId !== id), inst];
    for (const old of surplusInstances(state.instances)) {
      state.instances = state.instances.filter((i) => i !== old);
      await this.engine.containers.remove(old.dockerId, { force: true });
    }
    // An instance that is already gone (or never ran) must bring the kubelet back even if its event came first.
    if (inst.state === 'exited') setImmediate(() => this.notify(uid));
    const { dockerId: _d, init: _i, ...view } = inst;
    return view;
  }

  private async find(pod: Pod, match: (i: Instance) => boolean): Promise<Instance | undefined> {
    const state = await this.state(String(pod.metadata.uid));
    return [...state.instances].reverse().find(match);
  }

  async stopContainer(pod: Pod, containerId: string, gracePeriodSeconds: number): Promise<void> {
    const inst = await this.find(pod, (i) => i.id === containerId);
    if (!inst) return;
    const spec = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find((c) => c.name === inst.name);
    const deadline = Date.now() + Math.max(0, gracePeriodSeconds) * 1000;
    if (pod.metadata.deletionTimestamp && inst.state === 'running') await this.opts.beforePodTermination?.(pod).catch(() => undefined);
    const preStop = spec?.lifecycle?.preStop;
    if (preStop && inst.state === 'running' && gracePeriodSeconds > 0) {
      // The preStop hook runs first and counts against the grace period, as on a real node.
      const podIP = (await this.state(String(pod.metadata.uid))).infra?.ip;
      await runProbe({ ...preStop, timeoutSeconds: gracePeriodSeconds }, spec, podIP, (cmd, ms) => execProbe(this.engine, inst.dockerId, cmd, ms)).catch(() => undefined);
    }
    await this.engine.containers.stop(inst.dockerId, Math.max(0, Math.ceil((deadline - Date.now()) / 1000)));
    const info = await this.engine.containers.inspect(inst.dockerId);
    if (info) Object.assign(inst, instanceOf(info));
  }

  async probe(pod: Pod, container: Container, _kind: ProbeKind, probe: Probe | undefined, podIP: string | undefined): Promise<ProbeResult> {
    const inst = await this.find(pod, (i) => i.name === container.name && i.state === 'running');
    return runProbe(probe, container, podIP, (command, ms) => {
      if (!inst) return Promise.reject(new Error(`container "${container.name}" is not running`));
      return execProbe(this.engine, inst.dockerId, command, ms);
    });
  }

  async stopPodSandbox(pod: Pod): Promise<void> {
    const state = await this.state(String(pod.metadata.uid));
    if (!state.infra?.running) return;
    await this.engine.containers.stop(state.infra.dockerId, 0);
    state.infra.running = false;
  }

  async removePod(podUid: string): Promise<void> {
    const labels = { [CLUSTER_LABEL]: this.opts.clusterId, [POD_UID_LABEL]: podUid };
    const containers = await this.engine.containers.list(labels);
    await Promise.all(containers.map((c) => this.engine.containers.remove(c.id, { force: true })));
    for (const c of containers) this.outputRead.delete(c.id);
    this.projector.forget(podUid);
    for (const v of await this.engine.volumes.list({ ...labels, [ROLE_LABEL]: ROLE_POD_VOLUME })) await this.engine.volumes.remove(v.name, { force: true });
    this.pods.delete(podUid);
  }

  // --- streams ---------------------------------------------------------------------------------------------------------

  async logs(pod: Pod, containerName: string, opts: LogOptions): Promise<Readable> {
    const state = await this.state(String(pod.metadata.uid));
    const mine = state.instances.filter((i) => i.name === containerName).sort((a, b) => a.attempt - b.attempt);
    const inst = opts.previous ? mine[mine.length - 2] : mine[mine.length - 1];
    if (!inst) throw new Error(`${opts.previous ? 'previous terminated ' : ''}container "${containerName}" in pod "${pod.metadata.name}" not found`);
    // kubectl 1.35+ prints the logs itself before it attaches: an attach after that replays nothing.
    if (!opts.previous) this.outputRead.add(inst.dockerId);
    return containerLogs(this.engine, inst.dockerId, opts, Date.now());
  }

  private async running(pod: Pod, containerName: string): Promise<Instance> {
    const inst = await this.find(pod, (i) => i.name === containerName && i.state === 'running');
    if (!inst) throw new Error(`container not found ("${containerName}")`);
    return inst;
  }

  async exec(pod: Pod, containerName: string, opts: ExecOptions): Promise<number> {
    return execInContainer(this.engine, (await this.running(pod, containerName)).dockerId, opts);
  }

  async attach(pod: Pod, containerName: string, opts: AttachOptions): Promise<void> {
    const inst = await this.find(pod, (i) => i.name === containerName && i.state === 'running');
    if (!inst) throw new Error(`container ${containerName} not found in pod ${pod.metadata.name}_${pod.metadata.namespace}`);
    // A stdinOnce container (kubectl run -i) or a debug container (kubectl debug -i) was started for its first attach:
    // that one sees its output from the start, so a short command's output is not lost to the race.
    const spec = (pod.spec?.containers ?? []).find((c) => c.name === containerName);
    const debug = (pod.spec?.ephemeralContainers ?? []).some((c) => c.name === containerName);
    const replay = (!!spec?.stdinOnce || debug) && !this.outputRead.has(inst.dockerId);
    this.outputRead.add(inst.dockerId);
    return attachToContainer(this.engine, inst.dockerId, { ...opts, replay });
  }

  async portForward(pod: Pod, port: number): Promise<Duplex> {
    const ip = (await this.state(String(pod.metadata.uid))).infra?.ip;
    if (!ip) throw new Error(`pod ${pod.metadata.name} has no sandbox`);
    return dialPod(ip, port);
  }

  /** Creates nothing more and resolves once the creates in flight have settled: what exists is now all there is. */
  async stop(): Promise<void> {
    this.dispose();
    await this.creations.close();
  }

  dispose(): void {
    this.disposed = true;
    void this.creations.close();
    this.events?.dispose();
    if (this.resync) clearInterval(this.resync);
    this.listeners.clear();
    this.pods.clear();
  }
}
