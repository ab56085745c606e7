// The terminal WebSocket: only the signed-in owner gets a shell (an instructor watches read-only); other learners,
// anonymous visitors and other sites' pages are refused before the upgrade. The shell has the learner's kubeconfig
// and home, survives a dropped connection, and replays what the browser missed.
import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { startApp, type Harness, type WebClient } from '../app-harness';
import { waitFor } from '../../helpers/test-cluster';
import { kubectlBinaries } from '../../helpers/kubectl-bin';
import { LocalPtyBackend } from '../../../server/terminal/local-pty-backend';
import type { TerminalServerMessage } from '../../../web/protocol';

let app: Harness;
let ann: WebClient;
let annId: string;

beforeEach(async () => {
  app = await startApp({ shellLingerMs: 60_000 });
  const teacher = app.client();
  await teacher.signUp('teacher@example.com');
  ann = app.client();
  await ann.signUp('ann@example.com');
  annId = await ann.userId();
});
afterEach(() => app.close());

interface Term {
  ws: WebSocket;
  screen: () => string;
  messages: TerminalServerMessage[];
  type: (s: string) => void;
  close: () => Promise<void>;
}

function wsUrl(query = ''): string {
  return `${app.url.replace('http:', 'ws:')}/terminal${query}`;
}

/** Opens the terminal socket; resolves with the HTTP status when the upgrade is refused. */
function openTerminal(c: WebClient | undefined, query = '', origin = app.url, host?: string): Promise<Term | number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { origin, ...(host ? { host } : {}) };
    if (c) headers.cookie = c.cookieHeader();
    const ws = new WebSocket(wsUrl(query), { headers });
    const messages: TerminalServerMessage[] = [];
    let text = '';
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as TerminalServerMessage;
      messages.push(m);
      if (m.t === 'output' || m.t === 'replay') text += m.d;
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', reject);
    ws.on('open', () =>
      resolve({
        ws,
        messages,
        screen: () => text,
        type: (s) => ws.send(JSON.stringify({ t: 'input', d: s })),
        close: () => new Promise<void>((r) => (ws.readyState === ws.CLOSED ? r() : (ws.once('close', () => r()), ws.close()))),
      }),
    );
  });
}

async function shell(c: WebClient, query = ''): Promise<Term> {
  const t = await openTerminal(c, query);
  if (typeof t === 'number') throw new Error(`terminal refused: ${t}`);
  return t;
}

it('refuses anonymous visitors, other learners and pages of other sites', async () => {
  const bob = app.client();
  await bob.signUp('bob@example.com');
  expect(await openTerminal(undefined)).toBe(401);
  expect(await openTerminal(bob, `?user=${annId}`)).toBe(403);
  expect(await openTerminal(ann, '', 'http://evil.example')).toBe(403);
  expect(await openTerminal(ann, '?user=nobody')).toBe(403);
  // A rebound DNS name: the page's origin and the Host agree, but neither is a loopback name.
  const rebound = `attacker.example:${app.server.port}`;
  expect(await openTerminal(ann, '', `http://${rebound}`, rebound)).toBe(421);
});

it("runs a shell in the learner's home with KUBECONFIG pointing at their own cluster", async () => {
  const t = await shell(ann);
  t.type('echo "home=$HOME"; echo "kc=$KUBECONFIG"\r');
  await waitFor(() => /kc=\S+/.test(t.screen()), 'the echo output');
  const home = path.join(app.dataDir, 'homes', annId);
  expect(t.screen()).toContain(`home=${home}`);
  const config = fs.readFileSync(path.join(home, '.kube', 'config'), 'utf8');
  expect(config).toContain(`/clusters/${annId}`);
  expect(config).toContain(app.server.ctx.clusters.token(annId));
  if (kubectlBinaries().newest) {
    t.type('kubectl get nodes\r');
    await waitFor(() => /kubelab-worker\s+Ready/.test(t.screen()), 'kubectl get nodes in the terminal', 20_000);
  }
  await t.close();
});

it('keeps the shell when the connection drops and replays only what the browser missed', async () => {
  const first = await shell(ann);
  // Wait for the command's output, not its echo: a shell still starting may echo typed text twice.
  first.type('export MARK=kept-across-reconnects; echo "mark=${MARK}"\r');
  await waitFor(() => first.screen().includes('mark=kept-across-reconnects'), 'the first command run');
  const hello = first.messages.find((m) => m.t === 'hello') as Extract<TerminalServerMessage, { t: 'hello' }>;
  const at = [...first.messages].reverse().find((m) => m.t === 'output' || m.t === 'replay') as { at: number };
  await first.close();
  const second = await shell(ann, `?shell=${hello.shell}&since=${at.at}`);
  second.type('echo "value=$MARK"\r');
  await waitFor(() => second.screen().includes('value=kept-across-reconnects'), 'the variable from the same shell');
  const replay = second.messages.find((m) => m.t === 'replay') as Extract<TerminalServerMessage, { t: 'replay' }>;
  expect(replay.reset).toBe(false);
  expect(replay.d).not.toContain('mark=kept-across-reconnects');
  await second.close();
  // A reload (no offset) gets the whole recent screen back.
  const third = await shell(ann);
  const full = third.messages.find((m) => m.t === 'replay') as Extract<TerminalServerMessage, { t: 'replay' }>;
  expect(full.reset).toBe(true);
  expect(full.d).toContain('mark=kept-across-reconnects');
  await third.close();
});

it("lets an instructor watch a learner's shell without typing into it", async () => {
  const teacher = app.client();
  await teacher.signIn('teacher@example.com');
  const own = await shell(ann);
  const watching = await shell(teacher, `?user=${annId}`);
  expect(watching.messages.find((m) => m.t === 'hello')).toMatchObject({ readOnly: true });
  watching.type('echo typed-by-instructor\r');
  own.type('echo typed-by-learner\r');
  await waitFor(() => watching.screen().includes('typed-by-learner'), 'the learner output reaching the instructor');
  expect(watching.screen()).not.toContain('typed-by-instructor');
  await Promise.all([own.close(), watching.close()]);
});

it('refuses terminals when the server is not on loopback, and the lesson page says why', async () => {
  app = await app.restart({ shellBackend: new LocalPtyBackend({ loopback: false }) });
  const c = app.client();
  await c.signIn('ann@example.com');
  expect(await openTerminal(c)).toBe(503);
  const page = await c.get('/en/labs/01-first/nodes');
  expect(page.text).toContain('terminal-unavailable');
  expect(page.text).not.toContain('data-terminal ');
});

it('gives a client that names no size an 80×24 terminal, not a 2×2 one', async () => {
  const t = await shell(ann);
  t.type('stty size\r');
  await waitFor(() => /^24 80\s*$/m.test(t.screen()), 'the default size');
  await t.close();
});
