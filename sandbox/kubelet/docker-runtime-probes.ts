// Running one probe against a real container, as the kubelet's prober does: httpGet and tcpSocket from the node
// (here: the kubelab host, which routes to the cluster network) to the pod IP, exec inside the container. Results
// carry the prober's failure messages, which become the Unhealthy events learners read ("HTTP probe failed with
// statuscode: 500", "dial tcp 10.224.1.5:8080: connect: connection refused").
import http from 'node:http';
import net from 'node:net';
import type { ProbeResult } from '../runtime/container-runtime';
import type { Container, HTTPGetAction, Probe } from '../api/objects';

/** Runs a command in the container with a deadline; resolves with its exit code and output. */
export type ProbeExec = (command: string[], timeoutMs: number) => Promise<{ exitCode: number; output: string }>;

function resolvePort(port: unknown, container: Container | undefined): number | undefined {
  if (typeof port === 'number') return port;
  const n = Number(port);
  if (Number.isInteger(n) && n > 0) return n;
  return (container?.ports ?? []).find((p) => p.name === port)?.containerPort;
}

function dialError(e: NodeJS.ErrnoException, addr: string): string {
  if (e.code === 'ECONNREFUSED') return `dial tcp ${addr}: connect: connection refused`;
  if (e.code === 'EHOSTUNREACH') return `dial tcp ${addr}: connect: no route to host`;
  if (e.code === 'ETIMEDOUT' || e.message === 'timeout') return `dial tcp ${addr}: i/o timeout`;
  return `dial tcp ${addr}: ${e.message}`;
}

export function tcpProbe(host: string, port: number, timeoutMs: number): Promise<ProbeResult> {
  const addr = `${host}:${port}`;
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => socket.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ success: true });
    });
    socket.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ success: false, message: dialError(e, addr) });
    });
  });
}

export function httpProbe(host: string, port: number, probe: HTTPGetAction, timeoutMs: number): Promise<ProbeResult> {
  const scheme = String(probe.scheme ?? 'HTTP').toLowerCase();
  const path = String(probe.path ?? '/');
  const url = `${scheme}://${host}:${port}${path.startsWith('/') ? path : `/${path}`}`;
  if (scheme !== 'http') return Promise.resolve({ success: false, message: `Get "${url}": HTTPS probes are not supported by kubelab` });
  const headers: Record<string, string> = { 'User-Agent': 'kube-probe/1.31', Accept: '*/*' };
  for (const h of probe.httpHeaders ?? []) if (h?.name) headers[h.name] = String(h.value ?? '');
  return new Promise((resolve) => {
    const req = http.get(url, { headers, agent: false, timeout: timeoutMs }, (res) => {
      const code = res.statusCode ?? 0;
      res.resume();
      res.on('end', () => undefined);
      resolve(code >= 200 && code < 400 ? { success: true } : { success: false, message: `HTTP probe failed with statuscode: ${code}` });
      req.destroy();
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (e: NodeJS.ErrnoException) => {
      const why = e.code === 'ETIMEDOUT' ? `context deadline exceeded (Client.Timeout exceeded while awaiting headers)` : dialError(e, `${host}:${port}`);
      resolve({ success: false, message: `Get "${url}": ${why}` });
    });
  });
}

/** One probe run: which handler the probe has decides how. */
export async function runProbe(probe: Probe | undefined, container: Container | undefined, podIP: string | undefined, exec: ProbeExec): Promise<ProbeResult> {
  const timeoutMs = Math.max(1, Number(probe?.timeoutSeconds ?? 1)) * 1000;
  if (probe?.exec) {
    const command: string[] = probe.exec.command ?? [];
    try {
      const r = await exec(command, timeoutMs);
      if (r.exitCode === 0) return { success: true };
      return { success: false, message: r.output.trim() || `command ${JSON.stringify(command.join(' '))} exited with ${r.exitCode}` };
    } catch (e) {
      return { success: false, message: String((e as Error)?.message ?? e) };
    }
  }
  const handler = probe?.httpGet ?? probe?.tcpSocket;
  if (handler) {
    const port = resolvePort(handler.port, container);
    if (!podIP) return { success: false, message: 'the pod has no IP yet' };
    if (!port) return { success: false, message: `port ${handler.port} is not a number and no container port has that name` };
    return probe?.httpGet ? httpProbe(podIP, port, probe.httpGet, timeoutMs) : tcpProbe(podIP, port, timeoutMs);
  }
  if (probe?.grpc) return { success: false, message: 'gRPC probes are not supported by kubelab' };
  return { success: true };
}
