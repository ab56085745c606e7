// Class analytics from attempt and progress rows: who stands where on each step, the checks failed most with the
// hints learners read, median times, and who is stuck now (and who is not: passed, gone home, or not long enough).
import type { CheckResult } from '../../../grader/checks/types';
import type { Lab } from '../../../grader/lab-format';
import { failingChecks, heatmap, median, stepTimes, stuckNow } from '../../../server/progress/analytics';
import type { Attempt } from '../../../server/progress/progress-store';

const lab: Lab = {
  id: 'pods', dir: '/x', order: 4, title: { en: 'Pods' }, summary: { en: '' }, estimatedMinutes: 10, prerequisites: [],
  steps: [{ id: 'run', title: { en: 'Run' }, files: {} }, { id: 'logs', title: { en: 'Logs' }, files: {} }],
};
const text = (s: string) => ({ ko: `${s}-ko`, en: s });
const result = (id: string, status: CheckResult['status'], hint = `hint-${id}`, diagnosis?: string): CheckResult => ({
  id, title: text(id), status, expected: text('e'), found: text('f'), hint: text(hint), ...(diagnosis ? { diagnosis: text(diagnosis) } : {}),
});
let n = 0;
const attempt = (userId: string, stepId: string, at: number, criteria: CheckResult[]): Attempt => ({
  id: ++n, userId, labId: 'pods', stepId, createdAt: at, passed: criteria.every((c) => c.status === 'passed'), score: 0, durationMs: 5, criteria,
});
const MIN = 60_000;
const T = 1_800_000_000_000;

it('places each learner on each step: passed, failing (with failures counted), opened, untouched', () => {
  const steps = [
    { userId: 'a', labId: 'pods', stepId: 'run', startedAt: T, lastSeenAt: T, passedAt: T + MIN, attempts: 2, bestScore: 1 },
    { userId: 'a', labId: 'pods', stepId: 'logs', startedAt: T, lastSeenAt: T, attempts: 3, bestScore: 0 },
    { userId: 'b', labId: 'pods', stepId: 'run', startedAt: T, lastSeenAt: T, attempts: 0, bestScore: 0 },
  ];
  const attempts = [1, 2, 3].map((i) => attempt('a', 'logs', T + i, [result('logs-followed', 'failed')]));
  expect(heatmap(lab, ['a', 'b'], steps, attempts)).toEqual([
    { userId: 'a', cells: [{ stepId: 'run', state: 'passed', attempts: 2, failedAttempts: 0 }, { stepId: 'logs', state: 'failing', attempts: 3, failedAttempts: 3 }] },
    { userId: 'b', cells: [{ stepId: 'run', state: 'visited', attempts: 0, failedAttempts: 0 }, { stepId: 'logs', state: 'untouched', attempts: 0, failedAttempts: 0 }] },
  ]);
});

it('ranks the checks the class fails most, counting learners and the hints (with diagnoses) they read', () => {
  const attempts = [
    attempt('a', 'run', T, [result('pod-ready', 'failed', 'wait', 'image typo'), result('pod-exists', 'passed')]),
    attempt('a', 'run', T + 1, [result('pod-ready', 'failed', 'wait', 'image typo')]),
    attempt('b', 'run', T + 2, [result('pod-ready', 'failed', 'wait')]),
    attempt('b', 'logs', T + 3, [result('logs-followed', 'failed')]),
    attempt('outsider', 'logs', T + 4, [result('logs-followed', 'failed')]),
  ];
  const top = failingChecks(attempts, new Set(['a', 'b']));
  expect(top.map((c) => [c.checkId, c.failures, c.learners])).toEqual([['pod-ready', 3, 2], ['logs-followed', 1, 1]]);
  expect(top[0].hints).toEqual([{ text: { ko: 'image typo-ko — wait-ko', en: 'image typo — wait' }, count: 2 }, { text: text('wait'), count: 1 }]);
});

it('takes the median time from opening a step to passing it', () => {
  expect(median([5, 1, 3])).toBe(3);
  expect(median([4, 1, 3, 2])).toBe(2.5);
  expect(median([])).toBeUndefined();
  const steps = [60, 120, 600].map((s, i) => ({ userId: `u${i}`, labId: 'pods', stepId: 'run', startedAt: T, lastSeenAt: T, passedAt: T + s * 1000, attempts: 1, bestScore: 1 }));
  expect(stepTimes(lab, new Set(['u0', 'u1', 'u2']), steps)).toEqual([{ stepId: 'run', passed: 3, medianSeconds: 120 }, { stepId: 'logs', passed: 0 }]);
});

it('calls stuck only who failed the same check in a row for longer than the threshold, recently, and not passed since', () => {
  const now = T + 30 * MIN;
  const failing = (_at: number) => [result('pod-ready', 'failed'), result('pod-exists', 'passed')];
  const attempts = [
    // a: failing pod-ready since T+10 min (3 tries): stuck for a 15-minute threshold
    attempt('a', 'run', T + 10 * MIN, failing(0)),
    attempt('a', 'run', T + 20 * MIN, failing(0)),
    attempt('a', 'run', T + 28 * MIN, failing(0)),
    // b: failed long ago, then passed
    attempt('b', 'run', T, failing(0)),
    attempt('b', 'run', T + MIN, failing(0)),
    attempt('b', 'run', T + 2 * MIN, [result('pod-ready', 'passed')]),
    // c: failing for 25 minutes but last tried 45 minutes ago: gone, not stuck now
    attempt('c', 'run', T - 60 * MIN, failing(0)),
    attempt('c', 'run', T - 15 * MIN, failing(0)),
    // d: a different check failing each time: not the same check in a row
    attempt('d', 'run', T + 5 * MIN, [result('pod-exists', 'failed')]),
    attempt('d', 'run', T + 29 * MIN, [result('pod-ready', 'failed')]),
  ];
  const who = new Set(['a', 'b', 'c', 'd']);
  expect(stuckNow(attempts, who, now, 15).map((s) => [s.userId, s.checkId, s.attempts, s.since])).toEqual([['a', 'pod-ready', 3, T + 10 * MIN]]);
  expect(stuckNow(attempts, who, now, 25)).toEqual([]);
});
