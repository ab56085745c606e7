// Web app benchmarks (issue: the lab in the browser): how long a lesson page takes on loopback, how much
// JavaScript a browser downloads, the time from opening a lesson to a usable shell prompt in its terminal
// (the docker toolbox when an engine answers, the local pty otherwise), and the memory 50 signed-in learners with
// idle clusters cost. Uses the real app over HTTP and the terminal WebSocket, as a browser does.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { startKubelabServer, type KubelabServer } from '../server/app';
import { connectEngine } from '../sandbox/docker/engine';
import { WebClient } from '../test/server/app-harness';
import type { TerminalServerMessage } from '../web/protocol';
import { percentile, row, timeEach, type Row } from './stats';

const LESSON = '/en/labs/01-why-kubernetes/manual-problems';

/** Opens the terminal socket and resolves when the shell has printed its prompt. */
function promptAfter(server: KubelabServer, client: WebClient): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.url.replace('http:', 'ws:')}/terminal`, { headers: { origin: server.url, cookie: client.cookieHeader() } });
    let text = '';
    const timer = setTimeout(() => reject(new Error(`no prompt within 30 s: ${JSON.stringify(text.slice(-200))}`)), 30_000);
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as TerminalServerMessage;
      if (m.t === 'output' || m.t === 'replay') text += m.d;
      if (/learner\S*[:$#] ?/.test(text.replace(/\x1b\[[0-9;]*m/g, ''))) {
        clearTimeout(timer);
        ws.close();
        resolve();
      }
    });
    ws.on('error', reject);
  });
}

/** The signed-in learner's id, as the lesson page's tools name it. */
async function learnerId(c: WebClient): Promise<string> {
  const id = /data-cluster-map data-owner="([^"]+)"/.exec((await c.get(LESSON)).text)?.[1];
  if (!id) throw new Error('benchmark: not signed in');
  return id;
}

async function withServer<T>(runtime: 'sim' | 'auto', work: (server: KubelabServer) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-bench-web-'));
  const server = await startKubelabServer({ dataDir: dir, port: 0, host: '127.0.0.1', workers: 1, runtime, log: () => undefined });
  try {
    return await work(server);
  } finally {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchWebApp(): Promise<Row[]> {
  const rows: Row[] = [];
  await withServer('auto', async (server) => {
    const ann = new WebClient(server.url);
    await ann.signUp('ann@example.com');
    await ann.get(LESSON); // bundles the browser code once
    const pageTimes = await timeEach(50, () => ann.get(LESSON));
    rows.push(row('lesson page load on loopback (p50)', percentile(pageTimes, 50), 'ms', { max: 500, text: '< 500 ms' }));
    const asset = async (name: string) => new Uint8Array(await (await fetch(`${server.url}/assets/${name}`)).arrayBuffer());
    const jsBody = await asset('main.js');
    const css = await asset('main.css');
    const js = jsBody.byteLength;
    rows.push(row('JavaScript shipped to the browser, gzipped', gzipSync(jsBody).byteLength / 1024, 'KB', { max: 400, text: '< 400 KB' }));
    rows.push(row('JavaScript uncompressed / CSS gzipped', js / 1024, `KB / ${(gzipSync(css).byteLength / 1024).toFixed(1)} KB`));
    // First open: the learner's cluster (and under docker its network and toolbox) is made. Then a returning
    // learner: the shell is kept, its screen replayed.
    const first = performance.now();
    await ann.get(LESSON);
    await promptAfter(server, ann);
    const firstMs = performance.now() - first;
    const kind = server.ctx.clusters.running(await learnerId(ann))?.runtimeName === 'docker' ? 'docker toolbox' : 'local pty';
    rows.push(row(`open lesson → usable prompt, new learner (${kind})`, firstMs, 'ms', { max: 1500, text: '< 1.5 s' }));
    const again = await timeEach(5, async () => {
      await ann.get(LESSON);
      await promptAfter(server, ann);
    });
    rows.push(row(`reopen lesson → prompt, shell kept (${kind}) p50`, percentile(again, 50), 'ms'));
    // Leave nothing behind in the engine: the cluster's containers and network, and the toolbox's home.
    const id = await learnerId(ann);
    await server.ctx.clusters.reset(id).destroy();
    if (kind === 'docker toolbox') await connectEngine().volumes.remove(`kubelab-home-${id}`, { force: true }).catch(() => undefined);
  });
  await withServer('sim', async (server) => {
    global.gc?.();
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 50; i++) {
      const c = new WebClient(server.url);
      await c.signUp(`learner${i}@example.com`);
      await c.get(LESSON);
      server.ctx.clusters.ensure(await learnerId(c));
    }
    global.gc?.();
    const mb = (process.memoryUsage().rss - before) / 2 ** 20;
    rows.push(row('memory for 50 signed-in learners, each with an idle cluster (RSS growth)', mb, 'MB'));
  });
  return rows;
}
