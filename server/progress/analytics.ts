// Class analytics from what the app already records (step progress and every Check's attempt with its criteria):
// where each learner stands on each step (the heatmap), which checks the class fails most and which hints fired for
// them, how long each step takes (median), and who is stuck right now — failing the same check for longer than an
// instructor's threshold. Pure functions over rows, so they are tested without a server.
import type { Text } from '../../grader/checks/types';
import type { Lab } from '../../grader/lab-format';
import type { Attempt, StepProgress } from './progress-store';

export type HeatState = 'passed' | 'failing' | 'visited' | 'untouched';

export interface HeatCell {
  stepId: string;
  state: HeatState;
  attempts: number;
  failedAttempts: number;
}

export interface HeatRow {
  userId: string;
  cells: HeatCell[];
}

type LearnerStep = StepProgress & { userId: string };

/** One row per learner, one cell per step of the lab. */
export function heatmap(lab: Lab, learnerIds: string[], steps: LearnerStep[], attempts: Attempt[]): HeatRow[] {
  const progress = new Map(steps.filter((p) => p.labId === lab.id).map((p) => [`${p.userId}|${p.stepId}`, p]));
  const failed = new Map<string, number>();
  for (const a of attempts) if (a.labId === lab.id && !a.passed) failed.set(`${a.userId}|${a.stepId}`, (failed.get(`${a.userId}|${a.stepId}`) ?? 0) + 1);
  return learnerIds.map((userId) => ({
    userId,
    cells: lab.steps.map((s) => {
      const p = progress.get(`${userId}|${s.id}`);
      const failedAttempts = failed.get(`${userId}|${s.id}`) ?? 0;
      const state: HeatState = !p ? 'untouched' : p.passedAt !== undefined ? 'passed' : p.attempts > 0 ? 'failing' : 'visited';
      return { stepId: s.id, state, attempts: p?.attempts ?? 0, failedAttempts };
    }),
  }));
}

export interface FailingCheck {
  labId: string;
  stepId: string;
  checkId: string;
  title: Text;
  failures: number;
  learners: number;
  /** The hints (and diagnoses) learners read for it, most shown first. */
  hints: { text: Text; count: number }[];
}

/** Failed criteria across the class, most failed first. */
export function failingChecks(attempts: Attempt[], learnerIds: Set<string>, limit = 10): FailingCheck[] {
  const byCheck = new Map<string, FailingCheck & { who: Set<string>; hintCounts: Map<string, { text: Text; count: number }> }>();
  for (const a of attempts) {
    if (!learnerIds.has(a.userId)) continue;
    for (const r of a.criteria) {
      if (r.status !== 'failed' && r.status !== 'error') continue;
      const key = `${a.labId}|${a.stepId}|${r.id}`;
      let c = byCheck.get(key);
      if (!c) {
        c = { labId: a.labId, stepId: a.stepId, checkId: r.id, title: r.title, failures: 0, learners: 0, hints: [], who: new Set(), hintCounts: new Map() };
        byCheck.set(key, c);
      }
      c.failures++;
      c.who.add(a.userId);
      // The learner read the diagnosis of their own mistake first, then the general hint: count what they read.
      const text: Text = r.diagnosis ? { ko: `${r.diagnosis.ko} — ${r.hint.ko}`, en: `${r.diagnosis.en} — ${r.hint.en}` } : r.hint;
      const hk = `${text.en}\u0000${text.ko}`;
      const h = c.hintCounts.get(hk) ?? { text, count: 0 };
      h.count++;
      c.hintCounts.set(hk, h);
    }
  }
  return [...byCheck.values()]
    .map(({ who, hintCounts, ...c }) => ({ ...c, learners: who.size, hints: [...hintCounts.values()].sort((x, y) => y.count - x.count) }))
    .sort((x, y) => y.failures - x.failures || y.learners - x.learners || x.checkId.localeCompare(y.checkId))
    .slice(0, limit);
}

export function median(values: number[]): number | undefined {
  if (!values.length) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Per step: how many learners passed it and the median seconds from first opening it to passing it. */
export function stepTimes(lab: Lab, learnerIds: Set<string>, steps: LearnerStep[]): { stepId: string; passed: number; medianSeconds?: number }[] {
  return lab.steps.map((s) => {
    const done = steps.filter((p) => p.labId === lab.id && p.stepId === s.id && p.passedAt !== undefined && learnerIds.has(p.userId));
    const m = median(done.map((p) => Math.max(0, (p.passedAt! - p.startedAt) / 1000)));
    return { stepId: s.id, passed: done.length, ...(m !== undefined ? { medianSeconds: Math.round(m) } : {}) };
  });
}

export interface StuckLearner {
  userId: string;
  labId: string;
  stepId: string;
  checkId: string;
  title: Text;
  /** The first of the failed attempts in a row on this check. */
  since: number;
  lastAt: number;
  attempts: number;
  hint: Text;
}

/**
 * Learners whose latest Check of a step failed a check that has failed in every attempt since `since`, more than
 * `minutes` ago, with at least two attempts, and who tried within `activeMs` (someone who went home is not stuck
 * now). Attempts oldest first.
 */
export function stuckNow(attempts: Attempt[], learnerIds: Set<string>, now: number, minutes: number, activeMs = 30 * 60_000): StuckLearner[] {
  const byStep = new Map<string, Attempt[]>();
  for (const a of attempts) {
    if (!learnerIds.has(a.userId)) continue;
    const k = `${a.userId}|${a.labId}|${a.stepId}`;
    byStep.set(k, [...(byStep.get(k) ?? []), a]);
  }
  const out: StuckLearner[] = [];
  for (const list of byStep.values()) {
    const last = list[list.length - 1];
    if (last.passed || now - last.createdAt > activeMs) continue;
    // The learner's latest attempts of the step overall: one stuck entry per learner, on the check failing longest.
    let best: StuckLearner | undefined;
    for (const r of last.criteria.filter((c) => c.status === 'failed' || c.status === 'error')) {
      let i = list.length - 1;
      while (i > 0 && list[i - 1].criteria.some((c) => c.id === r.id && (c.status === 'failed' || c.status === 'error'))) i--;
      const since = list[i].createdAt;
      const count = list.length - i;
      if (count < 2 || now - since < minutes * 60_000) continue;
      if (!best || since < best.since) {
        best = { userId: last.userId, labId: last.labId, stepId: last.stepId, checkId: r.id, title: r.title, since, lastAt: last.createdAt, attempts: count, hint: r.hint };
      }
    }
    if (best) out.push(best);
  }
  return out.sort((a, b) => a.since - b.since);
}
