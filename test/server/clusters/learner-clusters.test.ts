// Learner clusters: created on first use in their own file, back after a restart with the same token and state,
// suspended when idle and resumed by the next kubectl request that carries the right token, reset to empty.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClusterHost } from '../../../sandbox/host';
import { findKind } from '../../../sandbox/apiserver/kinds/registry';
import { openDatabase, type AppDatabase } from '../../../server/db/database';
import { LearnerClusters, type ClusterLifecycleEvent } from '../../../server/clusters/learner-clusters';

const configMaps = findKind('ConfigMap')!;
let dir: string;
let db: AppDatabase;
let now: number;
let host: ClusterHost;
let clusters: LearnerClusters;

function make(): LearnerClusters {
  host = new ClusterHost();
  return new LearnerClusters({ db, host, dir: path.join(dir, 'clusters'), idleMs: 60_000, now: () => now, clusterOptions: { workers: 1, controllers: false, log: () => undefined } });
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-lc-'));
  db = openDatabase(path.join(dir, 'kubelab.db'));
  db.prepare("INSERT INTO users (id, email, name, password_hash, role, created_at) VALUES ('ann', 'ann@x', 'Ann', '-', 'learner', 0)").run();
  now = 1_000_000;
  clusters = make();
});
afterEach(() => {
  clusters.dispose();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function addConfigMap(name: string): void {
  clusters.ensure('ann').api.create(configMaps, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: {} });
}

it('creates a cluster on first use, in <dir>/<user>.db', () => {
  expect(clusters.running('ann')).toBeUndefined();
  const c = clusters.ensure('ann');
  expect(clusters.ensure('ann')).toBe(c);
  expect(host.get('ann')).toBe(c);
  expect(fs.existsSync(path.join(dir, 'clusters', 'ann.db'))).toBe(true);
});

it('comes back after a restart with the same token and objects', () => {
  addConfigMap('survivor');
  const token = clusters.ensure('ann').token;
  clusters.dispose();
  clusters = make();
  const again = clusters.ensure('ann');
  expect(again.token).toBe(token);
  expect(again.api.tryGet(configMaps, 'default', 'survivor')).toBeDefined();
});

it('suspends a cluster unused for idleMs and keeps the one in use', () => {
  addConfigMap('kept');
  const events: ClusterLifecycleEvent[] = [];
  clusters.onLifecycle((_id, e) => events.push(e));
  now += 59_000;
  expect(clusters.suspendIdle()).toEqual([]);
  clusters.touch('ann');
  now += 59_000;
  expect(clusters.suspendIdle()).toEqual([]);
  now += 2_000;
  expect(clusters.suspendIdle()).toEqual(['ann']);
  expect(clusters.running('ann')).toBeUndefined();
  expect(events).toEqual(['suspended']);
  expect(clusters.ensure('ann').api.tryGet(configMaps, 'default', 'kept')).toBeDefined();
  expect(events).toEqual(['suspended', 'started']);
});

it('resumes a suspended cluster when a request carries its token, and only then', async () => {
  const token = clusters.token('ann');
  clusters.ensure('ann');
  clusters.suspend('ann');
  const app = express();
  app.use('/clusters', clusters.resumeOnRequest(), host.handler(), (err: any, _req: any, res: any, _next: any) => res.status(err.code ?? 500).end());
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/clusters/ann/api/v1/namespaces`;
  try {
    expect((await fetch(base, { headers: { authorization: 'Bearer wrong' } })).status).toBe(404);
    expect(clusters.running('ann')).toBeUndefined();
    const res = await fetch(base, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(clusters.running('ann')).toBeDefined();
  } finally {
    server.close();
  }
});

it('resets to an empty cluster with the same token and tells listeners before the old one goes', () => {
  addConfigMap('gone-after-reset');
  const seen: string[] = [];
  clusters.onLifecycle((_id, e) => seen.push(`${e}:${host.get('ann') ? 'hosted' : 'gone'}`));
  const old = clusters.ensure('ann');
  const fresh = clusters.reset('ann');
  expect(fresh).not.toBe(old);
  expect(fresh.token).toBe(old.token);
  expect(fresh.api.tryGet(configMaps, 'default', 'gone-after-reset')).toBeUndefined();
  expect(seen).toEqual(['reset:gone', 'started:hosted']);
});

it("gives a learner's cluster the budget even on the simulated runtime: 36 MB of Secrets no longer fit", () => {
  const secrets = findKind('Secret')!;
  const blob = Buffer.alloc(700 * 1024, 'x').toString('base64');
  let refused = '';
  for (let i = 0; i < 40 && !refused; i++) {
    try {
      clusters.ensure('ann').api.create(secrets, 'default', { apiVersion: 'v1', kind: 'Secret', metadata: { name: `s${i}` }, data: { blob } });
    } catch (e) {
      refused = (e as Error).message;
    }
  }
  expect(refused).toMatch(/^secrets "s\d+" is forbidden: exceeded quota: kubelab-budget, requested: kubelab\.dev\/object-bytes=\d+, used: kubelab\.dev\/object-bytes=\d+, limited: kubelab\.dev\/object-bytes=16Mi$/);
});
