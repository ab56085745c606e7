// Each learner's cluster is theirs alone: another learner gets 403 for its map, kubeconfig, reset and view page,
// and another cluster's token opens nothing; an instructor may watch the map but not take the credentials. The
// downloaded kubeconfig works with the real kubectl over HTTPS on the app's own port.
import fs from 'node:fs';
import path from 'node:path';
import { startApp, type Harness, type WebClient } from '../app-harness';
import { kubectlBinaries, requireOrSkip } from '../../helpers/kubectl-bin';
import { runKubectl } from '../../helpers/test-cluster';
import YAML from 'yaml';

let app: Harness;
let teacher: WebClient;
let ann: WebClient;
let bob: WebClient;
let annId: string;
let bobId: string;

beforeEach(async () => {
  app = await startApp();
  teacher = app.client();
  await teacher.signUp('teacher@example.com');
  ann = app.client();
  await ann.signUp('ann@example.com');
  bob = app.client();
  await bob.signUp('bob@example.com');
  annId = await ann.userId();
  bobId = await bob.userId();
});
afterEach(() => app.close());

/** Reads the first server-sent event of the map stream, then hangs up. */
async function firstMapEvent(c: WebClient, owner: string): Promise<{ status: number; event?: string; data?: any }> {
  const ac = new AbortController();
  const res = await fetch(`${app.url}/api/clusters/${owner}/map`, { headers: { cookie: c.cookieHeader() }, signal: ac.signal });
  if (res.status !== 200) {
    await res.text();
    return { status: res.status };
  }
  const reader = res.body!.getReader();
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += Buffer.from(value).toString();
    const m = /event: (\w+)\ndata: (.*)\n\n/.exec(text);
    if (m) {
      ac.abort();
      return { status: 200, event: m[1], data: JSON.parse(m[2]) };
    }
  }
  return { status: res.status };
}

it('gives another learner 403 for the map, kubeconfig, reset and view page of my cluster', async () => {
  expect((await firstMapEvent(bob, annId)).status).toBe(403);
  expect((await bob.get(`/api/clusters/${annId}/kubeconfig`)).status).toBe(403);
  expect((await bob.get(`/api/clusters/${annId}`)).status).toBe(403);
  await bob.get('/ko/labs');
  expect((await bob.post(`/api/clusters/${annId}/reset`)).status).toBe(403);
  expect((await bob.get(`/learners/${annId}`)).status).toBe(403);
  expect((await app.client().get(`/api/clusters/${annId}/kubeconfig`)).status).toBe(401);
});

it("lets an instructor watch a learner's map but not download their credentials or reset their cluster", async () => {
  const first = await firstMapEvent(teacher, annId);
  expect(first.event).toBe('snapshot');
  expect(first.data.objects.filter((o: any) => o.kind === 'Node').length).toBe(2);
  expect((await teacher.get(`/learners/${annId}`)).status).toBe(200);
  expect((await teacher.get(`/api/clusters/${annId}/kubeconfig`)).status).toBe(403);
  await teacher.get('/ko/labs');
  expect((await teacher.post(`/api/clusters/${annId}/reset`)).status).toBe(403);
});

it('keeps each cluster in its own file under <data>/clusters', async () => {
  expect((await firstMapEvent(ann, annId)).event).toBe('snapshot');
  expect(fs.existsSync(path.join(app.dataDir, 'clusters', `${annId}.db`))).toBe(true);
  expect(fs.existsSync(path.join(app.dataDir, 'clusters', `${bobId}.db`))).toBe(false);
});

it('serves a kubeconfig that lets the real kubectl into my cluster only', async () => {
  const kubectl = kubectlBinaries().newest;
  if (!requireOrSkip('kubectl', !!kubectl)) return;
  const dir = fs.mkdtempSync(path.join(app.dataDir, 'kc-'));
  const annConfig = (await ann.get(`/api/clusters/${annId}/kubeconfig`)).text;
  const bobConfig = (await bob.get(`/api/clusters/${bobId}/kubeconfig`)).text;
  fs.writeFileSync(path.join(dir, 'ann'), annConfig);
  const got = await runKubectl(kubectl!, ['--kubeconfig', path.join(dir, 'ann'), 'get', 'nodes', '-o', 'name'], dir);
  expect(got.stderr).toBe('');
  expect(got.stdout.trim().split('\n')).toHaveLength(2);
  // Bob's token against Ann's cluster URL: refused.
  const mixed = YAML.parse(bobConfig);
  mixed.clusters[0].cluster.server = YAML.parse(annConfig).clusters[0].cluster.server;
  fs.writeFileSync(path.join(dir, 'mixed'), YAML.stringify(mixed));
  const refused = await runKubectl(kubectl!, ['--kubeconfig', path.join(dir, 'mixed'), 'get', 'nodes'], dir);
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toMatch(/Unauthorized|must be logged in/);
});

it('resets my cluster: its objects are gone and its token (so the kubeconfig) stays', async () => {
  const cluster = app.server.ctx.clusters.ensure(annId);
  const { findKind } = await import('../../../sandbox/apiserver/kinds/registry');
  cluster.api.create(findKind('ConfigMap')!, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keep-me' }, data: { a: '1' } });
  const token = app.server.ctx.clusters.token(annId);
  await ann.get('/ko/labs');
  const res = await ann.post(`/api/clusters/${annId}/reset`);
  expect(res.status).toBe(303);
  const fresh = app.server.ctx.clusters.running(annId)!;
  expect(fresh).not.toBe(cluster);
  expect(fresh.api.tryGet(findKind('ConfigMap')!, 'default', 'keep-me')).toBeUndefined();
  expect(app.server.ctx.clusters.token(annId)).toBe(token);
});
