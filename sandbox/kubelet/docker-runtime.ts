// The kubelet's ContainerRuntime with real containers on a Docker engine. A pod is an infra container on the
// cluster network (its IP is the pod IP) plus one container per instance of each app/init/ephemeral container,
// joined to the infra's network namespace (a debug container with a target also joins the target's processes).
// The runtime only does what the kubelet asks (pod-sync.ts and container-sync.ts own lifecycle, back-off, probes'
// schedule and status); it tells the kubelet when a container exits on its own and finds everything again by labels
// after a restart (docker-runtime-pod-cache.ts), measures what pods use (docker-runtime-stats.ts) and serves logs,
// exec, attach and port-forward (docker-runtime-streams.ts).
import { findKind } from '../apiserver/kinds/registry';
import { WorkGate } from '../util/work-gate';
import type { Disposable } from '../api/types';
import type { Container, Pod, Probe } from '../api/objects';
import type { ObjectApi } from '../apiserver/object-api';
import { DEFAULT_RESOURCE_POLICY, effectiveLimits, nodeCeiling, type ResourcePolicy } from '../apiserver/plugins/container-caps';
import type { DockerEngine } from '../docker/engine';
import { isConflict } from '../docker/errors';
import { CLUSTER_LABEL, ROLE_LABEL } from '../docker/labels';
import type { ContainerSpec } from '../docker/types';
import type { PodSandboxConfig } from '../network/pod-sandbox-config';
import type { Lookup } from './config-refs';
import { containerEnv } from './docker-runtime-env';
import { ATTEMPT_LABEL, POD_UID_LABEL, ROLE_POD_VOLUME } from './docker-runtime-names';
import { PodCache } from './docker-runtime-pod-cache';
import { runProbe } from './docker-runtime-probes';
import { appContainerSpec, infraContainerSpec } from './docker-runtime-spec';
import { infraOf, instanceOf, runtimePodStatus, surplusInstances, type Instance } from './docker-runtime-state';
import { containerStats, containerStorage, emptyDirStorage } from './docker-runtime-stats';
import { ContainerStreams, execProbe } from './docker-runtime-streams';
import { VolumeProjector } from './docker-runtime-projection';
import { TokenManager, type TokenRequester } from './token-manager';
import { podVolumePlan, type PlannedVolume } from './docker-runtime-volumes';
import { hostRefusal } from './host-refusals';
import { storageEvictionMessage } from './storage-eviction';
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

export class DockerRuntime implements ContainerRuntime {
  readonly name = 'docker';
  readonly version: string;
  private readonly cache: PodCache;
  private readonly streams: ContainerStreams;
  private readonly policy: ResourcePolicy;
  private readonly projector: VolumeProjector;
  /** Every container and volume this runtime creates goes through here (see stop()). */
  private readonly creations: WorkGate;

  private constructor(private readonly opts: DockerRuntimeOptions) {
    this.creations = new WorkGate(`the docker runtime of cluster ${opts.clusterId} has stopped`);
    this.version = opts.version;
    this.policy = opts.policy ?? DEFAULT_RESOURCE_POLICY;
    this.cache = new PodCache({ engine: opts.engine, clusterId: opts.clusterId, networkName: opts.network.networkName, log: (m) => this.log(m) });
    this.streams = new ContainerStreams(opts.engine, this.cache);
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
    await rt.cache.follow(opts.resyncMs ?? 5000);
    return rt;
  }

  private get engine(): DockerEngine {
    return this.opts.engine;
  }

  private log(m: string): void {
    this.opts.log?.(`docker runtime ${this.opts.clusterId}: ${m}`);
  }

  onPodEvent(listener: (podUid: string) => void): Disposable {
    return this.cache.onPodEvent(listener);
  }

  /** The cluster network was rebuilt: every sandbox on the old one is gone, so each pod is looked at again. */
  sandboxesLost(): void {
    this.cache.sandboxesLost();
  }

  async podStatus(pod: Pod): Promise<RuntimePodStatus> {
    return runtimePodStatus(await this.cache.state(String(pod.metadata.uid)));
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
    const state = await this.cache.state(uid);
    if (state.infra?.running) return { id: state.infra.dockerId, ip: state.infra.ip, createdAt: state.infra.createdAt };
    const attempt = state.infra ? state.infra.attempt + 1 : 0;
    if (state.infra) {
      // The sandbox died: what ran in its network namespace goes with it, as when the kubelet recreates a sandbox.
      await Promise.all(state.instances.filter((i) => i.state === 'running').map((i) => this.engine.containers.stop(i.dockerId, 0)));
      await this.engine.containers.remove(state.infra.dockerId, { force: true });
      this.cache.forget(uid);
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
    const fresh = await this.cache.state(uid);
    fresh.infra = infra;
    return { id: infra.dockerId, ip: infra.ip, createdAt: infra.createdAt };
  }

  /** ConfigMap, Secret and downward API files follow their sources while the pod runs (the kubelet's volume manager). */
  async refreshVolumes(pod: Pod): Promise<void> {
    const infra = (await this.cache.state(String(pod.metadata.uid))).infra;
    if (!infra?.running) return;
    await this.projector.refresh(pod, this.volumePlan(pod), infra.dockerId, infra.ip);
  }

  // --- containers ----------------------------------------------------------------------------------------------------

  refusal(pod: Pod, container: Container): string | undefined {
    return hostRefusal(pod, container);
  }

  async storageEviction(pod: Pod): Promise<string | undefined> {
    const state = this.cache.peek(String(pod.metadata.uid));
    if (!state?.infra?.running) return undefined;
    const ceiling = nodeCeiling(this.opts.api.tryGet(nodeRes, undefined, String(pod.spec?.nodeName ?? '')));
    const containers = await containerStorage(this.engine, pod, state.instances, this.policy, ceiling);
    return storageEvictionMessage({ containers, emptyDirs: await emptyDirStorage(this.engine, this.volumePlan(pod)) });
  }

  /** The engine's reading of each running container (`docker stats`), for the metrics reader. */
  async containerStats(pod: Pod): Promise<ContainerUsage[]> {
    return containerStats(this.engine, this.cache.peek(String(pod.metadata.uid))?.instances ?? []);
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
    const target = opts.targetContainer ? await this.cache.find(pod, (i) => i.name === opts.targetContainer && i.state === 'running') : undefined;
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
    this.cache.inFlight.add(id);
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
      this.cache.inFlight.delete(id);
    }
    const state = await this.cache.state(uid);
    state.instances = [...state.instances.filter((i) => i.dockerId !== id), inst];
    for (const old of surplusInstances(state.instances)) {
      state.instances = state.instances.filter((i) => i !== old);
      await this.engine.containers.remove(old.dockerId, { force: true });
    }
    // An instance that is already gone (or never ran) must bring the kubelet back even if its event came first.
    if (inst.state === 'exited') setImmediate(() => this.cache.notify(uid));
    const { dockerId: _d, init: _i, ...view } = inst;
    return view;
  }

  async stopContainer(pod: Pod, containerId: string, gracePeriodSeconds: number): Promise<void> {
    const inst = await this.cache.find(pod, (i) => i.id === containerId);
    if (!inst) return;
    const spec = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find((c) => c.name === inst.name);
    const deadline = Date.now() + Math.max(0, gracePeriodSeconds) * 1000;
    if (pod.metadata.deletionTimestamp && inst.state === 'running') await this.opts.beforePodTermination?.(pod).catch(() => undefined);
    const preStop = spec?.lifecycle?.preStop;
    if (preStop && inst.state === 'running' && gracePeriodSeconds > 0) {
      // The preStop hook runs first and counts against the grace period, as on a real node.
      const podIP = (await this.cache.state(String(pod.metadata.uid))).infra?.ip;
      await runProbe({ ...preStop, timeoutSeconds: gracePeriodSeconds }, spec, podIP, (cmd, ms) => execProbe(this.engine, inst.dockerId, cmd, ms)).catch(() => undefined);
    }
    await this.engine.containers.stop(inst.dockerId, Math.max(0, Math.ceil((deadline - Date.now()) / 1000)));
    const info = await this.engine.containers.inspect(inst.dockerId);
    if (info) Object.assign(inst, instanceOf(info));
  }

  async probe(pod: Pod, container: Container, _kind: ProbeKind, probe: Probe | undefined, podIP: string | undefined): Promise<ProbeResult> {
    const inst = await this.cache.find(pod, (i) => i.name === container.name && i.state === 'running');
    return runProbe(probe, container, podIP, (command, ms) => {
      if (!inst) return Promise.reject(new Error(`container "${container.name}" is not running`));
      return execProbe(this.engine, inst.dockerId, command, ms);
    });
  }

  async stopPodSandbox(pod: Pod): Promise<void> {
    const state = await this.cache.state(String(pod.metadata.uid));
    if (!state.infra?.running) return;
    await this.engine.containers.stop(state.infra.dockerId, 0);
    state.infra.running = false;
  }

  async removePod(podUid: string): Promise<void> {
    const labels = { [CLUSTER_LABEL]: this.opts.clusterId, [POD_UID_LABEL]: podUid };
    const containers = await this.engine.containers.list(labels);
    await Promise.all(containers.map((c) => this.engine.containers.remove(c.id, { force: true })));
    this.streams.forget(containers.map((c) => c.id));
    this.projector.forget(podUid);
    for (const v of await this.engine.volumes.list({ ...labels, [ROLE_LABEL]: ROLE_POD_VOLUME })) await this.engine.volumes.remove(v.name, { force: true });
    this.cache.forget(podUid);
  }

  // --- streams ---------------------------------------------------------------------------------------------------------

  logs(pod: Pod, containerName: string, opts: LogOptions): Promise<Readable> {
    return this.streams.logs(pod, containerName, opts);
  }

  exec(pod: Pod, containerName: string, opts: ExecOptions): Promise<number> {
    return this.streams.exec(pod, containerName, opts);
  }

  attach(pod: Pod, containerName: string, opts: AttachOptions): Promise<void> {
    return this.streams.attach(pod, containerName, opts);
  }

  portForward(pod: Pod, port: number): Promise<Duplex> {
    return this.streams.portForward(pod, port);
  }

  /** Creates nothing more and resolves once the creates in flight have settled: what exists is now all there is. */
  async stop(): Promise<void> {
    this.dispose();
    await this.creations.close();
  }

  dispose(): void {
    this.cache.dispose();
    void this.creations.close();
  }
}
