// A fresh in-process cluster served over HTTPS on 127.0.0.1:0 (kubectl sends its token only over TLS) with a
// kubeconfig in a temp dir: what `kubelab labs check` runs each lab's solution against, and what the grader
// benchmark grades. On the docker runtime its pods are real containers (exec, logs and HTTP checks work, and pods
// reach the API server through the `kubernetes` Service), and close() removes them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Cluster, type ClusterOptions } from '../sandbox/cluster';
import { kubeconfigYaml } from '../sandbox/kubeconfig';
import { HttpObjectClient } from '../sandbox/api/http-client';
import { ephemeralServingCert } from '../sandbox/tls';
import { ephemeralInClusterCert, startInClusterApiOn, type InClusterApi } from '../sandbox/in-cluster-api';

export interface LocalCluster {
  cluster: Cluster;
  url: string;
  /** Temp dir holding the kubeconfig; scripts run here with HOME set to it. */
  dir: string;
  kubeconfig: string;
  client: HttpObjectClient;
  close(): Promise<void>;
}

/** On docker: the listener the cluster's pods reach its API server on through the `kubernetes` Service. */
async function inClusterApiFor(opts: ClusterOptions, cluster: () => Cluster | undefined): Promise<InClusterApi | undefined> {
  if (opts.runtime?.name !== 'docker') return undefined;
  return startInClusterApiOn(opts.runtime.engine, await ephemeralInClusterCert(), (ip) => (cluster()?.ownsAddress(ip) ? cluster() : undefined));
}

export async function startLocalCluster(opts: ClusterOptions = {}): Promise<LocalCluster> {
  const tls = await ephemeralServingCert();
  const started: { cluster?: Cluster } = {};
  const inCluster = await inClusterApiFor(opts, () => started.cluster);
  const cluster = await Cluster.start({
    compactEveryMs: 0,
    log: () => undefined,
    caCert: inCluster?.caCert ?? tls.cert,
    ...(inCluster ? { apiServerForPods: () => inCluster.endpoint() } : {}),
    ...opts,
  }).catch(async (e) => {
    await inCluster?.close();
    throw e;
  });
  started.cluster = cluster;
  const app = express();
  app.disable('x-powered-by');
  app.use(cluster.router);
  const server = https.createServer({ cert: tls.cert, key: tls.key }, app);
  server.on('upgrade', (req, socket, head) => cluster.upgrade(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-lab-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  fs.writeFileSync(kubeconfig, kubeconfigYaml(url, cluster.token, { caCert: tls.cert }), { mode: 0o600 });
  const client = HttpObjectClient.fromKubeconfigFile(kubeconfig);
  return {
    cluster,
    url,
    dir,
    kubeconfig,
    client,
    async close() {
      client.dispose();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await inCluster?.close();
      await cluster.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
