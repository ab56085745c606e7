// Sign-in sessions kept in SQLite, so a restart of the server does not sign anyone out. The cookie holds a random
// token; the table holds only its SHA-256, so a copy of the database does not let anyone in. Each session has its
// own CSRF token, which every form and state-changing request must echo.
import { createHash, randomBytes } from 'node:crypto';
import type { AppDatabase } from '../db/database';

export interface Session {
  tokenHash: string;
  userId: string;
  csrf: string;
  expiresAt: number;
}

interface SessionRow {
  token_hash: string;
  user_id: string;
  csrf: string;
  expires_at: number;
}

export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export class SessionStore {
  constructor(
    private readonly db: AppDatabase,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = SESSION_TTL_MS,
  ) {}

  /** Starts a session; returns the cookie value (shown once, never stored). */
  create(userId: string): { token: string; session: Session } {
    const token = randomToken();
    const session: Session = { tokenHash: hashToken(token), userId, csrf: randomToken(), expiresAt: this.now() + this.ttlMs };
    this.db
      .prepare('INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
      .run(session.tokenHash, userId, session.csrf, this.now(), session.expiresAt);
    return { token, session };
  }

  find(token: string | undefined): Session | undefined {
    if (!token) return undefined;
    const row = this.db.prepare('SELECT * FROM sessions WHERE token_hash = ?').get(hashToken(token)) as SessionRow | undefined;
    if (!row) return undefined;
    if (row.expires_at <= this.now()) {
      this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(row.token_hash);
      return undefined;
    }
    return { tokenHash: row.token_hash, userId: row.user_id, csrf: row.csrf, expiresAt: row.expires_at };
  }

  delete(token: string | undefined): void {
    if (token) this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(hashToken(token));
  }

  deleteExpired(): number {
    return this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(this.now()).changes;
  }
}
