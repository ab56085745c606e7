// exec/attach over a WebSocket, as kubectl 1.30+ asks first (subprotocol v5.channel.k8s.io, or v4): binary
// messages whose first byte is the channel — 0 stdin, 1 stdout, 2 stderr, 3 error (the final Status), 4 resize
// ({"Width","Height"}), and in v5 255 "close" ([255, 0] when the client's stdin ends). After the Status the
// server closes with 1000. A request with no subprotocol we speak is refused before the handshake, so kubectl
// falls back to SPDY.
import type { IncomingMessage } from 'node:http';
import { PassThrough, Writable, type Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { StreamRequest } from './stream-request';
import type { Channels, StreamStatus } from './remote-command';
import { ResizeDecoder } from './remote-command';
import type { TerminalSize } from '../../runtime/container-runtime';

export const WEBSOCKET_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;

const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const ERROR = 3;
const RESIZE = 4;
const CLOSE = 255;

/** The best subprotocol both sides speak, from the Sec-WebSocket-Protocol header; undefined: none. */
export function pickWebSocketProtocol(header: string | string[] | undefined): string | undefined {
  const offered = (Array.isArray(header) ? header.join(',') : header ?? '').split(',').map((p) => p.trim());
  return WEBSOCKET_PROTOCOLS.find((p) => offered.includes(p));
}

const server = new WebSocketServer({
  noServer: true,
  perMessageDeflate: false,
  clientTracking: false,
  handleProtocols: (offered: Set<string>) => WEBSOCKET_PROTOCOLS.find((p) => offered.has(p)) ?? false,
});

/** A Writable sending each chunk as one message on `channel`, waiting for the socket to take it. */
function channelWriter(ws: WebSocket, channel: number): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, cb) {
      if (ws.readyState !== ws.OPEN) return cb();
      ws.send(Buffer.concat([Buffer.from([channel]), chunk]), { binary: true }, () => cb());
    },
  });
}

export function serveWebSocket(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  request: StreamRequest,
  run: (channels: Channels) => Promise<StreamStatus>,
): void {
  server.handleUpgrade(req, socket, head, (ws) => {
    const abort = new AbortController();
    const stdin = request.stdin ? new PassThrough() : undefined;
    const resizeListeners: ((s: TerminalSize) => void)[] = [];
    const resizes = new ResizeDecoder();
    // The first size arrives before the runtime has a session to apply it to: keep the latest for late listeners.
    let lastSize: TerminalSize | undefined;
    const channels: Channels = {
      stdin,
      stdout: request.stdout ? channelWriter(ws, STDOUT) : undefined,
      stderr: request.stderr ? channelWriter(ws, STDERR) : undefined,
      onResize: (l) => {
        resizeListeners.push(l);
        if (lastSize) l(lastSize);
      },
      signal: abort.signal,
    };
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      const msg = isBinary ? data : Buffer.from(data);
      if (!msg.length) return;
      const body = msg.subarray(1);
      switch (msg[0]) {
        case STDIN:
          if (body.length) stdin?.write(body);
          break;
        case RESIZE:
          for (const size of resizes.push(body)) {
            lastSize = size;
            for (const l of resizeListeners) l(size);
          }
          break;
        case CLOSE:
          if (body[0] === STDIN) stdin?.end();
          break;
      }
    });
    ws.on('close', () => {
      stdin?.end();
      abort.abort();
    });
    ws.on('error', () => undefined);
    run(channels).then(
      async (status) => {
        // Everything written on stdout/stderr goes out before the Status.
        await Promise.all([channels.stdout, channels.stderr].map((w) => (w ? new Promise<void>((r) => w.end(r)) : undefined)));
        if (ws.readyState !== ws.OPEN) return;
        ws.send(Buffer.concat([Buffer.from([ERROR]), Buffer.from(JSON.stringify(status))]), { binary: true }, () => ws.close(1000));
      },
      () => ws.close(1011),
    );
  });
}
