// The cluster's storage: an append-only revision log on SQLite in the manner of k3s's kine. Every write appends a row
// whose id is the new cluster-wide revision (the objects' resourceVersion); updates are compare-and-swap on the
// expected revision; deletes append a tombstone; watchers replay rows after a revision and then follow live writes.
// Old superseded rows are compacted away; a watch from before the compacted revision gets `CompactedError` (→ 410).
import Database from 'better-sqlite3';
import type { Disposable, KubeObject } from '../api/types';

export type StoreEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: StoreEventType;
  key: string;
  revision: number;
  /** The object after the write (for DELETED: the last state, with the tombstone's revision). */
  object: KubeObject;
  /** The object before the write, when known (live events always; replayed events when not compacted). */
  prevObject?: KubeObject;
}

export class KeyExistsError extends Error {}
export class KeyNotFoundError extends Error {}
/** The stored revision is not the one the writer expected. */
export class RevisionConflictError extends Error {}
/** The requested revision is older than the compacted history. */
export class CompactedError extends Error {
  constructor(readonly requested: number, readonly compacted: number) {
    super(`too old resource version: ${requested} (${compacted})`);
  }
}

export interface StoreOptions {
  /** How many recent revisions watchers can replay from; older superseded rows are compacted. */
  historyWindow?: number;
  /** Told when a watcher throws (the write stands and the other watchers still hear of it). */
  onWatcherError?: (error: unknown, event: StoreEvent) => void;
}

interface Row {
  id: number;
  name: string;
  created: number;
  deleted: number;
  prev_revision: number;
  value: string;
}

interface Watcher {
  prefix: string;
  onEvent: (event: StoreEvent) => void;
}

interface Current {
  revision: number;
  json: string;
}

export class Store implements Disposable {
  private readonly db: Database.Database;
  private readonly current = new Map<string, Current>();
  private readonly watchers = new Set<Watcher>();
  private rev = 0;
  private compactRev = 0;
  /** Objects and JSON bytes currently stored, by resource (`/<group>/<plural>`): what a learner's budget counts. */
  private readonly held = new Map<string, { objects: number; bytes: number }>();
  private readonly historyWindow: number;
  private readonly onWatcherError: (error: unknown, event: StoreEvent) => void;
  private readonly stmts: {
    insert: Database.Statement;
    replay: Database.Statement;
    byId: Database.Statement;
    compact: Database.Statement;
    setMeta: Database.Statement;
  };

  constructor(file: string, options: StoreOptions = {}) {
    this.historyWindow = options.historyWindow ?? 2000;
    this.onWatcherError = options.onWatcherError ?? ((e, ev) => console.error(`store: a watcher of ${ev.key} failed: ${e instanceof Error ? e.message : e}`));
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a committed write survives a crash of this process (SIGKILL); only power loss can drop the tail.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('cache_size = -512');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS kine (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        created INTEGER NOT NULL,
        deleted INTEGER NOT NULL,
        prev_revision INTEGER NOT NULL,
        value TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS kine_name_id ON kine (name, id);
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS secret_keys (name TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
    this.stmts = {
      insert: this.db.prepare('INSERT INTO kine (id, name, created, deleted, prev_revision, value) VALUES (?, ?, ?, ?, ?, ?)'),
      replay: this.db.prepare('SELECT * FROM kine WHERE id > ? AND name >= ? AND name < ? ORDER BY id'),
      byId: this.db.prepare('SELECT * FROM kine WHERE id = ?'),
      compact: this.db.prepare(
        `DELETE FROM kine WHERE id <= ? AND (deleted = 1 OR EXISTS (SELECT 1 FROM kine k2 WHERE k2.name = kine.name AND k2.id > kine.id))`,
      ),
      setMeta: this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
    };
    this.load();
  }

  private load(): void {
    const seq = this.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'kine'").get() as { seq: number } | undefined;
    this.rev = seq?.seq ?? 0;
    const meta = this.db.prepare("SELECT value FROM meta WHERE key = 'compact_revision'").get() as { value: number } | undefined;
    this.compactRev = meta?.value ?? 0;
    const rows = this.db
      .prepare('SELECT k.* FROM kine k JOIN (SELECT name, MAX(id) AS id FROM kine GROUP BY name) m ON k.id = m.id WHERE k.deleted = 0')
      .all() as Row[];
    for (const row of rows) {
      this.current.set(row.name, { revision: row.id, json: row.value });
      this.account(row.name, 1, Buffer.byteLength(row.value));
    }
  }

  private account(key: string, objects: number, bytes: number): void {
    const resource = key.split('/', 3).join('/');
    const h = this.held.get(resource) ?? { objects: 0, bytes: 0 };
    h.objects += objects;
    h.bytes += bytes;
    this.held.set(resource, h);
  }

  /** What is stored now, by resource (`/<group>/<plural>`, group `core` for the legacy API): objects and JSON bytes. */
  usage(): Map<string, { objects: number; bytes: number }> {
    return new Map([...this.held].map(([k, v]) => [k, { ...v }]));
  }

  /** The latest revision written in this cluster. */
  get revision(): number {
    return this.rev;
  }

  get compactedRevision(): number {
    return this.compactRev;
  }

  get(key: string): KubeObject | undefined {
    const cur = this.current.get(key);
    return cur ? (JSON.parse(cur.json) as KubeObject) : undefined;
  }

  /** Revision of the object at key, or undefined when absent. */
  revisionOf(key: string): number | undefined {
    return this.current.get(key)?.revision;
  }

  /** Objects whose key starts with prefix, sorted by key, with the revision the list is consistent at. */
  list(prefix: string): { items: KubeObject[]; revision: number } {
    const keys: string[] = [];
    for (const key of this.current.keys()) if (key.startsWith(prefix)) keys.push(key);
    keys.sort();
    return { items: keys.map((k) => JSON.parse(this.current.get(k)!.json) as KubeObject), revision: this.rev };
  }

  /** As list, but each object as its stored JSON text: for answers that would only serialise the objects again. */
  listJson(prefix: string): { items: string[]; revision: number } {
    const keys: string[] = [];
    for (const key of this.current.keys()) if (key.startsWith(prefix)) keys.push(key);
    keys.sort();
    return { items: keys.map((k) => this.current.get(k)!.json), revision: this.rev };
  }

  count(prefix: string): number {
    let n = 0;
    for (const key of this.current.keys()) if (key.startsWith(prefix)) n++;
    return n;
  }

  create(key: string, obj: KubeObject): KubeObject {
    if (this.current.has(key)) throw new KeyExistsError(key);
    return this.write(key, obj, 'ADDED', undefined);
  }

  /** Compare-and-swap: when expectedRevision is given it must equal the stored revision. */
  update(key: string, obj: KubeObject, expectedRevision?: number): KubeObject {
    const cur = this.current.get(key);
    if (!cur) throw new KeyNotFoundError(key);
    if (expectedRevision !== undefined && expectedRevision !== cur.revision) throw new RevisionConflictError(key);
    return this.write(key, obj, 'MODIFIED', cur);
  }

  delete(key: string, expectedRevision?: number): KubeObject {
    const cur = this.current.get(key);
    if (!cur) throw new KeyNotFoundError(key);
    if (expectedRevision !== undefined && expectedRevision !== cur.revision) throw new RevisionConflictError(key);
    return this.write(key, JSON.parse(cur.json) as KubeObject, 'DELETED', cur);
  }

  private write(key: string, obj: KubeObject, type: StoreEventType, prev: Current | undefined): KubeObject {
    const revision = this.rev + 1;
    const stored: KubeObject = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(revision) } };
    const json = JSON.stringify(stored);
    this.stmts.insert.run(revision, key, type === 'ADDED' ? 1 : 0, type === 'DELETED' ? 1 : 0, prev?.revision ?? 0, json);
    this.rev = revision;
    if (prev) this.account(key, -1, -Buffer.byteLength(prev.json));
    if (type === 'DELETED') this.current.delete(key);
    else {
      this.current.set(key, { revision, json });
      this.account(key, 1, Buffer.byteLength(json));
    }
    if (this.watchers.size) {
      const prevObject = prev ? (JSON.parse(prev.json) as KubeObject) : undefined;
      for (const w of [...this.watchers]) {
        if (!key.startsWith(w.prefix)) continue;
        const event: StoreEvent = { type, key, revision, object: JSON.parse(json) as KubeObject, prevObject };
        // The row is committed: a watcher's failure is its own, never the writer's nor the next watcher's.
        try {
          w.onEvent(event);
        } catch (e) {
          this.onWatcherError(e, event);
        }
      }
    }
    return JSON.parse(json) as KubeObject;
  }

  /**
   * Replays every change under prefix after fromRevision, then delivers live changes, synchronously, in revision order.
   * Throws CompactedError when fromRevision is older than the kept history.
   */
  watch(prefix: string, fromRevision: number, onEvent: (event: StoreEvent) => void): Disposable {
    if (fromRevision < this.compactRev) throw new CompactedError(fromRevision, this.compactRev);
    if (fromRevision < this.rev) {
      const rows = this.stmts.replay.all(fromRevision, prefix, `${prefix}\uffff`) as Row[];
      for (const row of rows) onEvent(this.rowEvent(row));
    }
    const watcher: Watcher = { prefix, onEvent };
    this.watchers.add(watcher);
    return { dispose: () => void this.watchers.delete(watcher) };
  }

  private rowEvent(row: Row): StoreEvent {
    const type: StoreEventType = row.deleted ? 'DELETED' : row.created ? 'ADDED' : 'MODIFIED';
    const object = JSON.parse(row.value) as KubeObject;
    if (row.deleted) object.metadata = { ...object.metadata, resourceVersion: String(row.id) };
    const prevRow = row.prev_revision ? (this.stmts.byId.get(row.prev_revision) as Row | undefined) : undefined;
    return {
      type,
      key: row.name,
      revision: row.id,
      object,
      ...(prevRow ? { prevObject: JSON.parse(prevRow.value) as KubeObject } : {}),
    };
  }

  /**
   * A key the control plane keeps beside the objects but never serves (the service account signing key, which
   * kube-apiserver keeps in a file): made by `create` on first use, then the same for the life of this state file.
   */
  secretKey(name: string, create: () => string): string {
    const row = this.db.prepare('SELECT value FROM secret_keys WHERE name = ?').get(name) as { value: string } | undefined;
    if (row) return row.value;
    const value = create();
    this.db.prepare('INSERT OR IGNORE INTO secret_keys (name, value) VALUES (?, ?)').run(name, value);
    return (this.db.prepare('SELECT value FROM secret_keys WHERE name = ?').get(name) as { value: string }).value;
  }

  /** Drops superseded history older than the window. Returns the new compacted revision. */
  compact(): number {
    const target = this.rev - this.historyWindow;
    if (target <= this.compactRev) return this.compactRev;
    this.db.transaction(() => {
      this.stmts.compact.run(target);
      this.stmts.setMeta.run('compact_revision', target);
    })();
    this.compactRev = target;
    return target;
  }

  dispose(): void {
    this.watchers.clear();
    if (this.db.open) this.db.close();
  }
}
