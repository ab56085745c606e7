// The files of a "real" lab image (nginx, httpd, redis, perl, python, postgres, curl, bash), taken from the host's
// own Debian packages: what `dpkg -L` lists for the recipe's packages (docs, man pages, init scripts left out), the
// single paths it names, and every shared library the ELF files among them need (`ldd`), so a `FROM` image without
// a dynamic linker of its own can run Debian's binaries. Offline by construction: only what apt installed is used.
//
// Paths are placed at their real location (the host's /bin → usr/bin kind of symlink is resolved, never copied: the
// busybox base has real /bin and /sbin directories); a file that is itself a symlink is kept as one, with its target.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface RootfsSpec {
  /** Debian packages whose files go in; a package that is not installed fails the image, naming it. */
  packages?: string[];
  /** Packages whose files go in when installed; without them the image is built with less (the toolbox's extras). */
  optionalPackages?: string[];
  /** Host paths (files, symlinks or whole directories) copied to the same place. */
  paths?: string[];
  /**
   * Host files copied to another place in the image: the first of `from` that exists (Debian's static bash, else its
   * bash). None there fails the image, naming the package.
   */
  place?: { from: string | string[]; to: string; pkg: string }[];
  /** Symlinks to make: `at` in the image points to `target`. */
  links?: { at: string; target: string }[];
  /** Empty directories to make (mode 0755, or 1777 for the ones named tmp). */
  dirs?: string[];
  /** Leave out paths starting with one of these (besides docs, man pages, translations and init scripts). */
  exclude?: (string | RegExp)[];
}

export type RootfsEntry = { name: string; hostPath: string; mode: number } | { name: string; symlink: string } | { name: string; dir: number };

const ALWAYS_EXCLUDED: (string | RegExp)[] = [
  '/usr/share/doc/', '/usr/share/man/', '/usr/share/info/', '/usr/share/lintian/', '/usr/share/locale/', '/usr/share/bug/',
  '/usr/share/apport/', '/usr/share/bash-completion/completions/', '/usr/share/vim/', '/etc/init.d/', '/etc/logrotate.d/',
  '/etc/systemd/', '/lib/systemd/', '/usr/lib/systemd/', '/etc/default/', '/etc/ufw/', '/etc/cron.d/', '/usr/lib/tmpfiles.d/',
  '/usr/share/debianutils/', '/usr/share/menu/', /\.pod$/, /\/__pycache__\//,
];

/** The merged-/usr links (/bin → usr/bin…): never copied, the busybox base has real /bin and /sbin directories. */
const MERGED_USR = new Set(['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32']);

export class MissingPackageError extends Error {}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function excluded(p: string, rules: (string | RegExp)[]): boolean {
  return rules.some((r) => (typeof r === 'string' ? p === r.replace(/\/$/, '') || p.startsWith(r.endsWith('/') ? r : `${r}/`) : r.test(p)));
}

/** The host's file list of an installed package (`dpkg -L`, read from dpkg's database directly). */
export function packageFiles(pkg: string, infoDir = '/var/lib/dpkg/info'): string[] {
  const names = fs.existsSync(infoDir) ? fs.readdirSync(infoDir) : [];
  const list = names.find((n) => n === `${pkg}.list`) ?? names.find((n) => n.startsWith(`${pkg}:`) && n.endsWith('.list'));
  if (!list) throw new MissingPackageError(pkg);
  return fs.readFileSync(path.join(infoDir, list), 'utf8').split('\n').filter((l) => l && l !== '/.');
}

function isElf(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(4);
    return fs.readSync(fd, head, 0, 4, 0) === 4 && head.readUInt32BE(0) === 0x7f454c46;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** What `ldd` said of a file, by path, size and mtime: a server checks its images often, the files rarely change. */
const lddCache = new Map<string, string[]>();

function lddKey(file: string): string {
  const st = fs.statSync(file);
  return `${file}:${st.size}:${st.mtimeMs}`;
}

/** The shared libraries (absolute paths) that `ldd` says these ELF files load, asked in batches. */
function sharedLibraries(files: string[]): string[] {
  const libs = new Set<string>();
  const unknown = files.filter((f) => !lddCache.has(lddKey(f)));
  for (let i = 0; i < unknown.length; i += 200) {
    const batch = unknown.slice(i, i + 200);
    let out: string;
    try {
      out = execFileSync('ldd', batch, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20 });
    } catch (e) {
      const err = e as { code?: string; stdout?: string };
      if (err.code === 'ENOENT') throw new Error('ldd is missing on this machine (Debian: apt-get install libc-bin)', { cause: e });
      // ldd exits 1 when one of the files is static ("not a dynamic executable"); the rest is still printed.
      out = String(err.stdout ?? '');
    }
    // With several files, ldd heads each one's list with "<file>:".
    const found = new Map<string, string[]>(batch.map((f) => [f, []]));
    let current = batch.length === 1 ? batch[0] : '';
    for (const line of out.split('\n')) {
      if (batch.length > 1 && line.endsWith(':') && found.has(line.slice(0, -1))) {
        current = line.slice(0, -1);
        continue;
      }
      const m = /=>\s+(\/\S+)\s+\(/.exec(line) ?? /^\s+(\/\S+)\s+\(0x/.exec(line);
      if (m && current) found.get(current)!.push(m[1]);
    }
    for (const [f, l] of found) lddCache.set(lddKey(f), l);
  }
  for (const f of files) for (const l of lddCache.get(lddKey(f)) ?? []) libs.add(l);
  return [...libs];
}

/**
 * What a rootfs depends on, cheaply: the spec, dpkg's status file (any install, upgrade or removal on the host
 * changes it: a library a package loads may come from another package) and the named host paths. Checking that an
 * image is up to date must not run ldd on a thousand files; building it does.
 */
export function rootfsFingerprint(spec: RootfsSpec, status = '/var/lib/dpkg/status'): string {
  const stat = (p: string) => {
    try {
      const st = fs.statSync(p);
      return `${p}:${st.size}:${st.mtimeMs}`;
    } catch {
      return `${p}:-`;
    }
  };
  const json = JSON.stringify(spec, (_k, v) => (v instanceof RegExp ? `/${v.source}/${v.flags}` : v));
  const placed = (spec.place ?? []).flatMap((p) => (Array.isArray(p.from) ? p.from : [p.from]));
  return [json, stat(status), ...(spec.paths ?? []).map(stat), ...placed.map(stat)].join('\0');
}

/** Collects a rootfs: name (no leading slash) → entry. Throws MissingPackageError naming an absent package. */
export function collectRootfs(spec: RootfsSpec): RootfsEntry[] {
  const rules = [...ALWAYS_EXCLUDED, ...(spec.exclude ?? [])];
  const entries = new Map<string, RootfsEntry>();
  const elves: string[] = [];
  // Hard links (perl and perl5.36.0 are one file) become symlinks to the first name: one copy in the layer.
  const inodes = new Map<string, string>();

  // `at` is where it goes in the image, `from` where it is on the host; parent symlinks are resolved, a final one
  // kept. `whole`: a directory (named, or a link's target) is copied with its contents; dpkg lists a package's
  // directories and their files one by one, so its links to directories stay links only.
  const add = (from: string, at: string | undefined, whole: boolean, depth = 0): void => {
    if (depth > 20 || MERGED_USR.has(from)) return;
    let real: string;
    try {
      real = path.join(fs.realpathSync(path.dirname(from)), path.basename(from));
    } catch {
      return;
    }
    const name = (at ?? real).replace(/^\/+/, '');
    if (entries.has(name)) return;
    let st: fs.Stats;
    try {
      st = fs.lstatSync(real);
    } catch {
      return; // listed by dpkg but gone (a removed conffile): nothing to copy
    }
    if (st.isSymbolicLink()) {
      const target = fs.readlinkSync(real);
      entries.set(name, { name, symlink: target });
      const resolved = path.resolve(path.dirname(real), target);
      if (whole || !isDirectory(resolved)) add(resolved, undefined, whole, depth + 1);
    } else if (st.isDirectory()) {
      if (!whole) return;
      for (const child of fs.readdirSync(real).sort()) {
        const sub = path.join(real, child);
        if (!excluded(sub, rules)) add(sub, at === undefined ? undefined : path.join(at, child), whole, depth);
      }
    } else if (st.isFile()) {
      const first = st.nlink > 1 ? inodes.get(`${st.dev}:${st.ino}`) : undefined;
      if (first) {
        entries.set(name, { name, symlink: `/${first}` });
        return;
      }
      if (st.nlink > 1) inodes.set(`${st.dev}:${st.ino}`, name);
      entries.set(name, { name, hostPath: real, mode: st.mode & 0o7777 });
      if (st.mode & 0o111 || /\.so(\.|$)/.test(real)) if (isElf(real)) elves.push(real);
    }
  };

  const missing: string[] = [];
  const required = new Set(spec.packages ?? []);
  for (const pkg of [...(spec.packages ?? []), ...(spec.optionalPackages ?? [])]) {
    let files: string[];
    try {
      files = packageFiles(pkg);
    } catch (e) {
      if (!(e instanceof MissingPackageError)) throw e;
      if (required.has(pkg)) missing.push(pkg);
      continue;
    }
    for (const f of files) if (!excluded(f, rules)) add(f, undefined, false);
  }
  const sources = (spec.place ?? []).map((p) => ({ ...p, found: (Array.isArray(p.from) ? p.from : [p.from]).find((f) => fs.existsSync(f)) }));
  for (const { found, pkg } of sources) if (!found) missing.push(pkg);
  if (missing.length) throw new MissingPackageError([...new Set(missing)].join(' '));
  for (const p of spec.paths ?? []) add(p, undefined, true);
  for (const { found, to } of sources) add(fs.realpathSync(found!), to, true);
  for (const lib of sharedLibraries(elves)) add(lib, undefined, false);
  for (const { at, target } of spec.links ?? []) entries.set(at.replace(/^\/+/, ''), { name: at.replace(/^\/+/, ''), symlink: target });
  for (const d of spec.dirs ?? []) entries.set(d.replace(/^\/+/, ''), { name: d.replace(/^\/+/, ''), dir: /\/tmp$/.test(d) ? 0o1777 : 0o755 });
  return [...entries.values()].sort((a, b) => a.name.localeCompare(b.name));
}
