// The raw hijacked connection of an exec or attach session, split into what a client reads: with a TTY one
// stream of terminal output; without, Docker's frames split back into stdout and stderr. Shared by exec.ts and
// attach.ts so both end their outputs the same way when the connection goes.
import { PassThrough, type Duplex } from 'node:stream';
import { FrameParser } from './frames';
import { toEngineError } from '../errors';

export interface SessionStreams {
  stdout: PassThrough;
  stderr: PassThrough;
  /** Resolves when the connection has ended (both outputs are ended by then). */
  ended: Promise<void>;
}

/** What exec and attach sessions have in common: the split output, input, resize, and dropping the connection. */
export interface InteractiveStreams extends SessionStreams {
  write(data: Buffer | string): void;
  end(): void;
  resize(cols: number, rows: number): Promise<void>;
  destroy(): void;
}

/** An interactive session over a hijacked connection; `resize` sizes its TTY (the exec's or the container's). */
export function interactiveSession(stream: Duplex, tty: boolean, target: { resize(size: { w: number; h: number }): Promise<unknown> }, what: string): InteractiveStreams {
  return {
    ...splitSessionStream(stream, tty),
    write: (data) => void stream.write(data),
    end: () => void stream.end(),
    resize: async (cols, rows) => {
      try {
        await target.resize({ w: cols, h: rows });
      } catch (e) {
        throw toEngineError(e, `resize ${what} TTY`);
      }
    },
    destroy: () => stream.destroy(),
  };
}

export function splitSessionStream(stream: Duplex, tty: boolean): SessionStreams {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  if (tty) {
    stream.on('data', (c: Buffer) => stdout.write(c));
  } else {
    const parser = new FrameParser((s, p) => (s === 'stderr' ? stderr : stdout).write(p));
    stream.on('data', (c: Buffer) => parser.push(c));
  }
  const ended = new Promise<void>((resolve) => {
    const done = () => {
      stdout.end();
      stderr.end();
      resolve();
    };
    stream.once('end', done);
    stream.once('close', done);
    stream.once('error', done);
  });
  return { stdout, stderr, ended };
}
