// The revision log keeps every acknowledged write, refuses stale writers, replays history to watchers and survives
// a reopen with the same resourceVersions.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CompactedError, KeyExistsError, RevisionConflictError, Store, type StoreEvent } from '../../../sandbox/store/store';

const pod = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, ...extra });

describe('Store', () => {
  let store: Store;
  beforeEach(() => {
    store = new Store(':memory:', { historyWindow: 5 });
  });
  afterEach(() => store.dispose());

  it('gives every write the next cluster-wide revision as its resourceVersion', () => {
    const a = store.create('/core/pods/default/a', pod('a'));
    const b = store.create('/core/pods/default/b', pod('b'));
    expect(Number(b.metadata.resourceVersion)).toBe(Number(a.metadata.resourceVersion) + 1);
    expect(store.get('/core/pods/default/a')!.metadata.resourceVersion).toBe(a.metadata.resourceVersion);
  });

  it('keeps a write and tells the other watchers when one watcher throws', () => {
    const failures: string[] = [];
    const s = new Store(':memory:', { onWatcherError: (e, ev) => failures.push(`${ev.key}: ${(e as Error).message}`) });
    try {
      const seen: string[] = [];
      s.watch('/core/pods/', s.revision, () => {
        throw new Error('socket closed');
      });
      s.watch('/core/pods/', s.revision, (ev) => seen.push(ev.key));
      const created = s.create('/core/pods/default/a', pod('a'));
      expect(created.metadata.name).toBe('a');
      expect(s.get('/core/pods/default/a')).toBeDefined();
      expect(seen).toEqual(['/core/pods/default/a']);
      expect(failures).toEqual(['/core/pods/default/a: socket closed']);
    } finally {
      s.dispose();
    }
  });

  it('refuses to create a key twice', () => {
    store.create('/core/pods/default/a', pod('a'));
    expect(() => store.create('/core/pods/default/a', pod('a'))).toThrow(KeyExistsError);
  });

  it('rejects an update that expects an older revision and keeps the stored object', () => {
    const a = store.create('/core/pods/default/a', pod('a'));
    store.update('/core/pods/default/a', pod('a', { spec: { v: 2 } }), Number(a.metadata.resourceVersion));
    expect(() => store.update('/core/pods/default/a', pod('a', { spec: { v: 3 } }), Number(a.metadata.resourceVersion))).toThrow(
      RevisionConflictError,
    );
    expect(store.get('/core/pods/default/a')!.spec).toEqual({ v: 2 });
  });

  it('lists by prefix in key order at a consistent revision', () => {
    store.create('/core/pods/default/b', pod('b'));
    store.create('/core/pods/default/a', pod('a'));
    store.create('/core/pods/other/c', pod('c'));
    const { items, revision } = store.list('/core/pods/default/');
    expect(items.map((o) => o.metadata.name)).toEqual(['a', 'b']);
    expect(revision).toBe(store.revision);
    const text = store.listJson('/core/pods/default/');
    expect(text.items.map((t) => JSON.parse(t))).toEqual(items);
  });

  it('replays changes after a revision, then follows live writes, including deletes', () => {
    const a = store.create('/core/pods/default/a', pod('a'));
    store.update('/core/pods/default/a', pod('a', { spec: { v: 2 } }));
    const events: StoreEvent[] = [];
    const w = store.watch('/core/pods/', Number(a.metadata.resourceVersion) - 1, (e) => events.push(e));
    store.delete('/core/pods/default/a');
    store.create('/core/services/default/a', pod('a'));
    w.dispose();
    store.create('/core/pods/default/z', pod('z'));
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    expect(events[2].object.metadata.resourceVersion).toBe(String(events[2].revision));
    expect(events[1].prevObject?.spec).toBeUndefined();
  });

  it('answers a watch from compacted history with CompactedError', () => {
    store.create('/core/pods/default/a', pod('a'));
    for (let i = 0; i < 10; i++) store.update('/core/pods/default/a', pod('a', { spec: { v: i } }));
    const compacted = store.compact();
    expect(compacted).toBe(store.revision - 5);
    expect(() => store.watch('/core/pods/', 1, () => undefined)).toThrow(CompactedError);
    expect(store.get('/core/pods/default/a')!.spec).toEqual({ v: 9 });
  });
});

describe('Store on a file', () => {
  it('brings every object back with the same resourceVersion after reopening', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-store-'));
    const file = path.join(dir, 'c.db');
    const s1 = new Store(file);
    s1.create('/core/pods/default/a', pod('a'));
    const b = s1.create('/core/pods/default/b', pod('b'));
    s1.delete('/core/pods/default/a');
    const rev = s1.revision;
    s1.dispose();
    const s2 = new Store(file);
    expect(s2.get('/core/pods/default/a')).toBeUndefined();
    expect(s2.get('/core/pods/default/b')!.metadata.resourceVersion).toBe(b.metadata.resourceVersion);
    expect(s2.revision).toBe(rev);
    expect(s2.create('/core/pods/default/c', pod('c')).metadata.resourceVersion).toBe(String(rev + 1));
    s2.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
