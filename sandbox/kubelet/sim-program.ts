// What a container "does" under the simulated runtime, which has no processes: read from the container's command
// and a few env vars, so a lesson can show a Job completing, a container crash-looping or a probe failing.
//
// Conventions (for lesson authors; the env vars have no effect on a real cluster):
// - KUBELAB_SIM_EXIT_CODE=<n>     the process exits with n (after KUBELAB_SIM_RUN_SECONDS, default 1 s).
// - KUBELAB_SIM_RUN_SECONDS=<s>   how long the process runs before it exits.
// - KUBELAB_SIM_READY=false       the readiness probe fails (the pod stays 0/1, out of its Services' endpoints).
// - KUBELAB_SIM_LIVE=false        the liveness probe fails (the kubelet restarts the container).
// - The command is read like a shell would, for the simple cases: `false` exits 1, `true`/`echo …` exit 0 (a
//   command that ends at once still takes 1 s, as starting a container does), `exit 3` exits 3, `sleep 30` runs
//   30 s, `sh -c "echo hi; sleep 5; exit 1"` runs 5 s and exits 1, and any loop (while/until/for) or `tail -f` runs
//   until stopped. An image whose default program is a shell or a REPL (busybox, bash, python, perl, alpine, ubuntu,
//   debian) exits when given no command, unless stdin or tty is set — as on a real node.
// - Anything else runs until stopped in a pod with restartPolicy Always, and 1 s then exits 0 in Jobs
//   (restartPolicy Never/OnFailure) and in init containers.
// - Only the lab catalog's images can be pulled (sandbox/images/catalog.ts), as on the docker runtime; any other
//   image gives ErrImagePull, then ImagePullBackOff.
// - Resource use (kubectl top, the HorizontalPodAutoscaler) is simulated too: KUBELAB_SIM_CPU=<quantity> and
//   KUBELAB_SIM_MEMORY=<quantity> say what a container uses; without them a container whose command burns CPU — a
//   loop that never sleeps (`while true; do :; done`), `yes`, reading /dev/zero or /dev/urandom, `stress` — uses its
//   cpu limit (one core without one), anything else 1m, and every container 2Mi of memory.
// - Images of the lab catalog listen where the real ones do (gihyodocker/echo on 8080, nginx and httpd on 80, redis
//   on 6379, postgres on 5432): an httpGet or tcpSocket probe on another port fails with "connection refused".
import { CATALOG } from '../images/catalog';
import type { ProbeKind, ProbeResult } from '../runtime/container-runtime';
import type { Container, Probe } from '../api/objects';
import { normalizeImage } from '../lib/image-names';
import { parseQuantity } from '../lib/quantity';

export const SIM_ENV = {
  exitCode: 'KUBELAB_SIM_EXIT_CODE',
  runSeconds: 'KUBELAB_SIM_RUN_SECONDS',
  ready: 'KUBELAB_SIM_READY',
  live: 'KUBELAB_SIM_LIVE',
  cpu: 'KUBELAB_SIM_CPU',
  memory: 'KUBELAB_SIM_MEMORY',
} as const;

export interface SimProgram {
  /** Seconds from start to exit; undefined: runs until stopped. */
  runSeconds?: number;
  exitCode: number;
  failsReadiness: boolean;
  failsLiveness: boolean;
  /** Ports the program listens on when kubelab knows the image; undefined: any port a probe asks for answers. */
  listens?: number[];
}

const MIN_RUN_SECONDS = 1;

type Outcome = { kind: 'finite'; seconds: number; exitCode: number } | { kind: 'forever' } | { kind: 'unknown' };

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);
// Images whose default program reads its input (a shell; python's and perl's REPLs) and so ends without stdin.
const SHELL_IMAGES = new Set(['busybox', 'alpine', 'ubuntu', 'debian', 'centos', 'fedora', 'bash', 'python', 'perl']);
const KNOWN_PORTS: Record<string, number[]> = {
  'gihyodocker/echo': [8080], 'gihyodocker/nginx': [80], nginx: [80], httpd: [80], redis: [6379], postgres: [5432],
};
const FINITE = new Set([
  'echo', 'printf', 'cat', 'ls', 'date', 'env', 'printenv', 'hostname', 'whoami', 'id', 'pwd', 'uname', 'touch', 'mkdir',
  'rm', 'cp', 'mv', 'wc', 'head', 'grep', 'sed', 'awk', 'cut', 'sort', 'uniq', 'tr', 'test', '[', 'expr', 'nslookup',
  'wget', 'curl', 'chmod', 'chown', 'ln', 'df', 'du', 'ps', 'mount', 'basename', 'dirname', 'seq', 'md5sum', 'sha256sum',
]);

/** The repository part of an image reference without registry or tag: `docker.io/library/nginx:1.25` → `nginx`. */
export function imageRepository(image: string): string {
  let name = image.split('@')[0];
  const lastSlash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > lastSlash) name = name.slice(0, colon);
  const parts = name.split('/');
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) parts.shift();
  if (parts[0] === 'library' && parts.length > 1) parts.shift();
  return parts.join('/');
}

function envValue(container: Container, name: string): string | undefined {
  const e = (container?.env ?? []).find((x) => x?.name === name);
  return e?.value === undefined ? undefined : String(e.value);
}

function seconds(arg: string | undefined): number | 'forever' | undefined {
  if (arg === 'infinity' || arg === 'inf') return 'forever';
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(arg ?? '');
  if (!m) return undefined;
  return Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600, d: 86400 } as Record<string, number>)[m[2]];
}

interface Statement {
  /** How it joins the previous statement: `;`, `&&` or `||`. */
  join: string;
  pipeline: string[][];
}

/** Splits a shell script into statements and pipelines of words, honouring quotes; undefined when it backgrounds. */
export function parseScript(script: string): Statement[] | undefined {
  const statements: Statement[] = [];
  let words: string[] = [];
  let pipeline: string[][] = [];
  let word = '';
  let inWord = false;
  let quote = '';
  let join = ';';
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    if (words.length) pipeline.push(words);
    words = [];
  };
  const endStatement = (next: string) => {
    endCommand();
    if (pipeline.length) statements.push({ join, pipeline });
    pipeline = [];
    join = next;
  };
  for (let i = 0; i < script.length; i++) {
    const ch = script[i];
    if (quote) {
      if (ch === quote) quote = '';
      else word += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === ';' || ch === '\n') endStatement(';');
    else if (ch === '&' && script[i + 1] === '&') {
      endStatement('&&');
      i++;
    } else if (ch === '|' && script[i + 1] === '|') {
      endStatement('||');
      i++;
    } else if (ch === '|') endCommand();
    else if (ch === '&') return undefined;
    else if (/\s/.test(ch)) endWord();
    else {
      word += ch;
      inWord = true;
    }
  }
  endStatement(';');
  return statements;
}

/** One simple command: its running time and exit status, or that it never ends / cannot be told. */
function command(words: string[]): Outcome {
  let i = 0;
  while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i])) i++;
  const argv = words.slice(i);
  if (!argv.length) return { kind: 'finite', seconds: 0, exitCode: 0 };
  const name = argv[0].split('/').pop()!;
  if (name === 'exec') return command(argv.slice(1));
  if (SHELLS.has(name) && argv[1] === '-c') return script(argv[2] ?? '');
  if (['while', 'until', 'for', 'do', 'done'].includes(name)) return { kind: 'forever' };
  if (name === 'sleep') {
    const s = seconds(argv[1]);
    return s === 'forever' ? { kind: 'forever' } : s === undefined ? { kind: 'unknown' } : { kind: 'finite', seconds: s, exitCode: 0 };
  }
  if (name === 'true' || name === ':') return { kind: 'finite', seconds: 0, exitCode: 0 };
  if (name === 'false') return { kind: 'finite', seconds: 0, exitCode: 1 };
  if (name === 'tail') return argv.some((a) => /^-[a-zA-Z]*[fF]/.test(a)) ? { kind: 'forever' } : { kind: 'finite', seconds: 0, exitCode: 0 };
  if (name === 'ping') return argv.includes('-c') ? { kind: 'finite', seconds: 0, exitCode: 0 } : { kind: 'forever' };
  return FINITE.has(name) ? { kind: 'finite', seconds: 0, exitCode: 0 } : { kind: 'unknown' };
}

/** A straight-line script: the sum of its sleeps, the status of its last command (or its `exit`). */
function script(text: string): Outcome {
  const statements = parseScript(text);
  if (!statements) return { kind: 'unknown' };
  let total = 0;
  let status = 0;
  for (const st of statements) {
    if ((st.join === '&&' && status !== 0) || (st.join === '||' && status === 0)) continue;
    const first = st.pipeline[0];
    if (first[0] === 'exit' && st.pipeline.length === 1) {
      const code = first[1] === undefined ? status : Number(first[1]);
      return Number.isInteger(code) ? { kind: 'finite', seconds: total, exitCode: code } : { kind: 'unknown' };
    }
    for (const words of st.pipeline) {
      const out = command(words);
      if (out.kind !== 'finite') return out;
      total += out.seconds;
      status = out.exitCode;
    }
  }
  return { kind: 'finite', seconds: total, exitCode: status };
}

/** What the container's command amounts to, before env overrides and restart-policy defaults. */
export function commandOutcome(container: Container): Outcome {
  const argv: string[] = [...(container?.command ?? []), ...(container?.args ?? [])].map(String);
  if (!argv.length) {
    if (!SHELL_IMAGES.has(imageRepository(String(container?.image ?? '')).split('/').pop()!)) return { kind: 'unknown' };
    return container?.stdin || container?.tty ? { kind: 'forever' } : { kind: 'finite', seconds: 0, exitCode: 0 };
  }
  return command(argv);
}

export function simProgram(container: Container, ctx: { restartPolicy: string; init: boolean }): SimProgram {
  const out = commandOutcome(container);
  const envExit = envValue(container, SIM_ENV.exitCode);
  const envRun = envValue(container, SIM_ENV.runSeconds);
  const runFromEnv = envRun !== undefined && Number.isFinite(Number(envRun)) ? Math.max(0, Number(envRun)) : undefined;
  const exitFromEnv = envExit !== undefined && Number.isInteger(Number(envExit)) ? Number(envExit) : undefined;
  const runsToCompletion = ctx.init || ctx.restartPolicy !== 'Always';
  let runSeconds: number | undefined;
  let exitCode = 0;
  if (out.kind === 'finite') {
    // Nothing on a node starts and exits in no time: a command that "exits at once" takes a second.
    runSeconds = Math.max(MIN_RUN_SECONDS, out.seconds);
    exitCode = out.exitCode;
  } else if (out.kind === 'unknown' && runsToCompletion) runSeconds = 1;
  if (exitFromEnv !== undefined) {
    exitCode = exitFromEnv;
    runSeconds = runFromEnv ?? 1;
  } else if (runFromEnv !== undefined) runSeconds = runFromEnv;
  const noCommand = !(container?.command?.length || container?.args?.length);
  return {
    runSeconds,
    exitCode,
    failsReadiness: envValue(container, SIM_ENV.ready) === 'false',
    failsLiveness: envValue(container, SIM_ENV.live) === 'false',
    listens: noCommand ? KNOWN_PORTS[imageRepository(String(container?.image ?? ''))] : undefined,
  };
}

/**
 * The sim's stand-in for a registry: it has exactly the images the docker runtime can build — the lab catalog's
 * tags (busybox, gihyodocker/echo:latest, nginx:1.25, redis:7, …) — so any other image, `gihyodocker/echo:v2` of the
 * rollout-undo lesson or `nginx:1.161` of the Kubernetes docs' failed rollout included, fails to pull as on Docker.
 */
export function simPullFailure(image: string): boolean {
  return !CATALOG_IMAGES.has(normalizeImage(image));
}

const CATALOG_IMAGES = new Set(CATALOG.flatMap((r) => r.tags).map(normalizeImage));

function probePort(container: Container, port: unknown): number | undefined {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(String(port))) return Number(port);
  return (container?.ports ?? []).find((p) => p?.name === port)?.containerPort;
}

/** A probe's outcome under the sim: the program's declared failure, or nobody listening on the probed port. */
export function simProbe(program: SimProgram, container: Container, kind: ProbeKind, probe: Probe | undefined, podIP = ''): ProbeResult {
  const told = kind === 'readiness' ? program.failsReadiness : kind === 'liveness' ? program.failsLiveness : false;
  const http = probe?.httpGet;
  const handler = http ?? probe?.tcpSocket;
  if (handler) {
    const port = probePort(container, handler.port);
    const host = handler.host || podIP;
    const refused = `dial tcp ${host}:${port ?? handler.port}: connect: connection refused`;
    const closed = port === undefined || (program.listens !== undefined && !program.listens.includes(port));
    if (http) {
      const url = `${String(http.scheme ?? 'HTTP').toLowerCase()}://${host}:${port ?? handler.port}${http.path ?? '/'}`;
      if (closed) return { success: false, message: `Get "${url}": ${refused}` };
      return told ? { success: false, message: 'HTTP probe failed with statuscode: 500' } : { success: true };
    }
    return closed || told ? { success: false, message: refused } : { success: true };
  }
  if (probe?.grpc) return told ? { success: false, message: 'service unhealthy (responded with "NOT_SERVING")' } : { success: true };
  return told ? { success: false, message: '' } : { success: true };
}

/** A command that keeps a CPU busy: a loop without a sleep, or a program that only computes. */
function burnsCpu(container: any): boolean {
  const text = [...(container?.command ?? []), ...(container?.args ?? [])].map(String).join(' ');
  if (/\b(yes|stress|stress-ng)\b|\/dev\/(zero|urandom)/.test(text)) return true;
  return /\b(while|until|for)\b[\s\S]*\bdo\b/.test(text) && !/\b(sleep|wait|read|nc|wget|tail)\b/.test(text);
}

/** What a simulated container uses: cores and bytes (the conventions above). */
export function simUsage(container: any): { cpuCores: number; memoryBytes: number } {
  const cpu = parseQuantity(envValue(container, SIM_ENV.cpu));
  const memory = parseQuantity(envValue(container, SIM_ENV.memory));
  const limit = parseQuantity(container?.resources?.limits?.cpu);
  return {
    cpuCores: cpu ?? (burnsCpu(container) ? (limit ?? 1) : 0.001),
    memoryBytes: memory ?? 2 * 1024 * 1024,
  };
}
