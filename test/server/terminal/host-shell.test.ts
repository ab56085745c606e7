// Without a Docker engine, learners' terminals would be shells on the server itself, as the server's user (root on a
// class host): enough to read every learner's data and make oneself an instructor. So an app with several users and
// no engine gives no shell at all, whether it was started with --runtime sim or --runtime auto found no engine, and
// the lesson page says why in the learner's language; the single local --guest user on loopback keeps the local
// shell, which gives them nothing they do not already have.
import WebSocket from 'ws';
import { startApp, type Harness, type WebClient } from '../app-harness';
import { waitFor } from '../../helpers/test-cluster';

let app: Harness | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** Opens the terminal socket: the HTTP status when the upgrade is refused, else what the shell printed after `input`. */
function terminal(url: string, cookie: string, input: string, expect: RegExp): Promise<number | string> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace('http:', 'ws:')}/terminal`, { headers: { origin: url, ...(cookie ? { cookie } : {}) } });
    let text = '';
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', reject);
    ws.on('open', () => ws.send(JSON.stringify({ t: 'input', d: input })));
    ws.on('message', (d) => {
      const m = JSON.parse(String(d));
      if (m.t === 'output' || m.t === 'replay') text += m.d;
      if (expect.test(text)) {
        ws.close();
        resolve(text);
      }
    });
  });
}

async function learner(h: Harness): Promise<WebClient> {
  await h.client().signUp('teacher@example.com');
  const ann = h.client();
  await ann.signUp('ann@example.com');
  return ann;
}

async function expectNoShell(h: Harness, ann: WebClient): Promise<void> {
  expect(await terminal(h.url, ann.cookieHeader(), 'id\r', /uid=/)).toBe(503);
  const ko = await ann.get('/ko/labs/01-first/nodes');
  const en = await ann.get('/en/labs/01-first/nodes');
  expect(ko.text).toContain('이 서버에는 Docker 엔진이 없어 터미널을 열 수 없습니다.');
  expect(en.text).toContain('This server has no Docker engine, so there is no terminal');
  for (const page of [ko, en]) {
    expect(page.text).toContain('terminal-unavailable');
    expect(page.text).not.toContain('data-terminal ');
  }
}

it('gives the learners of a multi-user app with --runtime sim no shell, and the lesson page says why', async () => {
  app = await startApp({ shellBackend: undefined, runtime: 'sim' });
  await expectNoShell(app, await learner(app));
  expect(app.logs.some((l) => /learners get no terminal/.test(l))).toBe(true);
});

it('gives no shell either when --runtime auto finds no engine answering', async () => {
  const saved = process.env.DOCKER_HOST;
  process.env.DOCKER_HOST = 'unix:///nonexistent/kubelab-test-docker.sock';
  try {
    app = await startApp({ shellBackend: undefined, runtime: 'auto' });
  } finally {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
  }
  await expectNoShell(app, await learner(app));
});

it('still gives the single --guest user on loopback a local shell', async () => {
  app = await startApp({ shellBackend: undefined, runtime: 'sim', guest: true });
  const guest = app.client();
  const page = await guest.get('/en/labs/01-first/nodes');
  expect(page.text).toContain('data-terminal ');
  const out = await waitFor(() => terminal(app!.url, guest.cookieHeader(), 'echo "sum=$((40+2))"\r', /sum=42/), 'the guest shell', 15_000);
  expect(out).toMatch(/sum=42/);
});
