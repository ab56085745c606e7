// Starts an in-process cluster behind a real HTTP listener on loopback, with a kubeconfig and a fresh discovery
// cache, and runs the real kubectl binaries against it. Tests use this instead of mocks: kubectl is the client.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import https from 'node:https';
import { execFile } from 'node:child_process';
import { setTimeout as pollInterval } from 'node:timers/promises';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { Cluster, type ClusterOptions } from '../../sandbox/cluster';
import { kubeconfigYaml } from '../../sandbox/kubeconfig';
import { ephemeralServingCert } from '../../sandbox/tls';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface TestCluster {
  cluster: Cluster;
  url: string;
  /** PEM of the certificate the server presents (trust it to call the API directly). */
  caCert: string;
  dir: string;
  kubeconfig: string;
  /** Runs `bin` (a kubectl binary path) with args against this cluster. */
  kubectl(bin: string, args: string[], opts?: { input?: string; env?: Record<string, string>; timeoutMs?: number }): Promise<KubectlResult>;
  /** Writes a file in the cluster's temp dir and returns its path. */
  file(name: string, content: string): string;
  close(): Promise<void>;
}

export async function startTestCluster(opts: ClusterOptions = {}): Promise<TestCluster> {
  const tls = await ephemeralServingCert();
  const cluster = new Cluster({ compactEveryMs: 0, log: () => undefined, caCert: tls.cert, ...opts });
  const app = express();
  app.use(cluster.router);
  const server = https.createServer({ cert: tls.cert, key: tls.key }, app);
  server.on('upgrade', (req, socket, head) => cluster.upgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-test-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  fs.writeFileSync(kubeconfig, kubeconfigYaml(url, cluster.token, { caCert: tls.cert }));
  const cacheDirs = new Map<string, string>();
  return {
    cluster,
    url,
    caCert: tls.cert,
    dir,
    kubeconfig,
    kubectl(bin, args, o = {}) {
      // One discovery cache per kubectl version: versions must not share (or trust) each other's cache.
      if (!cacheDirs.has(bin)) cacheDirs.set(bin, fs.mkdtempSync(path.join(dir, 'cache-')));
      return runKubectl(bin, ['--kubeconfig', kubeconfig, '--cache-dir', cacheDirs.get(bin)!, ...args], dir, o);
    },
    file(name, content) {
      const p = path.join(dir, name);
      fs.writeFileSync(p, content);
      return p;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      cluster.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function runKubectl(
  bin: string,
  args: string[],
  cwd: string,
  o: { input?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<KubectlResult> {
  return new Promise((resolve) => {
    const child = execFile(
      bin,
      args,
      { cwd, timeout: o.timeoutMs ?? 30_000, env: { ...process.env, HOME: cwd, KUBECONFIG: '', ...o.env }, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as any).code === 'number' ? (err as any).code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    if (o.input !== undefined) child.stdin?.end(o.input);
    else child.stdin?.end();
  });
}

/** Polls a predicate until it holds or the deadline passes (tests wait on outcomes, never on sleeps). */
export async function waitFor<T>(fn: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ''}`);
    await pollInterval(20);
  }
}
