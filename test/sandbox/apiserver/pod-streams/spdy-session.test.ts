// The server side of a SPDY connection, driven by a client that speaks raw frames over loopback as kubectl's SPDY
// library does: streams are answered, data flows both ways, FIN ends a stream's input, PINGs come back.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { SpdySession, type SpdyStream } from '../../../../sandbox/apiserver/pod-streams/spdy-session';
import {
  controlFrame, dataFrame, FLAG_FIN, FrameReader, FrameType, HeaderCompressor, synStreamFrame, type Frame,
} from '../../../../sandbox/apiserver/pod-streams/spdy-framer';

interface Client {
  socket: net.Socket;
  frames: Frame[];
  next(pred: (f: Frame) => boolean): Promise<Frame>;
}

async function pair(onStream: (s: SpdyStream) => void): Promise<{ client: Client; session: () => SpdySession; close: () => void }> {
  let session!: SpdySession;
  const server = net.createServer((sock) => (session = new SpdySession(sock, onStream)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const socket = net.connect((server.address() as AddressInfo).port, '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  const reader = new FrameReader();
  const frames: Frame[] = [];
  const waiters: (() => void)[] = [];
  socket.on('data', (c: Buffer) => {
    frames.push(...reader.push(c));
    for (const w of waiters.splice(0)) w();
  });
  const next = async (pred: (f: Frame) => boolean): Promise<Frame> => {
    for (;;) {
      const i = frames.findIndex(pred);
      if (i >= 0) return frames.splice(i, 1)[0];
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  return { client: { socket, frames, next }, session: () => session, close: () => (socket.destroy(), server.close()) };
}

const isControl = (type: number) => (f: Frame) => f.kind === 'control' && f.type === type;

describe('SPDY session', () => {
  it('replies to each stream and carries data both ways until FIN', async () => {
    const got: SpdyStream[] = [];
    const { client, close } = await pair((s) => got.push(s));
    try {
      const headers = new HeaderCompressor();
      client.socket.write(synStreamFrame(1, 0, { streamtype: 'stdin' }, headers));
      client.socket.write(synStreamFrame(3, 0, { streamtype: 'stdout' }, headers));
      const replies = [await client.next(isControl(FrameType.SynReply)), await client.next(isControl(FrameType.SynReply))];
      expect(replies.map((f) => (f.kind === 'control' ? f.payload.readUInt32BE(0) : 0))).toEqual([1, 3]);
      expect(got.map((s) => s.headers.streamtype)).toEqual(['stdin', 'stdout']);

      const input: Buffer[] = [];
      got[0].input.on('data', (c: Buffer) => input.push(c));
      const ended = new Promise((r) => got[0].input.once('end', r));
      client.socket.write(dataFrame(1, 0, Buffer.from('hello ')));
      client.socket.write(dataFrame(1, FLAG_FIN, Buffer.from('world')));
      await ended;
      expect(Buffer.concat(input).toString()).toBe('hello world');

      got[1].output.end(Buffer.from('out'));
      const data = await client.next((f) => f.kind === 'data' && f.data.length > 0);
      expect(data).toMatchObject({ streamId: 3, data: Buffer.from('out') });
      const fin = await client.next((f) => f.kind === 'data' && (f.flags & FLAG_FIN) !== 0);
      expect(fin).toMatchObject({ streamId: 3 });
    } finally {
      close();
    }
  });

  it('echoes a PING and says GOAWAY when closed', async () => {
    const { client, session, close } = await pair(() => undefined);
    try {
      client.socket.write(controlFrame(FrameType.Ping, 0, Buffer.from([0, 0, 0, 9])));
      const ping = await client.next(isControl(FrameType.Ping));
      expect(ping.kind === 'control' && ping.payload.readUInt32BE(0)).toBe(9);
      session().close();
      await client.next(isControl(FrameType.GoAway));
      expect(session().isClosed).toBe(true);
    } finally {
      close();
    }
  });

  it('refuses a stream id a client may not use', async () => {
    const { client, close } = await pair(() => undefined);
    try {
      client.socket.write(synStreamFrame(2, 0, { streamtype: 'error' }, new HeaderCompressor()));
      const rst = await client.next(isControl(FrameType.RstStream));
      expect(rst.kind === 'control' && rst.payload.readUInt32BE(0)).toBe(2);
    } finally {
      close();
    }
  });

  it('decodes headers of streams opened after earlier ones (one compression context per connection)', async () => {
    const got: SpdyStream[] = [];
    const { client, close } = await pair((s) => got.push(s));
    try {
      const headers = new HeaderCompressor();
      for (let id = 1; id <= 9; id += 2) client.socket.write(synStreamFrame(id, 0, { streamtype: 'data', requestid: String(id), port: '80' }, headers));
      for (let i = 0; i < 5; i++) await client.next(isControl(FrameType.SynReply));
      expect(got.map((s) => s.headers.requestid)).toEqual(['1', '3', '5', '7', '9']);
    } finally {
      close();
    }
  });
});
