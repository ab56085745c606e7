// The raw hijacked connection of an exec or attach session, split into what a client reads: with a TTY one
// stream of terminal output; without, Docker's frames split back into stdout and stderr. Shared by exec.ts and
// attach.ts so both end their outputs the same way when the connection goes.
import { PassThrough, type Duplex } from 'node:stream';
import { FrameParser } from './frames';

export interface SessionStreams {
  stdout: PassThrough;
  stderr: PassThrough;
  /** Resolves when the connection has ended (both outputs are ended by then). */
  ended: Promise<void>;
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
