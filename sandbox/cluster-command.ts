// `kubelab cluster`: serve one mini cluster on a port, write a kubeconfig for it, print a `ready` line, and exit
// cleanly on SIGINT/SIGTERM. State lives in <data>/cluster.db when --data is given, so a restart brings it back.
import fs from 'node:fs';
import path from 'node:path';
import https from 'node:https';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { Cluster } from './cluster';
import { kubeconfigYaml } from './kubeconfig';
import { ephemeralServingCert, loadOrCreateServingCert, type ServingCert } from './tls';

export interface ClusterCommandOptions {
  port: number;
  host: string;
  kubeconfig: string;
  data?: string;
  workers: number;
  runtime: string;
}

export function parseClusterArgs(argv: string[]): ClusterCommandOptions {
  const opts: ClusterCommandOptions = { port: 6443, host: '127.0.0.1', kubeconfig: 'kubeconfig', workers: 2, runtime: 'sim' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--port': opts.port = Number(value()); break;
      case '--host': opts.host = value(); break;
      case '--kubeconfig': opts.kubeconfig = value(); break;
      case '--data': opts.data = value(); break;
      case '--workers': opts.workers = Number(value()); break;
      case '--runtime': opts.runtime = value(); break;
      default: throw new Error(`unknown flag ${argv[i]} (see: kubelab cluster --help)`);
    }
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) throw new Error('--port must be 0..65535');
  if (!Number.isInteger(opts.workers) || opts.workers < 0 || opts.workers > 20) throw new Error('--workers must be 0..20');
  if (!['sim', 'auto'].includes(opts.runtime)) throw new Error(`--runtime ${opts.runtime} is not available yet (use sim)`);
  return opts;
}

export const CLUSTER_HELP = `Usage: kubelab cluster [--runtime sim] [--port 6443] [--host 127.0.0.1] [--kubeconfig kubeconfig] [--data DIR] [--workers 2]
Serves one mini Kubernetes cluster and writes a kubeconfig for it (context "kubelab").`;

export async function runClusterCommand(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(CLUSTER_HELP);
    return;
  }
  const opts = parseClusterArgs(argv);
  let dataFile = ':memory:';
  let token: string | undefined;
  if (opts.data) {
    fs.mkdirSync(opts.data, { recursive: true });
    dataFile = path.join(opts.data, 'cluster.db');
    const tokenFile = path.join(opts.data, 'token');
    if (fs.existsSync(tokenFile)) token = fs.readFileSync(tokenFile, 'utf8').trim();
    const tls = await loadOrCreateServingCert(opts.data);
    const cluster = new Cluster({ dataFile, token, workers: opts.workers });
    fs.writeFileSync(tokenFile, cluster.token, { mode: 0o600 });
    return serve(cluster, tls, opts);
  }
  return serve(new Cluster({ dataFile, token, workers: opts.workers }), await ephemeralServingCert(), opts);
}

async function serve(cluster: Cluster, tls: ServingCert, opts: ClusterCommandOptions): Promise<void> {
  const app = express();
  app.disable('x-powered-by');
  app.use(cluster.router);
  const server = https.createServer({ cert: tls.cert, key: tls.key }, app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `https://${opts.host}:${port}`;
  fs.writeFileSync(opts.kubeconfig, kubeconfigYaml(url, cluster.token, { caCert: tls.cert }), { mode: 0o600 });
  console.log(`kubelab cluster ready at ${url} (runtime sim) — kubeconfig written to ${opts.kubeconfig}`);
  const stop = () => {
    server.close();
    server.closeAllConnections();
    cluster.dispose();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
