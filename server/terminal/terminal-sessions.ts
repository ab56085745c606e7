// Learners' live shells, one per terminal tab (at most MAX_TABS per learner, all in the same home), outliving the
// WebSockets that show them: a dropped connection or a page reload re-attaches to the same shell and gets the output
// it missed; a shell nobody watches is ended after `lingerMs`. Several browsers may watch one shell (an instructor
// read-only).
import { randomBytes } from 'node:crypto';
import type { Disposable } from '../../sandbox/api/types';
import type { TerminalServerMessage } from '../../web/protocol';
import { OutputBuffer } from './output-buffer';
import { withoutTerminalQueries } from './replay-filter';
import type { ShellBackend, ShellSession, ShellUser } from './shell-backend';

export interface TerminalClient {
  send(message: TerminalServerMessage): void;
}

/** Terminal tabs a learner may have open at once (each its own shell; they share the home). */
export const MAX_TABS = 4;

export interface AttachOptions {
  /** Which of the learner's terminal tabs (1…MAX_TABS; default 1). */
  tab?: number;
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
  /** Ends the shell now (the learner closed its tab); nothing for a read-only watcher. */
  close(): void;
}

interface LiveShell {
  id: string;
  userId: string;
  key: string;
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

  private async shellFor(user: ShellUser, key: string, cols: number, rows: number): Promise<LiveShell> {
    const live = this.shells.get(key);
    if (live && !live.exited) return live;
    // Two browser windows connecting to one tab at once must share one new shell, not start two.
    let pending = this.opening.get(key);
    if (!pending) {
      pending = this.start(user, key, cols, rows).finally(() => this.opening.delete(key));
      this.opening.set(key, pending);
    }
    return pending;
  }

  private async start(user: ShellUser, key: string, cols: number, rows: number): Promise<LiveShell> {
    const session = await this.backend.open(user, cols, rows);
    const shell: LiveShell = { id: randomBytes(6).toString('hex'), userId: user.id, key, session, output: new OutputBuffer(this.opts.bufferChars), clients: new Set(), exited: false };
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
      if (this.shells.get(key) === shell) this.shells.delete(key);
      if (shell.linger) clearTimeout(shell.linger);
      for (const c of shell.clients) c.send({ t: 'exit', code });
    });
    this.shells.set(key, shell);
    return shell;
  }

  /** Connects a browser to the learner's shell, starting one if needed. */
  async attach(user: ShellUser, client: TerminalClient, o: AttachOptions): Promise<Attachment> {
    const key = keyOf(user.id, o.tab);
    const live = this.shells.get(key);
    if (o.readOnly && (!live || live.exited)) throw new NoShellError(`${user.id} has no shell open in tab ${o.tab ?? 1}`);
    const shell = await this.shellFor(user, key, o.cols, o.rows);
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
      close: () => {
        if (!o.readOnly && this.shells.get(key) === shell) this.endShell(key);
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
      if (!shell.clients.size) this.endShell(shell.key);
    }, this.opts.lingerMs ?? 15 * 60_000);
    shell.linger.unref();
  }

  /** Whether the learner has a shell running now (in one tab, or in any). */
  has(userId: string, tab?: number): boolean {
    if (tab !== undefined) return this.shells.has(keyOf(userId, tab));
    return [...this.shells.values()].some((s) => s.userId === userId);
  }

  /** The learner's tabs that have a shell running, in order. */
  tabs(userId: string): number[] {
    return [...this.shells.values()].filter((s) => s.userId === userId).map((s) => tabOf(s.key)).sort((a, b) => a - b);
  }

  /** Ends every shell of the learner. */
  end(userId: string): void {
    for (const s of [...this.shells.values()]) if (s.userId === userId) this.endShell(s.key);
  }

  private endShell(key: string): void {
    const shell = this.shells.get(key);
    if (!shell) return;
    this.shells.delete(key);
    if (shell.linger) clearTimeout(shell.linger);
    shell.recording?.end();
    shell.session.kill();
  }

  dispose(): void {
    for (const key of [...this.shells.keys()]) this.endShell(key);
  }
}

/** A valid tab number (1…MAX_TABS), or undefined. */
export function parseTab(v: unknown): number | undefined {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= MAX_TABS ? n : undefined;
}

const keyOf = (userId: string, tab = 1) => `${userId}#${tab}`;
const tabOf = (key: string) => Number(key.slice(key.lastIndexOf('#') + 1));
