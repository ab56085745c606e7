// The SPDY/3 pieces kubectl's SPDY library depends on: the dictionary, header blocks that a real inflater reads
// (and that end with the sync-flush marker Go's flate needs), and frames that survive arbitrary TCP chunking.
import zlib from 'node:zlib';
import { SPDY_DICTIONARY, adler32 } from '../../../../sandbox/apiserver/pod-streams/spdy-dictionary';
import {
  controlFrame, dataFrame, decodeHeaderBlock, encodeHeaderBlock, FLAG_FIN, FrameReader, FrameType, HeaderCompressor, HeaderDecompressor,
  parseSynStream, synReplyFrame, synStreamFrame,
} from '../../../../sandbox/apiserver/pod-streams/spdy-framer';

describe('SPDY/3 framing', () => {
  it('builds the 1423-byte header dictionary of the spec', () => {
    expect(SPDY_DICTIONARY.length).toBe(1423);
    expect(SPDY_DICTIONARY.subarray(0, 11)).toEqual(Buffer.from('\0\0\0\x07options', 'latin1'));
    expect(SPDY_DICTIONARY.subarray(-6).toString()).toBe('enq=0.');
    expect(adler32(Buffer.from('Wikipedia'))).toBe(0x11e60398);
  });

  it('writes header blocks a zlib inflater with the SPDY dictionary reads, block after block', () => {
    const c = new HeaderCompressor();
    const first = c.compress({ streamtype: 'error' });
    const second = c.compress({ streamtype: 'stdout', port: '8080' });
    const all = zlib.inflateSync(Buffer.concat([first, second]), { dictionary: SPDY_DICTIONARY, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    const one = encodeHeaderBlock({ streamtype: 'error' });
    expect(decodeHeaderBlock(all.subarray(0, one.length))).toEqual({ streamtype: 'error' });
    expect(decodeHeaderBlock(all.subarray(one.length))).toEqual({ streamtype: 'stdout', port: '8080' });
    // Each block ends with the empty stored block of a sync flush.
    expect(first.subarray(-5)).toEqual(Buffer.from([0, 0, 0, 0xff, 0xff]));
  });

  it('reads a peer header stream compressed by real zlib with one context for the session', () => {
    const deflate = zlib.createDeflate({ dictionary: SPDY_DICTIONARY });
    const chunks: Buffer[] = [];
    deflate.on('data', (c: Buffer) => chunks.push(c));
    const blockOf = (headers: Record<string, string>) =>
      new Promise<Buffer>((resolve) => {
        const start = chunks.length;
        deflate.write(encodeHeaderBlock(headers));
        deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => resolve(Buffer.concat(chunks.slice(start))));
      });
    return (async () => {
      const d = new HeaderDecompressor();
      expect(d.decompress(await blockOf({ streamtype: 'error' }))).toEqual({ streamtype: 'error' });
      expect(d.decompress(await blockOf({ streamtype: 'stdin' }))).toEqual({ streamtype: 'stdin' });
      expect(d.decompress(await blockOf({ streamtype: 'data', port: '80', requestid: '0' }))).toEqual({ streamtype: 'data', port: '80', requestid: '0' });
      deflate.end();
    })();
  });

  it('splits a byte stream into frames whatever the chunking', () => {
    const c = new HeaderCompressor();
    const bytes = Buffer.concat([
      synStreamFrame(1, FLAG_FIN, { streamtype: 'error' }, c),
      dataFrame(1, 0, Buffer.from('hello')),
      controlFrame(FrameType.Ping, 0, Buffer.from([0, 0, 0, 7])),
    ]);
    const reader = new FrameReader();
    const frames = [...bytes].flatMap((b) => reader.push(Buffer.from([b])));
    expect(frames.map((f) => f.kind)).toEqual(['control', 'data', 'control']);
    const syn = frames[0];
    if (syn.kind !== 'control') throw new Error('expected a control frame');
    expect(parseSynStream(syn.payload, syn.flags, new HeaderDecompressor())).toMatchObject({ streamId: 1, flags: FLAG_FIN, headers: { streamtype: 'error' } });
    expect(frames[1]).toMatchObject({ streamId: 1, data: Buffer.from('hello') });
  });

  it('answers a stream with a SYN_REPLY carrying its id', () => {
    const frame = synReplyFrame(5, 0, {}, new HeaderCompressor());
    expect(frame.readUInt16BE(0)).toBe(0x8003);
    expect(frame.readUInt16BE(2)).toBe(FrameType.SynReply);
    expect(frame.readUInt32BE(8)).toBe(5);
  });
});
