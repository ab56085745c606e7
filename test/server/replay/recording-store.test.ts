// Terminal recordings as asciicast v2: the header and output events a player reads, resizes as "r" events, a
// recording that stops growing at its size limit (and says so), recordings only their learner's, and pruning
// after the retention days.
import { openDatabase, type AppDatabase } from '../../../server/db/database';
import { RecordingStore } from '../../../server/replay/recording-store';
import { TerminalRecorder } from '../../../server/replay/terminal-recorder';

let db: AppDatabase;
let now = 1_800_000_000_000;

beforeEach(() => {
  db = openDatabase(':memory:');
  for (const id of ['u1', 'u2']) db.prepare("INSERT INTO users (id, email, name, password_hash, role, created_at) VALUES (?, ?, 'x', 'x', 'learner', 0)").run(id, `${id}@example.com`);
});

it('writes a shell\'s output and resizes as an asciicast v2 file, times relative to the start', () => {
  const store = new RecordingStore(db, { now: () => now });
  const rec = new TerminalRecorder(store, { now: () => now }).start('u1', 80, 24);
  now += 1500;
  rec.output('$ kubectl get pods\r\n');
  now += 250;
  rec.resize(120, 40);
  rec.output('No resources found\r\n');
  rec.end();
  const [info] = store.list('u1');
  expect(info).toMatchObject({ cols: 80, rows: 24, startedAt: 1_800_000_000_000, endedAt: now, truncated: false });
  const lines = store.cast('u1', info.id)!.trim().split('\n').map((l) => JSON.parse(l));
  expect(lines).toEqual([
    { version: 2, width: 80, height: 24, timestamp: 1_800_000_000, env: { TERM: 'xterm-256color', SHELL: '/bin/sh' } },
    [1.5, 'o', '$ kubectl get pods\r\n'],
    [1.75, 'r', '120x40'],
    [1.75, 'o', 'No resources found\r\n'],
  ]);
  expect(store.cast('u2', info.id)).toBeUndefined();
});

it('stops a recording at its size limit and marks it truncated', () => {
  const store = new RecordingStore(db, { now: () => now, maxBytes: 100 });
  const id = store.start('u1', 80, 24);
  expect(store.append(id, `${JSON.stringify([0, 'o', 'x'.repeat(40)])}\n`)).toBe(true);
  expect(store.append(id, `${JSON.stringify([1, 'o', 'y'.repeat(80)])}\n`)).toBe(false);
  expect(store.info('u1', id)).toMatchObject({ truncated: true });
  expect(store.cast('u1', id)).not.toContain('yyyy');
});

it('prunes recordings older than the retention days, with their chunks', () => {
  const store = new RecordingStore(db, { now: () => now, retentionDays: 7 });
  const old = store.start('u1', 80, 24, now - 8 * 86_400_000);
  store.append(old, '[0,"o","old"]\n');
  const recent = store.start('u1', 80, 24, now - 86_400_000);
  expect(store.prune()).toBe(1);
  expect(store.list('u1').map((r) => r.id)).toEqual([recent]);
  expect((db.prepare('SELECT COUNT(*) AS n FROM terminal_recording_chunks WHERE recording_id = ?').get(old) as { n: number }).n).toBe(0);
});
