// Learners' terminal sessions as asciicast v2 recordings (the asciinema format: a JSON header line, then one
// `[seconds, "o", text]` line per output and `[seconds, "r", "COLSxROWS"]` per resize), kept in the app database in
// chunks as they are written — so a crash loses at most the last second, a deleted account takes its recordings
// with it (foreign keys), and the file served is exactly what `asciinema play` reads. Only output is recorded,
// never keystrokes: what was typed at a password prompt (echo off) is not in any recording. Recordings older than
// the retention setting are pruned; one recording stops growing at `maxBytes` and says so.
import type { AppDatabase } from '../db/database';

export interface RecordingInfo {
  id: number;
  userId: string;
  startedAt: number;
  endedAt?: number;
  cols: number;
  rows: number;
  bytes: number;
  truncated: boolean;
}

interface Row {
  id: number;
  user_id: string;
  started_at: number;
  ended_at: number | null;
  cols: number;
  rows: number;
  bytes: number;
  truncated: number;
}

const toInfo = (r: Row): RecordingInfo => ({
  id: r.id, userId: r.user_id, startedAt: r.started_at, ...(r.ended_at !== null ? { endedAt: r.ended_at } : {}), cols: r.cols, rows: r.rows, bytes: r.bytes, truncated: r.truncated === 1,
});

export interface RecordingStoreOptions {
  /** Days recordings (and cluster history) are kept (default 30). */
  retentionDays?: number;
  /** Largest size of one recording's events (default 5 MB). */
  maxBytes?: number;
  now?: () => number;
}

export class RecordingStore {
  readonly retentionDays: number;
  readonly maxBytes: number;
  private readonly now: () => number;

  constructor(
    private readonly db: AppDatabase,
    opts: RecordingStoreOptions = {},
  ) {
    this.retentionDays = opts.retentionDays ?? 30;
    this.maxBytes = opts.maxBytes ?? 5 * 1024 * 1024;
    this.now = opts.now ?? Date.now;
  }

  start(userId: string, cols: number, rows: number, startedAt = this.now()): number {
    return Number(this.db.prepare('INSERT INTO terminal_recordings (user_id, started_at, cols, rows) VALUES (?, ?, ?, ?)').run(userId, startedAt, cols, rows).lastInsertRowid);
  }

  /** Appends asciicast event lines (each ending in a newline); false once the recording is full. */
  append(id: number, lines: string): boolean {
    const row = this.db.prepare('SELECT bytes, truncated FROM terminal_recordings WHERE id = ?').get(id) as { bytes: number; truncated: number } | undefined;
    if (!row || row.truncated) return false;
    const size = Buffer.byteLength(lines);
    if (row.bytes + size > this.maxBytes) {
      this.db.prepare('UPDATE terminal_recordings SET truncated = 1 WHERE id = ?').run(id);
      return false;
    }
    this.db.transaction(() => {
      const seq = (this.db.prepare('SELECT COALESCE(MAX(seq), -1) + 1 AS n FROM terminal_recording_chunks WHERE recording_id = ?').get(id) as { n: number }).n;
      this.db.prepare('INSERT INTO terminal_recording_chunks (recording_id, seq, lines) VALUES (?, ?, ?)').run(id, seq, lines);
      this.db.prepare('UPDATE terminal_recordings SET bytes = bytes + ? WHERE id = ?').run(size, id);
    })();
    return true;
  }

  end(id: number, endedAt = this.now()): void {
    this.db.prepare('UPDATE terminal_recordings SET ended_at = ? WHERE id = ? AND ended_at IS NULL').run(endedAt, id);
  }

  /** The learner's recordings, newest first. */
  list(userId: string, limit = 50): RecordingInfo[] {
    return (this.db.prepare('SELECT * FROM terminal_recordings WHERE user_id = ? ORDER BY started_at DESC, id DESC LIMIT ?').all(userId, limit) as Row[]).map(toInfo);
  }

  info(userId: string, id: number): RecordingInfo | undefined {
    const row = this.db.prepare('SELECT * FROM terminal_recordings WHERE id = ? AND user_id = ?').get(id, userId) as Row | undefined;
    return row && toInfo(row);
  }

  /** The recording as an asciicast v2 file, or undefined when it is not this learner's. */
  cast(userId: string, id: number): string | undefined {
    const info = this.info(userId, id);
    if (!info) return undefined;
    const header = { version: 2, width: info.cols, height: info.rows, timestamp: Math.floor(info.startedAt / 1000), env: { TERM: 'xterm-256color', SHELL: '/bin/sh' } };
    const chunks = this.db.prepare('SELECT lines FROM terminal_recording_chunks WHERE recording_id = ? ORDER BY seq').all(id) as { lines: string }[];
    return `${JSON.stringify(header)}\n${chunks.map((c) => c.lines).join('')}`;
  }

  /** Removes recordings that started before the retention window; returns how many. */
  prune(): number {
    const cutoff = this.now() - this.retentionDays * 86_400_000;
    return this.db.prepare('DELETE FROM terminal_recordings WHERE started_at < ?').run(cutoff).changes;
  }
}
