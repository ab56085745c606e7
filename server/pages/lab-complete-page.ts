// The page at the end of a lab (/<lang>/labs/<lab>/complete): what the learner did in it (each step, passed or
// not yet, with a link back), what the lab was about, and the next lab with one button to start it — or, while
// steps remain, the way back to the first one not yet passed.
import type { Lang } from '../../grader/checks/types';
import { pickText, type Lab } from '../../grader/lab-format';
import type { Visitor } from '../auth/request-auth';
import type { LabStatus } from '../lessons/course-flow';
import { t } from '../i18n';
import { html } from '../http/html';
import { page } from './layout';
import { localizedText, prerequisiteLine } from './catalogue-page';
import type { StepProgress } from '../progress/progress-store';

export function labCompletePage(o: { lang: Lang; visitor: Visitor; labs: Lab[]; status: LabStatus; next?: Lab; steps: StepProgress[]; guestMode?: boolean }): string {
  const { lang, status } = o;
  const lab = status.lab;
  const stepHref = (id: string) => `/${lang}/labs/${lab.id}/${id}`;
  const items = lab.steps.map((s) => {
    const done = status.passed.has(s.id);
    return html`<li class="${done ? 'passed' : 'open'}" data-step-id="${s.id}"><span class="mark" aria-hidden="true">${done ? '✓' : '○'}</span> <a href="${stepHref(s.id)}">${localizedText(s.title, lang)}</a>${done ? '' : html` <span class="muted">(${t(lang, 'failedWord')})</span>`}</li>`;
  });
  const firstOpen = lab.steps.find((s) => !status.passed.has(s.id));
  const next = o.next
    ? html`<section class="next-lab" data-next-lab="${o.next.id}">
    <h2>${t(lang, 'nextLab')}: ${String(o.next.order).padStart(2, '0')} ${localizedText(o.next.title, lang)}</h2>
    <p>${localizedText(o.next.summary, lang)}</p>
    <p class="lab-meta">${o.next.estimatedMinutes} ${t(lang, 'minutes')} · ${o.next.steps.length} ${t(lang, 'steps')}</p>
    ${prerequisiteLine(lang, o.labs, o.next, o.steps)}
    <p><a class="button primary big" data-start-next href="/${lang}/labs/${o.next.id}/${o.next.steps[0].id}">${t(lang, 'startNextLab')} →</a></p>
  </section>`
    : html`<p class="all-done" data-all-done>${t(lang, 'allLabsDone')}</p>`;
  const body = html`<section class="lab-complete-page" data-complete="${status.complete ? 'true' : 'false'}">
  <p class="lab-name"><a href="/${lang}/labs">${t(lang, 'labs')}</a> › ${localizedText(lab.title, lang)}</p>
  <h1>${status.complete ? t(lang, 'labComplete') : t(lang, 'labNotComplete')}</h1>
  <p class="lab-recap">${localizedText(lab.summary, lang)}</p>
  <h2>${t(lang, 'whatYouDid')} <small>(${status.done} / ${status.total})</small></h2>
  <ol class="recap-steps">${items}</ol>
  ${!status.complete && firstOpen ? html`<p><a class="button primary" data-back-to-step href="${stepHref(firstOpen.id)}">${t(lang, 'backToStep')}: ${localizedText(firstOpen.title, lang)}</a></p>` : ''}
  ${next}
</section>`;
  return page({ lang, title: `${pickText(lab.title, lang).text} · ${t(lang, status.complete ? 'labComplete' : 'labNotComplete')}`, visitor: o.visitor, body, path: `/${lang}/labs/${lab.id}/complete`, otherLangHref: `/${lang === 'ko' ? 'en' : 'ko'}/labs/${lab.id}/complete`, guestMode: o.guestMode });
}
