// JUnit XML for CI systems: one <testsuite> per lab, one <testcase> per check (classname lab.step), failures
// carrying expected/found/hint; checks that need real containers are <skipped>, neither pass nor fail.
import type { Lang } from '../checks/types';
import type { LabGrade } from '../engine';
import { explain, localize } from './summary';

export function xmlEscape(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

export function formatJUnit(grades: LabGrade[], lang: Lang = 'en'): string {
  const attrs = (o: Record<string, string | number>) => Object.entries(o).map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`).join('');
  const suites: string[] = [];
  let all = { tests: 0, failures: 0, errors: 0, skipped: 0, ms: 0 };
  for (const g of grades) {
    const results = g.steps.flatMap((s) => s.results.map((r) => ({ step: s, r })));
    const count = {
      tests: results.length,
      failures: results.filter((x) => x.r.status === 'failed').length,
      errors: results.filter((x) => x.r.status === 'error').length,
      skipped: results.filter((x) => x.r.status === 'needs-docker').length,
    };
    all = { tests: all.tests + count.tests, failures: all.failures + count.failures, errors: all.errors + count.errors, skipped: all.skipped + count.skipped, ms: all.ms + g.durationMs };
    const cases = results.map(({ step, r }) => {
      const head = `    <testcase${attrs({ classname: `${g.labId}.${step.stepId}`, name: `${r.id}: ${localize(r.title, lang)}`, time: seconds(step.durationMs / Math.max(1, step.results.length)) })}`;
      const message = explain(r, lang);
      switch (r.status) {
        case 'passed':
          return `${head}/>`;
        case 'failed':
          return `${head}>\n      <failure${attrs({ type: 'failed', message: message.replace(/\n/g, '; ') })}>${xmlEscape(message)}</failure>\n    </testcase>`;
        case 'error':
          return `${head}>\n      <error${attrs({ type: 'error', message: localize(r.found, lang) })}>${xmlEscape(message)}</error>\n    </testcase>`;
        case 'needs-docker':
          return `${head}>\n      <skipped${attrs({ message: localize(r.found, lang) })}/>\n    </testcase>`;
      }
    });
    suites.push(`  <testsuite${attrs({ name: g.labId, ...count, time: seconds(g.durationMs) })}>\n${cases.join('\n')}\n  </testsuite>`);
  }
  const root = attrs({ name: 'kubelab', tests: all.tests, failures: all.failures, errors: all.errors, skipped: all.skipped, time: seconds(all.ms) });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${root}>\n${suites.join('\n')}\n</testsuites>\n`;
}
