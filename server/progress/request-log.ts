// The learner's requests to their cluster as its API server recorded them (sandbox/apiserver/http/audit.ts), kept
// with their progress: what "did" checks grade (an exec into a container, logs followed, a rollback), what tells a
// used cluster from a fresh one, and what an instructor reads in a learner's drill-down. The grader's own requests
// are not kept. Each learner keeps their newest MAX_PER_LEARNER requests.
import type { RequestRecord } from '../../sandbox/apiserver/http/audit';
import type { AuditSink } from '../../sandbox/apiserver/http/audit';
import { isGraderRequest } from '../../grader/checks/did';
import type { AppDatabase } from '../db/database';

export const MAX_PER_LEARNER = 5000;
const PRUNE_EVERY = 500;
const WRITES = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);
/** exec, attach and port-forward are `create` to the authorizer but change nothing in the cluster. */
const STREAMS = new Set(['exec', 'attach', 'portforward']);

export interface LoggedRequest extends RequestRecord {
  id: number;
}

export class RequestLog {
  private readonly sinceLastPrune = new Map<string, number>();

  constructor(private readonly db: AppDatabase) {}

  /** The sink for one learner's cluster. */
  sinkFor(userId: string): AuditSink {
    return (r) => this.record(userId, r);
  }

  record(userId: string, r: RequestRecord): void {
    if (isGraderRequest(r)) return;
    this.db
      .prepare('INSERT INTO api_requests (user_id, at, verb, resource, subresource, name, code, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(userId, r.at, r.verb, r.resource, r.subresource ?? null, r.name ?? null, r.code, JSON.stringify(r));
    const n = (this.sinceLastPrune.get(userId) ?? 0) + 1;
    this.sinceLastPrune.set(userId, n);
    if (n >= PRUNE_EVERY) {
      this.sinceLastPrune.set(userId, 0);
      this.db
        .prepare('DELETE FROM api_requests WHERE user_id = ? AND id <= (SELECT id FROM api_requests WHERE user_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)')
        .run(userId, userId, MAX_PER_LEARNER);
    }
  }

  /** The learner's requests from `at` (ms) on, oldest first. */
  since(userId: string, at: number): RequestRecord[] {
    const rows = this.db.prepare('SELECT record FROM api_requests WHERE user_id = ? AND at >= ? ORDER BY id').all(userId, at) as { record: string }[];
    return rows.map((r) => JSON.parse(r.record) as RequestRecord);
  }

  /** The newest requests, newest first (the instructor's drill-down). */
  recent(userId: string, limit = 100): LoggedRequest[] {
    const rows = this.db.prepare('SELECT id, record FROM api_requests WHERE user_id = ? ORDER BY id DESC LIMIT ?').all(userId, limit) as { id: number; record: string }[];
    return rows.map((r) => ({ id: r.id, ...(JSON.parse(r.record) as RequestRecord) }));
  }

  /** Whether the learner changed anything in their cluster since `at` (an accepted write). */
  wroteSince(userId: string, at: number): boolean {
    const rows = this.db.prepare('SELECT verb, subresource FROM api_requests WHERE user_id = ? AND at >= ? AND code < 400').all(userId, at) as { verb: string; subresource: string | null }[];
    return rows.some((r) => WRITES.has(r.verb) && !STREAMS.has(r.subresource ?? ''));
  }
}
