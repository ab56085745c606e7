// Classes: an instructor creates a group and hands out its join code; a learner who types the code joins. The
// class table can then show one group. Codes are short, unambiguous (no 0/O, 1/I) and unique.
import { randomBytes, randomInt } from 'node:crypto';
import type { AppDatabase } from '../db/database';

export interface Group {
  id: string;
  name: string;
  joinCode: string;
  ownerId: string;
  createdAt: number;
}

interface GroupRow {
  id: string;
  name: string;
  join_code: string;
  owner_id: string;
  created_at: number;
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

const toGroup = (r: GroupRow): Group => ({ id: r.id, name: r.name, joinCode: r.join_code, ownerId: r.owner_id, createdAt: r.created_at });

export function normalizeJoinCode(code: string): string {
  return code.trim().toUpperCase().replace(/[\s-]/g, '');
}

export class GroupStore {
  constructor(
    private readonly db: AppDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  create(ownerId: string, name: string): Group {
    const id = randomBytes(8).toString('hex');
    for (;;) {
      const code = Array.from({ length: 6 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
      if (this.db.prepare('SELECT 1 FROM groups WHERE join_code = ?').get(code)) continue;
      this.db.prepare('INSERT INTO groups (id, name, join_code, owner_id, created_at) VALUES (?, ?, ?, ?, ?)').run(id, name, code, ownerId, this.now());
      return this.byId(id)!;
    }
  }

  byId(id: string): Group | undefined {
    const row = this.db.prepare('SELECT * FROM groups WHERE id = ?').get(id) as GroupRow | undefined;
    return row && toGroup(row);
  }

  /** The group with this join code (any case, spaces and dashes ignored). */
  byCode(code: string): Group | undefined {
    const row = this.db.prepare('SELECT * FROM groups WHERE join_code = ?').get(normalizeJoinCode(code)) as GroupRow | undefined;
    return row && toGroup(row);
  }

  list(): Group[] {
    return (this.db.prepare('SELECT * FROM groups ORDER BY created_at').all() as GroupRow[]).map(toGroup);
  }

  /** Joins the group with this code; undefined when no group has it. Joining twice is harmless. */
  join(userId: string, code: string): Group | undefined {
    const row = this.db.prepare('SELECT * FROM groups WHERE join_code = ?').get(normalizeJoinCode(code)) as GroupRow | undefined;
    if (!row) return undefined;
    this.db.prepare('INSERT OR IGNORE INTO group_members (group_id, user_id, joined_at) VALUES (?, ?, ?)').run(row.id, userId, this.now());
    return toGroup(row);
  }

  members(groupId: string): Set<string> {
    return new Set((this.db.prepare('SELECT user_id FROM group_members WHERE group_id = ?').all(groupId) as { user_id: string }[]).map((r) => r.user_id));
  }

  groupsOf(userId: string): Group[] {
    return (this.db.prepare('SELECT g.* FROM groups g JOIN group_members m ON m.group_id = g.id WHERE m.user_id = ? ORDER BY g.created_at').all(userId) as GroupRow[]).map(toGroup);
  }
}
