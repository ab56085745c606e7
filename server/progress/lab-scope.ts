// Which lab the learner's cluster belongs to. Every lab shares one cluster per learner, so without a scope the
// objects of an earlier lab (the Services lab's three ready echo pods) make a later lab's checks pass or fail. A
// cluster belongs to one lab at a time: opening another lab moves it along while nothing was changed in it since
// (the API server's record says so); otherwise the learner is asked to start the lab on a fresh cluster, and the
// Check does not grade the other lab's leftovers.
import type { AppDatabase } from '../db/database';
import type { RequestLog } from './request-log';

export interface LabScope {
  labId: string;
  /** When the cluster started serving this lab (ms). */
  startedAt: number;
}

export type ScopeDecision = { ok: true; scope: LabScope } | { ok: false; scope: LabScope };

export class LabScopes {
  constructor(
    private readonly db: AppDatabase,
    private readonly requests: RequestLog,
    private readonly now: () => number = Date.now,
  ) {}

  current(userId: string): LabScope | undefined {
    const row = this.db.prepare('SELECT lab_id, started_at FROM lab_scopes WHERE user_id = ?').get(userId) as { lab_id: string; started_at: number } | undefined;
    return row && { labId: row.lab_id, startedAt: row.started_at };
  }

  /** The cluster now serves `labId` (after a fresh start, or because it was unused). */
  claim(userId: string, labId: string): LabScope {
    const scope = { labId, startedAt: this.now() };
    this.db
      .prepare('INSERT INTO lab_scopes (user_id, lab_id, started_at) VALUES (?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET lab_id = excluded.lab_id, started_at = excluded.started_at')
      .run(userId, labId, scope.startedAt);
    return scope;
  }

  /** The cluster was emptied (Reset): it belongs to no lab until one is opened. */
  clear(userId: string): void {
    this.db.prepare('DELETE FROM lab_scopes WHERE user_id = ?').run(userId);
  }

  /**
   * The learner works on `labId`: fine when the cluster already serves it, or is fresh, or nothing was written to it
   * since it started serving another lab (it then moves along); otherwise the other lab's objects are there.
   */
  enter(userId: string, labId: string): ScopeDecision {
    const cur = this.current(userId);
    if (!cur) return { ok: true, scope: this.claim(userId, labId) };
    if (cur.labId === labId) return { ok: true, scope: cur };
    if (!this.requests.wroteSince(userId, cur.startedAt)) return { ok: true, scope: this.claim(userId, labId) };
    return { ok: false, scope: cur };
  }
}
