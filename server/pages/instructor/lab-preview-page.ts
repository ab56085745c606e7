// The instructors' view of the course as authors wrote it: every lab with the problems found in its files
// (`file:line: message`), and one lab with each step's text, its solution script, its checks and its deliberate
// wrong attempts — what a learner reads and what proves it, side by side, without solving the lab first.
import YAML from 'yaml';
import type { Lang } from '../../../grader/checks/types';
import { pickText, type Lab } from '../../../grader/lab-format';
import { t } from '../../i18n';
import { html, raw, type SafeHtml } from '../../http/html';
import { instructorPage, type InstructorView } from './frame';
import { iw } from './words';

export function labsPreviewPage(v: InstructorView, o: { labs: Lab[]; problems: string[]; labsDir: string }): string {
  const { lang } = v;
  const rows = o.labs.map(
    (l) => html`<tr><th scope="row"><a href="/instructor/labs/${l.id}">${String(l.order).padStart(2, '0')} ${pickText(l.title, lang).text}</a></th><td><code>${l.id}</code></td><td class="num">${l.steps.length}</td><td class="num">${l.estimatedMinutes} ${iw(lang, 'minutesShort')}</td><td>${l.prerequisites.join(', ')}</td></tr>`,
  );
  const body = html`<section class="labs-preview">
  <h1>${iw(lang, 'labsPreview')}</h1>
  <table class="data-table"><thead><tr><th scope="col">${t(lang, 'lab')}</th><th scope="col">id</th><th scope="col">${t(lang, 'steps')}</th><th scope="col">${iw(lang, 'minutesShort')}</th><th scope="col">${iw(lang, 'prerequisites')}</th></tr></thead><tbody>${rows}</tbody></table>
  <h2>${iw(lang, 'labProblems')}</h2>
  ${o.problems.length ? html`<ul class="lab-problems" data-lab-problems>${o.problems.map((p) => html`<li><code>${p}</code></li>`)}</ul>` : html`<p data-lab-problems>${iw(lang, 'noProblems')}</p>`}
  <p class="muted"><code>${o.labsDir}</code> · docs/AUTHORING.md</p>
</section>`;
  return instructorPage(v, { title: iw(lang, 'labsPreview'), path: '/instructor/labs', body, current: '/instructor/labs' });
}

export interface PreviewStep {
  id: string;
  title: string;
  html?: string;
  fallback: boolean;
  solution?: string;
  checks?: unknown[];
  wrong?: unknown[];
}

function codeBlock(title: string, text: string): SafeHtml {
  return html`<details class="preview-block" open><summary>${title}</summary><pre><code>${text}</code></pre></details>`;
}

export function labPreviewPage(v: InstructorView, o: { lab: Lab; steps: PreviewStep[]; prerequisites: { id: string; title: string }[] }): string {
  const { lang } = v;
  const lab = o.lab;
  const steps = o.steps.map(
    (s, i) => html`<article class="preview-step card" data-preview-step="${s.id}">
  <h2>${i + 1}. ${s.title} <small><code>${s.id}</code></small></h2>
  <div class="preview-columns">
    <div class="lesson-body">${s.fallback ? html`<p class="fallback-notice">${t(lang, 'fallbackNotice')}</p>` : ''}${s.html ? raw(s.html) : ''}</div>
    <div class="preview-proof">
      ${s.solution ? codeBlock(iw(lang, 'solutionScript'), s.solution) : html`<p class="muted">${iw(lang, 'noSolution')}</p>`}
      ${s.checks?.length ? codeBlock(`${iw(lang, 'checksYaml')} (${s.checks.length})`, YAML.stringify(s.checks)) : ''}
      ${s.wrong?.length ? codeBlock(`${iw(lang, 'wrongAttempts')} (${s.wrong.length})`, YAML.stringify(s.wrong)) : ''}
    </div>
  </div>
</article>`,
  );
  const body = html`<section class="lab-preview">
  <h1><span class="lab-no">${String(lab.order).padStart(2, '0')}</span> ${pickText(lab.title, lang).text}</h1>
  <p>${pickText(lab.summary, lang).text}</p>
  <p class="muted">${lab.estimatedMinutes} ${iw(lang, 'minutesShort')} · ${lab.steps.length} ${t(lang, 'steps')}${o.prerequisites.length ? html` · ${iw(lang, 'prerequisites')}: ${o.prerequisites.map((p, i) => html`${i ? ', ' : ''}<a href="/instructor/labs/${p.id}">${p.title}</a>`)}` : ''}
   · <a href="/${lang}/labs/${lab.id}">${iw(lang, 'openAsLearner')}</a></p>
  ${steps}
</section>`;
  return instructorPage(v, { title: pickText(lab.title, lang).text, path: `/instructor/labs/${lab.id}`, body, current: '/instructor/labs', wide: true });
}

export type { Lang };
