// Plain-text report for a terminal: one line per check with ✓/✗, and for anything not passed what was expected,
// what was found and the hint.
import type { CheckStatus, Lang } from '../checks/types';
import type { LabGrade } from '../engine';
import { localize, tally } from './summary';

const MARK: Record<CheckStatus, string> = { passed: '✓', failed: '✗', 'needs-docker': '◌', error: '!' };

export function formatText(grades: LabGrade[], lang: Lang = 'en'): string {
  const ko = lang === 'ko';
  const out: string[] = [];
  for (const g of grades) {
    out.push(`${ko ? '실습' : 'Lab'} ${g.labId}`);
    for (const s of g.steps) {
      out.push(`  ${ko ? '단계' : 'step'} ${s.stepId}`);
      for (const r of s.results) {
        out.push(`    ${MARK[r.status]} ${r.id}: ${localize(r.title, lang)}`);
        if (r.status === 'passed') continue;
        if (r.status === 'needs-docker') out.push(`        ${ko ? '도커 런타임 필요' : 'needs real containers (docker runtime)'}`);
        out.push(`        ${ko ? '기대' : 'expected'}: ${localize(r.expected, lang)}`);
        out.push(`        ${ko ? '실제' : 'found'}:    ${localize(r.found, lang)}`);
        if (r.diagnosis) out.push(`        ${ko ? '원인' : 'why'}:      ${localize(r.diagnosis, lang)}`);
        out.push(`        ${ko ? '힌트' : 'hint'}:     ${localize(r.hint, lang)}`);
        if (r.details) out.push(`        ${ko ? '자세히' : 'details'}:  ${localize(r.details, lang)}`);
      }
    }
  }
  const t = tally(grades);
  out.push(
    ko
      ? `통과 ${t.passed}, 실패 ${t.failed}, 오류 ${t.error}, 도커 필요 ${t['needs-docker']}`
      : `${t.passed} passed, ${t.failed} failed, ${t.error} errors, ${t['needs-docker']} need real containers`,
  );
  return `${out.join('\n')}\n`;
}
