// Turns an image recipe into a build: a content hash of every input (so unchanged sources are not rebuilt) and a
// tar build context holding the recipe folder's files, the host binaries, the files of the host's Debian packages
// (`rootfs/`, minus what the images it builds FROM already hold), and the C programs compiled on the host with
// `gcc -static` (containers have no compiler and we are offline).
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Readable } from 'node:stream';
import { tarStream, type TarEntry } from '../docker/tar';
import { COMMON_DIR, IMAGES_DIR, type ImageRecipe } from './catalog';
import { collectRootfs, MissingPackageError, rootfsFingerprint, type RootfsEntry } from './host-rootfs';

const run = promisify(execFile);
const SOURCE = /\.(c|h)$/;

/** Bump to rebuild every image when the build procedure itself changes. */
const RECIPE_VERSION = '1';

function walk(dir: string, base = dir): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(full, base));
    else if (e.isFile()) out.push(path.relative(base, full));
  }
  return out;
}

export interface ResolvedHostFile {
  output: string;
  hostPath: string;
}

/** Finds the recipe's host binaries; throws saying what is missing and how to get it. */
export function resolveHostFiles(r: ImageRecipe): ResolvedHostFile[] {
  return (r.hostFiles ?? []).map((h) => {
    const hostPath = h.find();
    if (!hostPath) throw new Error(`image ${r.tags[0]} needs ${h.what}, and none was found on this machine`);
    return { output: h.output, hostPath };
  });
}

/**
 * The recipe's package files that its base images do not already have (one copy of glibc, in the base layer).
 * Throws naming the Debian packages to install when some are missing.
 */
export function resolveRootfs(r: ImageRecipe, catalog: readonly ImageRecipe[]): RootfsEntry[] {
  if (!r.rootfs) return [];
  const collect = (x: ImageRecipe): RootfsEntry[] => {
    try {
      return x.rootfs ? collectRootfs(x.rootfs()) : [];
    } catch (e) {
      if (!(e instanceof MissingPackageError)) throw e;
      throw new Error(`image ${r.tags[0]} is made of Debian packages missing on this machine (apt-get install ${e.message})`, { cause: e });
    }
  };
  const inherited = new Map<string, RootfsEntry>();
  const seen = new Set<string>();
  const walkBases = (x: ImageRecipe): void => {
    for (const d of x.after ?? []) {
      const base = catalog.find((c) => c.name === d);
      if (!base || seen.has(d)) continue;
      seen.add(d);
      for (const e of collect(base)) inherited.set(e.name, e);
      walkBases(base);
    }
  };
  walkBases(r);
  const same = (a: RootfsEntry, b: RootfsEntry) =>
    'symlink' in a ? 'symlink' in b && a.symlink === b.symlink : 'dir' in a ? 'dir' in b : 'hostPath' in b && a.hostPath === b.hostPath;
  return collect(r).filter((e) => !(inherited.has(e.name) && same(e, inherited.get(e.name)!)));
}

/**
 * Hash of everything the image is made of: recipe, folder contents (Dockerfile, sources, etc files), the shared C
 * header when programs are compiled, host binaries (by path, size and mtime: hashing 60 MB of kubectl on every
 * start would cost more than it saves), what its Debian packages depend on (rootfsFingerprint) and the hashes of the
 * images it builds FROM.
 */
export function recipeHash(r: ImageRecipe, hostFiles: ResolvedHostFile[], baseHashes: string[]): string {
  const h = createHash('sha256');
  h.update(`v${RECIPE_VERSION}\0${JSON.stringify({ name: r.name, tags: r.tags, programs: r.programs })}\0`);
  const dir = path.join(IMAGES_DIR, r.dir);
  for (const rel of walk(dir)) h.update(`${rel}\0`).update(fs.readFileSync(path.join(dir, rel))).update('\0');
  if (r.programs?.length) for (const rel of walk(COMMON_DIR)) h.update(`common/${rel}\0`).update(fs.readFileSync(path.join(COMMON_DIR, rel)));
  for (const f of hostFiles) {
    const st = fs.statSync(f.hostPath);
    h.update(`host:${f.output}:${f.hostPath}:${st.size}:${st.mtimeMs}\0`);
  }
  if (r.rootfs) h.update(`rootfs:${rootfsFingerprint(r.rootfs())}\0`);
  for (const b of baseHashes) h.update(`base:${b}\0`);
  return h.digest('hex').slice(0, 32);
}

/** Compiles the recipe's C programs into `outDir`; a missing compiler or static libc is reported plainly. */
export async function compilePrograms(r: ImageRecipe, outDir: string): Promise<string[]> {
  const dir = path.join(IMAGES_DIR, r.dir);
  const outputs: string[] = [];
  for (const p of r.programs ?? []) {
    const out = path.join(outDir, p.output);
    const args = ['-static', '-O2', '-s', '-Wall', '-I', COMMON_DIR, '-o', out, ...p.sources.map((s) => path.join(dir, s))];
    try {
      await run(process.env.CC ?? 'gcc', args, { timeout: 120_000 });
    } catch (e) {
      const err = e as { code?: string; stderr?: string; message: string };
      if (err.code === 'ENOENT') {
        throw new Error(`building ${r.tags[0]} needs a C compiler with static libc (Debian: apt-get install gcc libc6-dev)`, { cause: e });
      }
      throw new Error(`compiling ${p.output} for ${r.tags[0]} failed:\n${(err.stderr ?? err.message).trim()}`, { cause: e });
    }
    outputs.push(p.output);
  }
  return outputs;
}

/** The tar build context: folder files (sources left out), compiled programs and host binaries, all executable. */
export async function buildContext(r: ImageRecipe, hostFiles: ResolvedHostFile[], rootfs: RootfsEntry[] = []): Promise<{ context: Readable; cleanup: () => void }> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `kubelab-image-${r.name}-`));
  const cleanup = () => fs.rmSync(tmp, { recursive: true, force: true });
  try {
    const programs = await compilePrograms(r, tmp);
    const dir = path.join(IMAGES_DIR, r.dir);
    const entries: TarEntry[] = [];
    for (const rel of walk(dir)) {
      if (SOURCE.test(rel)) continue;
      // Scripts keep their executable bit (entrypoints); everything else is plain data.
      const mode = fs.statSync(path.join(dir, rel)).mode & 0o111 ? 0o755 : 0o644;
      entries.push({ type: 'file', name: rel.split(path.sep).join('/'), hostPath: path.join(dir, rel), mode });
    }
    for (const p of programs) entries.push({ type: 'file', name: p, hostPath: path.join(tmp, p), mode: 0o755 });
    for (const f of hostFiles) entries.push({ type: 'file', name: f.output, hostPath: f.hostPath, mode: 0o755 });
    for (const e of rootfs) {
      const name = `rootfs/${e.name}`;
      if ('symlink' in e) entries.push({ type: 'symlink', name, target: e.symlink });
      else if ('dir' in e) entries.push({ type: 'dir', name, mode: e.dir });
      else entries.push({ type: 'file', name, hostPath: e.hostPath, mode: e.mode });
    }
    const context = tarStream(entries);
    context.once('close', cleanup);
    return { context, cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}
