// SPDY/3.1 framing, the part of the protocol kubectl ≤ 1.29 (and newer ones as a fallback) speaks for exec,
// attach and port-forward after `Upgrade: SPDY/3.1`: 8-byte frame headers, control frames (SYN_STREAM, SYN_REPLY,
// RST_STREAM, SETTINGS, PING, GOAWAY, HEADERS, WINDOW_UPDATE) and data frames, and header blocks compressed with
// one zlib context per direction seeded with the SPDY dictionary. Facts from the SPDY/3 draft; our own code.
//
// Header blocks we send are zlib "stored" (uncompressed) blocks, each followed by the empty block of a sync flush:
// a valid zlib stream any inflater reads, made synchronously with no compressor state to keep. Header blocks we receive are inflated by replaying the peer's
// whole compressed stream so far (they are a few dozen bytes per stream), which keeps decoding synchronous too.
import zlib from 'node:zlib';
import { adler32, SPDY_DICTIONARY } from './spdy-dictionary';

export const SPDY_VERSION = 3;

export const FrameType = {
  SynStream: 1,
  SynReply: 2,
  RstStream: 3,
  Settings: 4,
  Ping: 6,
  GoAway: 7,
  Headers: 8,
  WindowUpdate: 9,
} as const;

export const FLAG_FIN = 0x01;
export const FLAG_UNIDIRECTIONAL = 0x02;

/** RST_STREAM status codes. */
export const RstStatus = { ProtocolError: 1, InvalidStream: 2, RefusedStream: 3, Cancel: 5, InternalError: 6 } as const;

export type Headers = Record<string, string>;

export type Frame =
  | { kind: 'data'; streamId: number; flags: number; data: Buffer }
  | { kind: 'control'; type: number; flags: number; payload: Buffer };

/** Splits a byte stream into frames; feed chunks, get whole frames back. */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const out: Frame[] = [];
    while (this.pending.length >= 8) {
      const length = this.pending.readUIntBE(5, 3);
      if (this.pending.length < 8 + length) break;
      const head = this.pending.subarray(0, 8);
      const payload = this.pending.subarray(8, 8 + length);
      this.pending = this.pending.subarray(8 + length);
      const flags = head[4];
      if (head[0] & 0x80) out.push({ kind: 'control', type: head.readUInt16BE(2), flags, payload: Buffer.from(payload) });
      else out.push({ kind: 'data', streamId: head.readUInt32BE(0) & 0x7fffffff, flags, data: Buffer.from(payload) });
    }
    return out;
  }
}

function frameHeader(first: number, flags: number, length: number): Buffer {
  if (length > 0xffffff) throw new Error(`SPDY frame too large: ${length} bytes`);
  const h = Buffer.alloc(8);
  h.writeUInt32BE(first >>> 0, 0);
  h[4] = flags;
  h.writeUIntBE(length, 5, 3);
  return h;
}

export function controlFrame(type: number, flags: number, payload: Buffer): Buffer {
  return Buffer.concat([frameHeader(((0x8000 | SPDY_VERSION) << 16) | type, flags, payload.length), payload]);
}

export function dataFrame(streamId: number, flags: number, data: Buffer): Buffer {
  return Buffer.concat([frameHeader(streamId & 0x7fffffff, flags, data.length), data]);
}

const u32 = (...values: number[]) => {
  const b = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, i * 4));
  return b;
};

export const rstStreamFrame = (streamId: number, status: number) => controlFrame(FrameType.RstStream, 0, u32(streamId & 0x7fffffff, status));
export const pingFrame = (id: number) => controlFrame(FrameType.Ping, 0, u32(id));
export const goAwayFrame = (lastGoodStreamId: number, status = 0) => controlFrame(FrameType.GoAway, 0, u32(lastGoodStreamId & 0x7fffffff, status));

/** The uncompressed form of a header block: count, then length-prefixed names and values (lower-case names). */
export function encodeHeaderBlock(headers: Headers): Buffer {
  const entries = Object.entries(headers);
  const parts: Buffer[] = [u32(entries.length)];
  for (const [name, value] of entries) {
    const n = Buffer.from(name.toLowerCase(), 'utf8');
    const v = Buffer.from(value, 'utf8');
    parts.push(u32(n.length), n, u32(v.length), v);
  }
  return Buffer.concat(parts);
}

export function decodeHeaderBlock(block: Buffer): Headers {
  const out: Headers = {};
  let off = 0;
  const read = () => {
    if (off + 4 > block.length) throw new Error('SPDY header block is truncated');
    const len = block.readUInt32BE(off);
    off += 4;
    if (off + len > block.length) throw new Error('SPDY header block is truncated');
    const s = block.subarray(off, off + len).toString('utf8');
    off += len;
    return s;
  };
  if (block.length < 4) throw new Error('SPDY header block is truncated');
  const count = block.readUInt32BE(0);
  off = 4;
  for (let i = 0; i < count; i++) {
    const name = read();
    // Several values of one header are joined by NUL; we only ever need the first.
    out[name.toLowerCase()] = read().split('\0')[0];
  }
  return out;
}

/** Our side's header compression: one zlib stream (declaring the SPDY dictionary) made of stored blocks. */
export class HeaderCompressor {
  private started = false;

  compress(headers: Headers): Buffer {
    const raw = encodeHeaderBlock(headers);
    const parts: Buffer[] = [];
    if (!this.started) {
      this.started = true;
      // CMF 0x78 (deflate, 32 KiB window), FLG 0x20 (preset dictionary; 0x7820 is a multiple of 31), DICTID.
      parts.push(Buffer.from([0x78, 0x20]), u32(adler32(SPDY_DICTIONARY)));
    }
    let off = 0;
    do {
      const chunk = raw.subarray(off, off + 0xffff);
      const head = Buffer.alloc(5);
      head[0] = 0x00; // BFINAL 0, BTYPE 00 (stored): the stream goes on with the next header block
      head.writeUInt16LE(chunk.length, 1);
      head.writeUInt16LE(~chunk.length & 0xffff, 3);
      parts.push(head, chunk);
      off += chunk.length;
    } while (off < raw.length);
    // The empty stored block a zlib sync flush ends with: an inflater hands out what it has when it meets it,
    // instead of reading on for a next block that belongs to the next frame (Go's flate needs this).
    parts.push(Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff]));
    return Buffer.concat(parts);
  }
}

/** The peer's header decompression context, kept as the compressed bytes seen so far. */
export class HeaderDecompressor {
  private compressed: Buffer = Buffer.alloc(0);
  private produced = 0;

  decompress(block: Buffer): Headers {
    this.compressed = Buffer.concat([this.compressed, block]);
    const all = zlib.inflateSync(this.compressed, { dictionary: SPDY_DICTIONARY, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    const mine = all.subarray(this.produced);
    this.produced = all.length;
    return decodeHeaderBlock(mine);
  }
}

export interface SynStream {
  streamId: number;
  associatedTo: number;
  flags: number;
  headers: Headers;
}

export function parseSynStream(payload: Buffer, flags: number, headers: HeaderDecompressor): SynStream {
  return {
    streamId: payload.readUInt32BE(0) & 0x7fffffff,
    associatedTo: payload.readUInt32BE(4) & 0x7fffffff,
    flags,
    headers: headers.decompress(payload.subarray(10)),
  };
}

export function synReplyFrame(streamId: number, flags: number, headers: Headers, compressor: HeaderCompressor): Buffer {
  return controlFrame(FrameType.SynReply, flags, Buffer.concat([u32(streamId & 0x7fffffff), compressor.compress(headers)]));
}

/** A client's SYN_STREAM (for tests that play kubectl's part). */
export function synStreamFrame(streamId: number, flags: number, headers: Headers, compressor: HeaderCompressor): Buffer {
  return controlFrame(FrameType.SynStream, flags, Buffer.concat([u32(streamId & 0x7fffffff, 0), Buffer.from([0, 0]), compressor.compress(headers)]));
}
