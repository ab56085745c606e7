// CSRF tokens for visitors not yet signed in (the sign-in and sign-up forms). The token rides in a cookie and in
// the form (double submit), but it must be one this server minted: an HMAC over a random nonce and the minting
// time, with a secret kept in the app database. A value planted in the visitor's cookie by someone else (a sibling
// subdomain, a man in the middle on plain HTTP) is not accepted, so nobody can sign a victim into the attacker's
// account by choosing the victim's token. Tokens are good for 12 hours.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AppDatabase } from '../db/database';

const MAX_AGE_MS = 12 * 3600 * 1000;

export class PreSessionCsrf {
  constructor(
    private readonly secret: Buffer,
    private readonly now: () => number = Date.now,
  ) {}

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(`kubelab-pre-session-csrf:${body}`).digest('base64url');
  }

  mint(): string {
    const body = `${randomBytes(18).toString('base64url')}.${this.now().toString(36)}`;
    return `${body}.${this.mac(body)}`;
  }

  /** Whether this server minted the token, less than 12 hours ago. */
  valid(token: string | undefined): boolean {
    const m = /^([A-Za-z0-9_-]{24})\.([0-9a-z]{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token ?? '');
    if (!m) return false;
    const age = this.now() - parseInt(m[2], 36);
    if (!(age >= 0 && age < MAX_AGE_MS)) return false;
    const expected = Buffer.from(this.mac(`${m[1]}.${m[2]}`));
    const given = Buffer.from(m[3]);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

/** A random secret kept in the app database under `name`, made on first use (so restarts keep tokens valid). */
export function serverSecret(db: AppDatabase, name: string): Buffer {
  const row = db.prepare('SELECT value FROM app_secrets WHERE name = ?').get(name) as { value: string } | undefined;
  if (row) return Buffer.from(row.value, 'base64');
  const value = randomBytes(32);
  db.prepare('INSERT OR IGNORE INTO app_secrets (name, value, created_at) VALUES (?, ?, ?)').run(name, value.toString('base64'), Date.now());
  return Buffer.from((db.prepare('SELECT value FROM app_secrets WHERE name = ?').get(name) as { value: string }).value, 'base64');
}
