// Node agents of one cluster: the scheduler, one kubelet per node on the chosen runtime, and the node lifecycle
// controller, run by one ControllerManager. stopNode/startNode fail and revive a machine for a lesson or a test;
// the lab's node annotation `kubelab.dev/simulate=stopped` does the same from kubectl. Timings default to a real
// cluster's; LAB_TIMINGS compresses the waits (NotReady after 15 s, evictions after a tenth of tolerationSeconds).
import { findKind } from '../apiserver/kinds/registry';
import type { KubeObject } from '../api/types';
import type { PodStreamHandler } from '../apiserver/http/routes';
import type { ObjectApi } from '../apiserver/object-api';
import { ControllerManager, type Controller, type WatchSpec } from '../controller-runtime/controller';
import { NodeLifecycleController } from '../controllers/node-lifecycle';
import { Scheduler } from '../scheduler/scheduler';
import type { Clock } from '../util/clock';
import { Kubelet } from './kubelet';
import { KubeSystemPods, type ComponentAddresses } from './kube-system-pods';
import type { ContainerRuntime } from '../runtime/container-runtime';
import { SimRuntime } from './sim-runtime';

const nodeRes = findKind('Node')!;
/** The lab device for "switching a node off": present with value `stopped` → its kubelet stops. */
export const SIMULATE_ANNOTATION = 'kubelab.dev/simulate';

export interface NodeTimings {
  leaseRenewMs: number;
  leaseDurationSeconds: number;
  nodeStatusReportMs: number;
  nodeMonitorGracePeriodMs: number;
  /** Multiplies pods' tolerationSeconds for NoExecute evictions. */
  evictionScale: number;
}

export const REAL_TIMINGS: NodeTimings = {
  leaseRenewMs: 10_000,
  leaseDurationSeconds: 40,
  nodeStatusReportMs: 60_000,
  nodeMonitorGracePeriodMs: 40_000,
  evictionScale: 1,
};

/** For lessons: the same sequence in under a minute (NotReady after ~15 s, the 300 s toleration as 30 s). */
export const LAB_TIMINGS: NodeTimings = {
  leaseRenewMs: 5_000,
  leaseDurationSeconds: 15,
  nodeStatusReportMs: 60_000,
  nodeMonitorGracePeriodMs: 15_000,
  evictionScale: 0.1,
};

export interface NodeAgentOptions {
  /** 'sim' (default) or a runtime instance (the docker runtime, once it exists). */
  runtime?: 'sim' | ContainerRuntime;
  timings?: Partial<NodeTimings>;
  /** Where kube-system's mirror pods say they are (CoreDNS's IPs); the sim's own by default. */
  componentAddresses?: ComponentAddresses;
}

export interface NodeAgents {
  readonly manager: ControllerManager;
  readonly scheduler: Scheduler;
  readonly kubelets: ReadonlyMap<string, Kubelet>;
  readonly nodeLifecycle: NodeLifecycleController;
  readonly runtime: ContainerRuntime;
  /** pods/log, exec, attach, portforward for runtimes with processes; undefined under sim. */
  readonly podStreams?: PodStreamHandler;
  stopNode(name: string): void;
  startNode(name: string): void;
  /** Resolves when no agent has work queued or in flight (delayed retries do not count). */
  idle(): Promise<void>;
  dispose(): void;
}

const annotatedStopped = (node: KubeObject | undefined) => node?.metadata.annotations?.[SIMULATE_ANNOTATION] === 'stopped';

/**
 * Follows the lab annotation on nodes: when it appears the node's kubelet stops, when it goes the kubelet starts.
 * Only changes of the annotation count, so stopNode()/startNode() from code are not undone by other node updates.
 */
class NodeSimulation implements Controller {
  readonly name = 'node-simulation';
  readonly watches: WatchSpec[] = [{ res: nodeRes, toKeys: (e) => (e.type === 'DELETED' ? [] : [String(e.object.metadata.name)]) }];
  private readonly seen = new Map<string, boolean>();

  constructor(private readonly api: ObjectApi, private readonly kubelets: Map<string, Kubelet>) {
    for (const name of kubelets.keys()) this.seen.set(name, annotatedStopped(api.tryGet(nodeRes, undefined, name)));
  }

  reconcile(name: string): void {
    const node = this.api.tryGet(nodeRes, undefined, name);
    const kubelet = this.kubelets.get(name);
    if (!node || !kubelet) return;
    const stop = annotatedStopped(node);
    if (this.seen.get(name) === stop) return;
    this.seen.set(name, stop);
    if (stop) kubelet.stop();
    else kubelet.start();
  }
}

export function startNodeAgents(api: ObjectApi, clock: Clock, opts: NodeAgentOptions = {}, log?: (m: string) => void): NodeAgents {
  const timings = { ...REAL_TIMINGS, ...(opts.timings ?? {}) };
  const runtime = !opts.runtime || opts.runtime === 'sim' ? new SimRuntime(clock) : opts.runtime;
  const manager = new ControllerManager(api, clock, log);
  const kubelets = new Map<string, Kubelet>();
  const scheduler = new Scheduler(api, clock);
  const nodeLifecycle = new NodeLifecycleController(api, clock, { gracePeriodMs: timings.nodeMonitorGracePeriodMs, evictionScale: timings.evictionScale });
  for (const node of api.list(nodeRes, undefined).items) {
    const name = String(node.metadata.name);
    const kubelet = new Kubelet(api, clock, name, runtime, timings, log);
    kubelets.set(name, kubelet);
    manager.add(kubelet);
    kubelet.attach((key) => manager.queueOf(kubelet.name)?.add(key));
  }
  manager.add(scheduler);
  manager.add(nodeLifecycle);
  manager.add(new NodeSimulation(api, kubelets));
  manager.add(new KubeSystemPods(api, opts.componentAddresses));
  manager.start();
  for (const [name, kubelet] of kubelets) if (!annotatedStopped(api.tryGet(nodeRes, undefined, name))) kubelet.start();
  const find = (name: string) => {
    const k = kubelets.get(name);
    if (!k) throw new Error(`no node named ${name}`);
    return k;
  };
  return {
    manager,
    scheduler,
    kubelets,
    nodeLifecycle,
    runtime,
    stopNode: (name) => find(name).stop(),
    startNode: (name) => find(name).start(),
    idle: () => manager.idle(),
    dispose: () => {
      manager.dispose();
      for (const k of kubelets.values()) k.dispose();
      runtime.dispose();
    },
  };
}

export { Kubelet } from './kubelet';
export { SimRuntime } from './sim-runtime';
export type { ContainerRuntime } from '../runtime/container-runtime';
