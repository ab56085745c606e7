// Clients that trickle bytes cannot hold the app's connections: a connection that sends nothing, headers or a
// body sent a few bytes at a time, and a TLS handshake left half done are all closed at their deadline; while the
// connections that are meant to last — `kubectl get -w`, the map's event stream, the terminal's WebSocket — stay
// open past every deadline and keep delivering. The deadlines are shortened here; their defaults are checked too.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { spawn } from 'node:child_process';
import WebSocket from 'ws';
import { startApp, type Harness, type WebClient } from '../app-harness';
import { waitFor } from '../../helpers/test-cluster';
import { kubectlBinaries, requireOrSkip } from '../../helpers/kubectl-bin';
import { apiRequest } from '../../helpers/api-request';
import { DEFAULT_TIMEOUTS } from '../../../server/http/dual-listener';
import type { TerminalServerMessage } from '../../../web/protocol';

const TIMEOUTS = { handshakeMs: 1000, headersMs: 1500, requestMs: 2500, checkEveryMs: 200 };
const kubectl = kubectlBinaries().newest;
const hasKubectl = requireOrSkip('kubectl', !!kubectl);

let app: Harness;
let ann: WebClient;
let annId: string;

beforeAll(async () => {
  app = await startApp({ listenerTimeouts: TIMEOUTS, shellLingerMs: 60_000 });
  ann = app.client();
  await ann.signUp('ann@example.com');
  annId = await ann.userId();
});
afterAll(() => app.close());

/** Connects and sends `first`, then one more byte of `drip` every 200 ms; resolves with how long until the server hung up. */
function trickle(first: string | Buffer, drip: string): { closed: Promise<number>; stop: () => void } {
  const started = Date.now();
  const socket = net.connect(app.server.port, '127.0.0.1');
  socket.on('error', () => undefined);
  socket.on('data', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  socket.on('connect', () => {
    if (first.length) socket.write(first);
    let i = 0;
    if (drip) timer = setInterval(() => socket.writable && socket.write(drip[i++ % drip.length]), 200);
  });
  const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now() - started)));
  void closed.then(() => clearInterval(timer));
  return { closed, stop: () => socket.destroy() };
}

const TLS_CLIENT_HELLO_START = Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01]);

it('has deadlines for every phase before a request is complete', () => {
  for (const v of Object.values(DEFAULT_TIMEOUTS)) expect(v).toBeGreaterThan(0);
  expect(DEFAULT_TIMEOUTS.headersMs).toBeLessThanOrEqual(20_000);
  expect(DEFAULT_TIMEOUTS.requestMs).toBeLessThanOrEqual(120_000);
});

it('closes connections that send nothing, trickle headers or a body, or stall in the TLS handshake', async () => {
  const silent = trickle('', '');
  const headers = trickle('GET /en/labs HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X-Slow: a\r\n');
  const body = trickle('POST /signin HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n', 'a');
  const handshake = trickle(TLS_CLIENT_HELLO_START, '\x00');
  const clusterHeaders = trickle(`GET /clusters/${annId}/api/v1/pods?watch=1 HTTP/1.1\r\n`, 'X');
  try {
    const ms = await Promise.all([silent.closed, headers.closed, body.closed, handshake.closed, clusterHeaders.closed]);
    const slack = 2000;
    expect(ms[0]).toBeLessThan(TIMEOUTS.handshakeMs + slack);
    expect(ms[1]).toBeLessThan(TIMEOUTS.headersMs + slack);
    expect(ms[2]).toBeLessThan(TIMEOUTS.requestMs + slack);
    expect(ms[3]).toBeLessThan(TIMEOUTS.handshakeMs + slack);
    expect(ms[4]).toBeLessThan(TIMEOUTS.headersMs + slack);
  } finally {
    for (const t of [silent, headers, body, handshake, clusterHeaders]) t.stop();
  }
}, 20_000);

(hasKubectl ? it : it.skip)('keeps kubectl get -w, the map stream and the terminal open past every deadline', async () => {
  const token = app.server.ctx.clusters.token(annId);
  const configmaps = `${app.url.replace('http:', 'https:')}/clusters/${annId}/api/v1/namespaces/default/configmaps`;
  await apiRequest(configmaps, { method: 'POST', token, ca: app.server.ctx.caCert, body: { metadata: { name: 'before' }, data: {} } });
  const dir = fs.mkdtempSync(path.join(app.dataDir, 'kc-'));
  const kubeconfig = path.join(dir, 'config');
  fs.writeFileSync(kubeconfig, (await ann.get(`/api/clusters/${annId}/kubeconfig`)).text);
  const watch = spawn(kubectl!, ['--kubeconfig', kubeconfig, '--cache-dir', path.join(dir, 'cache'), 'get', 'configmaps', '-w', '--no-headers'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let watched = '';
  watch.stdout.on('data', (d) => (watched += d));
  const ac = new AbortController();
  const map = await fetch(`${app.url}/api/clusters/${annId}/map`, { headers: { cookie: ann.cookieHeader() }, signal: ac.signal });
  let events = '';
  void (async () => {
    const reader = map.body!.getReader();
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) break;
      events += Buffer.from(value!).toString();
    }
  })();
  const ws = new WebSocket(`${app.url.replace('http:', 'ws:')}/terminal`, { headers: { origin: app.url, cookie: ann.cookieHeader() } });
  let screen = '';
  ws.on('message', (d) => {
    const m = JSON.parse(String(d)) as TerminalServerMessage;
    if (m.t === 'output' || m.t === 'replay') screen += m.d;
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  try {
    await waitFor(() => /before/.test(watched), 'the watch lists the first ConfigMap', 20_000);
    // Outlast the request deadline: a body trickled from now on is cut at it, and the long-lived ones are not.
    const body = trickle('POST /signin HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n', 'a');
    await body.closed;
    const created = await apiRequest(configmaps, {
      method: 'POST',
      token,
      ca: app.server.ctx.caCert,
      body: { metadata: { name: 'after-the-deadline' }, data: {} },
    });
    expect(created.status).toBe(201);
    await waitFor(() => /after-the-deadline/.test(watched), 'the watch still delivers', 10_000);
    await apiRequest(`${app.url.replace('http:', 'https:')}/clusters/${annId}/api/v1/namespaces/default/pods`, {
      method: 'POST',
      token,
      ca: app.server.ctx.caCert,
      body: { metadata: { name: 'late-pod' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
    });
    await waitFor(() => /late-pod/.test(events), 'the map stream still delivers', 10_000);
    ws.send(JSON.stringify({ t: 'input', d: 'echo STILL-$((20+22))\n' }));
    await waitFor(() => /STILL-42/.test(screen), 'the terminal still answers', 10_000);
    expect(watch.exitCode).toBeNull();
  } finally {
    watch.kill();
    ac.abort();
    ws.close();
  }
}, 60_000);
