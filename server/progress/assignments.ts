// Labs an instructor assigns to a group, each with an optional due date; a learner sees the assignments of every
// group they belong to on their progress page. Assigning a lab again changes its due date.
import type { AppDatabase } from '../db/database';

export interface Assignment {
  groupId: string;
  labId: string;
  /** Due moment (ms), or undefined for no due date. */
  dueAt?: number;
  assignedAt: number;
}

interface Row {
  group_id: string;
  lab_id: string;
  due_at: number | null;
  assigned_at: number;
}

const toAssignment = (r: Row): Assignment => ({ groupId: r.group_id, labId: r.lab_id, ...(r.due_at !== null ? { dueAt: r.due_at } : {}), assignedAt: r.assigned_at });

export class AssignmentStore {
  constructor(
    private readonly db: AppDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  assign(groupId: string, labId: string, dueAt: number | undefined): void {
    this.db
      .prepare('INSERT INTO group_assignments (group_id, lab_id, due_at, assigned_at) VALUES (?, ?, ?, ?) ON CONFLICT (group_id, lab_id) DO UPDATE SET due_at = excluded.due_at')
      .run(groupId, labId, dueAt ?? null, this.now());
  }

  remove(groupId: string, labId: string): void {
    this.db.prepare('DELETE FROM group_assignments WHERE group_id = ? AND lab_id = ?').run(groupId, labId);
  }

  ofGroup(groupId: string): Assignment[] {
    return (this.db.prepare('SELECT * FROM group_assignments WHERE group_id = ? ORDER BY COALESCE(due_at, 9e15), assigned_at').all(groupId) as Row[]).map(toAssignment);
  }

  /** Every assignment of the groups the learner is in, soonest due first. */
  ofLearner(userId: string): Assignment[] {
    return (
      this.db
        .prepare('SELECT a.* FROM group_assignments a JOIN group_members m ON m.group_id = a.group_id WHERE m.user_id = ? ORDER BY COALESCE(a.due_at, 9e15), a.assigned_at')
        .all(userId) as Row[]
    ).map(toAssignment);
  }
}
