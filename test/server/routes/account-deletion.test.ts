// Deleting an account takes everything of the learner with it. A learner deletes their own (the password asked
// again, CSRF-checked), an instructor deletes a learner's; another learner cannot, nor can anyone delete an
// instructor this way. On the real Docker engine nothing of the learner is left: no container (pods, network agent,
// toolbox and its sandbox), network or volume (home included) of their cluster or of one a Reset replaced, no
// cluster file, home folder, session, progress or attempt. And Reset itself leaves nothing behind, even for a
// cluster that is not running when it is pressed (after a restart, with the toolbox still on the old network).
import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { startApp, WebClient, type Harness } from '../app-harness';
import { apiRequest } from '../../helpers/api-request';
import { CLUSTER_LABEL } from '../../../sandbox/docker/labels';
import { describeDocker, testEngine, waitFor } from '../../sandbox/docker/docker-env';
import type { TerminalServerMessage } from '../../../web/protocol';

const PASSWORD = 'tiger lily 42 river';

function rowsOf(h: Harness, userId: string): Record<string, number> {
  const db = (h.server.ctx.progress as unknown as { db: import('better-sqlite3').Database }).db;
  const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE user_id = ?`).get(userId) as { n: number }).n;
  return {
    users: (db.prepare('SELECT COUNT(*) AS n FROM users WHERE id = ?').get(userId) as { n: number }).n,
    sessions: count('sessions'),
    clusters: count('clusters'),
    step_progress: count('step_progress'),
    attempts: count('attempts'),
    group_members: count('group_members'),
  };
}

const NOTHING = { users: 0, sessions: 0, clusters: 0, step_progress: 0, attempts: 0, group_members: 0 };

async function learner(h: Harness, email: string): Promise<{ c: WebClient; id: string }> {
  const c = h.client();
  expect((await c.signUp(email, PASSWORD)).status).toBe(303);
  const id = await c.userId();
  h.server.ctx.progress.record(id, '01-first', 'nodes', [], 10);
  return { c, id };
}

describe('deleting accounts (simulated pods)', () => {
  let app: Harness;
  beforeEach(async () => {
    app = await startApp();
  });
  afterEach(() => app.close());

  it('deletes a learner\'s own account only with their password, and then everything of it', async () => {
    await app.client().signUp('teacher@example.com', PASSWORD);
    const { c: ann, id } = await learner(app, 'ann@example.com');
    app.server.ctx.clusters.ensure(id);
    await ann.get('/account');
    const wrong = await ann.post('/account/delete', { password: 'not my password' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('That password is not right.'); // English: the lesson page visited last set the language
    expect(rowsOf(app, id).users).toBe(1);
    expect((await ann.post('/account/delete', { password: PASSWORD }, false)).status).toBe(403); // no CSRF token
    const done = await ann.post('/account/delete', { password: PASSWORD });
    expect(done.status).toBe(200);
    expect(done.text).toContain('Your account was deleted');
    expect(rowsOf(app, id)).toEqual(NOTHING);
    expect(fs.existsSync(path.join(app.dataDir, 'clusters', `${id}.db`))).toBe(false);
    expect(fs.existsSync(path.join(app.dataDir, 'homes', id))).toBe(false);
    expect(app.server.ctx.clusters.running(id)).toBeUndefined();
    expect((await ann.get('/en/labs/01-first/nodes')).status).toBe(303); // signed out
    expect((await app.client().signIn('ann@example.com', PASSWORD)).status).toBe(401);
  });

  it('lets an instructor delete a learner, but not a learner another learner, nor anyone an instructor', async () => {
    const teacher = app.client();
    await teacher.signUp('teacher@example.com', PASSWORD);
    const teacherId = await teacher.userId();
    const { c: ann, id: annId } = await learner(app, 'ann@example.com');
    const { id: bobId } = await learner(app, 'bob@example.com');
    await ann.get('/ko/labs');
    expect((await ann.post(`/learners/${bobId}/delete`)).status).toBe(403);
    expect(rowsOf(app, bobId).users).toBe(1);
    await teacher.get('/instructor');
    expect((await teacher.post(`/learners/${teacherId}/delete`)).status).toBe(403);
    expect((await teacher.post(`/learners/${bobId}/delete`)).status).toBe(303);
    expect(rowsOf(app, bobId)).toEqual(NOTHING);
    expect(rowsOf(app, annId).users).toBe(1);
    expect((await teacher.get('/instructor')).text).not.toContain('bob@example.com');
  });
});

describeDocker('deleting accounts and Reset on the real Docker engine', () => {
  jest.setTimeout(240_000);
  let app: Harness;
  const engine = testEngine();

  /** Every Docker object of a learner: their clusters' (current and replaced), their toolbox and their home volume. */
  async function leftovers(userId: string): Promise<string[]> {
    const mine = (labels: Record<string, string>, name: string) => labels[CLUSTER_LABEL] === userId || labels[CLUSTER_LABEL]?.startsWith(`${userId}-`) || name.includes(userId);
    return [
      ...(await engine.containers.list({})).filter((c) => mine(c.labels, c.name)).map((c) => `container ${c.name}`),
      ...(await engine.networks.list({})).filter((n) => mine(n.labels, n.name)).map((n) => `network ${n.name}`),
      ...(await engine.volumes.list({})).filter((v) => mine(v.labels, v.name)).map((v) => `volume ${v.name}`),
    ];
  }

  /** Opens the learner's terminal (their toolbox) and runs a command in it. */
  async function useTerminal(h: Harness, c: WebClient, command: string, expect: RegExp): Promise<void> {
    const ws = new WebSocket(`${h.url.replace('http:', 'ws:')}/terminal`, { headers: { origin: h.url, cookie: c.cookieHeader() } });
    let screen = '';
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as TerminalServerMessage;
      if (m.t === 'output' || m.t === 'replay') screen += m.d;
    });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    ws.send(JSON.stringify({ t: 'input', d: `${command}\n` }));
    try {
      await waitFor(`the terminal prints ${expect}`, () => expect.test(screen), 120_000);
    } finally {
      ws.close();
    }
  }

  async function runPod(h: Harness, id: string, name: string): Promise<void> {
    const res = await apiRequest(`${h.url.replace('http:', 'https:')}/clusters/${id}/api/v1/namespaces/default/pods`, {
      method: 'POST',
      token: h.server.ctx.clusters.token(id),
      ca: h.server.ctx.caCert,
      body: { metadata: { name }, spec: { containers: [{ name: 'echo', image: 'gihyodocker/echo:latest' }] } },
    });
    expect(res.status).toBe(201);
    await waitFor(`${name}'s containers`, async () => (await engine.containers.list({ [CLUSTER_LABEL]: true })).some((c) => c.labels[CLUSTER_LABEL]?.startsWith(id) && c.name.includes(name)), 120_000);
  }

  beforeAll(async () => {
    app = await startApp({ runtime: 'docker' });
    await app.client().signUp('teacher@example.com', PASSWORD);
  }, 120_000);

  afterAll(async () => {
    // What the learners still have (the running clusters would be left for adoption on close): removed.
    for (const u of app?.server.ctx.auth.users.list() ?? []) await app.server.ctx.deleteAccount(u.id);
    await app?.close();
  }, 120_000);

  it('Reset of a cluster that is not running leaves no container, network or toolbox of the old one', async () => {
    const { c, id } = await learner(app, 'reset@example.com');
    await useTerminal(app, c, 'echo kept > notes.txt; echo READY-$((1+1))', /READY-2/);
    const before = await leftovers(id);
    expect(before).toEqual(expect.arrayContaining([`container kubelab-toolbox-${id}`, `container kubelab-toolbox-${id}-sandbox`, `network kubelab-${id}`]));
    // A restart: the cluster is not running until someone uses it, and Reset is pressed first.
    app = await app.restart();
    const again = new WebClient(app.url);
    for (const [k, v] of c.cookies) again.cookies.set(k, v);
    await again.get('/en/labs/01-first/nodes');
    expect((await again.post(`/api/clusters/${id}/reset`)).status).toBe(303);
    await app.server.ctx.clusters.settled();
    const newId = await waitFor('the new cluster on Docker', () => app.server.ctx.clusters.running(id)?.docker?.network.clusterId, 60_000);
    const old = (await leftovers(id)).filter((o) => !o.includes(newId) && o !== `volume kubelab-home-${id}`);
    expect(old).toEqual([]);
    // The home volume is the learner's, and stays: the new toolbox finds the file.
    await useTerminal(app, again, 'cat notes.txt; echo AGAIN-$((2+2))', /kept[\s\S]*AGAIN-4/);
  });

  it("deletes a learner's account (their own wish) and every Docker object of theirs, replaced clusters included", async () => {
    const { c, id } = await learner(app, 'gone@example.com');
    await runPod(app, id, 'first');
    await useTerminal(app, c, 'echo file > mine.txt; echo READY-$((3+3))', /READY-6/);
    await c.get('/en/labs/01-first/nodes');
    expect((await c.post(`/api/clusters/${id}/reset`)).status).toBe(303);
    await runPod(app, id, 'second');
    await useTerminal(app, c, 'echo READY-$((4+4))', /READY-8/);
    expect((await leftovers(id)).length).toBeGreaterThanOrEqual(5);
    await c.get('/account');
    expect((await c.post('/account/delete', { password: PASSWORD })).status).toBe(200);
    expect(await leftovers(id)).toEqual([]);
    expect(rowsOf(app, id)).toEqual(NOTHING);
    expect(fs.readdirSync(path.join(app.dataDir, 'clusters')).filter((f) => f.startsWith(id))).toEqual([]);
    expect(fs.existsSync(path.join(app.dataDir, 'homes', id))).toBe(false);
  });

  it("deletes a learner's account on an instructor's request, with the same result", async () => {
    const teacher = app.client();
    await teacher.signIn('teacher@example.com', PASSWORD);
    const { c, id } = await learner(app, 'removed@example.com');
    await runPod(app, id, 'pod');
    await useTerminal(app, c, 'echo READY-$((5+5))', /READY-10/);
    await teacher.get('/instructor');
    expect((await teacher.post(`/learners/${id}/delete`)).status).toBe(303);
    expect(await leftovers(id)).toEqual([]);
    expect(rowsOf(app, id)).toEqual(NOTHING);
  });
});
