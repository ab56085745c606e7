// Finds the host binaries our images are assembled from (Debian's static busybox, a static kubectl) and checks
// that they are statically linked, since a scratch image has no shared libraries to offer them.
import fs from 'node:fs';
import path from 'node:path';
import { SERVER_VERSION } from '../api/version';

/** True for an ELF executable without a program interpreter (PT_INTERP), i.e. one that needs no ld.so. */
export function isStaticElf(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(64);
    fs.readSync(fd, head, 0, 64, 0);
    if (head.readUInt32BE(0) !== 0x7f454c46) return false;
    const is64 = head[4] === 2;
    const le = head[5] === 1;
    const u16 = (b: Buffer, o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
    const u32 = (b: Buffer, o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
    const phoff = is64 ? Number(le ? head.readBigUInt64LE(32) : head.readBigUInt64BE(32)) : u32(head, 28);
    const phentsize = u16(head, is64 ? 54 : 42);
    const phnum = u16(head, is64 ? 56 : 44);
    const table = Buffer.alloc(phentsize * phnum);
    fs.readSync(fd, table, 0, table.length, phoff);
    for (let i = 0; i < phnum; i++) if (u32(table, i * phentsize) === 3) return false; // PT_INTERP
    return true;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function executable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir || '.', name);
    if (executable(candidate)) return fs.realpathSync(candidate);
  }
  return undefined;
}

/** The static busybox to put in images: $KUBELAB_BUSYBOX, else Debian's busybox-static. */
export function findBusybox(): string | undefined {
  const candidates = [process.env.KUBELAB_BUSYBOX, '/usr/bin/busybox', '/bin/busybox', onPath('busybox')];
  return candidates.find((c): c is string => !!c && executable(c) && isStaticElf(c));
}

/**
 * The kubectl for the toolbox: $KUBELAB_TOOLBOX_KUBECTL, else the versioned binary matching our API server's minor
 * version next to the kubectl on PATH (the PATH one may be a dispatcher that execs those siblings), else the newest
 * versioned one, else the PATH kubectl itself. Must be static (Go builds are).
 */
export function findKubectl(): string | undefined {
  const explicit = process.env.KUBELAB_TOOLBOX_KUBECTL;
  if (explicit) return executable(explicit) && isStaticElf(explicit) ? explicit : undefined;
  const kubectl = onPath('kubectl');
  const candidates: string[] = [];
  if (kubectl) {
    const dir = path.dirname(kubectl);
    const versioned = fs
      .readdirSync(dir)
      .map((n) => /^kubectl\.1\.(\d+)$/.exec(n))
      .filter((m): m is RegExpExecArray => m !== null)
      .sort((a, b) => Number(b[1]) - Number(a[1]));
    const same = versioned.find((m) => m[1] === SERVER_VERSION.minor);
    if (same) candidates.push(path.join(dir, same[0]));
    candidates.push(...versioned.map((m) => path.join(dir, m[0])), kubectl);
  }
  return candidates.find((c) => executable(c) && isStaticElf(c));
}
