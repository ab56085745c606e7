// The server side of one SPDY/3.1 connection after a `101 Switching Protocols`: kubectl opens one stream per
// channel (SYN_STREAM with a `streamtype` header, or `port` + `requestid` for port-forward); each gets a SYN_REPLY
// at once, an input (the client's DATA until its FIN) and an output (our DATA, FIN when ended). PINGs are echoed;
// flow control is not enforced by kubectl's SPDY library (moby/spdystream), so WINDOW_UPDATEs are ignored.
import { PassThrough, Writable, type Duplex, type Readable } from 'node:stream';
import {
  dataFrame, FLAG_FIN, FrameReader, FrameType, goAwayFrame, HeaderCompressor, HeaderDecompressor, parseSynStream, pingFrame, RstStatus,
  rstStreamFrame, synReplyFrame, type Frame, type Headers,
} from './spdy-framer';

const MAX_DATA = 32 * 1024;

export interface SpdyStream {
  readonly id: number;
  readonly headers: Headers;
  /** What the client sends on this stream; ends at its FIN or a reset. */
  readonly input: Readable;
  /** What we send; end() sends FIN. Honours the socket's back-pressure. */
  readonly output: Writable;
  /** Aborts the stream (RST_STREAM CANCEL). */
  reset(): void;
}

interface StreamState extends SpdyStream {
  input: PassThrough;
  remoteClosed: boolean;
  localClosed: boolean;
}

export class SpdySession {
  private readonly reader = new FrameReader();
  private readonly inflater = new HeaderDecompressor();
  private readonly deflater = new HeaderCompressor();
  private readonly streams = new Map<number, StreamState>();
  private lastStreamId = 0;
  private closed = false;
  private readonly closeListeners: (() => void)[] = [];

  constructor(
    private readonly socket: Duplex,
    private readonly onStream: (stream: SpdyStream) => void,
  ) {
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const frame of this.reader.push(chunk)) this.handle(frame);
      } catch {
        this.destroy();
      }
    });
    socket.on('error', () => this.destroy());
    socket.on('close', () => this.destroy());
    socket.on('end', () => this.destroy());
  }

  /** Called once when the connection is gone (closed by us, by the client, or broken). */
  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private send(buf: Buffer): boolean {
    if (this.closed || this.socket.destroyed) return true;
    return this.socket.write(buf);
  }

  private handle(frame: Frame): void {
    if (frame.kind === 'data') {
      const s = this.streams.get(frame.streamId);
      if (!s || s.remoteClosed) return;
      if (frame.data.length) s.input.write(frame.data);
      if (frame.flags & FLAG_FIN) this.remoteFinished(s);
      return;
    }
    switch (frame.type) {
      case FrameType.SynStream: {
        const syn = parseSynStream(frame.payload, frame.flags, this.inflater);
        // Client streams are odd and increasing; anything else is refused.
        if (syn.streamId % 2 === 0 || syn.streamId <= this.lastStreamId) {
          this.send(rstStreamFrame(syn.streamId, RstStatus.ProtocolError));
          return;
        }
        this.lastStreamId = syn.streamId;
        const s = this.open(syn.streamId, syn.headers);
        this.send(synReplyFrame(s.id, 0, {}, this.deflater));
        if (syn.flags & FLAG_FIN) this.remoteFinished(s);
        this.onStream(s);
        return;
      }
      case FrameType.RstStream: {
        const s = this.streams.get(frame.payload.readUInt32BE(0) & 0x7fffffff);
        if (!s) return;
        s.localClosed = true;
        this.remoteFinished(s);
        s.output.destroy();
        return;
      }
      case FrameType.Ping:
        this.send(pingFrame(frame.payload.readUInt32BE(0)));
        return;
      case FrameType.GoAway:
        this.destroy();
        return;
      default:
        // SETTINGS, WINDOW_UPDATE, HEADERS: nothing we need.
        return;
    }
  }

  private remoteFinished(s: StreamState): void {
    if (s.remoteClosed) return;
    s.remoteClosed = true;
    s.input.end();
    this.forgetIfDone(s);
  }

  private forgetIfDone(s: StreamState): void {
    if (s.remoteClosed && s.localClosed) this.streams.delete(s.id);
  }

  private open(id: number, headers: Headers): StreamState {
    const input = new PassThrough();
    const state = {} as StreamState;
    const output = new Writable({
      write: (chunk: Buffer, _enc, cb) => {
        if (state.localClosed) return cb();
        let ok = true;
        for (let off = 0; off < chunk.length; off += MAX_DATA) ok = this.send(dataFrame(id, 0, chunk.subarray(off, off + MAX_DATA))) && ok;
        if (ok || this.closed) cb();
        else this.socket.once('drain', () => cb());
      },
      final: (cb) => {
        if (!state.localClosed) {
          state.localClosed = true;
          this.send(dataFrame(id, FLAG_FIN, Buffer.alloc(0)));
          this.forgetIfDone(state);
        }
        cb();
      },
    });
    output.on('error', () => undefined);
    Object.assign(state, {
      id,
      headers,
      input,
      output,
      remoteClosed: false,
      localClosed: false,
      reset: () => {
        if (state.localClosed && state.remoteClosed) return;
        state.localClosed = true;
        this.send(rstStreamFrame(id, RstStatus.Cancel));
        this.remoteFinished(state);
      },
    });
    this.streams.set(id, state);
    return state;
  }

  /** Ends every stream we still write to, says GOAWAY and closes the connection once the bytes are out. */
  close(): void {
    if (this.closed) return;
    for (const s of this.streams.values()) {
      if (!s.localClosed) {
        s.localClosed = true;
        this.send(dataFrame(s.id, FLAG_FIN, Buffer.alloc(0)));
      }
    }
    this.send(goAwayFrame(this.lastStreamId));
    this.socket.end();
    this.destroy(false);
  }

  private destroy(now = true): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.streams.values()) {
      s.localClosed = true;
      if (!s.remoteClosed) {
        s.remoteClosed = true;
        s.input.end();
      }
    }
    this.streams.clear();
    if (now) this.socket.destroy();
    for (const l of this.closeListeners.splice(0)) l();
  }
}
