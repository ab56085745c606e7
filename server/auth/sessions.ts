// Sign-in sessions kept in SQLite, so a restart of the server does not sign anyone out. The cookie holds a random
// token; the table holds only its SHA-256, so a copy of the database does not let anyone in. Each session has its
// own CSRF token, which every form and state-changing request must echo. A session ends after 2 hours without a
// request (idle) and 7 days after sign-in whatever happens (absolute), as OWASP ASVS 3.3 asks.
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
  created_at: number;
  last_seen_at: number | null;
  expires_at: number;
}

export interface SessionLimits {
  idleMs: number;
  absoluteMs: number;
}

export const SESSION_LIMITS: SessionLimits = { idleMs: 2 * 3600 * 1000, absoluteMs: 7 * 24 * 3600 * 1000 };
/** How stale last_seen_at may get before a request writes it again (one write a minute, not one per request). */
const TOUCH_EVERY_MS = 60_000;

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
    readonly limits: SessionLimits = SESSION_LIMITS,
  ) {}

  /** Starts a session; returns the cookie value (shown once, never stored). */
  create(userId: string): { token: string; session: Session } {
    const token = randomToken();
    const now = this.now();
    const session: Session = { tokenHash: hashToken(token), userId, csrf: randomToken(), expiresAt: now + this.limits.absoluteMs };
    this.db
      .prepare('INSERT INTO sessions (token_hash, user_id, csrf, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(session.tokenHash, userId, session.csrf, now, now, session.expiresAt);
    return { token, session };
  }

  /** The live session of this cookie value (its idle clock restarted), or undefined once idle or too old. */
  find(token: string | undefined): Session | undefined {
    if (!token) return undefined;
    const row = this.db.prepare('SELECT * FROM sessions WHERE token_hash = ?').get(hashToken(token)) as SessionRow | undefined;
    if (!row) return undefined;
    const now = this.now();
    const lastSeen = row.last_seen_at ?? row.created_at;
    if (now >= Math.min(row.expires_at, row.created_at + this.limits.absoluteMs) || now - lastSeen >= this.limits.idleMs) {
      this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(row.token_hash);
      return undefined;
    }
    if (now - lastSeen >= TOUCH_EVERY_MS) this.db.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?').run(now, row.token_hash);
    return { tokenHash: row.token_hash, userId: row.user_id, csrf: row.csrf, expiresAt: row.expires_at };
  }

  delete(token: string | undefined): void {
    if (token) this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(hashToken(token));
  }

  /** Ends every session of a user (account deleted, or signed out everywhere). */
  deleteUser(userId: string): number {
    return this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId).changes;
  }

  deleteExpired(): number {
    const now = this.now();
    return this.db
      .prepare('DELETE FROM sessions WHERE expires_at <= ? OR created_at <= ? OR COALESCE(last_seen_at, created_at) <= ?')
      .run(now, now - this.limits.absoluteMs, now - this.limits.idleMs).changes;
  }
}
