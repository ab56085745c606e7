// The web app's schema as an ordered list of migrations. A migration is never edited once released: a change to the
// schema is a new entry at the end, so a data directory from any earlier version upgrades in place on start.
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'users and sessions',
    sql: `
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
        name TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('learner', 'instructor')),
        created_at INTEGER NOT NULL
      );
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        csrf TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX sessions_by_user ON sessions(user_id);
      CREATE INDEX sessions_by_expiry ON sessions(expires_at);
    `,
  },
  {
    version: 2,
    name: 'learner clusters',
    sql: `
      CREATE TABLE clusters (
        user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        token TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        reset_at INTEGER
      );
    `,
  },
  {
    version: 3,
    name: 'progress, attempts and groups',
    sql: `
      CREATE TABLE step_progress (
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        lab_id TEXT NOT NULL,
        step_id TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        passed_at INTEGER,
        attempts INTEGER NOT NULL DEFAULT 0,
        best_score REAL NOT NULL DEFAULT 0,
        PRIMARY KEY (user_id, lab_id, step_id)
      );
      CREATE TABLE attempts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        lab_id TEXT NOT NULL,
        step_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        passed INTEGER NOT NULL,
        score REAL NOT NULL,
        duration_ms INTEGER NOT NULL,
        criteria TEXT NOT NULL
      );
      CREATE INDEX attempts_by_learner ON attempts(user_id, created_at);
      CREATE TABLE groups (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        join_code TEXT NOT NULL UNIQUE,
        owner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE group_members (
        group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        joined_at INTEGER NOT NULL,
        PRIMARY KEY (group_id, user_id)
      );
    `,
  },
  {
    version: 4,
    name: 'cluster tokens hashed at rest',
    // Tokens are derived from the server's key file when needed (server/clusters/cluster-tokens.ts); only their
    // hash is kept. The plain tokens of earlier versions go: those learners get a new kubeconfig (a rotation).
    sql: `
      ALTER TABLE clusters DROP COLUMN token;
      ALTER TABLE clusters ADD COLUMN token_hash TEXT;
    `,
  },
  {
    version: 5,
    name: 'session idle limit and server secrets',
    sql: `
      ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER;
      UPDATE sessions SET last_seen_at = created_at;
      CREATE TABLE app_secrets (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 6,
    name: 'learners\' API requests and lab scopes',
    sql: `
      CREATE TABLE api_requests (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        at INTEGER NOT NULL,
        verb TEXT NOT NULL,
        resource TEXT NOT NULL,
        subresource TEXT,
        name TEXT,
        code INTEGER NOT NULL,
        record TEXT NOT NULL
      );
      CREATE INDEX api_requests_by_learner ON api_requests(user_id, at);
      CREATE TABLE lab_scopes (
        user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        lab_id TEXT NOT NULL,
        started_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 7,
    name: 'group assignments with due dates',
    sql: `
      CREATE TABLE group_assignments (
        group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
        lab_id TEXT NOT NULL,
        due_at INTEGER,
        assigned_at INTEGER NOT NULL,
        PRIMARY KEY (group_id, lab_id)
      );
      CREATE INDEX attempts_by_time ON attempts(created_at);
    `,
  },
  {
    version: 8,
    name: 'terminal recordings and cluster history',
    // Recordings are asciicast v2 event lines in chunks (server/replay/recording-store.ts); cluster history is
    // every change of a learner's cluster with the moment it happened (server/replay/cluster-history.ts).
    sql: `
      CREATE TABLE terminal_recordings (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        started_at INTEGER NOT NULL,
        ended_at INTEGER,
        cols INTEGER NOT NULL,
        rows INTEGER NOT NULL,
        bytes INTEGER NOT NULL DEFAULT 0,
        truncated INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX terminal_recordings_by_learner ON terminal_recordings(user_id, started_at);
      CREATE TABLE terminal_recording_chunks (
        recording_id INTEGER NOT NULL REFERENCES terminal_recordings(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        lines TEXT NOT NULL,
        PRIMARY KEY (recording_id, seq)
      );
      CREATE TABLE cluster_history (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        at INTEGER NOT NULL,
        revision INTEGER NOT NULL,
        type TEXT NOT NULL,
        key TEXT NOT NULL,
        object TEXT
      );
      CREATE INDEX cluster_history_by_learner ON cluster_history(user_id, at);
      CREATE INDEX cluster_history_by_key ON cluster_history(user_id, key, id);
    `,
  },
  {
    version: 9,
    name: 'LTI 1.3 platforms, launches and grade pass-back',
    sql: `
      CREATE TABLE lti_platforms (
        id TEXT PRIMARY KEY,
        issuer TEXT NOT NULL,
        client_id TEXT NOT NULL,
        deployment_id TEXT NOT NULL,
        auth_url TEXT NOT NULL,
        jwks_url TEXT NOT NULL,
        token_url TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (issuer, client_id, deployment_id)
      );
      CREATE TABLE lti_states (
        state TEXT PRIMARY KEY,
        nonce TEXT NOT NULL,
        platform_id TEXT NOT NULL REFERENCES lti_platforms(id) ON DELETE CASCADE,
        expires_at INTEGER NOT NULL
      );
      CREATE TABLE lti_accounts (
        platform_id TEXT NOT NULL REFERENCES lti_platforms(id) ON DELETE CASCADE,
        subject TEXT NOT NULL,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        PRIMARY KEY (platform_id, subject)
      );
      CREATE TABLE lti_grade_targets (
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        lab_id TEXT NOT NULL,
        platform_id TEXT NOT NULL REFERENCES lti_platforms(id) ON DELETE CASCADE,
        subject TEXT NOT NULL,
        lineitem TEXT,
        lineitems TEXT,
        resource_link_id TEXT NOT NULL,
        scopes TEXT NOT NULL,
        last_score REAL,
        last_sent_at INTEGER,
        last_error TEXT,
        PRIMARY KEY (user_id, lab_id, platform_id)
      );
    `,
  },
];
