// Records one shell's output as asciicast v2 events while it runs: output is batched for up to a second (or 32 KB)
// and written as event lines, with times relative to the shell's start as the format wants. The header's
// timestamp is the shell's start, so a player can put each event on the wall clock beside attempts and requests.
import type { RecordingStore } from './recording-store';

export interface ShellRecording {
  output(data: string): void;
  resize(cols: number, rows: number): void;
  end(): void;
}

export interface TerminalRecorderOptions {
  flushMs?: number;
  now?: () => number;
  log?: (msg: string) => void;
}

export class TerminalRecorder {
  constructor(
    private readonly store: RecordingStore,
    private readonly opts: TerminalRecorderOptions = {},
  ) {}

  /** Starts recording a learner's new shell. */
  start(userId: string, cols: number, rows: number): ShellRecording {
    const now = this.opts.now ?? Date.now;
    const started = now();
    const id = this.store.start(userId, cols, rows, started);
    let pending = '';
    let timer: NodeJS.Timeout | undefined;
    let full = false;
    let ended = false;
    const seconds = () => Math.max(0, (now() - started) / 1000).toFixed(6);
    const flush = () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (!pending || full) return;
      const lines = pending;
      pending = '';
      try {
        full = !this.store.append(id, lines);
      } catch (e) {
        this.opts.log?.(`recording ${id} of ${userId}: ${e instanceof Error ? e.message : e}`);
      }
    };
    const add = (line: string) => {
      if (ended || full) return;
      pending += `${line}\n`;
      if (pending.length >= 32 * 1024) flush();
      else if (!timer) {
        timer = setTimeout(flush, this.opts.flushMs ?? 1000);
        timer.unref();
      }
    };
    return {
      output: (data) => add(JSON.stringify([Number(seconds()), 'o', data])),
      resize: (c, r) => add(JSON.stringify([Number(seconds()), 'r', `${c}x${r}`])),
      end: () => {
        if (ended) return;
        flush();
        ended = true;
        this.store.end(id, now());
      },
    };
  }
}
