// A cluster without HTTP for controller tests: the real ObjectApi on an in-memory SQLite store, a FakeClock, the
// bootstrap objects and the controllers. There is no kubelet here, so tests make pods Ready by writing their status.
import { findKind } from '../../../sandbox/apiserver/kinds/registry';
import type { Event, Pod, PodTemplateSpec } from '../../../sandbox/api/objects';
import { ObjectApi } from '../../../sandbox/apiserver/object-api';
import type { AdmissionPlugin } from '../../../sandbox/apiserver/plugins/admission';
import { serviceAllocation } from '../../../sandbox/apiserver/plugins/service-allocation';
import { bootstrap } from '../../../sandbox/bootstrap';
import type { ControllerManager } from '../../../sandbox/controller-runtime/controller';
import { startControllers } from '../../../sandbox/controllers';
import { Store } from '../../../sandbox/store/store';
import { rfc3339 } from '../../../sandbox/util/clock';
import { FakeClock } from '../../../sandbox/util/fake-clock';

export const res = {
  ns: findKind('Namespace')!,
  pod: findKind('Pod')!,
  rs: findKind('ReplicaSet')!,
  deploy: findKind('Deployment')!,
  event: findKind('Event')!,
  cm: findKind('ConfigMap')!,
  svc: findKind('Service')!,
};

export interface Harness {
  api: ObjectApi;
  clock: FakeClock;
  manager: ControllerManager;
  logs: string[];
  idle(): Promise<void>;
  pods(namespace?: string, labels?: Record<string, string>): Pod[];
  dispose(): void;
}

export function startHarness(plugins: AdmissionPlugin[] = []): Harness {
  const store = new Store(':memory:');
  const clock = new FakeClock('2024-05-01T10:00:00Z');
  const api = new ObjectApi(store, clock, [serviceAllocation, ...plugins]);
  bootstrap(api, { workers: 2, runtimeVersion: 'kubelab-sim://test' });
  const logs: string[] = [];
  const manager = startControllers(api, clock, (m) => logs.push(m));
  return {
    api,
    clock,
    manager,
    logs,
    idle: () => manager.idle(),
    pods(namespace = 'default', labels = {}) {
      return api
        .list(res.pod, namespace)
        .items.filter((p) => Object.entries(labels).every(([k, v]) => p.metadata.labels?.[k] === v))
        .filter((p) => !p.metadata.deletionTimestamp);
    },
    dispose() {
      manager.dispose();
      store.dispose();
    },
  };
}

/** Plays the kubelet's part: every pending pod (or those matching) becomes Running and Ready now. */
export function markPodsReady(api: ObjectApi, clock: FakeClock, filter: (p: Pod) => boolean = () => true): number {
  let n = 0;
  for (const pod of api.list(res.pod, undefined).items) {
    if (pod.metadata.deletionTimestamp || !filter(pod)) continue;
    if (pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) continue;
    const now = rfc3339(clock.now());
    api.updateStatus(res.pod, pod.metadata.namespace, pod.metadata.name, {
      ...pod,
      status: {
        ...pod.status,
        phase: 'Running',
        conditions: [
          { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: now },
          { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: now },
          { type: 'ContainersReady', status: 'True', lastProbeTime: null, lastTransitionTime: now },
          { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now },
        ],
        startTime: now,
      },
    });
    n++;
  }
  return n;
}

export function eventsFor(api: ObjectApi, name: string, namespace = 'default'): Event[] {
  return api.list(res.event, namespace).items.filter((e) => e.involvedObject?.name === name);
}

export function podTemplate(labels: Record<string, string>, image = 'nginx:1.25'): PodTemplateSpec {
  return { metadata: { labels }, spec: { containers: [{ name: 'app', image }] } };
}
