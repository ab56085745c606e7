// One port for both protocols: browsers speak plain HTTP to the app, kubectl speaks HTTPS to /clusters/<id> (it
// never sends a bearer token over plain HTTP). The first byte of a connection decides: 0x16 opens a TLS handshake,
// anything else is HTTP. Both servers share the same Express app and the same WebSocket upgrade handler.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import type { ServingCert } from '../../sandbox/tls';

const TLS_HANDSHAKE = 0x16;

export type UpgradeHandler = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void;

export class DualListener {
  readonly http: http.Server;
  readonly https: https.Server;
  private readonly front: net.Server;
  private readonly extra: net.Server[] = [];
  private readonly sockets = new Set<net.Socket>();

  constructor(handler: http.RequestListener, tls: ServingCert, onUpgrade: UpgradeHandler) {
    this.http = http.createServer(handler);
    this.https = https.createServer({ cert: tls.cert, key: tls.key }, handler);
    for (const s of [this.http, this.https]) {
      s.on('upgrade', onUpgrade);
      // Long-lived watches (kubectl get -w, the map) must not be cut by Node's default request timeouts.
      s.requestTimeout = 0;
      s.headersTimeout = 60_000;
      s.keepAliveTimeout = 65_000;
    }
    this.front = net.createServer((socket) => this.sniff(socket));
  }

  private sniff(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    const fail = () => socket.destroy();
    socket.on('error', fail);
    socket.setTimeout(30_000, fail);
    const onReadable = () => {
      const first: Buffer | null = socket.read(1);
      if (first === null) {
        socket.once('readable', onReadable);
        return;
      }
      socket.removeListener('error', fail);
      socket.setTimeout(0);
      socket.unshift(first);
      (first[0] === TLS_HANDSHAKE ? this.https : this.http).emit('connection', socket);
    };
    socket.once('readable', onReadable);
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.front.once('error', reject);
      this.front.listen(port, host, () => {
        this.front.off('error', reject);
        resolve((this.front.address() as AddressInfo).port);
      });
    });
  }

  /** Also accepts connections on another address at the same port (the Docker host gateway, for toolboxes). */
  listenAlso(port: number, host: string): Promise<void> {
    const server = net.createServer((socket) => this.sniff(socket));
    this.extra.push(server);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    for (const s of this.extra) s.close();
    const closed = new Promise<void>((resolve) => this.front.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    this.http.closeAllConnections();
    this.https.closeAllConnections();
    await closed;
  }
}
