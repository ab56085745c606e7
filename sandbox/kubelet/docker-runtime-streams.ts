// The docker runtime's process streams: container logs (current or previous instance, tail/since/timestamps,
// follow), exec and attach sessions wired to the transport's channels (stdin, TTY resize, exit code, client gone),
// exec probes with a deadline, and TCP connections into a pod for port-forward. ContainerStreams serves them for a
// pod's container by name, as the kubelet's streaming server does, and remembers whose output a client has read.
import net from 'node:net';
import type { Duplex, Readable, Writable } from 'node:stream';
import type { Pod } from '../api/objects';
import type { DockerEngine } from '../docker/engine';
import type { AttachOptions, ExecOptions, LogOptions, TerminalSize } from '../runtime/container-runtime';
import type { PodCache } from './docker-runtime-pod-cache';
import type { Instance } from './docker-runtime-state';

export async function containerLogs(engine: DockerEngine, dockerId: string, opts: LogOptions, nowMs: number): Promise<Readable> {
  return engine.containers.logs(dockerId, {
    follow: !!opts.follow,
    tail: opts.tailLines,
    since: opts.sinceSeconds ? Math.floor(nowMs / 1000 - opts.sinceSeconds) : undefined,
    timestamps: !!opts.timestamps,
  });
}

/** Copies a readable into a writable without ending it; resolves when the readable is done. */
function forward(from: Readable, to: Writable | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!to) {
      from.resume();
      from.once('end', resolve);
      from.once('close', resolve);
      return;
    }
    from.on('data', (chunk: Buffer) => {
      if (!to.write(chunk)) {
        from.pause();
        to.once('drain', () => from.resume());
      }
    });
    from.once('end', resolve);
    from.once('close', resolve);
  });
}

/** The part of an exec or attach session the transport's channels drive. */
interface InteractiveSession {
  stdout: Readable;
  stderr: Readable;
  write(data: Buffer): void;
  end(): void;
  resize(cols: number, rows: number): Promise<void>;
  destroy(): void;
}

/** Wires a session to the client's channels (stdin, resize, client gone); resolves when its output has ended. */
async function pipeSession(session: InteractiveSession, opts: AttachOptions): Promise<void> {
  const onAbort = () => session.destroy();
  opts.signal?.addEventListener('abort', onAbort);
  if (opts.signal?.aborted) session.destroy();
  // The first size comes with the session: the engine refuses to size a TTY it has not set up yet, so a
  // refused resize is tried again shortly, unless a newer size has come meanwhile.
  let latest: TerminalSize | undefined;
  const apply = (size: TerminalSize, tries: number): void => {
    latest = size;
    session.resize(size.width, size.height).catch(() => {
      if (tries > 0 && !opts.signal?.aborted) setTimeout(() => latest === size && apply(size, tries - 1), 50);
    });
  };
  opts.onResize?.((size) => apply(size, 10));
  if (opts.stdin) {
    opts.stdin.on('data', (chunk: Buffer) => session.write(chunk));
    opts.stdin.once('end', () => session.end());
  }
  try {
    await Promise.all([forward(session.stdout, opts.stdout), forward(session.stderr, opts.stderr)]);
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

export async function execInContainer(engine: DockerEngine, dockerId: string, opts: ExecOptions): Promise<number> {
  const session = await engine.containers.execSession(dockerId, { cmd: opts.command, tty: opts.tty, stdin: !!opts.stdin });
  await pipeSession(session, opts);
  if (opts.signal?.aborted) return 130;
  return session.exitCode();
}

/**
 * kubectl attach: the container's own process — its output and, when asked, its input. The output is read from the
 * container's log, followed, rather than from Docker's attach stream: a followed log ends when the process exits,
 * even when it exited before this attach connected (Docker's attach stream would then wait forever, and
 * `kubectl run --rm -i` with it), and with `replay` it starts at the container's first line, so what a
 * `kubectl run -i` container printed before kubectl connected is not lost (what `docker run -i` guarantees by
 * attaching before it starts). Docker's attach is kept for what only it does: stdin and the TTY's size.
 */
export async function attachToContainer(engine: DockerEngine, dockerId: string, opts: AttachOptions & { replay: boolean }): Promise<void> {
  const tail = opts.replay ? undefined : 0;
  const follow = (stream: 'stdout' | 'stderr') => engine.containers.logs(dockerId, { follow: true, tail, stdout: stream === 'stdout', stderr: stream === 'stderr' });
  const outputs = await Promise.all(opts.tty ? [follow('stdout')] : [follow('stdout'), follow('stderr')]);
  const input = opts.stdin || opts.tty ? await engine.containers.attachSession(dockerId, { stdin: !!opts.stdin }).catch(() => undefined) : undefined;
  // Its output is the same bytes the log gives: read and dropped so the connection never stalls.
  input?.stdout.resume();
  input?.stderr.resume();
  const stop = () => {
    for (const o of outputs) o.destroy();
    input?.destroy();
  };
  opts.signal?.addEventListener('abort', stop);
  if (opts.signal?.aborted) stop();
  if (input) {
    let latest: TerminalSize | undefined;
    const apply = (size: TerminalSize, tries: number): void => {
      latest = size;
      input.resize(size.width, size.height).catch(() => {
        if (tries > 0 && !opts.signal?.aborted) setTimeout(() => latest === size && apply(size, tries - 1), 50);
      });
    };
    opts.onResize?.((size) => apply(size, 10));
    if (opts.stdin) {
      opts.stdin.on('data', (chunk: Buffer) => input.write(chunk));
      opts.stdin.once('end', () => input.end());
    }
  }
  try {
    await Promise.all([forward(outputs[0], opts.stdout), outputs[1] ? forward(outputs[1], opts.stderr) : undefined]);
  } finally {
    opts.signal?.removeEventListener('abort', stop);
    input?.destroy();
  }
}

/** An exec probe: the command's exit code and output, or a timeout message as the kubelet words it. */
export async function execProbe(engine: DockerEngine, dockerId: string, command: string[], timeoutMs: number): Promise<{ exitCode: number; output: string }> {
  const session = await engine.containers.execSession(dockerId, { cmd: command, tty: false, stdin: false });
  const out: Buffer[] = [];
  session.stdout.on('data', (c: Buffer) => out.push(c));
  session.stderr.on('data', (c: Buffer) => out.push(c));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      session.destroy();
      reject(new Error(`command ${JSON.stringify(command.join(' '))} timed out`));
    }, timeoutMs);
  });
  try {
    const exitCode = await Promise.race([session.exitCode(), timeout]);
    return { exitCode, output: Buffer.concat(out).toString('utf8') };
  } finally {
    clearTimeout(timer);
  }
}

/** A TCP connection to ip:port; refusals worded as the kubelet's port-forward reports them. */
export function dialPod(ip: string, port: number, timeoutMs = 5000): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: ip, port });
    const timer = setTimeout(() => socket.destroy(new Error('i/o timeout')), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const why = e.code === 'ECONNREFUSED' ? 'connect: connection refused' : e.message;
      reject(new Error(`failed to connect to ${ip}:${port} inside the pod's network namespace: dial tcp ${ip}:${port}: ${why}`));
    });
  });
}

/** The docker runtime's logs, exec, attach and port-forward for a pod's container, found by name in the pod cache. */
export class ContainerStreams {
  /** Container instances whose output a client has already read (logs or attach). */
  private readonly outputRead = new Set<string>();

  constructor(
    private readonly engine: DockerEngine,
    private readonly cache: PodCache,
  ) {}

  async logs(pod: Pod, containerName: string, opts: LogOptions): Promise<Readable> {
    const state = await this.cache.state(String(pod.metadata.uid));
    const mine = state.instances.filter((i) => i.name === containerName).sort((a, b) => a.attempt - b.attempt);
    const inst = opts.previous ? mine[mine.length - 2] : mine[mine.length - 1];
    if (!inst) throw new Error(`${opts.previous ? 'previous terminated ' : ''}container "${containerName}" in pod "${pod.metadata.name}" not found`);
    // kubectl 1.35+ prints the logs itself before it attaches: an attach after that replays nothing.
    if (!opts.previous) this.outputRead.add(inst.dockerId);
    return containerLogs(this.engine, inst.dockerId, opts, Date.now());
  }

  private async running(pod: Pod, containerName: string): Promise<Instance> {
    const inst = await this.cache.find(pod, (i) => i.name === containerName && i.state === 'running');
    if (!inst) throw new Error(`container not found ("${containerName}")`);
    return inst;
  }

  async exec(pod: Pod, containerName: string, opts: ExecOptions): Promise<number> {
    return execInContainer(this.engine, (await this.running(pod, containerName)).dockerId, opts);
  }

  async attach(pod: Pod, containerName: string, opts: AttachOptions): Promise<void> {
    const inst = await this.cache.find(pod, (i) => i.name === containerName && i.state === 'running');
    if (!inst) throw new Error(`container ${containerName} not found in pod ${pod.metadata.name}_${pod.metadata.namespace}`);
    // A stdinOnce container (kubectl run -i) or a debug container (kubectl debug -i) was started for its first attach:
    // that one sees its output from the start, so a short command's output is not lost to the race.
    const spec = (pod.spec?.containers ?? []).find((c) => c.name === containerName);
    const debug = (pod.spec?.ephemeralContainers ?? []).some((c) => c.name === containerName);
    const replay = (!!spec?.stdinOnce || debug) && !this.outputRead.has(inst.dockerId);
    this.outputRead.add(inst.dockerId);
    return attachToContainer(this.engine, inst.dockerId, { ...opts, replay });
  }

  async portForward(pod: Pod, port: number): Promise<Duplex> {
    const ip = (await this.cache.state(String(pod.metadata.uid))).infra?.ip;
    if (!ip) throw new Error(`pod ${pod.metadata.name} has no sandbox`);
    return dialPod(ip, port);
  }

  /** The containers are gone (their pod was removed): nothing more to remember of their output. */
  forget(dockerIds: string[]): void {
    for (const id of dockerIds) this.outputRead.delete(id);
  }
}
