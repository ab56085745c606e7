// Workload benchmarks (issue: a cluster that behaves), in-process with the sim runtime: how fast a Deployment's
// pods are Running, how many pods one cluster brings up, and how long a rolling update of 10 replicas takes.
import { performance } from 'node:perf_hooks';
import { findKind } from '../sandbox/apiserver/kinds/registry';
import { Cluster } from '../sandbox/cluster';
import { percentile, row, type Row } from './stats';

const depRes = findKind('Deployment')!;
const podRes = findKind('Pod')!;

function deployment(name: string, replicas: number, image = 'gihyodocker/echo:latest') {
  return {
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'echo', image, ports: [{ containerPort: 8080 }] }] } },
    },
  };
}

function running(c: Cluster, selector: string): number {
  return c.api.list(podRes, 'default', { labelSelector: selector }).items.filter((p) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp).length;
}

async function until(c: Cluster, done: () => boolean, limitMs = 120_000): Promise<void> {
  const deadline = performance.now() + limitMs;
  while (!done()) {
    if (performance.now() > deadline) throw new Error('benchmark did not converge');
    await c.settled();
    if (!done()) await new Promise((r) => setImmediate(r));
  }
}

export async function benchWorkloads(): Promise<Row[]> {
  const rows: Row[] = [];
  const applyTimes: number[] = [];
  for (let i = 0; i < 10; i++) {
    const c = new Cluster({ compactEveryMs: 0 });
    const t = performance.now();
    c.api.create(depRes, 'default', deployment('echo', 3));
    await until(c, () => running(c, 'app=echo') === 3);
    applyTimes.push(performance.now() - t);
    c.dispose();
  }
  rows.push(row('3-replica Deployment → all pods Running (p50)', percentile(applyTimes, 50), 'ms', { max: 300, text: '< 300 ms' }));

  const big = new Cluster({ compactEveryMs: 0, workers: 10 });
  let t = performance.now();
  big.api.create(depRes, 'default', deployment('many', 1000));
  await until(big, () => running(big, 'app=many') === 1000, 600_000);
  rows.push(row('1,000 pods created and Running in one cluster', (performance.now() - t) / 1000, 's', { max: 10, text: '< 10 s' }));
  big.dispose();

  const c = new Cluster({ compactEveryMs: 0 });
  c.api.create(depRes, 'default', deployment('roll', 10));
  await until(c, () => running(c, 'app=roll') === 10);
  t = performance.now();
  c.api.patch(depRes, 'default', 'roll', 'strategic', { spec: { template: { spec: { containers: [{ name: 'echo', image: 'gihyodocker/echo:v2' }] } } } });
  await until(c, () => {
    const d = c.api.get(depRes, 'default', 'roll');
    return d.status?.updatedReplicas === 10 && d.status?.availableReplicas === 10 && d.status?.replicas === 10 && d.status?.observedGeneration === d.metadata.generation;
  });
  rows.push(row('rolling update of 10 replicas to done', performance.now() - t, 'ms'));
  c.dispose();
  return rows;
}
