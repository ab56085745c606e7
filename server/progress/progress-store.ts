// Learners' progress in the app database: when each step was first opened (the start events and replacements are
// judged from, and time spent is counted from), every Check as an attempt with each criterion's result, and per
// step the best score and when it was first passed. Writes are single short statements or one small transaction,
// so concurrent learners never wait on each other for long (WAL; readers never block).
import type { AppDatabase } from '../db/database';
import type { CheckResult } from '../../grader/checks/types';

export interface StepProgress {
  labId: string;
  stepId: string;
  startedAt: number;
  lastSeenAt: number;
  passedAt?: number;
  attempts: number;
  bestScore: number;
}

export interface Attempt {
  id: number;
  userId: string;
  labId: string;
  stepId: string;
  createdAt: number;
  passed: boolean;
  /** Criteria passed / criteria, 0…1. */
  score: number;
  durationMs: number;
  criteria: CheckResult[];
}

interface ProgressRow {
  lab_id: string;
  step_id: string;
  started_at: number;
  last_seen_at: number;
  passed_at: number | null;
  attempts: number;
  best_score: number;
}

interface AttemptRow {
  id: number;
  user_id: string;
  lab_id: string;
  step_id: string;
  created_at: number;
  passed: number;
  score: number;
  duration_ms: number;
  criteria: string;
}

const toProgress = (r: ProgressRow): StepProgress => ({
  labId: r.lab_id,
  stepId: r.step_id,
  startedAt: r.started_at,
  lastSeenAt: r.last_seen_at,
  ...(r.passed_at !== null ? { passedAt: r.passed_at } : {}),
  attempts: r.attempts,
  bestScore: r.best_score,
});

const toAttempt = (r: AttemptRow): Attempt => ({
  id: r.id,
  userId: r.user_id,
  labId: r.lab_id,
  stepId: r.step_id,
  createdAt: r.created_at,
  passed: r.passed === 1,
  score: r.score,
  durationMs: r.duration_ms,
  criteria: JSON.parse(r.criteria) as CheckResult[],
});

/** Criteria passed over criteria graded (checks needing real containers under sim do not count against). */
export function scoreOf(results: CheckResult[]): number {
  const counted = results.filter((r) => r.status !== 'needs-docker');
  return counted.length ? counted.filter((r) => r.status === 'passed').length / counted.length : 1;
}

export class ProgressStore {
  constructor(
    private readonly db: AppDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  /** The learner opened the step: its start is kept from the first visit. Answers the step's progress. */
  visit(userId: string, labId: string, stepId: string): StepProgress {
    const t = this.now();
    this.db
      .prepare(
        `INSERT INTO step_progress (user_id, lab_id, step_id, started_at, last_seen_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (user_id, lab_id, step_id) DO UPDATE SET last_seen_at = excluded.last_seen_at`,
      )
      .run(userId, labId, stepId, t, t);
    return this.step(userId, labId, stepId)!;
  }

  step(userId: string, labId: string, stepId: string): StepProgress | undefined {
    const row = this.db.prepare('SELECT * FROM step_progress WHERE user_id = ? AND lab_id = ? AND step_id = ?').get(userId, labId, stepId) as ProgressRow | undefined;
    return row && toProgress(row);
  }

  /** Every step the learner has opened, in any lab or in one. */
  steps(userId: string, labId?: string): StepProgress[] {
    const rows = labId
      ? this.db.prepare('SELECT * FROM step_progress WHERE user_id = ? AND lab_id = ?').all(userId, labId)
      : this.db.prepare('SELECT * FROM step_progress WHERE user_id = ?').all(userId);
    return (rows as ProgressRow[]).map(toProgress);
  }

  /** Records one Check: the attempt with its criteria, and the step's attempt count, best score and first pass. */
  record(userId: string, labId: string, stepId: string, results: CheckResult[], durationMs: number): Attempt {
    const t = this.now();
    const passed = results.every((r) => r.status === 'passed' || r.status === 'needs-docker') && results.some((r) => r.status === 'passed');
    const score = scoreOf(results);
    const id = this.db.transaction(() => {
      const info = this.db
        .prepare('INSERT INTO attempts (user_id, lab_id, step_id, created_at, passed, score, duration_ms, criteria) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(userId, labId, stepId, t, passed ? 1 : 0, score, Math.round(durationMs), JSON.stringify(results));
      this.db
        .prepare(
          `INSERT INTO step_progress (user_id, lab_id, step_id, started_at, last_seen_at, passed_at, attempts, best_score)
           VALUES (@u, @l, @s, @t, @t, @passedAt, 1, @score)
           ON CONFLICT (user_id, lab_id, step_id) DO UPDATE SET
             last_seen_at = @t,
             attempts = attempts + 1,
             best_score = MAX(best_score, @score),
             passed_at = COALESCE(passed_at, @passedAt)`,
        )
        .run({ u: userId, l: labId, s: stepId, t, passedAt: passed ? t : null, score });
      return Number(info.lastInsertRowid);
    })();
    return { id, userId, labId, stepId, createdAt: t, passed, score, durationMs: Math.round(durationMs), criteria: results };
  }

  /** The lab starts over (a fresh cluster): every step opened so far is judged from now on. */
  restartLab(userId: string, labId: string): void {
    this.db.prepare('UPDATE step_progress SET started_at = ?, last_seen_at = ? WHERE user_id = ? AND lab_id = ?').run(this.now(), this.now(), userId, labId);
  }

  /** The learner's attempts, newest first. */
  attempts(userId: string, limit = 200): Attempt[] {
    return (this.db.prepare('SELECT * FROM attempts WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ?').all(userId, limit) as AttemptRow[]).map(toAttempt);
  }

  /** Every learner's attempts since `ms`, oldest first (class analytics); one lab's only when `labId` is given. */
  attemptsSince(ms: number, labId?: string): Attempt[] {
    const rows = labId
      ? this.db.prepare('SELECT * FROM attempts WHERE created_at >= ? AND lab_id = ? ORDER BY created_at, id').all(ms, labId)
      : this.db.prepare('SELECT * FROM attempts WHERE created_at >= ? ORDER BY created_at, id').all(ms);
    return (rows as AttemptRow[]).map(toAttempt);
  }

  /** Every learner's step progress at once (the instructor's class table). */
  allSteps(): (StepProgress & { userId: string })[] {
    return (this.db.prepare('SELECT * FROM step_progress').all() as (ProgressRow & { user_id: string })[]).map((r) => ({ ...toProgress(r), userId: r.user_id }));
  }
}
