// Node agents of one cluster: one kubelet per node on the chosen runtime, the kube-system mirror pods and the lab's
// node switch, run by one ControllerManager. stopNode/startNode fail and revive a machine for a lesson or a test;
// the lab's node annotation `kubelab.dev/simulate=stopped` does the same from kubectl. (The scheduler and the node
// lifecycle controller are control-plane parts; the Cluster starts them on their own.)
import { findKind } from '../apiserver/kinds/registry';
import type { KubeObject } from '../api/types';
import type { PodStreamHandler } from '../apiserver/http/routes';
import type { ObjectApi } from '../apiserver/object-api';
import { ControllerManager, type Controller, type WatchSpec } from '../controller-runtime/controller';
import { nodeTimingsOf, type NodeTimings } from '../lib/node-timings';
import type { Clock } from '../util/clock';
import { Kubelet } from './kubelet';
import { KubeSystemPods, type ComponentAddresses } from './kube-system-pods';
import type { ContainerRuntime } from '../runtime/container-runtime';
import { SimRuntime } from './sim-runtime';
import { ResourceMetrics } from './resource-metrics';
import type { ResourceMetricsSource } from '../apiserver/metrics';

const nodeRes = findKind('Node')!;
/** The lab device for "switching a node off": present with value `stopped` → its kubelet stops. */
export const SIMULATE_ANNOTATION = 'kubelab.dev/simulate';

export interface NodeAgentOptions {
  /** 'sim' (default) or a runtime instance (the docker runtime, once it exists). */
  runtime?: 'sim' | ContainerRuntime;
  timings?: Partial<NodeTimings>;
  /** Where kube-system's mirror pods say they are (CoreDNS's IPs); the sim's own by default. */
  componentAddresses?: ComponentAddresses;
  /** How often containers' resource use is read for the metrics API (default: metrics-server's 15 s). */
  metricsResolutionMs?: number;
}

export interface NodeAgents {
  readonly manager: ControllerManager;
  readonly kubelets: ReadonlyMap<string, Kubelet>;
  readonly runtime: ContainerRuntime;
  /** pods/log, exec, attach, portforward for runtimes with processes; undefined under sim. */
  readonly podStreams?: PodStreamHandler;
  /** The containers' resource use, as metrics.k8s.io serves it. */
  readonly metrics: ResourceMetricsSource;
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
  const timings = nodeTimingsOf(opts.timings);
  const runtime = !opts.runtime || opts.runtime === 'sim' ? new SimRuntime(clock) : opts.runtime;
  const manager = new ControllerManager(api, clock, log);
  const kubelets = new Map<string, Kubelet>();
  for (const node of api.list(nodeRes, undefined).items) {
    const name = String(node.metadata.name);
    const kubelet = new Kubelet(api, clock, name, runtime, timings, log);
    kubelets.set(name, kubelet);
    manager.add(kubelet);
    kubelet.attach((key) => manager.queueOf(kubelet.name)?.add(key));
  }
  manager.add(new NodeSimulation(api, kubelets));
  manager.add(new KubeSystemPods(api, opts.componentAddresses));
  manager.start();
  for (const [name, kubelet] of kubelets) if (!annotatedStopped(api.tryGet(nodeRes, undefined, name))) kubelet.start();
  const metrics = new ResourceMetrics(api, clock, runtime, opts.metricsResolutionMs ?? 15_000, log);
  metrics.start();
  const find = (name: string) => {
    const k = kubelets.get(name);
    if (!k) throw new Error(`no node named ${name}`);
    return k;
  };
  return {
    manager,
    kubelets,
    runtime,
    metrics,
    stopNode: (name) => find(name).stop(),
    startNode: (name) => find(name).start(),
    idle: () => manager.idle(),
    dispose: () => {
      metrics.dispose();
      manager.dispose();
      for (const k of kubelets.values()) k.dispose();
      runtime.dispose();
    },
  };
}

export { Kubelet } from './kubelet';
export { LAB_TIMINGS, REAL_TIMINGS, type NodeTimings } from '../lib/node-timings';
export { SimRuntime } from './sim-runtime';
export type { ContainerRuntime } from '../runtime/container-runtime';
