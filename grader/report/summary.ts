// Shared by every output format: results in one language, counts by status, and the overall verdict with the
// CLI's exit code (0 all passed, 1 something failed or errored, 3 only checks that need real containers left).
import type { CheckResult, CheckStatus, Lang, Text } from '../checks/types';
import type { LabGrade } from '../engine';

export function localize(text: Text, lang: Lang): string {
  return text[lang] || text.en;
}

export type Tally = Record<CheckStatus, number>;

export function tally(grades: LabGrade[]): Tally {
  const out: Tally = { passed: 0, failed: 0, 'needs-docker': 0, error: 0 };
  for (const g of grades) for (const s of g.steps) for (const r of s.results) out[r.status]++;
  return out;
}

export function exitCodeOf(grades: LabGrade[]): number {
  const t = tally(grades);
  if (t.failed || t.error) return 1;
  if (t['needs-docker']) return 3;
  return 0;
}

/** expected / found / hint as lines, for failure messages everywhere. */
export function explain(r: CheckResult, lang: Lang): string {
  const lines = [`${lang === 'ko' ? '기대' : 'expected'}: ${localize(r.expected, lang)}`, `${lang === 'ko' ? '실제' : 'found'}: ${localize(r.found, lang)}`];
  if (r.diagnosis && r.status !== 'passed') lines.push(`${lang === 'ko' ? '원인' : 'why'}: ${localize(r.diagnosis, lang)}`);
  if (r.status !== 'passed') lines.push(`${lang === 'ko' ? '힌트' : 'hint'}: ${localize(r.hint, lang)}`);
  if (r.details && r.status !== 'passed') lines.push(`${lang === 'ko' ? '자세히' : 'details'}: ${localize(r.details, lang)}`);
  return lines.join('\n');
}
