// Attach: connect to the main process of a running container (kubectl attach, kubectl run -it) — its output from
// now on and, when the container keeps stdin open, its input — with TTY resize. Unlike exec nothing new runs: the
// session ends when the process exits or the client goes.
import type Docker from 'dockerode';
import type { Duplex, Readable } from 'node:stream';
import { toEngineError } from '../errors';
import { interactiveSession } from './session-streams';

export interface AttachSession {
  stdout: Readable;
  stderr: Readable;
  write(data: Buffer | string): void;
  /** Closes the process's stdin (a container with stdinOnce then sees end of input). */
  end(): void;
  resize(cols: number, rows: number): Promise<void>;
  /** Resolves when the connection has ended: the process exited or destroy() was called. */
  ended: Promise<void>;
  destroy(): void;
}

export async function startAttach(docker: Docker, containerId: string, opts: { stdin: boolean }): Promise<AttachSession> {
  const container = docker.getContainer(containerId);
  let stream: Duplex;
  let tty: boolean;
  try {
    tty = !!(await container.inspect()).Config?.Tty;
    stream = (await container.attach({ stream: true, stdin: opts.stdin, stdout: true, stderr: true, hijack: true } as never)) as unknown as Duplex;
  } catch (e) {
    throw toEngineError(e, `attach to container ${containerId}`);
  }
  return interactiveSession(stream, tty, container as never, 'container');
}
