// How the API server's proxies (services/proxy, pods/proxy) reach a pod: from inside the learner's own cluster
// network, never from the host. The connection is opened by `nc` run (docker exec, no shell) in the cluster's
// network agent, whose only interface is on that cluster's bridge; the bytes travel over the exec stream. So the
// proxy can reach no more than a pod of that cluster can: not the host's loopback (the agent's loopback is its
// own), not the app's or the engine's sockets, not another cluster's bridge (Docker drops traffic between
// bridges). The address rule (podNetworkAllows) comes first, so the host's side of the bridge (the gateway), the
// agent itself and anything outside the pod range are refused before anything is dialled.
import { Duplex } from 'node:stream';
import type { DockerEngine } from '../docker/engine';
import type { ExecSession } from '../docker/engine/exec';
import { inCidr, type ClusterAddressing } from './addressing';

/** Connection timeout of a proxied dial (kube-apiserver's proxy dialer waits 30 s; lessons want an answer sooner). */
const CONNECT_TIMEOUT_S = 10;

/** A dial that failed, worded as Go's net.Dial error (`dial tcp 10.224.3.7:81: connect: connection refused`). */
export class DialError extends Error {}

/** Whether `ip` is a pod address of this cluster: inside its pod range, but neither the network's nor the host's. */
export function podNetworkAllows(addressing: Pick<ClusterAddressing, 'podRange' | 'gateway'>, ip: string): boolean {
  if (!/^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip) || ip.split('.').some((o) => Number(o) > 255 || (o.length > 1 && o.startsWith('0')))) return false;
  const network = addressing.podRange.split('/')[0];
  return inCidr(ip, addressing.podRange) && ip !== network && ip !== addressing.gateway;
}

/** nc's complaint on stderr, as the Go dialer would have put it. */
function dialFailure(ip: string, port: number, stderr: string): string {
  const why = /refused/i.test(stderr)
    ? 'connect: connection refused'
    : /no route/i.test(stderr)
      ? 'connect: no route to host'
      : /timed out|timeout/i.test(stderr)
        ? 'i/o timeout'
        : stderr.replace(/^nc:\s*/, '').trim() || 'connection failed';
  return `dial tcp ${ip}:${port}: ${why}`;
}

/** A socket-like Duplex over an exec session: what Node's HTTP client needs from a connection, timeouts included. */
class ExecConnection extends Duplex {
  private idleMs = 0;
  private timer?: NodeJS.Timeout;

  constructor(private readonly session: ExecSession) {
    super();
  }

  override _read(): void {
    // data is pushed as the session delivers it
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.touch();
    this.session.write(chunk);
    cb();
  }

  override _final(cb: (e?: Error | null) => void): void {
    this.session.end();
    cb();
  }

  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    clearTimeout(this.timer);
    this.session.destroy();
    cb(err);
  }

  touch(): void {
    clearTimeout(this.timer);
    if (this.idleMs > 0) this.timer = setTimeout(() => this.emit('timeout'), this.idleMs);
  }

  setTimeout(ms: number, listener?: () => void): this {
    this.idleMs = ms;
    if (listener) this.once('timeout', listener);
    this.touch();
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }
}

/**
 * A TCP connection to ip:port opened inside the agent's network namespace. It is handed back at once (nc says
 * nothing when it connects); a refused or timed-out connection destroys it with a DialError.
 */
export async function dialThroughAgent(engine: DockerEngine, agentContainerId: string, ip: string, port: number): Promise<Duplex> {
  const session = await engine.containers.execSession(agentContainerId, {
    cmd: ['/bin/busybox', 'nc', '-w', String(CONNECT_TIMEOUT_S), ip, String(port)],
    stdin: true,
    tty: false,
  });
  const conn = new ExecConnection(session);
  let stderr = '';
  session.stderr.on('data', (c: Buffer) => {
    stderr += c.toString('utf8');
    if (/can't connect|timed out|no route/i.test(stderr)) conn.destroy(new DialError(dialFailure(ip, port, stderr)));
  });
  session.stdout.on('data', (c: Buffer) => {
    conn.touch();
    conn.push(c);
  });
  let ended = false;
  const end = () => {
    if (ended || conn.destroyed) return;
    ended = true;
    if (stderr) conn.destroy(new DialError(dialFailure(ip, port, stderr)));
    else conn.push(null);
  };
  session.stdout.once('end', end);
  session.stdout.once('close', end);
  return conn;
}
