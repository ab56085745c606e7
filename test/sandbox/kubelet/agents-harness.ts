// An in-process cluster with node agents for scheduler, kubelet and node lifecycle tests: the real ObjectApi on an
// in-memory SQLite store, a FakeClock, the bootstrap nodes, the scheduler, the node lifecycle controller (with the
// agents' timings; all controllers with `controllers: true`) and startNodeAgents on the sim runtime.
// `settle()` waits until nothing is left to do; `advance(ms)` moves the clock and then settles.
import { findKind } from '../../../sandbox/apiserver/kinds/registry';
import type { Event, Pod } from '../../../sandbox/api/objects';
import { ObjectApi } from '../../../sandbox/apiserver/object-api';
import { serviceAllocation } from '../../../sandbox/apiserver/plugins/service-allocation';
import { bootstrap } from '../../../sandbox/bootstrap';
import { startControllers } from '../../../sandbox/controllers';
import { NodeLifecycleController } from '../../../sandbox/controllers/node-lifecycle';
import { ControllerManager } from '../../../sandbox/controller-runtime/controller';
import { nodeTimingsOf } from '../../../sandbox/lib/node-timings';
import { startScheduler } from '../../../sandbox/scheduler';
import { startNodeAgents, type NodeAgentOptions, type NodeAgents } from '../../../sandbox/kubelet';
import { SIM_RUNTIME_VERSION } from '../../../sandbox/kubelet/sim-runtime';
import { Store } from '../../../sandbox/store/store';
import { FakeClock } from '../../../sandbox/util/fake-clock';

export const res = {
  pod: findKind('Pod')!,
  node: findKind('Node')!,
  lease: findKind('Lease')!,
  event: findKind('Event')!,
  rs: findKind('ReplicaSet')!,
  deploy: findKind('Deployment')!,
  cm: findKind('ConfigMap')!,
};

export interface AgentsHarness {
  api: ObjectApi;
  store: Store;
  clock: FakeClock;
  agents: NodeAgents;
  controllers: ControllerManager;
  logs: string[];
  settle(): Promise<void>;
  advance(ms: number): Promise<void>;
  pod(name: string, namespace?: string): Pod;
  createPod(name: string, spec: any, meta?: any): Pod;
  events(name: string, namespace?: string): Event[];
  dispose(): void;
}

/** Without the workload controllers, nodes still need theirs: NotReady and evictions. */
function nodeLifecycleOnly(api: ObjectApi, clock: FakeClock, timings: ReturnType<typeof nodeTimingsOf>, log: (m: string) => void): ControllerManager {
  const manager = new ControllerManager(api, clock, log);
  manager.add(new NodeLifecycleController(api, clock, { gracePeriodMs: timings.nodeMonitorGracePeriodMs, evictionScale: timings.evictionScale }));
  manager.start();
  return manager;
}

export function startAgents(opts: { controllers?: boolean; agents?: NodeAgentOptions } = {}): AgentsHarness {
  const store = new Store(':memory:');
  const clock = new FakeClock('2024-05-01T10:00:00Z');
  const api = new ObjectApi(store, clock, [serviceAllocation]);
  bootstrap(api, { workers: 2, runtimeVersion: SIM_RUNTIME_VERSION });
  const logs: string[] = [];
  const log = (m: string) => logs.push(m);
  const timings = nodeTimingsOf(opts.agents?.timings);
  const controllers = opts.controllers ? startControllers(api, clock, log, { nodeTimings: timings }) : nodeLifecycleOnly(api, clock, timings, log);
  const scheduler = startScheduler(api, clock, log);
  const agents = startNodeAgents(api, clock, opts.agents ?? {}, log);
  const settle = async () => {
    for (let i = 0; i < 50; i++) {
      const rev = store.revision;
      await controllers.idle();
      await scheduler.idle();
      await agents.idle();
      await new Promise<void>((r) => setImmediate(r));
      if (store.revision === rev) return;
    }
  };
  return {
    api,
    store,
    clock,
    agents,
    controllers,
    logs,
    settle,
    async advance(ms) {
      clock.advance(ms);
      await settle();
    },
    pod: (name, namespace = 'default') => api.get(res.pod, namespace, name),
    createPod: (name, spec, meta = {}) => api.create(res.pod, meta.namespace ?? 'default', { metadata: { name, ...meta }, spec }),
    events(name, namespace = 'default') {
      return api
        .list(res.event, namespace)
        .items.filter((e) => e.involvedObject?.name === name)
        .sort((a, b) => String(a.metadata.name).localeCompare(String(b.metadata.name)));
    },
    dispose() {
      agents.dispose();
      controllers.dispose();
      scheduler.dispose();
      store.dispose();
    },
  };
}
