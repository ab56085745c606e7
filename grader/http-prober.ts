// The default way the grader sends a learner-visible HTTP request: through the API server's service proxy (works
// against any cluster the kubeconfig reaches), straight to a node's NodePort, or to the ingress controller's
// address with the rule's Host header. The web app may pass its own prober (e.g. from inside the sandbox network).
import http from 'node:http';
import https from 'node:https';
import type { HttpObjectClient } from '../sandbox/api/http-client';
import type { HttpProber } from './checks/types';

export interface ProberOptions {
  /** Base URL of the ingress controller (`http://127.0.0.2:8080`); default: the Ingress status address. */
  ingressUrl?: string;
  timeoutMs?: number;
}

function get(url: string, headers: Record<string, string>, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const mod = url.startsWith('https:') ? https : http;
    const req = mod.get(url, { headers, timeout: timeoutMs, rejectUnauthorized: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body.length < 65536 ? (body += d) : undefined));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

export function defaultHttpProber(client: HttpObjectClient, opts: ProberOptions = {}): HttpProber {
  const timeoutMs = opts.timeoutMs ?? 5000;
  return {
    async fetch(target) {
      switch (target.via) {
        case 'service': {
          const svc = `${encodeURIComponent(target.service!)}${target.port !== undefined ? `:${target.port}` : ''}`;
          const r = await client.request('GET', `/api/v1/namespaces/${encodeURIComponent(target.namespace)}/services/${svc}/proxy${target.path}`, { timeoutMs });
          return { status: r.status, body: r.body };
        }
        case 'nodeport':
          if (!target.nodeAddress) throw new Error('no node has an InternalIP address');
          return get(`http://${target.nodeAddress}:${target.nodePort}${target.path}`, {}, timeoutMs);
        case 'ingress': {
          const base = opts.ingressUrl ?? (target.ingressAddress ? `http://${target.ingressAddress}` : undefined);
          if (!base) throw new Error('the Ingress has no address yet (status.loadBalancer is empty)');
          return get(`${base.replace(/\/+$/, '')}${target.path}`, target.host ? { host: target.host } : {}, timeoutMs);
        }
      }
    },
  };
}
