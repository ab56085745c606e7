// `kubelab cluster`: serve one mini cluster on a port, write a kubeconfig for it, print a `ready` line naming the
// runtime, and exit cleanly on SIGINT/SIGTERM. State lives in <data>/cluster.db when --data is given, so a restart
// brings it back — with the docker runtime, its running containers too (the cluster id is kept in <data>). Without
// --data the cluster is gone when the command ends, and so are its containers.
import { chooseRuntime, type RuntimeWanted } from './runtime/choose';
import fs from 'node:fs';
import path from 'node:path';
import https from 'node:https';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Cluster, type ClusterOptions } from './cluster';
import { kubeconfigYaml } from './kubeconfig';
import { ephemeralServingCert, loadOrCreateServingCert, type ServingCert } from './tls';
import { ephemeralInClusterCert, loadOrCreateInClusterCert, startInClusterApiOn } from './in-cluster-api';

export interface ClusterCommandOptions {
  port: number;
  host: string;
  kubeconfig: string;
  data?: string;
  workers: number;
  runtime: string;
}

export function parseClusterArgs(argv: string[]): ClusterCommandOptions {
  const opts: ClusterCommandOptions = { port: 6443, host: '127.0.0.1', kubeconfig: 'kubeconfig', workers: 2, runtime: 'auto' };
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
  if (!['sim', 'docker', 'auto'].includes(opts.runtime)) throw new Error(`--runtime must be docker, sim or auto, not ${opts.runtime}`);
  return opts;
}

export const CLUSTER_HELP = `Usage: kubelab cluster [--runtime auto|docker|sim] [--port 6443] [--host 127.0.0.1] [--kubeconfig kubeconfig] [--data DIR] [--workers 2]
Serves one mini Kubernetes cluster and writes a kubeconfig for it (context "kubelab").
--runtime docker runs pods as real containers; sim simulates them; auto (default) uses docker when an engine answers.`;

export async function runClusterCommand(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(CLUSTER_HELP);
    return;
  }
  const opts = parseClusterArgs(argv);
  const runtime = await chooseRuntime(opts.runtime as RuntimeWanted);
  // On docker, pods reach the API server through the `kubernetes` Service: a listener of ours their network reaches.
  let cluster: Cluster | undefined;
  const inCluster = runtime.name === 'docker'
    ? await startInClusterApiOn(runtime.engine, opts.data ? await loadOrCreateInClusterCert(opts.data) : await ephemeralInClusterCert(), (ip) => (cluster?.ownsAddress(ip) ? cluster : undefined), (m) => console.error(m))
    : undefined;
  const forPods = inCluster ? { caCert: inCluster.caCert, apiServerForPods: () => inCluster.endpoint() } : {};
  const base: ClusterOptions = { workers: opts.workers, runtime, log: (m) => console.error(m), ...forPods };
  if (opts.data) {
    fs.mkdirSync(opts.data, { recursive: true });
    const dataFile = path.resolve(opts.data, 'cluster.db');
    const tokenFile = path.join(opts.data, 'token');
    const token = fs.existsSync(tokenFile) ? fs.readFileSync(tokenFile, 'utf8').trim() : undefined;
    const tls = await loadOrCreateServingCert(opts.data);
    cluster = await Cluster.start({ caCert: tls.cert, ...base, dataFile, token, docker: { clusterId: clusterIdOf(opts.data) } });
    fs.writeFileSync(tokenFile, cluster.token, { mode: 0o600 });
    return serve(cluster, tls, opts, false);
  }
  const tls = await ephemeralServingCert();
  cluster = await Cluster.start({ caCert: tls.cert, ...base, dataFile: ':memory:' });
  return serve(cluster, tls, opts, true);
}

/** The cluster's id on the Docker engine, kept with its state so a restart adopts its containers. */
function clusterIdOf(dataDir: string): string {
  const file = path.join(dataDir, 'cluster-id');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const id = randomBytes(4).toString('hex');
  fs.writeFileSync(file, id);
  return id;
}

async function serve(cluster: Cluster, tls: ServingCert, opts: ClusterCommandOptions, ephemeral: boolean): Promise<void> {
  const app = express();
  app.disable('x-powered-by');
  app.use(cluster.router);
  const server = https.createServer({ cert: tls.cert, key: tls.key }, app);
  server.on('upgrade', (req, socket, head) => cluster.upgrade(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `https://${opts.host}:${port}`;
  fs.writeFileSync(opts.kubeconfig, kubeconfigYaml(url, cluster.token, { caCert: tls.cert }), { mode: 0o600 });
  const state = cluster.runtime;
  const runtime = state.phase === 'docker' ? 'docker' : state.phase === 'sim' && opts.runtime !== 'sim' ? `sim: ${state.why}` : 'sim';
  console.log(`kubelab cluster ready at ${url} (runtime ${runtime}) — kubeconfig written to ${opts.kubeconfig}`);
  const stop = async () => {
    server.close();
    server.closeAllConnections();
    // A cluster without --data cannot be started again: its containers go with it.
    if (ephemeral) await cluster.destroy().catch((e) => console.error(`removing the cluster's containers: ${e.message}`));
    else cluster.dispose();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
