// A learner's cluster through time, for the instructor's scrubber ("what did their Deployment look like at 14:05?").
// The cluster's own revision log (sandbox/store) has no clock and is compacted after 2000 revisions — about half
// an hour of a busy cluster — so it cannot answer that. Each running learner cluster is followed instead: every
// change is copied, with the moment it happened, into the app database (in batches of ~50 ms), from the revision
// last copied (a cluster resumed after a suspension catches up from its own log; if that part was compacted away,
// the current state is copied as a new starting point). Leases and Events are left out (heartbeats, every few
// seconds, tell nothing about the learner's work). A Reset is a boundary: the state after it starts empty. Rows
// older than the retention setting go, except each object's latest row, so any kept moment can still be rebuilt.
import { objectKey } from '../../sandbox/api/registry';
import { findByKind } from '../../sandbox/apiserver/kinds/registry';
import type { Disposable, KubeObject } from '../../sandbox/api/types';
import type { Store, StoreEvent } from '../../sandbox/store/store';
import type { AppDatabase } from '../db/database';
import type { HistoryObject } from '../../web/protocol';

/** Keys whose history is not kept (see above). */
const SKIPPED = [/^\/coordination\.k8s\.io\//, /^\/core\/events\//, /^\/events\.k8s\.io\//];
/** A boundary: the state after it is rebuilt from the rows after it only. */
const BOUNDARIES = ['RESET', 'RESYNC'];

export type { HistoryObject };

export interface HistoryVersion {
  id: number;
  at: number;
  revision: number;
  type: string;
}

interface Row {
  id: number;
  at: number;
  revision: number;
  type: string;
  key: string;
  object: string | null;
}

export interface ClusterHistoryOptions {
  retentionDays?: number;
  now?: () => number;
  log?: (msg: string) => void;
}

export class ClusterHistory {
  private readonly now: () => number;
  private readonly followed = new Map<string, Disposable>();
  /** Changes not yet written: a cluster's writes are copied in batches (one transaction per ~50 ms), not one each. */
  private pending: { userId: string; at: number; revision: number; type: string; key: string; object: string | null }[] = [];
  private flushTimer?: NodeJS.Timeout;

  constructor(
    private readonly db: AppDatabase,
    private readonly opts: ClusterHistoryOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
  }

  private boundaryId(userId: string, beforeAt = Number.MAX_SAFE_INTEGER): number {
    this.flush();
    const row = this.db
      .prepare(`SELECT MAX(id) AS id FROM cluster_history WHERE user_id = ? AND type IN ('RESET', 'RESYNC') AND at <= ?`)
      .get(userId, beforeAt) as { id: number | null };
    return row.id ?? 0;
  }

  private insert(userId: string, e: { type: string; key: string; revision: number; object?: KubeObject }): void {
    this.pending.push({ userId, at: this.now(), revision: e.revision, type: e.type, key: e.key, object: e.object ? JSON.stringify(e.object) : null });
    if (this.pending.length >= 500) this.flush();
    else if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => this.flush(), 50);
      this.flushTimer.unref();
    }
  }

  /** Writes the changes copied so far (every read does this first, so it sees them). */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (!this.pending.length) return;
    const rows = this.pending;
    this.pending = [];
    const stmt = this.db.prepare('INSERT INTO cluster_history (user_id, at, revision, type, key, object) VALUES (?, ?, ?, ?, ?, ?)');
    try {
      this.db.transaction(() => {
        for (const r of rows) stmt.run(r.userId, r.at, r.revision, r.type, r.key, r.object);
      })();
    } catch (err) {
      this.opts.log?.(`cluster history: ${rows.length} changes not kept: ${err instanceof Error ? err.message : err}`);
    }
  }

  /** Copies the cluster's changes from where the copy left off, then follows it until disposed (or followed again). */
  follow(userId: string, store: Store): Disposable {
    this.followed.get(userId)?.dispose();
    this.flush();
    const since = this.boundaryId(userId);
    const last = (this.db.prepare('SELECT MAX(revision) AS r FROM cluster_history WHERE user_id = ? AND id > ?').get(userId, since) as { r: number | null }).r ?? 0;
    let from = last;
    if (store.revision < last) {
      // A different cluster (its file was replaced while nobody followed it): start over.
      this.insert(userId, { type: 'RESET', key: '', revision: 0 });
      from = 0;
    }
    if (from < store.compactedRevision) {
      this.insert(userId, { type: 'RESYNC', key: '', revision: store.revision });
      for (const object of store.list('/').items) {
        const key = keyOf(object);
        if (key && !SKIPPED.some((r) => r.test(key))) this.insert(userId, { type: 'ADDED', key, revision: Number(object.metadata.resourceVersion), object });
      }
      from = store.revision;
    }
    const onEvent = (e: StoreEvent) => {
      if (!SKIPPED.some((r) => r.test(e.key))) this.insert(userId, { type: e.type, key: e.key, revision: e.revision, object: e.object });
    };
    const watch = store.watch('', from, onEvent);
    const handle: Disposable = {
      dispose: () => {
        watch.dispose();
        if (this.followed.get(userId) === handle) this.followed.delete(userId);
      },
    };
    this.followed.set(userId, handle);
    return handle;
  }

  /** The cluster stopped (suspended, or its learner deleted): nothing to follow until it starts again. */
  stopFollowing(userId: string): void {
    this.followed.get(userId)?.dispose();
  }

  /** The learner's cluster was emptied: the state after now starts from nothing. */
  markReset(userId: string): void {
    this.followed.get(userId)?.dispose();
    this.insert(userId, { type: 'RESET', key: '', revision: 0 });
  }

  /** First and last recorded moments. */
  span(userId: string): { from: number; to: number; changes: number } | undefined {
    this.flush();
    const r = this.db.prepare('SELECT MIN(at) AS a, MAX(at) AS b, COUNT(*) AS n FROM cluster_history WHERE user_id = ?').get(userId) as { a: number | null; b: number | null; n: number };
    return r.a === null ? undefined : { from: r.a, to: r.b!, changes: r.n };
  }

  /** Moments something changed (for the scrubber's ticks), newest last. */
  moments(userId: string, limit = 2000): { at: number; type: string; key: string }[] {
    this.flush();
    const rows = this.db.prepare('SELECT at, type, key FROM cluster_history WHERE user_id = ? ORDER BY id DESC LIMIT ?').all(userId, limit) as { at: number; type: string; key: string }[];
    return rows.reverse();
  }

  private latestRows(userId: string, at: number): Row[] {
    this.flush();
    const since = this.boundaryId(userId, at);
    return this.db
      .prepare(
        `SELECT h.id, h.at, h.revision, h.type, h.key, h.object FROM cluster_history h
         JOIN (SELECT key, MAX(id) AS id FROM cluster_history WHERE user_id = ? AND id > ? AND at <= ? AND key <> '' GROUP BY key) m ON h.id = m.id`,
      )
      .all(userId, since, at) as Row[];
  }

  /** The objects that existed at `at`, by kind, namespace and name. */
  objectsAt(userId: string, at: number): HistoryObject[] {
    return this.latestRows(userId, at)
      .filter((r) => r.type !== 'DELETED' && r.object)
      .map((r) => {
        const o = JSON.parse(r.object!) as KubeObject;
        return { key: r.key, kind: o.kind ?? '', ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}), name: o.metadata.name ?? '', revision: r.revision, at: r.at };
      })
      // The learner's own objects first; the system's (kube-*, nodes, namespaces) after them.
      .sort((a, b) => systemRank(a) - systemRank(b) || a.kind.localeCompare(b.kind) || (a.namespace ?? '').localeCompare(b.namespace ?? '') || a.name.localeCompare(b.name));
  }

  /** One object as it was at `at` (undefined when it did not exist then). */
  objectAt(userId: string, key: string, at: number): { object: KubeObject; at: number; revision: number } | undefined {
    this.flush();
    const since = this.boundaryId(userId, at);
    const r = this.db
      .prepare('SELECT * FROM cluster_history WHERE user_id = ? AND key = ? AND id > ? AND at <= ? ORDER BY id DESC LIMIT 1')
      .get(userId, key, since, at) as Row | undefined;
    if (!r || r.type === 'DELETED' || !r.object) return undefined;
    return { object: JSON.parse(r.object) as KubeObject, at: r.at, revision: r.revision };
  }

  /** Every recorded version of one object, oldest first. */
  versions(userId: string, key: string): HistoryVersion[] {
    this.flush();
    return this.db.prepare('SELECT id, at, revision, type FROM cluster_history WHERE user_id = ? AND key = ? ORDER BY id').all(userId, key) as HistoryVersion[];
  }

  /** Drops history older than the retention window, keeping each object's latest row after the last old boundary. */
  prune(): number {
    this.flush();
    const cutoff = this.now() - (this.opts.retentionDays ?? 30) * 86_400_000;
    let removed = 0;
    this.db.transaction(() => {
      const users = this.db.prepare('SELECT DISTINCT user_id FROM cluster_history WHERE at < ?').all(cutoff) as { user_id: string }[];
      for (const { user_id } of users) {
        const boundary = this.boundaryId(user_id, cutoff);
        removed += this.db.prepare('DELETE FROM cluster_history WHERE user_id = ? AND id < ?').run(user_id, boundary).changes;
        removed += this.db
          .prepare(
            `DELETE FROM cluster_history WHERE user_id = ? AND at < ? AND type NOT IN (${BOUNDARIES.map(() => '?').join(',')})
             AND (type = 'DELETED' OR EXISTS (SELECT 1 FROM cluster_history h2 WHERE h2.user_id = cluster_history.user_id AND h2.key = cluster_history.key AND h2.id > cluster_history.id))`,
          )
          .run(user_id, cutoff, ...BOUNDARIES).changes;
      }
    })();
    return removed;
  }

  dispose(): void {
    for (const f of [...this.followed.values()]) f.dispose();
    this.flush();
  }
}

function systemRank(o: HistoryObject): number {
  if (o.namespace?.startsWith('kube-')) return 2;
  return o.namespace ? 0 : 1;
}

/** The store key of an object (the store lists objects without their keys). */
function keyOf(object: KubeObject): string | undefined {
  const res = object.apiVersion && object.kind ? findByKind(object.apiVersion, object.kind) : undefined;
  return res && object.metadata.name ? objectKey(res, object.metadata.namespace, object.metadata.name) : undefined;
}
