// Node agents of one cluster: the scheduler, one kubelet per node on the chosen runtime, and the node lifecycle
// controller, run by one ControllerManager. stopNode/startNode let a lesson (or a test) fail a machine.
import { findKind } from '../api/registry';
import type { ObjectApi } from '../apiserver/object-api';
import { ControllerManager } from '../controllers/controller';
import { NodeLifecycleController } from '../controllers/node-lifecycle';
import { Scheduler } from '../scheduler/scheduler';
import type { Clock } from '../util/clock';
import { Kubelet } from './kubelet';
import { SimRuntime, type ContainerRuntime } from './runtime';

export interface NodeAgents {
  readonly manager: ControllerManager;
  readonly kubelets: Map<string, Kubelet>;
  readonly runtime: ContainerRuntime;
  stopNode(name: string): void;
  startNode(name: string): void;
  dispose(): void;
}

export function startNodeAgents(api: ObjectApi, clock: Clock, opts: { runtime?: ContainerRuntime } = {}, log?: (m: string) => void): NodeAgents {
  const runtime = opts.runtime ?? new SimRuntime();
  const manager = new ControllerManager(api, clock, log);
  const kubelets = new Map<string, Kubelet>();
  for (const node of api.list(findKind('Node')!, undefined).items) {
    const k = new Kubelet(api, clock, node.metadata.name!, runtime);
    kubelets.set(node.metadata.name!, k);
    manager.add(k);
  }
  manager.add(new Scheduler(api));
  manager.add(new NodeLifecycleController(api, clock));
  manager.start();
  const find = (name: string) => {
    const k = kubelets.get(name);
    if (!k) throw new Error(`no node named ${name}`);
    return k;
  };
  return {
    manager,
    kubelets,
    runtime,
    stopNode: (name) => find(name).stop(),
    startNode: (name) => find(name).start(),
    dispose: () => manager.dispose(),
  };
}
