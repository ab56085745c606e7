// Docker multiplexes a non-TTY container's stdout and stderr into one stream of frames: an 8-byte header
// (stream type, 3 zero bytes, big-endian length) then the payload. This splits them back apart.
import { Transform, type TransformCallback } from 'node:stream';

export type FrameSink = (stream: 'stdout' | 'stderr', payload: Buffer) => void;

/** Incremental frame parser: feed chunks, get payloads. */
export class FrameParser {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly sink: FrameSink) {}

  push(chunk: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      const type = this.pending[0];
      const payload = this.pending.subarray(8, 8 + size);
      this.pending = this.pending.subarray(8 + size);
      this.sink(type === 2 ? 'stderr' : 'stdout', payload);
    }
  }
}

/** A transform that turns a multiplexed stream into the plain interleaved output (stdout and stderr together). */
export function combinedOutput(): Transform {
  const t: Transform = new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      parser.push(chunk);
      cb();
    },
  });
  const parser = new FrameParser((_s, payload) => t.push(payload));
  return t;
}

/** Splits a whole multiplexed buffer (non-follow logs, finished exec) into its two streams. */
export function splitFrames(buf: Buffer): { stdout: Buffer; stderr: Buffer } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  new FrameParser((s, p) => (s === 'stderr' ? err : out).push(p)).push(buf);
  return { stdout: Buffer.concat(out), stderr: Buffer.concat(err) };
}
