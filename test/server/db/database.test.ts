// Versioned migrations: a new database gets every migration once; an old one gets only the newer ones, in order.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate, openDatabase } from '../../../server/db/database';
import { MIGRATIONS } from '../../../server/db/migrations';

it('applies every migration to a new database, in WAL mode, and none on the next open', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-db-'));
  const file = path.join(dir, 'kubelab.db');
  const db = openDatabase(file);
  expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').all()).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
  expect(migrate(db, MIGRATIONS)).toEqual([]);
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('upgrades an old database by running only the newer migrations', () => {
  const db = openDatabase(':memory:', MIGRATIONS.slice(0, 1));
  db.prepare("INSERT INTO users (id, email, name, password_hash, role, created_at) VALUES ('u1', 'a@b', 'A', '-', 'learner', 0)").run();
  expect(migrate(db, MIGRATIONS)).toEqual(MIGRATIONS.slice(1).map((m) => m.version));
  expect(db.prepare('SELECT COUNT(*) AS n FROM users').get()).toEqual({ n: 1 });
  db.prepare("INSERT INTO clusters (user_id, token_hash, created_at) VALUES ('u1', 'h', 0)").run();
  db.close();
});
