// Learners' live shells, one per learner, outliving the WebSockets that show them: a dropped connection or a page
// reload re-attaches to the same shell and gets the output it missed; a shell nobody watches is ended after
// `lingerMs`. Several browsers may watch one shell (an instructor read-only).
import { randomBytes } from 'node:crypto';
import type { Disposable } from '../../sandbox/api/types';
import type { TerminalServerMessage } from '../../web/protocol';
import { OutputBuffer } from './output-buffer';
import { withoutTerminalQueries } from './replay-filter';
import type { ShellBackend, ShellSession, ShellUser } from './shell-backend';

export interface TerminalClient {
  send(message: TerminalServerMessage): void;
}

export interface AttachOptions {
  cols: number;
  rows: number;
  /** The shell id and output offset the client already has (after a dropped connection). */
  shell?: string;
  since?: number;
  readOnly?: boolean;
}

/** An instructor asked to watch a learner who has no shell open (watching never starts one). */
export class NoShellError extends Error {}

export interface Attachment extends Disposable {
  input(data: string): void;
  resize(cols: number, rows: number): void;
}

interface LiveShell {
  id: string;
  userId: string;
  session: ShellSession;
  output: OutputBuffer;
  clients: Set<TerminalClient>;
  linger?: NodeJS.Timeout;
  exited: boolean;
  recording?: { resize(cols: number, rows: number): void; end(): void };
}

export interface TerminalSessionsOptions {
  /** How long a shell with no browser attached stays alive (default 15 minutes). */
  lingerMs?: number;
  bufferChars?: number;
  /** Called on input, so the learner's cluster counts as in use. */
  onActivity?: (userId: string) => void;
  /** Records each new shell's output (and resizes) for replay (server/replay/terminal-recorder.ts). */
  record?: (userId: string, cols: number, rows: number) => { output(d: string): void; resize(cols: number, rows: number): void; end(): void };
}

export class TerminalSessions {
  private readonly shells = new Map<string, LiveShell>();
  private readonly opening = new Map<string, Promise<LiveShell>>();

  constructor(
    readonly backend: ShellBackend,
    private readonly opts: TerminalSessionsOptions = {},
  ) {}

  private async shellFor(user: ShellUser, cols: number, rows: number): Promise<LiveShell> {
    const live = this.shells.get(user.id);
    if (live && !live.exited) return live;
    // Two tabs connecting at once must share one new shell, not start two.
    let pending = this.opening.get(user.id);
    if (!pending) {
      pending = this.start(user, cols, rows).finally(() => this.opening.delete(user.id));
      this.opening.set(user.id, pending);
    }
    return pending;
  }

  private async start(user: ShellUser, cols: number, rows: number): Promise<LiveShell> {
    const session = await this.backend.open(user, cols, rows);
    const shell: LiveShell = { id: randomBytes(6).toString('hex'), userId: user.id, session, output: new OutputBuffer(this.opts.bufferChars), clients: new Set(), exited: false };
    const recording = this.opts.record?.(user.id, cols, rows);
    shell.recording = recording;
    session.onData((d) => {
      recording?.output(d);
      shell.output.append(d);
      for (const c of shell.clients) c.send({ t: 'output', d, at: shell.output.end });
    });
    session.onExit((code) => {
      recording?.end();
      shell.exited = true;
      if (this.shells.get(user.id) === shell) this.shells.delete(user.id);
      if (shell.linger) clearTimeout(shell.linger);
      for (const c of shell.clients) c.send({ t: 'exit', code });
    });
    this.shells.set(user.id, shell);
    return shell;
  }

  /** Connects a browser to the learner's shell, starting one if needed. */
  async attach(user: ShellUser, client: TerminalClient, o: AttachOptions): Promise<Attachment> {
    const live = this.shells.get(user.id);
    if (o.readOnly && (!live || live.exited)) throw new NoShellError(`${user.id} has no shell open`);
    const shell = await this.shellFor(user, o.cols, o.rows);
    if (shell.linger) {
      clearTimeout(shell.linger);
      shell.linger = undefined;
    }
    client.send({ t: 'hello', shell: shell.id, readOnly: !!o.readOnly });
    const missed = shell.output.since(o.shell === shell.id ? o.since : undefined);
    // Replayed, the screen's old questions would be answered again, into whatever reads the shell's input now.
    client.send({ t: 'replay', d: withoutTerminalQueries(missed.data), at: shell.output.end, reset: missed.reset });
    shell.clients.add(client);
    if (!o.readOnly) {
      shell.session.resize(o.cols, o.rows);
      shell.recording?.resize(o.cols, o.rows);
    }
    return {
      input: (data) => {
        if (o.readOnly || shell.exited) return;
        this.opts.onActivity?.(shell.userId);
        shell.session.write(data);
      },
      resize: (cols, rows) => {
        if (!o.readOnly && !shell.exited) {
          shell.session.resize(cols, rows);
          shell.recording?.resize(cols, rows);
        }
      },
      dispose: () => {
        shell.clients.delete(client);
        if (!shell.clients.size && !shell.exited) this.scheduleLinger(shell);
      },
    };
  }

  private scheduleLinger(shell: LiveShell): void {
    if (shell.linger) clearTimeout(shell.linger);
    shell.linger = setTimeout(() => {
      if (!shell.clients.size) this.end(shell.userId);
    }, this.opts.lingerMs ?? 15 * 60_000);
    shell.linger.unref();
  }

  /** Whether the learner has a shell running now. */
  has(userId: string): boolean {
    return this.shells.has(userId);
  }

  end(userId: string): void {
    const shell = this.shells.get(userId);
    if (!shell) return;
    this.shells.delete(userId);
    if (shell.linger) clearTimeout(shell.linger);
    shell.recording?.end();
    shell.session.kill();
  }

  dispose(): void {
    for (const id of [...this.shells.keys()]) this.end(id);
  }
}
