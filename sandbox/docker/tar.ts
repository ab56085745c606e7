// A minimal ustar writer for Docker build contexts and `putArchive`: files (from memory or streamed from a host
// path), directories and symlinks. Our own because the tar packages in node_modules are only transitive
// dependencies of dockerode, and because a fixed mtime makes identical inputs produce identical layers.
import fs from 'node:fs';
import { Readable } from 'node:stream';

export type TarEntry =
  | { type: 'file'; name: string; mode?: number; content: Buffer | string; uid?: number; gid?: number }
  | { type: 'file'; name: string; mode?: number; hostPath: string; uid?: number; gid?: number }
  | { type: 'dir'; name: string; mode?: number; uid?: number; gid?: number }
  | { type: 'symlink'; name: string; target: string };

const BLOCK = 512;
/** Every entry gets this mtime so the same inputs always produce the same archive (and the same image layers). */
const FIXED_MTIME = 946684800; // 2000-01-01T00:00:00Z

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

function splitName(name: string): { prefix: string; base: string } {
  if (Buffer.byteLength(name) <= 100) return { prefix: '', base: name };
  const cut = name.lastIndexOf('/', 155);
  if (cut <= 0 || Buffer.byteLength(name.slice(cut + 1)) > 100) throw new Error(`tar: path too long: ${name}`);
  return { prefix: name.slice(0, cut), base: name.slice(cut + 1) };
}

export function tarHeader(e: { name: string; mode: number; size: number; typeflag: string; linkname?: string; uid?: number; gid?: number }): Buffer {
  const h = Buffer.alloc(BLOCK);
  const { prefix, base } = splitName(e.name);
  h.write(base, 0, 100, 'utf8');
  h.write(octal(e.mode & 0o7777, 8), 100, 'ascii');
  h.write(octal(e.uid ?? 0, 8), 108, 'ascii');
  h.write(octal(e.gid ?? 0, 8), 116, 'ascii');
  h.write(octal(e.size, 12), 124, 'ascii');
  h.write(octal(FIXED_MTIME, 12), 136, 'ascii');
  h.fill(' ', 148, 156);
  h.write(e.typeflag, 156, 'ascii');
  if (e.linkname) h.write(e.linkname, 157, 100, 'utf8');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7) + ' ', 148, 'ascii');
  return h;
}

function padding(size: number): Buffer {
  const rest = size % BLOCK;
  return Buffer.alloc(rest === 0 ? 0 : BLOCK - rest);
}

async function* archive(entries: TarEntry[]): AsyncGenerator<Buffer> {
  for (const e of entries) {
    const name = e.name.replace(/^\/+/, '');
    if (e.type === 'dir') {
      yield tarHeader({ name: name.endsWith('/') ? name : `${name}/`, mode: e.mode ?? 0o755, size: 0, typeflag: '5', uid: e.uid, gid: e.gid });
    } else if (e.type === 'symlink') {
      yield tarHeader({ name, mode: 0o777, size: 0, typeflag: '2', linkname: e.target });
    } else if ('content' in e) {
      const body = Buffer.isBuffer(e.content) ? e.content : Buffer.from(e.content);
      yield tarHeader({ name, mode: e.mode ?? 0o644, size: body.length, typeflag: '0', uid: e.uid, gid: e.gid });
      yield body;
      yield padding(body.length);
    } else {
      const size = fs.statSync(e.hostPath).size;
      yield tarHeader({ name, mode: e.mode ?? fs.statSync(e.hostPath).mode, size, typeflag: '0', uid: e.uid, gid: e.gid });
      let sent = 0;
      for await (const chunk of fs.createReadStream(e.hostPath)) {
        sent += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
      if (sent !== size) throw new Error(`tar: ${e.hostPath} changed size while being archived`);
      yield padding(size);
    }
  }
  yield Buffer.alloc(BLOCK * 2);
}

/** A tar stream of the entries, in order. */
export function tarStream(entries: TarEntry[]): Readable {
  return Readable.from(archive(entries), { objectMode: false });
}

/** The whole archive in memory (small archives: agent configs, test fixtures). */
export async function tarBuffer(entries: TarEntry[]): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of archive(entries)) parts.push(chunk);
  return Buffer.concat(parts);
}

/** The content of the first regular file in a tar archive (what `getArchive` of one file returns). */
export function firstFileOf(archive: Buffer): Buffer | undefined {
  for (let off = 0; off + BLOCK <= archive.length; ) {
    const header = archive.subarray(off, off + BLOCK);
    if (header.every((b) => b === 0)) return undefined;
    const size = parseInt(header.subarray(124, 136).toString('ascii').replace(/\0.*$/, '').trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 48);
    if (type === '0' || type === '\0') return archive.subarray(off + BLOCK, off + BLOCK + size);
    off += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return undefined;
}
