// Cluster tokens at rest: whoever reads the app database (kubelab.db, its WAL) finds no token that opens a cluster,
// only hashes; the key tokens are derived from is one owner-only file; a learner's kubeconfig keeps working after
// the app restarts; and the plain tokens an older database kept are dropped by the migration (a rotation).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import YAML from 'yaml';
import { startApp, type Harness, type WebClient } from '../app-harness';
import { kubectlBinaries, requireOrSkip } from '../../helpers/kubectl-bin';
import { runKubectl } from '../../helpers/test-cluster';
import { migrate, openDatabase } from '../../../server/db/database';
import { MIGRATIONS } from '../../../server/db/migrations';
import { ClusterHost } from '../../../sandbox/host';
import { LearnerClusters } from '../../../server/clusters/learner-clusters';
import { TOKEN_KEY_FILE } from '../../../server/clusters/cluster-tokens';

const kubectl = kubectlBinaries().newest;
let app: Harness;
let ann: WebClient;
let annId: string;

beforeEach(async () => {
  app = await startApp();
  await app.client().signUp('teacher@example.com');
  ann = app.client();
  await ann.signUp('ann@example.com');
  annId = await ann.userId();
});
afterEach(() => app.close());

const tokenOf = (kubeconfig: string): string => YAML.parse(kubeconfig).users[0].user.token;

/** Every text value in every table of the database file. */
function everyStoredText(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    return tables.flatMap((t) => (db.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[]).flatMap((row) => Object.values(row).filter((v): v is string => typeof v === 'string')));
  } finally {
    db.close();
  }
}

it('keeps no token that opens a cluster in the app database, only its hash', async () => {
  const token = tokenOf((await ann.get(`/api/clusters/${annId}/kubeconfig`)).text);
  expect(token).toMatch(/^[0-9a-f]{64}$/);
  const dbFile = path.join(app.dataDir, 'kubelab.db');
  const texts = everyStoredText(dbFile);
  expect(texts.filter((v) => v.includes(token))).toEqual([]);
  for (const f of [dbFile, `${dbFile}-wal`]) if (fs.existsSync(f)) expect(fs.readFileSync(f).includes(Buffer.from(token))).toBe(false);
  // What the database does hold opens nothing: each stored value, presented as a bearer token, is refused.
  const clusters = app.server.ctx.clusters;
  expect(clusters.knows(annId, `Bearer ${token}`)).toBe(true);
  for (const v of texts) expect(clusters.knows(annId, `Bearer ${v}`)).toBe(false);
  const keyFile = path.join(app.dataDir, TOKEN_KEY_FILE);
  expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
});

it("keeps a learner's kubeconfig working across an app restart", async () => {
  if (!requireOrSkip('kubectl', !!kubectl)) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-kc-'));
  const file = path.join(dir, 'config');
  try {
    fs.writeFileSync(file, (await ann.get(`/api/clusters/${annId}/kubeconfig`)).text);
    expect((await runKubectl(kubectl!, ['--kubeconfig', file, 'get', 'nodes', '-o', 'name'], dir)).stdout).toContain('node/');
    app = await app.restart();
    // The restarted app listens on another free port (tests never take a fixed one): only the port is changed.
    const config = YAML.parse(fs.readFileSync(file, 'utf8'));
    config.clusters[0].cluster.server = config.clusters[0].cluster.server.replace(/:\d+\//, `:${app.server.port}/`);
    fs.writeFileSync(file, YAML.stringify(config));
    const again = await runKubectl(kubectl!, ['--kubeconfig', file, 'get', 'nodes', '-o', 'name'], dir);
    expect(again.stderr).toBe('');
    expect(again.stdout).toContain('node/');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

it('drops the plain tokens an older database kept, and the learner gets a new one', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-tokens-'));
  try {
    const file = path.join(dir, 'kubelab.db');
    const old = openDatabase(file, MIGRATIONS.filter((m) => m.version <= 3));
    old.prepare("INSERT INTO users (id, email, name, password_hash, role, created_at) VALUES ('ann', 'ann@x', 'Ann', '-', 'learner', 0)").run();
    old.prepare("INSERT INTO clusters (user_id, token, created_at) VALUES ('ann', 'plain-old-token', 0)").run();
    expect(migrate(old, MIGRATIONS)).toEqual(MIGRATIONS.filter((m) => m.version > 3).map((m) => m.version));
    old.close();
    expect(everyStoredText(file).filter((v) => v.includes('plain-old-token'))).toEqual([]);
    const db = openDatabase(file);
    const clusters = new LearnerClusters({ db, host: new ClusterHost(), dir: path.join(dir, 'clusters'), idleMs: 0 });
    expect(clusters.knows('ann', 'Bearer plain-old-token')).toBe(false);
    const fresh = clusters.token('ann');
    expect(clusters.knows('ann', `Bearer ${fresh}`)).toBe(true);
    clusters.dispose();
    db.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
