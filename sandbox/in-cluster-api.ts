// How pods on the docker runtime call their own cluster's API server. In a pod, `kubernetes.default.svc` is
// 10.96.0.1:443; the cluster's network agent sends it to the control plane's address, port 6443 (the `kubernetes`
// Endpoints), and from there to this listener: HTTPS on a host address containers reach (the bridge gateway the
// toolboxes use), with a certificate for kubernetes.default.svc and 10.96.0.1 whose bytes every namespace's
// kube-root-ca.crt carries. The request names no cluster — a pod asks for /api/v1/... as on a real cluster — so the
// listener hands each connection to the cluster whose Docker network its source address is on (the agent's own
// address, or a pod's). Every cluster has its own /22, and a connection's source cannot be forged across bridges
// (the handshake's answer goes to the real owner), so a pod only ever reaches its own API server; there, its token
// (signed with that cluster's own key) and RBAC decide. A source on no running cluster's network gets a 403.
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import express from 'express';
import { StatusError } from './api/errors';
import { KUBERNETES_SERVICE_IP } from './api/service-network';
import { statusErrorHandler } from './apiserver/http/respond';
import { refuseUpgrade } from './apiserver/pod-streams';
import type { Cluster } from './cluster';
import type { DockerEngine } from './docker/engine';
import { hostAddressForContainers } from './docker/host-address';
import { createServingCert, loadOrCreateServingCert, type ServingCert } from './tls';

export interface InClusterApiOptions {
  /** The host address containers reach (hostAddressForContainers); listened on with a free port. */
  address: string;
  /** A certificate naming kubernetes.default.svc and 10.96.0.1 (inClusterServingCert). */
  tls: ServingCert;
  /** The cluster a source address belongs to: its pods' and its network agent's addresses. */
  clusterFor(remoteAddress: string): Cluster | undefined;
  log?: (msg: string) => void;
}

/**
 * A certificate pods can check the API server against: the in-cluster names and the `kubernetes` ClusterIP, on an
 * RSA key as kubeadm's (busybox's wget speaks no ECDSA).
 */
export function inClusterServingCert(): Promise<ServingCert> {
  return createServingCert([KUBERNETES_SERVICE_IP], 'rsa');
}

/**
 * The in-cluster listener for clusters on this engine, at the address its containers reach this host (undefined
 * when there is none: the engine is on another machine).
 */
export async function startInClusterApiOn(engine: DockerEngine, tls: ServingCert, clusterFor: (ip: string) => Cluster | undefined, log?: (m: string) => void): Promise<InClusterApi | undefined> {
  const host = await hostAddressForContainers(engine);
  return host ? InClusterApi.start({ address: host.address, tls, clusterFor, log }) : undefined;
}

/** The installation's in-cluster certificate, kept in `dir` (pods keep trusting it across restarts). */
export function loadOrCreateInClusterCert(dir: string): Promise<ServingCert> {
  return loadOrCreateServingCert(dir, { name: 'in-cluster-apiserver', extraIps: [KUBERNETES_SERVICE_IP], keyType: 'rsa' });
}

let shared: Promise<ServingCert> | undefined;
/** One in-cluster certificate per process, for throwaway clusters (tests, `labs check`). */
export function ephemeralInClusterCert(): Promise<ServingCert> {
  shared ??= inClusterServingCert();
  return shared;
}

const stranger = (ip: string) => new StatusError(403, 'Forbidden', `forbidden: ${ip} is on no cluster's network served here`);

export class InClusterApi {
  private readonly upgraded = new Set<Duplex>();

  private constructor(
    private readonly server: https.Server,
    readonly address: string,
    readonly port: number,
    /** PEM of the certificate pods trust (their kube-root-ca.crt). */
    readonly caCert: string,
  ) {}

  static async start(opts: InClusterApiOptions): Promise<InClusterApi> {
    const app = express();
    app.disable('x-powered-by');
    app.use((req, res, next) => {
      const ip = req.socket.remoteAddress ?? '';
      const cluster = opts.clusterFor(ip);
      if (!cluster) return next(stranger(ip));
      cluster.router(req, res, next);
    });
    app.use(statusErrorHandler(opts.log));
    // Security level 0: busybox wget's own TLS (what a lab pod has; no curl) signs its handshake with SHA-1 only,
    // which OpenSSL 3 refuses from level 1 on. kubectl and curl still negotiate the modern suites they offer.
    const server = https.createServer({ cert: opts.tls.cert, key: opts.tls.key, ciphers: 'DEFAULT:@SECLEVEL=0' }, app);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, opts.address, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const api = new InClusterApi(server, opts.address, (server.address() as AddressInfo).port, opts.tls.cert);
    // kubectl exec, attach and port-forward from inside a pod.
    server.on('upgrade', (req, socket: Duplex, head) => {
      api.upgraded.add(socket);
      socket.once('close', () => api.upgraded.delete(socket));
      const ip = req.socket.remoteAddress ?? '';
      const cluster = opts.clusterFor(ip);
      if (!cluster) return refuseUpgrade(socket, stranger(ip));
      cluster.upgrade(req, socket, head);
    });
    return api;
  }

  /** What a cluster's network agent forwards the API server's port to. */
  endpoint(): { ip: string; port: number } {
    return { ip: this.address, port: this.port };
  }

  async close(): Promise<void> {
    for (const s of this.upgraded) s.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
