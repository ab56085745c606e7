// Composition root of one sandbox cluster: store + object API + API router, then the control plane's controllers
// and scheduler and one kubelet per node, on the runtime the caller chose (sandbox/runtime/choose.ts): simulated
// pods, or real containers on Docker. Where the cluster's runtime stands is one explicit state. It only wires parts
// together; every behaviour lives in the parts.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Router } from 'express';
import { ObjectApi } from './apiserver/object-api';
import type { AdmissionPlugin } from './apiserver/plugins/admission';
import { createApiRouter } from './apiserver/server';
import { clusterProxy } from './apiserver/http/proxy';
import { Store } from './store/store';
import { realClock, type Clock } from './util/clock';
import { bootstrap } from './bootstrap';
import { serviceAllocation } from './apiserver/plugins/service-allocation';
import { defaultStorageClassPlugin } from './apiserver/plugins/default-storage-class';
import { priorityPlugin } from './apiserver/plugins/priority';
import { podSecurity } from './apiserver/plugins/pod-security';
import { limitRanger } from './apiserver/plugins/limit-ranger';
import { resourceQuotaPlugin } from './apiserver/plugins/resource-quota';
import { serviceAccountAdmission } from './apiserver/plugins/service-account';
import type { ResourcePolicy } from './apiserver/plugins/container-caps';
import { DEFAULT_BUDGET, learnerBudget, type Budget } from './apiserver/plugins/budget';
import { handlePodStreamUpgrade, runtimePodStreams, unsupportedPodStreams, type PodStreams } from './apiserver/pod-streams';
import { startControllers, type ControllerManager } from './controllers';
import { startNodeAgents, type NodeAgents } from './kubelet';
import { startScheduler } from './scheduler';
import { LAB_TIMINGS, nodeTimingsOf, type NodeTimings } from './lib/node-timings';
import { autoscalingTimingsOf, type AutoscalingTimings } from './lib/autoscaling-timings';
import { chooseRuntime, SIM, type ChooseOptions, type RuntimeChoice, type RuntimeWanted } from './runtime/choose';
import type { ContainerRuntime } from './runtime/container-runtime';
import { startDockerClusterRuntime, type DockerClusterRuntime } from './docker-cluster/setup';
import { sweepOrphanClusters } from './docker-cluster/recovery';
import { ClaimVolumeReaper } from './docker-cluster/claim-volumes';
import type { DockerEngine } from './docker/engine';
import { inSubnet } from './docker/host-address';
import type { RemovedResources } from './docker-cluster/recovery';
import type { AuditSink } from './apiserver/http/audit';
import type { ImageRecipe } from './images/catalog';
import { ApiAccess } from './apiserver/auth/access';
import { ServiceAccountTokens } from './apiserver/auth/service-account-tokens';
import { ServedCustomResources } from './apiserver/custom/served-resources';

export interface DockerOptions {
  /** Names the cluster's Docker network and labels its containers; keep it across restarts to adopt them. */
  clusterId?: string;
  /** Extra labels on every Docker object (tests mark theirs). */
  labels?: Record<string, string>;
  policy?: ResourcePolicy;
  /** Lab images to ensure at start: all every cluster needs (default), some catalog names, or none. */
  images?: 'all' | string[] | false;
  /** The images the kubelets build when a pod pulls one (default: the lab catalog; tests add their own). */
  catalog?: readonly ImageRecipe[];
  /** Remove what clusters that no longer exist left in the engine (default true). */
  sweep?: boolean;
  /** Rebuild the cluster's network agent or network when they are removed (default true). */
  repairNetwork?: boolean;
}

export interface ClusterOptions {
  /** SQLite file for this cluster's state, or ':memory:'. */
  dataFile?: string;
  token?: string;
  workers?: number;
  clock?: Clock;
  /** Where pods run (sandbox/runtime/choose.ts); simulated by default. */
  runtime?: RuntimeChoice;
  /** Under docker: when the runtime cannot start, run simulated pods instead of none (the app's choice). */
  fallBackToSim?: boolean;
  docker?: DockerOptions;
  plugins?: AdmissionPlugin[];
  /**
   * What the whole cluster may hold of the machine (pods, CPU, memory, storage, processes, store), enforced at
   * admission. Default: DEFAULT_BUDGET on the docker runtime, none on sim; `false` turns it off.
   */
  budget?: Budget | false;
  /**
   * How fast a failed node is noticed and its pods evicted: `lab` (default: NotReady after ~15 s, the 300 s
   * toleration over in 30 s, so a lesson can watch pods move) or `real` (40 s and 300 s, as kube-controller-manager).
   */
  timings?: 'lab' | 'real' | Partial<NodeTimings>;
  /**
   * How often resource metrics are read and HPAs act, and how their windows are scaled: `lab` (default: every 5 s,
   * stabilization windows and policy periods at a tenth) or `real` (metrics-server's and kube-controller-manager's).
   */
  autoscaling?: 'lab' | 'real' | Partial<AutoscalingTimings>;
  log?: (msg: string) => void;
  /**
   * Run controllers, scheduler and kubelets (default). Off gives a frozen cluster whose state only changes when
   * written to — for tests of code that reads a cluster (the grader) against hand-made states.
   */
  controllers?: boolean;
  /** Compaction period in ms (0 disables). */
  compactEveryMs?: number;
  /** Receives a record of every authenticated resource request (kubectl's, scripts'), pod streams included. */
  audit?: AuditSink;
  /** PEM of the CA pods trust for this API server: every namespace's kube-root-ca.crt (empty when not given). */
  caCert?: string;
  /**
   * Under docker: where this cluster's pods reach its API server — a listener of the host's on an address containers
   * reach, which hands each connection to the cluster its source address belongs to (in-cluster-api.ts). The
   * `kubernetes` Service leads there. Read whenever the network is configured; none: pods cannot call the API.
   */
  apiServerForPods?: () => { ip: string; port: number } | undefined;
}

/** Where a cluster's runtime stands. */
export type RuntimeState =
  /** Simulated pods: chosen, or the docker runtime failed and the cluster fell back (`why` says which). */
  | { phase: 'sim'; why: string }
  /** Docker chosen; its images, network and runtime are coming up (the API answers meanwhile). */
  | { phase: 'starting' }
  | { phase: 'docker'; docker: DockerClusterRuntime }
  /** Docker chosen and failed to start, with no fallback: no pods will run. */
  | { phase: 'failed'; error: Error }
  | { phase: 'stopped' };

const simStreams = unsupportedPodStreams(
  (sub, pod) =>
    `${sub === 'log' ? 'logs' : sub} for pod "${pod.metadata.name}" need real containers: this cluster runs the simulated runtime (sim), whose containers have no processes. Start kubelab with Docker available to use the docker runtime.`,
);

export class Cluster {
  readonly store: Store;
  readonly api: ObjectApi;
  readonly router: Router;
  readonly token: string;
  readonly clock: Clock;
  /** ServiceAccount tokens: issued by TokenRequest and for pods' projected volumes, accepted by the API server. */
  readonly serviceAccountTokens: ServiceAccountTokens;
  /** Authentication, impersonation and RBAC for every request the API server answers. */
  readonly access: ApiAccess;
  /** The kinds this cluster's CustomResourceDefinitions define, as they are served. */
  readonly customResources: ServedCustomResources;
  controllers?: ControllerManager;
  scheduler?: ControllerManager;
  nodes?: NodeAgents;
  /** Resolves once the runtime has settled: sim at once, docker when it runs pods (or has failed). */
  readonly runtimeReady: Promise<void>;
  private state: RuntimeState;
  /** destroy() was called while the docker runtime was still starting: remove it once it is up. */
  private destroying = false;
  private streams: PodStreams = simStreams;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(private readonly opts: ClusterOptions = {}) {
    const choice = opts.runtime ?? SIM;
    this.clock = opts.clock ?? realClock;
    this.token = opts.token ?? randomBytes(24).toString('hex');
    this.store = new Store(opts.dataFile ?? ':memory:', {
      onWatcherError: (e, ev) => (opts.log ?? console.error)(`a watcher of ${ev.key} failed: ${e instanceof Error ? e.message : e}`),
    });
    const budget = opts.budget ?? (choice.name === 'docker' ? DEFAULT_BUDGET : false);
    const budgetPlugin = budget ? [learnerBudget(budget, opts.docker?.policy)] : [];
    // kube-apiserver's order: LimitRanger's defaults before anything checks resources, ResourceQuota last.
    this.api = new ObjectApi(this.store, this.clock, [
      serviceAccountAdmission, serviceAllocation, defaultStorageClassPlugin, priorityPlugin, limitRanger, podSecurity(), ...budgetPlugin, ...(opts.plugins ?? []), resourceQuotaPlugin,
    ]);
    bootstrap(this.api, { workers: opts.workers ?? 2, runtimeVersion: 'kubelab-sim://0.1.0' });
    this.serviceAccountTokens = new ServiceAccountTokens(this.api, this.clock, this.store);
    this.access = new ApiAccess(this.api, this.token, this.serviceAccountTokens);
    this.customResources = new ServedCustomResources(this.store).start();
    this.router = createApiRouter({
      api: this.api,
      custom: this.customResources,
      clock: this.clock,
      access: this.access,
      podStreams: (req, res, pod, sub) => this.streams.http(req, res, pod, sub),
      // Pods answer only on real containers; the proxies reach them from inside the cluster's own network.
      proxy: clusterProxy(this.api, () => this.docker?.network),
      log: opts.log,
      audit: opts.audit,
      metrics: () => this.nodes?.metrics,
    });
    const every = opts.compactEveryMs ?? 60_000;
    if (every > 0) {
      const t = setInterval(() => this.store.compact(), every);
      t.unref();
      this.timers.push(t);
    }
    if (choice.name === 'sim') {
      this.state = { phase: 'sim', why: choice.why };
      this.startAgents('sim');
      this.runtimeReady = Promise.resolve();
    } else {
      this.state = { phase: 'starting' };
      this.runtimeReady = this.startDocker(choice.engine);
    }
  }

  /**
   * A cluster on the runtime wanted (`sim`, `docker`: fails without an engine, `auto`: docker when an engine
   * answers), once that runtime runs pods. Rejects when docker was chosen and could not start.
   */
  static async start(opts: Omit<ClusterOptions, 'runtime'> & { runtime?: RuntimeWanted | RuntimeChoice } = {}, choose: ChooseOptions = {}): Promise<Cluster> {
    const wanted = opts.runtime ?? 'sim';
    const runtime = typeof wanted === 'string' ? await chooseRuntime(wanted, choose) : wanted;
    const cluster = new Cluster({ ...opts, runtime });
    await cluster.runtimeReady;
    const state = cluster.runtime;
    if (state.phase === 'failed') throw state.error;
    return cluster;
  }

  /** Where the runtime stands. */
  get runtime(): RuntimeState {
    return this.state;
  }

  /** Which runtime runs the pods (`docker` only once it does). */
  get runtimeName(): 'sim' | 'docker' {
    return this.state.phase === 'docker' ? 'docker' : 'sim';
  }

  /** Under the docker runtime: the network, the runtime, and how to leave or remove them. */
  get docker(): DockerClusterRuntime | undefined {
    return this.state.phase === 'docker' ? this.state.docker : undefined;
  }

  private get stopped(): boolean {
    return this.state.phase === 'stopped';
  }

  /** Control plane and node agents, once, on the runtime that runs the pods. */
  private startAgents(runtime: 'sim' | DockerClusterRuntime): void {
    if (this.opts.controllers === false) return;
    const { api, clock, opts } = this;
    const nodeTimings = nodeTimingsOf(opts.timings ?? LAB_TIMINGS);
    const autoscaling = autoscalingTimingsOf(opts.autoscaling ?? 'lab');
    const docker = runtime === 'sim' ? undefined : runtime;
    this.controllers = startControllers(api, clock, opts.log, {
      externalAddresses: docker?.network.externalAddressAllocator(), nodeTimings, rootCA: opts.caCert, autoscaling, metrics: () => this.nodes?.metrics,
    });
    this.scheduler = startScheduler(api, clock, opts.log);
    const containers: ContainerRuntime | 'sim' = docker ? docker.runtime : 'sim';
    this.nodes = startNodeAgents(api, clock, { runtime: containers, timings: nodeTimings, metricsResolutionMs: autoscaling.metricsResolutionMs, ...(docker ? { componentAddresses: { dnsPodIps: () => docker.network.dnsPodIps } } : {}) }, opts.log);
    // The Docker volumes behind PersistentVolumes go with them.
    if (docker && opts.runtime?.name === 'docker') this.nodes.manager.add(new ClaimVolumeReaper(api, opts.runtime.engine, docker.network.clusterId, opts.log));
  }

  /**
   * Brings the docker runtime up in the background: the API answers at once, and pods created meanwhile wait for
   * their kubelet, as on a real cluster whose nodes are still joining. Never rejects: the state says how it went.
   */
  private async startDocker(engine: DockerEngine): Promise<void> {
    const { opts } = this;
    const d = opts.docker ?? {};
    try {
      if (d.sweep !== false) await sweepOrphanClusters(engine, opts.log);
      const stateFile = opts.dataFile && opts.dataFile !== ':memory:' ? opts.dataFile : undefined;
      const runtime = await startDockerClusterRuntime({
        engine, api: this.api, clusterId: d.clusterId ?? randomBytes(4).toString('hex'), stateFile, labels: d.labels, policy: d.policy, images: d.images, catalog: d.catalog, repairNetwork: d.repairNetwork, log: opts.log,
        requestToken: (ns, sa, spec) => this.serviceAccountTokens.request(ns, sa, spec),
        apiServer: opts.apiServerForPods,
      });
      if (this.stopped) {
        // Suspended or deleted while the runtime came up: leave it for the next start, or remove it.
        await (this.destroying ? runtime.destroy() : runtime.dispose());
        return;
      }
      this.state = { phase: 'docker', docker: runtime };
      this.streams = runtimePodStreams(runtime.runtime, this.clock);
      this.startAgents(runtime);
    } catch (e) {
      if (this.stopped) return; // stopped while starting: nobody waits for it any more
      const error = e instanceof Error ? e : new Error(String(e));
      if (!opts.fallBackToSim) {
        this.state = { phase: 'failed', error };
        return;
      }
      opts.log?.(`docker runtime failed, the cluster runs simulated pods instead: ${error.message}`);
      this.state = { phase: 'sim', why: `the docker runtime failed: ${error.message}` };
      this.startAgents('sim');
    }
  }

  /** Whether an address is on this cluster's own Docker network (its pods, its network agent). */
  ownsAddress(ip: string): boolean {
    const network = this.docker?.network;
    return !!network && inSubnet(ip.replace(/^::ffff:/, ''), network.subnet);
  }

  /** For the HTTP server's 'upgrade' event (exec, attach, port-forward); `req.url` relative to the API root. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    handlePodStreamUpgrade(
      { api: this.api, access: this.access, streams: this.streams.upgrade, audit: this.opts.audit, now: () => this.clock.now().getTime() },
      req,
      socket,
      head,
    );
  }

  /** Resolves when controllers, scheduler and node agents have nothing left to do right now (tests wait on this). */
  async settled(): Promise<void> {
    for (let i = 0; i < 20; i++) {
      const rev = this.store.revision;
      await this.controllers?.idle();
      await this.scheduler?.idle();
      await this.nodes?.manager.idle();
      if (this.store.revision === rev) return;
    }
  }

  /** Stops the agents and the store; what the runtime does with running pods is the caller's choice. */
  private stop(): DockerClusterRuntime | undefined {
    const docker = this.docker;
    this.state = { phase: 'stopped' };
    for (const t of this.timers.splice(0)) clearInterval(t);
    this.customResources.dispose();
    this.nodes?.dispose();
    this.scheduler?.dispose();
    this.controllers?.dispose();
    return docker;
  }

  /** Stops everything in this process. Under docker, pods keep running for the next start to adopt. */
  dispose(): void {
    if (this.stopped) return;
    const docker = this.stop();
    void docker?.dispose().catch((e) => this.opts.log?.(`leaving the docker runtime: ${e.message}`));
    this.store.dispose();
  }

  /** Deletes the cluster's containers, volumes and network (docker), then disposes it. State files are the caller's. */
  async destroy(): Promise<RemovedResources | undefined> {
    if (this.stopped) return undefined;
    this.destroying = true;
    const docker = this.stop();
    const removed = await docker?.destroy();
    this.store.dispose();
    return removed;
  }
}
