// Local accounts. The first account, and any whose e-mail is listed in KUBELAB_INSTRUCTORS, is an instructor
// (may view every learner's cluster and terminal); everyone else is a learner who sees only their own.
import { randomBytes } from 'node:crypto';
import type { AppDatabase } from '../db/database';
import { hashPassword, verifyPassword } from './passwords';

export type Role = 'learner' | 'instructor';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: number;
}

interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  role: Role;
  created_at: number;
}

export class EmailTakenError extends Error {}

/** User ids double as cluster ids in URLs (/clusters/<id>/), so they are lowercase letters and digits only. */
export function newUserId(): string {
  return `u${randomBytes(8).toString('hex')}`;
}

export const GUEST_EMAIL = 'guest@localhost';

function toUser(row: UserRow): User {
  return { id: row.id, email: row.email, name: row.name, role: row.role, createdAt: row.created_at };
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function isPlausibleEmail(email: string): boolean {
  return /^[^\s@]+@[^\s@]+$/.test(email) && email.length <= 254;
}

export class UserStore {
  constructor(
    private readonly db: AppDatabase,
    /** E-mails that are instructors whatever their order of sign-up. */
    private readonly instructors: readonly string[] = [],
  ) {}

  async create(input: { email: string; name: string; password: string; id?: string }): Promise<User> {
    const email = normalizeEmail(input.email);
    const passwordHash = await hashPassword(input.password);
    const id = input.id ?? newUserId();
    const insert = this.db.transaction(() => {
      if (this.db.prepare('SELECT 1 FROM users WHERE email = ?').get(email)) throw new EmailTakenError(email);
      const first = !this.db.prepare('SELECT 1 FROM users LIMIT 1').get();
      const role: Role = first || this.instructors.includes(email) ? 'instructor' : 'learner';
      this.db
        .prepare('INSERT INTO users (id, email, name, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(id, email, input.name.trim() || email, passwordHash, role, Date.now());
    });
    insert();
    return this.byId(id)!;
  }

  byId(id: string): User | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return row ? this.withConfiguredRole(toUser(row)) : undefined;
  }

  byEmail(email: string): User | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE email = ?').get(normalizeEmail(email)) as UserRow | undefined;
    return row ? this.withConfiguredRole(toUser(row)) : undefined;
  }

  /** The user when the password matches; undefined otherwise (same answer for an unknown e-mail). */
  async authenticate(email: string, password: string): Promise<User | undefined> {
    const row = this.db.prepare('SELECT * FROM users WHERE email = ?').get(normalizeEmail(email)) as UserRow | undefined;
    // Hash even for an unknown e-mail so response time does not tell which accounts exist.
    const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
    return row && ok ? this.withConfiguredRole(toUser(row)) : undefined;
  }

  /** Deletes the account; its sessions, cluster record, progress, attempts and group memberships go with it (foreign keys). */
  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM users WHERE id = ?').run(id).changes > 0;
  }

  list(): User[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY created_at').all() as UserRow[]).map((r) => this.withConfiguredRole(toUser(r)));
  }

  /** KUBELAB_INSTRUCTORS applies to existing accounts too, so an instructor can be named after signing up. */
  private withConfiguredRole(user: User): User {
    return this.instructors.includes(user.email) ? { ...user, role: 'instructor' } : user;
  }
}

// A valid hash of a random password, compared against when the e-mail is unknown.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$' + Buffer.alloc(64).toString('base64');
