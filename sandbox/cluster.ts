// Composition root of one sandbox cluster: store + object API + API router + controllers, scheduler and kubelets
// on a runtime — `sim` (constructor) or real containers on Docker (Cluster.start). It only wires parts together;
// every behaviour lives in the parts.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Router } from 'express';
import { ObjectApi, type AdmissionPlugin } from './apiserver/object-api';
import { createApiRouter } from './apiserver/server';
import { clusterProxy } from './apiserver/http/proxy';
import { Store } from './store/store';
import { realClock, type Clock } from './util/clock';
import { bootstrap } from './bootstrap';
import { serviceAllocation } from './apiserver/plugins/service-allocation';
import { defaultStorageClassPlugin } from './apiserver/plugins/default-storage-class';
import { podSecurity, type ResourcePolicy } from './apiserver/plugins/pod-security';
import { handlePodStreamUpgrade, runtimePodStreams, unsupportedPodStreams, type PodStreams } from './apiserver/pod-streams';
import { startControllers, type ControllerManager } from './controllers';
import { LAB_TIMINGS, REAL_TIMINGS, startNodeAgents, type NodeAgents, type NodeTimings } from './kubelet';
import type { DockerEngine } from './docker/engine';
import { connectEngine } from './docker/engine';
import { startDockerClusterRuntime, type DockerClusterRuntime } from './kubelet/docker-runtime-setup';
import { sweepOrphanClusters } from './kubelet/docker-runtime-recovery';
import { ClaimVolumeReaper } from './kubelet/claim-volumes';
import type { RemovedResources } from './kubelet/docker-runtime-recovery';
import type { AuditSink } from './apiserver/http/audit';
import type { ImageRecipe } from './images/catalog';

export interface DockerOptions {
  engine?: DockerEngine;
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
  /** `sim` here; `docker` (and `auto`) need Cluster.start, which can wait for the engine. */
  runtime?: 'sim' | 'docker' | 'auto';
  docker?: DockerOptions;
  plugins?: AdmissionPlugin[];
  /**
   * How fast a failed node is noticed and its pods evicted: `lab` (default: NotReady after ~15 s, the 300 s
   * toleration over in 30 s, so a lesson can watch pods move) or `real` (40 s and 300 s, as kube-controller-manager).
   */
  timings?: 'lab' | 'real' | Partial<NodeTimings>;
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
}

const simStreams = unsupportedPodStreams(
  (sub, pod) =>
    `${sub === 'log' ? 'logs' : sub} for pod "${pod.metadata.name}" need real containers: this cluster runs the simulated runtime (sim), whose containers have no processes. Start kubelab with Docker available to use the docker runtime.`,
);

function nodeTimings(opts: ClusterOptions): Partial<NodeTimings> {
  const t = opts.timings ?? 'lab';
  return t === 'lab' ? LAB_TIMINGS : t === 'real' ? REAL_TIMINGS : t;
}

/** Internal: Cluster.start builds the cluster first and starts its agents once the runtime is ready. */
const DEFER_AGENTS = Symbol('deferAgents');

export class Cluster {
  readonly store: Store;
  readonly api: ObjectApi;
  readonly router: Router;
  readonly token: string;
  readonly clock: Clock;
  controllers?: ControllerManager;
  nodes?: NodeAgents;
  /** Which runtime runs the pods. */
  runtimeName: 'sim' | 'docker' = 'sim';
  /** Set under the docker runtime: the network, the runtime, and how to leave or remove them. */
  docker?: DockerClusterRuntime;
  /** Resolves once the runtime runs pods (at once for sim; under docker when its network and agents are up). */
  runtimeReady: Promise<void> = Promise.resolve();
  private streams: PodStreams = simStreams;
  private disposed = false;
  private destroyed = false;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(private readonly opts: ClusterOptions = {}, defer?: typeof DEFER_AGENTS) {
    this.clock = opts.clock ?? realClock;
    this.token = opts.token ?? randomBytes(24).toString('hex');
    this.store = new Store(opts.dataFile ?? ':memory:', {
      onWatcherError: (e, ev) => (opts.log ?? console.error)(`a watcher of ${ev.key} failed: ${e instanceof Error ? e.message : e}`),
    });
    this.api = new ObjectApi(this.store, this.clock, [serviceAllocation, defaultStorageClassPlugin, ...(opts.plugins ?? [])]);
    bootstrap(this.api, { workers: opts.workers ?? 2, runtimeVersion: 'kubelab-sim://0.1.0' });
    if (opts.controllers !== false && defer !== DEFER_AGENTS) {
      this.controllers = startControllers(this.api, this.clock, opts.log);
      this.nodes = startNodeAgents(this.api, this.clock, { timings: nodeTimings(opts) }, opts.log);
    }
    this.router = createApiRouter({
      api: this.api,
      clock: this.clock,
      token: this.token,
      podStreams: (req, res, pod, sub) => this.streams.http(req, res, pod, sub),
      // Pods answer only on real containers; the proxies reach them from inside the cluster's own network.
      proxy: clusterProxy(this.api, () => this.docker?.network),
      log: opts.log,
      audit: opts.audit,
    });
    const every = opts.compactEveryMs ?? 60_000;
    if (every > 0) {
      const t = setInterval(() => this.store.compact(), every);
      t.unref();
      this.timers.push(t);
    }
  }

  /**
   * A cluster on the chosen runtime: `sim`, `docker` (fails without an engine) or `auto` (docker when the engine
   * answers within 500 ms, else sim). Under docker, pods are real containers and PodSecurity admission applies.
   */
  static async start(opts: ClusterOptions = {}): Promise<Cluster> {
    const wanted = opts.runtime ?? 'sim';
    const engine = wanted === 'sim' ? undefined : opts.docker?.engine ?? connectEngine();
    const docker = engine && (wanted === 'docker' || (await engine.ping(500)));
    if (!engine || !docker) return new Cluster({ ...opts, runtime: 'sim' });
    const { cluster, ready } = Cluster.onDocker({ ...opts, docker: { ...opts.docker, engine } });
    await ready;
    return cluster;
  }

  /**
   * A docker-runtime cluster whose API answers at once while its network and runtime come up in the background
   * (`ready`); pods created meanwhile wait for their kubelet, as on a real cluster whose nodes are still joining.
   * `fallBackToSim` starts simulated node agents instead when the engine fails, so the cluster stays usable.
   */
  static onDocker(opts: ClusterOptions & { docker: DockerOptions & { engine: DockerEngine } }, fallBackToSim = false): { cluster: Cluster; ready: Promise<void> } {
    const d = opts.docker;
    const cluster = new Cluster({ ...opts, plugins: [...(opts.plugins ?? []), podSecurity(d.policy)] }, DEFER_AGENTS);
    const ready = (async () => {
      if (d.sweep !== false) await sweepOrphanClusters(d.engine, opts.log);
      const stateFile = opts.dataFile && opts.dataFile !== ':memory:' ? opts.dataFile : undefined;
      const runtime = await startDockerClusterRuntime({
        engine: d.engine, api: cluster.api, clusterId: d.clusterId ?? randomBytes(4).toString('hex'), stateFile, labels: d.labels, policy: d.policy, images: d.images, catalog: d.catalog, repairNetwork: d.repairNetwork, log: opts.log,
      });
      if (cluster.disposed) {
        // Suspended or deleted while the runtime came up: leave it for the next start, or remove it.
        if (cluster.destroyed) await runtime.destroy();
        else await runtime.dispose();
        return;
      }
      cluster.docker = runtime;
      cluster.runtimeName = 'docker';
      cluster.streams = runtimePodStreams(runtime.runtime, cluster.clock);
      if (opts.controllers !== false) {
        cluster.controllers = startControllers(cluster.api, cluster.clock, opts.log, runtime.network.externalAddressAllocator());
        const componentAddresses = { dnsPodIps: () => runtime.network.dnsPodIps };
        cluster.nodes = startNodeAgents(cluster.api, cluster.clock, { runtime: runtime.runtime, timings: nodeTimings(opts), componentAddresses }, opts.log);
        // The Docker volumes behind PersistentVolumes go with them.
        cluster.nodes.manager.add(new ClaimVolumeReaper(cluster.api, d.engine, runtime.network.clusterId, opts.log));
      }
    })().catch((e) => {
      if (cluster.disposed) return; // stopped while starting: nobody waits for it any more
      if (!fallBackToSim) {
        cluster.dispose();
        throw e;
      }
      opts.log?.(`docker runtime failed, the cluster runs simulated pods instead: ${(e as Error).message}`);
      if (opts.controllers !== false) {
        cluster.controllers = startControllers(cluster.api, cluster.clock, opts.log);
        cluster.nodes = startNodeAgents(cluster.api, cluster.clock, { timings: nodeTimings(opts) }, opts.log);
      }
    });
    cluster.runtimeReady = ready.catch(() => undefined);
    return { cluster, ready };
  }

  /** For the HTTP server's 'upgrade' event (exec, attach, port-forward); `req.url` relative to the API root. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    handlePodStreamUpgrade(
      { api: this.api, token: this.token, streams: this.streams.upgrade, audit: this.opts.audit, now: () => this.clock.now().getTime() },
      req,
      socket,
      head,
    );
  }

  /** Resolves when controllers and node agents have nothing left to do right now (tests wait on this). */
  async settled(): Promise<void> {
    for (let i = 0; i < 20; i++) {
      const rev = this.store.revision;
      await this.controllers?.idle();
      await this.nodes?.manager.idle();
      if (this.store.revision === rev) return;
    }
  }

  /** Stops everything in this process. Under docker, pods keep running for the next start to adopt. */
  dispose(): void {
    this.disposed = true;
    for (const t of this.timers.splice(0)) clearInterval(t);
    this.nodes?.dispose();
    this.controllers?.dispose();
    void this.docker?.dispose().catch((e) => this.opts.log?.(`leaving the docker runtime: ${e.message}`));
    this.store.dispose();
  }

  /** Deletes the cluster's containers, volumes and network (docker), then disposes it. State files are the caller's. */
  async destroy(): Promise<RemovedResources | undefined> {
    this.disposed = true;
    this.destroyed = true;
    for (const t of this.timers.splice(0)) clearInterval(t);
    this.nodes?.dispose();
    this.controllers?.dispose();
    const removed = await this.docker?.destroy();
    this.docker = undefined;
    this.store.dispose();
    return removed;
  }
}
