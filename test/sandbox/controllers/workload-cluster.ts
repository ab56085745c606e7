// A whole simulated cluster (controllers, scheduler, kubelets) on a FakeClock for the workload controller tests: time
// only moves when a test moves it, so run-to-completion pods, back-offs and cron minutes take milliseconds.
import { findKind } from '../../../sandbox/apiserver/kinds/registry';
import type { Event, Pod } from '../../../sandbox/api/objects';
import type { ObjectOf, ResourceInfo } from '../../../sandbox/api/registry';
import { Cluster } from '../../../sandbox/cluster';
import { FakeClock } from '../../../sandbox/util/fake-clock';

export const kinds = {
  pod: findKind('Pod')!,
  node: findKind('Node')!,
  event: findKind('Event')!,
  job: findKind('Job')!,
  cronjob: findKind('CronJob')!,
  sts: findKind('StatefulSet')!,
  ds: findKind('DaemonSet')!,
  pvc: findKind('PersistentVolumeClaim')!,
  revision: findKind('ControllerRevision')!,
};

export interface WorkloadCluster {
  cluster: Cluster;
  clock: FakeClock;
  /** What the controllers and node agents logged (errors they retried), shown when a wait fails. */
  logs: string[];
  get<K extends keyof typeof kinds>(kind: K, name: string, namespace?: string): ObjectOf<(typeof kinds)[K]> | undefined;
  pods(labels?: Record<string, string>): Pod[];
  events(name: string): Event[];
  /** Settles, then advances the clock by stepMs at a time until `done` holds (or fails after maxSteps). */
  until(done: () => boolean, stepMs?: number, maxSteps?: number): Promise<void>;
  /** Advances the clock in steps (letting the cluster settle between them). */
  advance(ms: number, stepMs?: number): Promise<void>;
  dispose(): void;
}

export async function startWorkloadCluster(workers = 2, start = '2024-01-01T00:00:00Z'): Promise<WorkloadCluster> {
  const clock = new FakeClock(start);
  const logs: string[] = [];
  const cluster = new Cluster({ clock, compactEveryMs: 0, workers, log: (m) => logs.push(m) });
  await cluster.settled();
  const wc: WorkloadCluster = {
    cluster,
    clock,
    logs,
    get<K extends keyof typeof kinds>(kind: K, name: string, namespace = 'default') {
      const res: ResourceInfo = kinds[kind];
      return cluster.api.tryGet(res, res.namespaced ? namespace : undefined, name) as ObjectOf<(typeof kinds)[K]> | undefined;
    },
    pods: (labels = {}) =>
      cluster.api.list(kinds.pod, 'default').items.filter((p) => Object.entries(labels).every(([k, v]) => p.metadata.labels?.[k] === v)),
    events: (name) => cluster.api.list(kinds.event, 'default').items.filter((e) => e.involvedObject?.name === name),
    async until(done, stepMs = 1000, maxSteps = 600) {
      for (let i = 0; i < maxSteps; i++) {
        await cluster.settled();
        if (done()) return;
        clock.advance(stepMs);
      }
      await cluster.settled();
      if (!done()) throw new Error(`condition not reached after ${maxSteps} steps of ${stepMs} ms; last logs:\n${logs.slice(-5).join('\n')}`);
    },
    async advance(ms, stepMs = 1000) {
      for (let left = ms; left > 0; left -= stepMs) {
        await cluster.settled();
        clock.advance(Math.min(stepMs, left));
      }
      await cluster.settled();
    },
    dispose: () => cluster.dispose(),
  };
  return wc;
}
