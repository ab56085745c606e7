// The host's way into a cluster: the kubelab process listens on the cluster's own loopback address
// (127.1xx.y.1, so clusters never clash over ports) for its NodePorts and the ingress port, and pipes each
// connection to the same port on the cluster's network agent. Works for anyone on this host (browser, curl);
// pods and the learner's terminal use the agent's address on the cluster network instead.
import net from 'node:net';
import type { Disposable } from '../api/types';

export interface EntryListener {
  port: number;
  /** Why a port could not be opened (in use, or < 1024 without privileges); the rest still work. */
  error?: string;
}

export class HostEntry implements Disposable {
  private readonly servers = new Map<number, net.Server>();
  private readonly sockets = new Set<net.Socket>();
  private readonly errors = new Map<number, string>();

  constructor(
    readonly address: string,
    private readonly target: string,
    private readonly log: (m: string) => void = () => undefined,
  ) {}

  /** Opens listeners for `ports` that are not open yet and closes those no longer wanted. */
  async setPorts(ports: Iterable<number>): Promise<void> {
    const wanted = new Set(ports);
    for (const [port, server] of this.servers) {
      if (wanted.has(port)) continue;
      server.close();
      this.servers.delete(port);
    }
    for (const port of wanted) {
      if (this.servers.has(port) || this.errors.has(port)) continue;
      await this.listen(port);
    }
    for (const port of [...this.errors.keys()]) if (!wanted.has(port)) this.errors.delete(port);
  }

  listeners(): EntryListener[] {
    return [
      ...[...this.servers.keys()].map((port) => ({ port })),
      ...[...this.errors.entries()].map(([port, error]) => ({ port, error })),
    ].sort((a, b) => a.port - b.port);
  }

  private listen(port: number): Promise<void> {
    // Half-open kept: a client that ends its request (FIN) still gets the whole answer.
    const server = net.createServer({ allowHalfOpen: true }, (client) => this.pipe(client, port));
    return new Promise((resolve) => {
      server.once('error', (e: NodeJS.ErrnoException) => {
        const why = e.code === 'EACCES' ? 'needs privileges (port < 1024)' : e.code === 'EADDRINUSE' ? 'in use' : e.message;
        this.errors.set(port, why);
        this.log(`cannot listen on ${this.address}:${port}: ${why}`);
        resolve();
      });
      server.listen({ host: this.address, port }, () => {
        server.removeAllListeners('error');
        server.on('error', () => undefined);
        this.servers.set(port, server);
        resolve();
      });
    });
  }

  private pipe(client: net.Socket, port: number): void {
    const upstream = net.connect({ host: this.target, port, allowHalfOpen: true });
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    this.sockets.add(client);
    this.sockets.add(upstream);
    const done = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('error', done).on('close', done);
    upstream.on('error', done).on('close', done);
    client.pipe(upstream);
    upstream.pipe(client);
  }

  dispose(): void {
    for (const s of this.servers.values()) s.close();
    this.servers.clear();
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }
}
