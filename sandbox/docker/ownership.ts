// Who owns a cluster's Docker objects, written so that another kubelab process sharing the engine can check it
// without guessing. Several kubelab processes share one engine (an app serving a class, `labs check`, the tests, a
// `kubelab cluster`), and a start-up sweep removes what vanished clusters left behind — so the evidence must be
// exact, and where it cannot be checked from here, the answer is "unknown", which keeps the object:
// - the cluster's state: an absolute file path (never relative: another process has another working directory),
//   or `memory` for a cluster that lives only in its process;
// - the owning process: boot id, PID and mount namespaces, PID and the process's start time. A PID alone is reused
//   and means nothing in another PID namespace; with the start time, "this PID is still that process" is exact.
import fs from 'node:fs';
import path from 'node:path';

export type Liveness = 'alive' | 'gone' | 'unknown';

interface Identity {
  boot: string;
  pidNs: string;
  mntNs: string;
  pid: number;
  start: string;
}

const read = (file: string): string | undefined => {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
};

const namespaceOf = (kind: 'pid' | 'mnt', pid: number | 'self' = 'self'): string | undefined => {
  try {
    return /\[(\d+)\]/.exec(fs.readlinkSync(`/proc/${pid}/ns/${kind}`))?.[1];
  } catch {
    return undefined;
  }
};

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot); the command name may hold spaces and ')'. */
export function startTimeOf(pid: number | 'self'): string | undefined {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

function identityOf(pid: number | 'self'): Identity | undefined {
  const boot = read('/proc/sys/kernel/random/boot_id');
  const pidNs = namespaceOf('pid', pid);
  const mntNs = namespaceOf('mnt', pid);
  const start = startTimeOf(pid);
  const number = pid === 'self' ? process.pid : pid;
  return boot && pidNs && mntNs && start ? { boot, pidNs, mntNs, pid: number, start } : undefined;
}

const format = (i: Identity) => `${i.boot}/${i.pidNs}/${i.mntNs}/${i.pid}/${i.start}`;

function parse(text: string | undefined): Identity | undefined {
  const m = /^([0-9a-f-]+)\/(\d+)\/(\d+)\/(\d+)\/(\d+)$/.exec(text ?? '');
  return m ? { boot: m[1]!, pidNs: m[2]!, mntNs: m[3]!, pid: Number(m[4]), start: m[5]! } : undefined;
}

/** Another running process as a label value (tests make owners that then exit). */
export function processIdentityOf(pid: number): string | undefined {
  const i = identityOf(pid);
  return i && format(i);
}

let self: string | undefined | null;

/** This process as a label value (`<boot id>/<pid ns>/<mnt ns>/<pid>/<start time>`), or undefined off Linux. */
export function processIdentity(): string | undefined {
  if (self === undefined) {
    const i = identityOf('self');
    self = i ? format(i) : null;
  }
  return self ?? undefined;
}

/** Whether the process a label names still runs: only judged from the same boot and PID namespace. */
export function processLiveness(identity: string | undefined): Liveness {
  const owner = parse(identity);
  const me = parse(processIdentity());
  if (!owner || !me || owner.boot !== me.boot || owner.pidNs !== me.pidNs) return 'unknown';
  if (owner.pid === process.pid) return owner.start === me.start ? 'alive' : 'gone';
  const start = startTimeOf(owner.pid);
  return start !== undefined && start === owner.start ? 'alive' : 'gone';
}

/**
 * Whether the cluster an object's labels describe still exists. A state file that exists means alive (a
 * suspended cluster waits for its next start); a missing one means gone only when this process sees the same
 * files as the owner did (same boot and mount namespace) and the owner no longer runs.
 */
export function clusterLiveness(state: string | undefined, owner: string | undefined): Liveness {
  if (!state) return 'unknown';
  const process = processLiveness(owner);
  if (state === 'memory') return process;
  if (!path.isAbsolute(state)) return 'unknown';
  const o = parse(owner);
  const me = parse(processIdentity());
  const sameFiles = !!o && !!me && o.boot === me.boot && o.mntNs === me.mntNs;
  if (!sameFiles) return 'unknown';
  if (fs.existsSync(state)) return 'alive';
  return process === 'gone' ? 'gone' : process;
}
