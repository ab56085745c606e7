// The host's iptables (Debian's iptables package, the nf_tables flavour Docker itself uses) for the network agent
// image, which enforces NetworkPolicies with it (docs/NETWORKING.md): the multi-call binary, the few extensions the
// agent's rules use, and the shared libraries `ldd` says they load, each placed in the image where the binary looks
// for it. A host without iptables gets an agent without it: NetworkPolicies are then stored but not enforced, and
// the agent's log says so.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { HostFileRecipe } from './catalog';

const BINARY_CANDIDATES = ['/usr/sbin/xtables-nft-multi', '/sbin/xtables-nft-multi', '/usr/bin/xtables-nft-multi'];
/** The matches and targets of sandbox/network/policy-rules.ts (libxt_standard gives ACCEPT/DROP/RETURN and jumps). */
const EXTENSIONS = ['libxt_standard.so', 'libxt_conntrack.so', 'libxt_comment.so', 'libxt_tcp.so', 'libxt_udp.so', 'libxt_sctp.so', 'libipt_icmp.so'];
/** Where the agent runs it (sandbox/images/netagent/main.c). */
export const IPTABLES_IN_IMAGE = '/usr/sbin/xtables-nft-multi';

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Shared libraries the ELF files load, as ldd names them (the dynamic linker included). */
function sharedLibraries(files: string[]): string[] {
  let out: string;
  try {
    out = execFileSync('ldd', files, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (e) {
    // ldd exits non-zero when one of the files is static; what it printed for the others still counts.
    out = String((e as { stdout?: string }).stdout ?? '');
  }
  const libs = new Set<string>();
  for (const line of out.split('\n')) {
    const m = /=>\s+(\/\S+)\s+\(/.exec(line) ?? /^\s+(\/\S+)\s+\(0x/.exec(line);
    if (m) libs.add(m[1]);
  }
  return [...libs];
}

let found: HostFileRecipe[] | undefined;

/**
 * The files, as host files of the netagent recipe: each output is `rootfs/<path in the image>` (the Dockerfile
 * copies rootfs/ to /). Empty when the host has no iptables. Looked up once per process, on first use.
 */
export function iptablesHostFiles(): HostFileRecipe[] {
  if (found) return found;
  const binary = BINARY_CANDIDATES.find(isFile);
  if (!binary) return (found = []);
  const real = fs.realpathSync(binary);
  const libs = sharedLibraries([real]);
  const libxtables = libs.find((l) => path.basename(l).startsWith('libxtables.so'));
  const extDir = [libxtables && path.join(fs.realpathSync(path.dirname(libxtables)), 'xtables'), '/usr/lib/xtables', '/usr/lib64/xtables'].find(
    (d): d is string => !!d && fs.existsSync(d),
  );
  const extensions = extDir ? EXTENSIONS.map((e) => path.join(extDir, e)).filter(isFile) : [];
  const files = new Map<string, string>([[IPTABLES_IN_IMAGE, real]]);
  for (const lib of [...libs, ...sharedLibraries(extensions)]) files.set(lib, fs.realpathSync(lib));
  for (const ext of extensions) files.set(ext, ext);
  found = [...files].map(([at, hostPath]) => ({ output: `rootfs${at}`, what: `${at} of the host's iptables`, find: () => (isFile(hostPath) ? hostPath : undefined) }));
  return found;
}
