// The proxy subresources (`/api/v1/namespaces/<ns>/services/<name>[:<port>]/proxy/<path>` and
// `…/pods/<name>[:<port>]/proxy/<path>`), as kubectl proxy, dashboards, tutorials and the grader's HTTP checks use
// them: the request goes to one pod and the answer comes back unchanged. The API server shares its host with every
// learner, so it never dials anything itself: the cluster's PodNetwork decides which addresses are its pods' and
// opens the connection from inside that network (sandbox/network/pod-dialer.ts). Under sim there is no pod network
// and the proxy says why it cannot work instead of sending packets to addresses nothing owns.
import http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Request, Response } from 'express';
import { StatusError } from '../../api/errors';
import type { ObjectApi } from '../object-api';
import { podTarget, serviceTarget, type ProxyTarget } from './proxy-targets';

/** The network a cluster's pods live on, as the proxies see it. */
export interface PodNetwork {
  /** Whether this is a pod address of the cluster (and so one the proxies may reach). */
  allowsProxyTo(ip: string): boolean;
  /** A TCP connection to ip:port opened from inside the cluster's network; failures destroy it with an Error. */
  dialFromInside(ip: string, port: number): Promise<Duplex>;
}

export type ProxyHandler = (req: Request, res: Response, kind: 'Service' | 'Pod', namespace: string, id: string, path: string) => Promise<void>;

const unavailable = (message: string) => new StatusError(503, 'ServiceUnavailable', message);
const PROXY_TIMEOUT_MS = 30_000;

function sendStatus(res: Response, error: StatusError): void {
  res.status(error.status.code ?? 503).type('application/json').end(JSON.stringify(error.status));
}

/** Forwards one request over `conn` and streams the answer back. */
function forward(req: Request, res: Response, conn: Duplex, target: ProxyTarget, path: string): Promise<void> {
  const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
  const headers = { ...req.headers };
  // The cluster's token stays with the API server (as kube-apiserver drops it after authenticating).
  delete headers.authorization;
  delete headers['proxy-authorization'];
  headers.host = `${target.ip}:${target.port}`;
  headers.connection = 'close';
  return new Promise((resolve) => {
    const upstream = http.request(
      {
        method: req.method,
        path: `/${path}${query}`,
        headers,
        createConnection: () => conn as never,
        timeout: PROXY_TIMEOUT_MS,
        // Learners' hand-made servers (`nc -l`, CGI scripts) end lines with a bare LF, which Go's reader accepts.
        insecureHTTPParser: true,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.once('end', resolve);
        answer.once('error', () => resolve());
      },
    );
    upstream.on('timeout', () => upstream.destroy(new Error(`dial tcp ${target.ip}:${target.port}: i/o timeout`)));
    // A client that hangs up ends the connection (and the nc behind it: the agent has few processes to spare).
    res.once('close', () => {
      if (!res.writableFinished) upstream.destroy();
      conn.destroy();
    });
    upstream.on('error', (e) => {
      conn.destroy();
      if (res.headersSent) res.end();
      else sendStatus(res, unavailable(`error trying to reach service: ${e.message}`));
      resolve();
    });
    req.pipe(upstream);
  });
}

/** Under sim: nothing answers, and nothing is sent. */
export const unsupportedProxy: ProxyHandler = async (_req, _res, kind) => {
  throw unavailable(`the ${kind === 'Pod' ? 'pod' : 'service'} proxy needs real containers: this cluster runs the simulated runtime (sim), whose pods do not answer`);
};

/** Proxies to pods of this cluster only, through `network()` (undefined while the cluster has none: sim). */
export function clusterProxy(api: ObjectApi, network: () => PodNetwork | undefined): ProxyHandler {
  return async (req, res, kind, namespace, id, path) => {
    const net = network();
    if (!net) return unsupportedProxy(req, res, kind, namespace, id, path);
    const allows = (ip: string) => net.allowsProxyTo(ip);
    const target = kind === 'Service' ? serviceTarget(api, namespace, id, allows) : podTarget(api, namespace, id, allows);
    let conn: Duplex;
    try {
      conn = await net.dialFromInside(target.ip, target.port);
    } catch (e) {
      throw unavailable(`error trying to reach service: ${(e as Error).message}`);
    }
    await forward(req, res, conn, target, path);
  };
}
