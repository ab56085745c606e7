// exec/attach and port-forward over SPDY/3.1 (kubectl ≤ 1.29, and newer ones when the WebSocket is refused):
// answer the `Upgrade: SPDY/3.1` request with 101 and the negotiated X-Stream-Protocol-Version, then let the
// client open its streams. For exec (v4.channel.k8s.io) the command starts once every stream the query asked
// for exists (error, stdin, stdout, stderr, resize with a TTY), and ends with the Status JSON on the error stream.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { TerminalSize } from '../../runtime/container-runtime';
import { ResizeDecoder, type Channels, type StreamStatus } from './remote-command';
import { SpdySession, type SpdyStream } from './spdy-session';
import type { StreamRequest } from './stream-request';

export const EXEC_PROTOCOL = 'v4.channel.k8s.io';
export const PORT_FORWARD_PROTOCOL = 'portforward.k8s.io';
/** How long the client has to open the streams it asked for. */
const STREAM_WAIT_MS = 30_000;

/** The X-Stream-Protocol-Version values a client offered (one header per value, or comma-joined by Node). */
export function offeredProtocols(req: IncomingMessage): string[] {
  const raw = req.headers['x-stream-protocol-version'];
  return (Array.isArray(raw) ? raw.join(',') : raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** Switches the connection to SPDY and returns the session. */
export function acceptSpdy(socket: Duplex, head: Buffer, protocol: string, onStream: (s: SpdyStream) => void): SpdySession {
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\n' +
      'Connection: Upgrade\r\n' +
      'Upgrade: SPDY/3.1\r\n' +
      `X-Stream-Protocol-Version: ${protocol}\r\n` +
      '\r\n',
  );
  const session = new SpdySession(socket, onStream);
  if (head.length) socket.unshift(head);
  return session;
}

export function serveSpdyRemoteCommand(
  _req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  request: StreamRequest,
  run: (channels: Channels) => Promise<StreamStatus>,
): void {
  const wanted = new Set(['error']);
  if (request.stdin) wanted.add('stdin');
  if (request.stdout) wanted.add('stdout');
  if (request.stderr) wanted.add('stderr');
  if (request.tty) wanted.add('resize');
  const streams = new Map<string, SpdyStream>();
  const abort = new AbortController();
  const resizeListeners: ((s: TerminalSize) => void)[] = [];
  // kubectl sends the terminal's size first thing, before the runtime has a session to apply it to: keep the latest.
  let lastSize: TerminalSize | undefined;
  let started = false;

  const start = () => {
    started = true;
    clearTimeout(timer);
    const resize = streams.get('resize');
    if (resize) {
      const decoder = new ResizeDecoder();
      resize.input.on('data', (chunk: Buffer) => {
        for (const size of decoder.push(chunk)) {
          lastSize = size;
          for (const l of resizeListeners) l(size);
        }
      });
    }
    const channels: Channels = {
      stdin: streams.get('stdin')?.input,
      stdout: streams.get('stdout')?.output,
      stderr: streams.get('stderr')?.output,
      onResize: (l) => {
        resizeListeners.push(l);
        if (lastSize) l(lastSize);
      },
      signal: abort.signal,
    };
    run(channels).then(
      async (status) => {
        await Promise.all([channels.stdout, channels.stderr].map((w) => (w ? new Promise<void>((r) => w.end(r)) : undefined)));
        const error = streams.get('error')!.output;
        error.write(Buffer.from(JSON.stringify(status)));
        await new Promise<void>((r) => error.end(r));
        session.close();
      },
      () => session.close(),
    );
  };

  const session = acceptSpdy(socket, head, EXEC_PROTOCOL, (stream) => {
    const type = stream.headers.streamtype;
    if (!type || !wanted.has(type) || streams.has(type) || started) {
      stream.reset();
      return;
    }
    streams.set(type, stream);
    if (streams.size === wanted.size) start();
  });
  const timer = setTimeout(() => session.close(), STREAM_WAIT_MS);
  session.onClose(() => {
    clearTimeout(timer);
    abort.abort();
  });
}
