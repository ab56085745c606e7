// A learner's cluster through time, kept beside the cluster's own revision log: each change with its moment, so an
// object's earlier version can be read back; a cluster followed again catches up from its own log, or — when that
// part was compacted — starts from a copy of its state; a Reset starts the state over; retention prunes old rows
// but keeps what is needed to rebuild any kept moment.
import { openDatabase, type AppDatabase } from '../../../server/db/database';
import { ClusterHistory } from '../../../server/replay/cluster-history';
import { Store } from '../../../sandbox/store/store';
import type { KubeObject } from '../../../sandbox/api/types';
import type { ConfigMap } from '../../../sandbox/api/objects';

let db: AppDatabase;
let now = 1_800_000_000_000;
const DAY = 86_400_000;
const cm = (name: string, color: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { color } });
const key = (name: string) => `/core/configmaps/default/${name}`;

beforeEach(() => {
  db = openDatabase(':memory:');
  db.prepare("INSERT INTO users (id, email, name, password_hash, role, created_at) VALUES ('u1', 'a@example.com', 'A', 'x', 'learner', 0)").run();
});

function history(): ClusterHistory {
  return new ClusterHistory(db, { now: () => now, retentionDays: 30 });
}

it('answers an object as it was at a moment, and nothing after it was deleted', () => {
  const store = new Store(':memory:');
  const h = history();
  h.follow('u1', store);
  store.create(key('web'), cm('web', 'blue'));
  const t1 = now;
  now += 60_000;
  store.update(key('web'), cm('web', 'green'));
  store.create('/coordination.k8s.io/leases/kube-node-lease/n1', { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'n1' } });
  now += 60_000;
  store.delete(key('web'));
  expect(h.objectAt('u1', key('web'), t1)?.object.data).toEqual({ color: 'blue' });
  expect(h.objectAt('u1', key('web'), t1 + 60_000)?.object.data).toEqual({ color: 'green' });
  expect(h.objectAt('u1', key('web'), now)).toBeUndefined();
  expect(h.objectsAt('u1', t1).map((o) => o.name)).toEqual(['web']);
  expect(h.versions('u1', key('web')).map((v) => v.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
  // Heartbeats are not history.
  expect(h.versions('u1', '/coordination.k8s.io/leases/kube-node-lease/n1')).toEqual([]);
});

it('catches up from the cluster\'s own log when followed again, and copies its state when that part was compacted', () => {
  const store = new Store(':memory:', { historyWindow: 1 });
  const h = history();
  const f = h.follow('u1', store);
  store.create(key('a'), cm('a', '1'));
  f.dispose(); // suspended
  store.create(key('b'), cm('b', '1')); // (written while nobody followed: replayed from the log)
  h.follow('u1', store).dispose();
  expect(h.objectsAt('u1', now).map((o) => o.name)).toEqual(['a', 'b']);
  store.update(key('a'), cm('a', '2'));
  store.update(key('a'), cm('a', '3'));
  store.delete(key('b'));
  store.compact(); // the changes since the last copy are gone from the cluster's log
  now += 1000;
  h.follow('u1', store);
  expect(h.objectsAt('u1', now).map((o) => [o.name, (h.objectAt('u1', o.key, now)?.object as ConfigMap | undefined)?.data?.color])).toEqual([['a', '3']]);
});

it('starts the state over after a Reset', () => {
  const h = history();
  const old = new Store(':memory:');
  h.follow('u1', old);
  old.create(key('before'), cm('before', 'x'));
  const t1 = now;
  now += 1000;
  h.markReset('u1');
  const fresh = new Store(':memory:');
  h.follow('u1', fresh);
  fresh.create(key('after'), cm('after', 'y'));
  expect(h.objectsAt('u1', t1).map((o) => o.name)).toEqual(['before']);
  expect(h.objectsAt('u1', now).map((o) => o.name)).toEqual(['after']);
});

it('prunes rows past the retention window but keeps each object\'s latest row', () => {
  const store = new Store(':memory:');
  const h = history();
  h.follow('u1', store);
  store.create(key('old'), cm('old', '1'));
  store.update(key('old'), cm('old', '2'));
  store.create(key('gone'), cm('gone', '1'));
  store.delete(key('gone'));
  now += 40 * DAY;
  store.create(key('new'), cm('new', '1'));
  expect(h.prune()).toBe(3);
  expect(h.objectsAt('u1', now).map((o) => [o.name, (h.objectAt('u1', o.key, now)?.object as ConfigMap | undefined)?.data?.color])).toEqual([['new', '1'], ['old', '2']]);
});
