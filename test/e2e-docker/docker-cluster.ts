// Shared by the real-Docker end-to-end tests: an in-process cluster on the docker runtime behind a real HTTPS
// listener (with the 'upgrade' route exec/attach/port-forward need), the in-cluster listener its pods reach through
// the `kubernetes` Service, a kubeconfig, the real kubectl binaries, and a sweep of everything the test created. Skips without an engine (fails under KUBELAB_REQUIRE=docker).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import express from 'express';
import * as pty from 'node-pty';
import { Cluster, type ClusterOptions } from '../../sandbox/cluster';
import { findKind } from '../../sandbox/apiserver/kinds/registry';
import type { Pod } from '../../sandbox/api/objects';
import { kubeconfigYaml } from '../../sandbox/kubeconfig';
import { ephemeralServingCert } from '../../sandbox/tls';
import { ephemeralInClusterCert, InClusterApi } from '../../sandbox/in-cluster-api';
import { hostAddressForContainers } from '../../sandbox/docker/host-address';
import { kubectlBinaries } from '../helpers/kubectl-bin';
import { runKubectl, type KubectlResult } from '../helpers/test-cluster';
import { sweep, testEngine, testLabels } from '../sandbox/docker/docker-env';

export { describeDocker, waitFor } from '../sandbox/docker/docker-env';

/** The images the end-to-end tests use (built offline if missing). */
export const E2E_IMAGES = ['pause', 'netagent', 'busybox', 'echo', 'gihyo-nginx'];

export interface DockerTestCluster {
  cluster: Cluster;
  url: string;
  /** Where the cluster's pods reach its API server (what its network agent forwards 6443 to). */
  inClusterApi: { ip: string; port: number };
  dir: string;
  kubeconfig: string;
  labels: Record<string, string>;
  kubectl(bin: string, args: string[], opts?: { input?: string; timeoutMs?: number }): Promise<KubectlResult>;
  /** kubectl with the newest binary; throws with stderr on a non-zero exit. */
  ok(...args: string[]): Promise<string>;
  file(name: string, content: string): string;
  pod(name: string, namespace?: string): Pod | undefined;
  close(): Promise<void>;
}

export const podRes = findKind('Pod')!;

export function newestKubectl(): string {
  return kubectlBinaries().newest ?? 'kubectl';
}

export function oldestKubectl(): string {
  return kubectlBinaries().oldest ?? 'kubectl';
}

export async function startDockerTestCluster(opts: ClusterOptions = {}): Promise<DockerTestCluster> {
  const labels = testLabels();
  // Where the cluster's pods reach its API server (the `kubernetes` Service), as the web app gives each learner's.
  const host = await hostAddressForContainers(testEngine());
  if (!host) throw new Error('cannot tell where containers reach this host');
  const started: { cluster?: Cluster } = {};
  const inCluster = await InClusterApi.start({ address: host.address, tls: await ephemeralInClusterCert(), clusterFor: (ip) => (started.cluster?.ownsAddress(ip) ? started.cluster : undefined) });
  const cluster = await Cluster.start({
    runtime: 'docker',
    compactEveryMs: 0,
    log: () => undefined,
    caCert: inCluster.caCert,
    apiServerForPods: () => inCluster.endpoint(),
    ...opts,
    docker: { labels, images: E2E_IMAGES, sweep: false, ...opts.docker },
  }).catch(async (e) => {
    await inCluster.close();
    throw e;
  });
  started.cluster = cluster;
  const app = express();
  app.use(cluster.router);
  const tls = await ephemeralServingCert();
  const server = https.createServer({ cert: tls.cert, key: tls.key }, app);
  // Upgraded connections (exec, port-forward) are not the HTTP server's to close: track them for close().
  const upgraded = new Set<Duplex>();
  server.on('upgrade', (req, socket: Duplex, head) => {
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
    cluster.upgrade(req, socket, head);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-e2e-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  fs.writeFileSync(kubeconfig, kubeconfigYaml(url, cluster.token, { caCert: tls.cert }));
  const caches = new Map<string, string>();
  const kubectl = (bin: string, args: string[], o: { input?: string; timeoutMs?: number } = {}) => {
    if (!caches.has(bin)) caches.set(bin, fs.mkdtempSync(path.join(dir, 'cache-')));
    return runKubectl(bin, ['--kubeconfig', kubeconfig, '--cache-dir', caches.get(bin)!, ...args], dir, o);
  };
  return {
    cluster,
    url,
    inClusterApi: inCluster.endpoint(),
    dir,
    kubeconfig,
    labels,
    kubectl,
    async ok(...args) {
      const r = await kubectl(newestKubectl(), args);
      if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
      return r.stdout;
    },
    file(name, content) {
      const p = path.join(dir, name);
      fs.writeFileSync(p, content);
      return p;
    },
    pod: (name, namespace = 'default') => cluster.api.tryGet(podRes, namespace, name),
    async close() {
      server.closeAllConnections();
      for (const s of upgraded) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await inCluster.close();
      await cluster.destroy();
      await sweep(testEngine(), labels);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** True when the pod is Running with every container ready. */
export function podReady(pod: Pod | undefined): boolean {
  const statuses = pod?.status?.containerStatuses ?? [];
  return pod?.status?.phase === 'Running' && statuses.length > 0 && statuses.every((s) => s.ready);
}

/** The real kubectl in a pseudo-terminal, answering busybox's cursor-position queries as a terminal would. */
export function kubectlInPty(tc: DockerTestCluster, bin: string, args: string[], cols: number, rows: number): { term: pty.IPty; out: () => string; exitCode: () => number | undefined } {
  const term = pty.spawn(bin, ['--kubeconfig', tc.kubeconfig, ...args], { cols, rows, cwd: tc.dir, env: { ...process.env, HOME: tc.dir } as Record<string, string> });
  let out = '';
  let exitCode: number | undefined;
  term.onData((d) => {
    out += d;
    if (d.includes('\u001b[6n')) term.write('\u001b[1;1R');
  });
  term.onExit((e) => (exitCode = e.exitCode));
  return { term, out: () => out, exitCode: () => exitCode };
}
