// One port for both protocols: browsers speak plain HTTP to the app, kubectl speaks HTTPS to /clusters/<id> (it
// never sends a bearer token over plain HTTP). The first byte of a connection decides: 0x16 opens a TLS handshake,
// anything else is HTTP. Both servers share the same Express app and the same WebSocket upgrade handler.
// Every phase before a request is complete has a deadline (first byte, TLS handshake, headers, body), so a client
// that trickles bytes cannot hold connections open; what comes after (watches, `logs -f`, the map's event stream,
// upgraded exec/attach/terminal sockets) has none, as those are meant to last.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import type { ServingCert } from '../../sandbox/tls';

const TLS_HANDSHAKE = 0x16;

export type UpgradeHandler = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void;

export interface ListenerTimeouts {
  /** From connect to the first byte, and for the TLS handshake after it. */
  handshakeMs: number;
  /** From the first byte of a request to the end of its headers. */
  headersMs: number;
  /** From the first byte of a request to the end of its body (not of the answer: watches stream for hours). */
  requestMs: number;
  /** How often Node looks for requests past those deadlines. */
  checkEveryMs: number;
}

export const DEFAULT_TIMEOUTS: ListenerTimeouts = { handshakeMs: 15_000, headersMs: 15_000, requestMs: 60_000, checkEveryMs: 1000 };

export class DualListener {
  readonly http: http.Server;
  readonly https: https.Server;
  private readonly front: net.Server;
  private readonly extra: net.Server[] = [];
  private readonly sockets = new Set<net.Socket>();

  private readonly timeouts: ListenerTimeouts;

  constructor(handler: http.RequestListener, tls: ServingCert, onUpgrade: UpgradeHandler, timeouts: Partial<ListenerTimeouts> = {}) {
    const t = (this.timeouts = { ...DEFAULT_TIMEOUTS, ...timeouts });
    // requestTimeout ends when the request has arrived: the answer may stream as long as it likes.
    const limits = { headersTimeout: t.headersMs, requestTimeout: t.requestMs, connectionsCheckingInterval: t.checkEveryMs };
    this.http = http.createServer(limits, handler);
    this.https = https.createServer({ ...limits, cert: tls.cert, key: tls.key, handshakeTimeout: t.handshakeMs }, handler);
    for (const s of [this.http, this.https]) {
      s.on('upgrade', onUpgrade);
      s.keepAliveTimeout = 65_000;
      // These servers never listen (connections are handed to them), and Node starts checking the header and
      // request deadlines on 'listening': without this, neither deadline was ever enforced.
      s.emit('listening');
    }
    this.front = net.createServer((socket) => this.sniff(socket));
  }

  private sniff(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    const fail = () => socket.destroy();
    socket.on('error', fail);
    socket.setTimeout(this.timeouts.handshakeMs, fail);
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
    // Stops the deadline checks (close() on a server that never listened only reports that it was not running).
    this.http.close(() => undefined);
    this.https.close(() => undefined);
    await closed;
  }
}
