// The services/proxy subresource (`/api/v1/namespaces/<ns>/services/<name>[:<port>]/proxy/<path>`), as kubectl proxy,
// dashboards and the grader's HTTP checks use it: the request goes to one ready endpoint of the Service's port and
// the answer comes back unchanged. Only where pods really answer (the docker runtime) does the cluster pass a
// dialer; under sim the proxy says why it cannot work instead of sending packets to addresses nothing owns.
import http from 'node:http';
import type { Request, Response } from 'express';
import { StatusError } from '../../api/errors';
import { findKind } from '../../api/registry';
import type { KubeObject } from '../../api/types';
import type { ObjectApi } from '../object-api';

export type ServiceProxy = (req: Request, res: Response, namespace: string, nameAndPort: string, path: string) => void;

const unavailable = (message: string) => new StatusError(503, 'ServiceUnavailable', message);

/** The endpoint a request to `<name>[:<port>]` goes to: a ready address and the port its Endpoints name for it. */
export function serviceTarget(api: ObjectApi, namespace: string, nameAndPort: string): { ip: string; port: number } {
  const parts = nameAndPort.split(':');
  const [name, portName] = parts.length === 3 ? [parts[1], parts[2]] : [parts[0], parts[1]];
  const svc = api.get(findKind('Service')!, namespace, name);
  const ports: any[] = svc.spec?.ports ?? [];
  const port = portName ? ports.find((p) => p.name === portName || String(p.port) === portName) : ports[0];
  if (!port) throw unavailable(`no service port "${portName ?? ''}" found for service "${name}"`);
  const ep: KubeObject | undefined = api.tryGet(findKind('Endpoints')!, namespace, name);
  for (const subset of ep?.subsets ?? []) {
    const target = (subset.ports ?? []).find((p: any) => (p.name ?? '') === (port.name ?? '')) ?? (subset.ports?.length === 1 ? subset.ports[0] : undefined);
    const address = (subset.addresses ?? [])[0];
    if (target && address) return { ip: address.ip, port: target.port };
  }
  throw unavailable(`no endpoints available for service "${name}"`);
}

/** Under sim: nothing answers, and nothing is sent. */
export const unsupportedServiceProxy: ServiceProxy = () => {
  throw unavailable('the service proxy needs real containers: this cluster runs the simulated runtime (sim), whose pods do not answer');
};

/** Proxies to pods the host can reach (the docker runtime's pod network). */
export function podNetworkServiceProxy(api: ObjectApi): ServiceProxy {
  return (req, res, namespace, nameAndPort, path) => {
    const { ip, port } = serviceTarget(api, namespace, nameAndPort);
    const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
    const headers = { ...req.headers };
    delete headers.authorization;
    delete headers.host;
    const upstream = http.request({ host: ip, port, method: req.method, path: `/${path}${query}`, headers, timeout: 10_000 }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('timeout', () => upstream.destroy(new Error('i/o timeout')));
    upstream.on('error', (e: NodeJS.ErrnoException) => {
      if (res.headersSent) return void res.end();
      const why = e.code === 'ECONNREFUSED' ? 'connect: connection refused' : e.message;
      const status = unavailable(`error trying to reach service: dial tcp ${ip}:${port}: ${why}`).status;
      res.status(503).type('application/json').end(JSON.stringify(status));
    });
    req.pipe(upstream);
  };
}
