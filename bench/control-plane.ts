// Control-plane benchmarks (issue: mini cluster control plane): how fast a new cluster answers, request latencies
// through the real HTTP stack (from a client thread of their own, as kubectl is a process of its own), watch
// delivery, and the memory an idle cluster costs when many share one process.
import http from 'node:http';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Cluster } from '../sandbox/cluster';
import { ClusterHost } from '../sandbox/host';
import { findKind } from '../sandbox/apiserver/kinds/registry';
import { percentile, row, timeEach, type Row } from './stats';

const podRes = findKind('Pod')!;

async function listen(app: express.Express): Promise<{ url: string; close: () => void }> {
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

const pod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'bench' } },
  spec: { containers: [{ name: 'c', image: 'gihyodocker/echo:latest', ports: [{ containerPort: 8080 }] }] },
});

/**
 * Times `n` requests sent one after another from a client thread of its own (keep-alive, as kubectl), so the
 * client's allocations do not stall the server's event loop; `{i}` in the body is replaced by the request number.
 */
function timedRequests(job: { url: string; headers: Record<string, string>; method?: string; body?: string; n: number }): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'client-worker.js'), { workerData: job });
    worker.once('message', (m: number[] | { error: string }) => (Array.isArray(m) ? resolve(m) : reject(new Error(m.error))));
    worker.once('error', reject);
  });
}

export async function benchControlPlane(): Promise<Row[]> {
  const host = new ClusterHost();
  const app = express();
  app.use('/clusters', host.handler());
  const srv = await listen(app);
  const rows: Row[] = [];

  // 0. Memory of 50 idle clusters (measured first, before other benchmarks leave garbage behind).
  global.gc?.();
  await new Promise((r) => setTimeout(r, 200));
  const before = process.memoryUsage().rss;
  const idle: Cluster[] = [];
  for (let i = 0; i < 50; i++) {
    const ci = new Cluster({ compactEveryMs: 0 });
    host.add(`idle${i}`, ci);
    idle.push(ci);
    await fetch(`${srv.url}/clusters/idle${i}/api/v1/nodes`, { headers: { authorization: `Bearer ${ci.token}` } }).then((r) => r.arrayBuffer());
  }
  global.gc?.();
  await new Promise((r) => setTimeout(r, 200));
  const perCluster = (process.memoryUsage().rss - before) / 50 / (1024 * 1024);
  rows.push(row('memory per idle cluster (RSS, 50 clusters)', perCluster, 'MB', { max: 10, text: '< 10 MB' }));
  for (const id of host.ids()) host.remove(id)!.dispose();

  // 1. New cluster → first answered request.
  const startup = await timeEach(20, async (i) => {
    const c = new Cluster({ compactEveryMs: 0 });
    host.add(`new${i}`, c);
    const r = await fetch(`${srv.url}/clusters/new${i}/api/v1/namespaces/default/pods`, { headers: { authorization: `Bearer ${c.token}` } });
    if (r.status !== 200) throw new Error(`first request answered ${r.status}`);
    await r.arrayBuffer();
  });
  for (const id of host.ids()) host.remove(id)!.dispose();
  rows.push(row('new cluster → first answered request (p50)', percentile(startup, 50), 'ms', { max: 50, text: '< 50 ms' }));

  // 2. Latencies on one cluster with 100 pods.
  const c = new Cluster({ compactEveryMs: 0 });
  host.add('main', c);
  const base = `${srv.url}/clusters/main/api/v1/namespaces/default/pods`;
  const auth = { authorization: `Bearer ${c.token}` };
  for (let i = 0; i < 100; i++) c.api.create(podRes, 'default', pod(`p${i}`));
  // Steady state: the pods scheduled and Running, so the timings are of requests, not of the cluster settling.
  await c.settled();
  const get = await timedRequests({ url: `${base}/p1`, headers: auth, n: 500 });
  const list = await timedRequests({ url: base, headers: auth, n: 300 });
  const listTable = await timedRequests({ url: base, headers: { ...auth, accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' }, n: 300 });
  const patch = await timedRequests({
    url: `${base}/p2`,
    method: 'PATCH',
    headers: { ...auth, 'content-type': 'application/merge-patch+json' },
    body: '{"metadata":{"labels":{"n":"{i}"}}}',
    n: 300,
  });
  rows.push(row('GET pod p50', percentile(get, 50), 'ms'), row('GET pod p99', percentile(get, 99), 'ms'));
  rows.push(row('LIST 100 pods (JSON) p50', percentile(list, 50), 'ms'), row('LIST 100 pods (JSON) p99', percentile(list, 99), 'ms', { max: 5, text: '< 5 ms' }));
  rows.push(row('LIST 100 pods (Table) p99', percentile(listTable, 99), 'ms'));
  rows.push(row('PATCH pod p50', percentile(patch, 50), 'ms'), row('PATCH pod p99', percentile(patch, 99), 'ms'));

  // 3. Watch delivery: write in-process, receive over HTTP.
  const delivery: number[] = [];
  const ctrl = new AbortController();
  const resp = await fetch(`${base}?watch=true&resourceVersion=${c.store.revision}`, { headers: auth, signal: ctrl.signal });
  const reader = resp.body!.getReader();
  let pending: ((t: number) => void) | undefined;
  void (async () => {
    const dec = new TextDecoder();
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      if (dec.decode(value).includes('\n')) pending?.(performance.now());
    }
  })();
  for (let i = 0; i < 200; i++) {
    const got = new Promise<number>((r) => (pending = r));
    const t = performance.now();
    c.api.patch(podRes, 'default', 'p3', 'merge', { metadata: { labels: { w: String(i) } } });
    delivery.push((await got) - t);
  }
  ctrl.abort();
  rows.push(row('watch event delivery p50', percentile(delivery, 50), 'ms'), row('watch event delivery p99', percentile(delivery, 99), 'ms'));
  host.remove('main')!.dispose();

  host.dispose();
  srv.close();
  return rows;
}
