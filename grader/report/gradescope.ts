// Gradescope autograder results.json: one test per check worth one point. Checks that need real containers are
// listed with max_score 0, so an environment without Docker neither awards nor withholds points for them.
import type { Lang } from '../checks/types';
import type { LabGrade } from '../engine';
import { explain, localize, tally } from './summary';

export interface GradescopeTest {
  name: string;
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
  output: string;
  visibility: 'visible';
}

export interface GradescopeResults {
  score: number;
  max_score: number;
  output: string;
  execution_time: number;
  tests: GradescopeTest[];
}

export function toGradescope(grades: LabGrade[], lang: Lang = 'en'): GradescopeResults {
  const tests: GradescopeTest[] = [];
  for (const g of grades) {
    for (const s of g.steps) {
      for (const r of s.results) {
        const counts = r.status !== 'needs-docker';
        tests.push({
          name: `${g.labId} / ${s.stepId} / ${r.id}: ${localize(r.title, lang)}`,
          score: r.status === 'passed' ? 1 : 0,
          max_score: counts ? 1 : 0,
          status: r.status === 'passed' ? 'passed' : 'failed',
          output: r.status === 'needs-docker' ? `not graded: ${localize(r.found, lang)}` : explain(r, lang),
          visibility: 'visible',
        });
      }
    }
  }
  const t = tally(grades);
  return {
    score: tests.reduce((a, x) => a + x.score, 0),
    max_score: tests.reduce((a, x) => a + x.max_score, 0),
    output: `${t.passed} passed, ${t.failed} failed, ${t.error} errors, ${t['needs-docker']} need real containers`,
    execution_time: Math.round(grades.reduce((a, g) => a + g.durationMs, 0) / 1000),
    tests,
  };
}
