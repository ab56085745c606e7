// Exec: run a command inside a running container, either to completion (collect output) or as an interactive
// session with a raw duplex stream, TTY resize and the exit code (kubectl exec, the learner's terminal).
import type Docker from 'dockerode';
import type { Duplex, Readable } from 'node:stream';
import { toEngineError } from '../errors';
import type { ExecOptions, ExecResult } from '../types';
import { interactiveSession } from './session-streams';

export interface ExecSession {
  id: string;
  /** What the command writes: stdout (with a TTY, everything). */
  stdout: Readable;
  /** stderr (empty with a TTY, where the terminal merges both). */
  stderr: Readable;
  /** Sends input (needs `stdin: true`). */
  write(data: Buffer | string): void;
  /** Closes the command's stdin. */
  end(): void;
  resize(cols: number, rows: number): Promise<void>;
  /** Resolves with the exit code when the command has finished. */
  exitCode(): Promise<number>;
  /** Drops the connection (the command may keep running, as with a closed kubectl). */
  destroy(): void;
}

async function finishedExitCode(exec: Docker.Exec): Promise<number> {
  // The stream can end a moment before the engine records the exit code.
  for (let i = 0; i < 50; i++) {
    const info = await exec.inspect();
    if (!info.Running && info.ExitCode !== null && info.ExitCode !== undefined) return info.ExitCode;
    await new Promise((r) => setTimeout(r, 20));
  }
  return (await exec.inspect()).ExitCode ?? -1;
}

export async function startExec(docker: Docker, containerId: string, opts: ExecOptions): Promise<ExecSession> {
  let exec: Docker.Exec;
  let stream: Duplex;
  try {
    exec = await docker.getContainer(containerId).exec({
      Cmd: opts.cmd,
      Env: opts.env,
      User: opts.user,
      WorkingDir: opts.workingDir,
      Tty: !!opts.tty,
      AttachStdin: !!opts.stdin,
      AttachStdout: true,
      AttachStderr: true,
    });
    stream = (await exec.start({ hijack: true, stdin: !!opts.stdin, Tty: !!opts.tty } as never)) as unknown as Duplex;
  } catch (e) {
    throw toEngineError(e, `exec in container ${containerId}`);
  }
  const session = interactiveSession(stream, !!opts.tty, exec as never, 'exec');
  return {
    ...session,
    id: exec.id,
    exitCode: async () => {
      await session.ended;
      return finishedExitCode(exec);
    },
  };
}

export async function runExec(docker: Docker, containerId: string, opts: ExecOptions): Promise<ExecResult> {
  const session = await startExec(docker, containerId, { ...opts, stdin: false });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  session.stdout.on('data', (c: Buffer) => out.push(c));
  session.stderr.on('data', (c: Buffer) => err.push(c));
  const exitCode = await session.exitCode();
  return { exitCode, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
