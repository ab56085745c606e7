// Pod start-up benchmarks on the docker runtime (issue: real containers): how long from `kubectl apply` to a pod
// Running with every container ready — one container from a local image, the seed's two-container simple-echo pod,
// and 20 pods at once — and what a deleted cluster leaves in the engine (containers, volumes, networks; target 0).
// The API calls are in-process: what is measured is scheduler + kubelet + Docker, not kubectl's own start-up.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import YAML from 'yaml';
import { Cluster } from '../sandbox/cluster';
import { findKind } from '../sandbox/apiserver/kinds/registry';
import type { Pod } from '../sandbox/api/objects';
import { connectEngine } from '../sandbox/docker/engine';
import { CLUSTER_LABEL, TEST_LABEL } from '../sandbox/docker/labels';
import { percentile, row, type Row } from './stats';

const podRes = findKind('Pod')!;
const SEED_POD = path.join(__dirname, '../test/fixtures/seed001/simple-pod.yaml');

function ready(pod: Pod | undefined): boolean {
  const statuses = pod?.status?.containerStatuses ?? [];
  return pod?.status?.phase === 'Running' && statuses.length > 0 && statuses.every((s) => s.ready);
}

async function until(done: () => boolean, what: string, limitMs = 60_000): Promise<void> {
  const deadline = performance.now() + limitMs;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`benchmark: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Creates the pods, waits until all are ready; returns the milliseconds that took. Deletes them after. */
async function startPods(cluster: Cluster, pods: Pod[]): Promise<number> {
  const t = performance.now();
  for (const p of pods) cluster.api.create(podRes, 'default', structuredClone(p));
  const names = pods.map((p) => String(p.metadata.name));
  await until(() => names.every((n) => ready(cluster.api.tryGet(podRes, 'default', n))), `${names.length} pods ready`);
  const ms = performance.now() - t;
  for (const n of names) cluster.api.delete(podRes, 'default', n, { gracePeriodSeconds: 0 });
  await until(() => names.every((n) => !cluster.api.tryGet(podRes, 'default', n)), 'pods gone');
  return ms;
}

const echoPod = (name: string): Pod => ({
  metadata: { name },
  spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'echo', image: 'gihyodocker/echo:latest', imagePullPolicy: 'IfNotPresent', ports: [{ containerPort: 8080 }] }] },
});

export async function benchDockerPods(): Promise<Row[]> {
  const engine = connectEngine();
  const labels = { [TEST_LABEL]: '1', [`${TEST_LABEL}-run`]: `bench-pods-${process.pid}` };
  const clusterId = `benchpods${process.pid}`;
  const cluster = await Cluster.start({
    runtime: { name: 'docker', engine },
    compactEveryMs: 0,
    workers: 1,
    log: () => undefined,
    docker: { clusterId, labels, images: ['pause', 'netagent', 'busybox', 'echo', 'gihyo-nginx'], sweep: false },
  });
  const rows: Row[] = [];
  try {
    await startPods(cluster, [echoPod('warm-up')]);
    const one: number[] = [];
    for (let i = 0; i < 10; i++) one.push(await startPods(cluster, [echoPod(`one-${i}`)]));
    rows.push(row('apply → Running, one container, local image (p50)', percentile(one, 50), 'ms', { max: 1000, text: '< 1 s' }));
    rows.push(row('apply → Running, one container, local image (p95)', percentile(one, 95), 'ms'));

    const seed = YAML.parse(fs.readFileSync(SEED_POD, 'utf8')) as Pod;
    const seedTimes: number[] = [];
    for (let i = 0; i < 5; i++) seedTimes.push(await startPods(cluster, [{ ...seed, metadata: { ...seed.metadata, name: `seed-${i}` } }]));
    rows.push(row('apply → Running 2/2, the seed\'s simple-echo pod (p50)', percentile(seedTimes, 50), 'ms'));

    const twenty = await startPods(cluster, Array.from({ length: 20 }, (_, i) => echoPod(`many-${i}`)));
    rows.push(row('20 pods at once → all Running', twenty / 1000, 's'));
  } finally {
    await cluster.destroy();
  }
  const left = { [CLUSTER_LABEL]: clusterId };
  const leftovers =
    (await engine.containers.list(left)).length + (await engine.volumes.list(left)).length + (await engine.networks.list(left)).length;
  rows.push({ metric: 'containers, volumes and networks left after deleting the cluster', value: String(leftovers), target: '0', met: leftovers === 0 });
  return rows;
}
