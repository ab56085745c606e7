// Tar archives for Docker build contexts and `putArchive` (files from memory or streamed from a host path,
// directories, symlinks), and reading one file back from `getArchive`, with tar-stream. Every entry gets the same
// mtime, so identical inputs make identical archives (and Docker reuses the image layers).
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';

export type TarEntry =
  | { type: 'file'; name: string; mode?: number; content: Buffer | string; uid?: number; gid?: number }
  | { type: 'file'; name: string; mode?: number; hostPath: string; uid?: number; gid?: number }
  | { type: 'dir'; name: string; mode?: number; uid?: number; gid?: number }
  | { type: 'symlink'; name: string; target: string };

const FIXED_MTIME = new Date('2000-01-01T00:00:00Z');
/** ustar keeps a name in a 100-byte field plus a 155-byte prefix split at a slash. */
const MAX_NAME = 100;
const MAX_PREFIX = 155;

function checkName(name: string): void {
  if (Buffer.byteLength(name) <= MAX_NAME) return;
  const cut = name.lastIndexOf('/', MAX_PREFIX);
  if (cut <= 0 || Buffer.byteLength(name.slice(cut + 1)) > MAX_NAME) throw new Error(`tar: path too long: ${name}`);
}

/** Adds one entry to the pack, waiting until it is written (a host file is streamed, never read whole). */
async function add(pack: tar.Pack, e: TarEntry): Promise<void> {
  const name = e.name.replace(/^\/+/, '');
  checkName(name);
  const owner = e.type === 'symlink' ? {} : { uid: e.uid ?? 0, gid: e.gid ?? 0 };
  const common = { name, mtime: FIXED_MTIME, ...owner };
  if (e.type === 'dir') return new Promise((resolve, reject) => pack.entry({ ...common, type: 'directory', mode: e.mode ?? 0o755 }, (err) => (err ? reject(err) : resolve())));
  if (e.type === 'symlink') return new Promise((resolve, reject) => pack.entry({ ...common, type: 'symlink', linkname: e.target, mode: 0o777 }, (err) => (err ? reject(err) : resolve())));
  if ('content' in e) {
    const body = Buffer.isBuffer(e.content) ? e.content : Buffer.from(e.content);
    return new Promise((resolve, reject) => pack.entry({ ...common, type: 'file', mode: e.mode ?? 0o644, size: body.length }, body, (err) => (err ? reject(err) : resolve())));
  }
  const stat = fs.statSync(e.hostPath);
  const entry = pack.entry({ ...common, type: 'file', mode: (e.mode ?? stat.mode) & 0o7777, size: stat.size });
  await pipeline(fs.createReadStream(e.hostPath), entry);
}

/** A tar stream of the entries, in order (a Node stream, as dockerode pipes it). */
export function tarStream(entries: TarEntry[]): Readable {
  const pack = tar.pack();
  void (async () => {
    try {
      for (const e of entries) await add(pack, e);
      pack.finalize();
    } catch (err) {
      pack.destroy(err as Error);
    }
  })();
  return Readable.from(pack, { objectMode: false });
}

/** The whole archive in memory (small archives: agent configs, projected files, test fixtures). */
export async function tarBuffer(entries: TarEntry[]): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of tarStream(entries)) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

/** The content of the first regular file in a tar archive (what `getArchive` of one file returns). */
export async function firstFileOf(archive: Buffer): Promise<Buffer | undefined> {
  const extract = tar.extract();
  let found: Buffer | undefined;
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => {
        if (found === undefined && header.type === 'file') chunks.push(c as Buffer);
      });
      stream.on('end', () => {
        if (found === undefined && header.type === 'file') found = Buffer.concat(chunks);
        next();
      });
      stream.resume();
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  extract.end(archive);
  await done.catch(() => undefined);
  return found;
}
