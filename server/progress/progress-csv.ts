// The class table as CSV for a gradebook: one row per learner and lab step, with status, attempts, best score,
// when it was started and passed, and the time spent (first visit to pass, or to the last visit). UTF-8 with a
// byte-order mark, which is how Excel knows the file is UTF-8 (without it, Korean names turn to mojibake); the same
// rows also go to an .xlsx (xlsx.ts). RFC 4180 quoting;
// cells that a spreadsheet would run as a formula (=, +, -, @, tab or CR first, also after spaces or in their
// full-width forms) are prefixed with a quote; names and e-mails are the learners' own text.
import type { Lab } from '../../grader/lab-format';
import type { User } from '../auth/users';
import type { StepProgress } from './progress-store';

function cell(v: string | number | undefined): string {
  let s = v === undefined ? '' : String(v);
  if (/^[\s\u3000]*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const iso = (ms: number | undefined) => (ms === undefined ? '' : new Date(ms).toISOString());

/** Seconds from the first visit to the pass (or to the last visit while not passed). */
export function timeSpentSeconds(p: StepProgress): number {
  return Math.max(0, Math.round(((p.passedAt ?? p.lastSeenAt) - p.startedAt) / 1000));
}

/** The table's rows (header first), as the CSV and the .xlsx carry them. */
export function progressRows(labs: Lab[], learners: User[], steps: (StepProgress & { userId: string })[]): (string | number)[][] {
  const byKey = new Map(steps.map((p) => [`${p.userId}|${p.labId}|${p.stepId}`, p]));
  const rows: (string | number)[][] = [['email', 'name', 'lab', 'step', 'status', 'attempts', 'best_score', 'started_at', 'passed_at', 'time_spent_seconds']];
  for (const u of learners) {
    for (const lab of labs) {
      for (const step of lab.steps) {
        const p = byKey.get(`${u.id}|${lab.id}|${step.id}`);
        const status = !p ? 'not started' : p.passedAt !== undefined ? 'passed' : 'started';
        rows.push([u.email, u.name, lab.id, step.id, status, p?.attempts ?? 0, p ? p.bestScore.toFixed(2) : '', iso(p?.startedAt), iso(p?.passedAt), p ? timeSpentSeconds(p) : '']);
      }
    }
  }
  return rows;
}

/** UTF-8 byte-order mark: Excel reads the file as UTF-8 only when it is there. */
export const UTF8_BOM = '\uFEFF';

export function progressCsv(labs: Lab[], learners: User[], steps: (StepProgress & { userId: string })[]): string {
  const lines = progressRows(labs, learners, steps).map((row) => row.map(cell).join(','));
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`;
}
