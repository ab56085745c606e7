// The catalogue of labs and a lab step's page: the lesson text on one side, the learner's terminal and cluster map
// on the other. Both exist at /ko/... and /en/...; a missing translation shows the other language with a notice.
import type { Lang } from '../../grader/checks/types';
import { pickText, type Lab } from '../../grader/lab-format';
import type { Visitor } from '../auth/request-auth';
import type { StepPage } from '../lessons/catalogue';
import { otherLang, t } from '../i18n';
import { html, raw } from '../http/html';
import { page } from './layout';
import { labTools, type TerminalState } from './lab-tools';
import { checkPanel } from './check-panel';

function localizedText(text: Lab['title'], lang: Lang) {
  const picked = pickText(text, lang);
  return picked.fallback ? html`<span lang="${picked.lang}">${picked.text}</span>` : html`${picked.text}`;
}

export function cataloguePage(o: { lang: Lang; visitor: Visitor; labs: Lab[]; guestMode?: boolean }): string {
  const { lang } = o;
  const cards = o.labs.map(
    (lab) => html`<li class="lab-card">
  <a href="/${lang}/labs/${lab.id}/${lab.steps[0].id}" class="lab-link">
    <span class="lab-order">${String(lab.order).padStart(2, '0')}</span>
    <span class="lab-title">${localizedText(lab.title, lang)}</span>
  </a>
  <p class="lab-summary">${localizedText(lab.summary, lang)}</p>
  <p class="lab-meta">${lab.estimatedMinutes} ${t(lang, 'minutes')} · ${lab.steps.length} ${t(lang, 'steps')}</p>
</li>`,
  );
  const body = html`<section class="catalogue">
  <h1>${t(lang, 'labs')}</h1>
  ${o.labs.length ? html`<ol class="lab-list">${cards}</ol>` : html`<p>${t(lang, 'noLabs')}</p>`}
</section>`;
  return page({ lang, title: t(lang, 'labs'), visitor: o.visitor, body, path: `/${lang}/labs`, otherLangHref: `/${otherLang(lang)}/labs`, guestMode: o.guestMode });
}

export interface LessonPageOptions {
  lang: Lang;
  visitor: Visitor;
  step: StepPage;
  terminal: TerminalState;
  guestMode?: boolean;
  /** Ids of this lab's steps the learner has passed. */
  passedSteps?: ReadonlySet<string>;
  /** The lab whose objects the learner's cluster holds, when it is not this one. */
  otherLab?: Pick<Lab, 'id' | 'title'>;
}

export function lessonPage(o: LessonPageOptions): string {
  const { lang, step: s } = o;
  const lab = s.lab;
  const other = otherLang(lang);
  const stepTitle = pickText(s.step.title, lang).text;
  const stepHref = (id: string) => `/${lang}/labs/${lab.id}/${id}`;
  const passed = o.passedSteps ?? new Set<string>();
  const nav = lab.steps.map(
    (st, i) =>
      html`<li${st.id === s.step.id ? raw(' aria-current="step"') : ''} data-step-id="${st.id}"${passed.has(st.id) ? raw(' class="passed"') : ''}><a href="${stepHref(st.id)}">${i + 1}. ${localizedText(st.title, lang)}</a>${passed.has(st.id) ? html` <span class="step-done" aria-label="${t(lang, 'passedWord')}">✓</span>` : ''}</li>`,
  );
  const done = lab.steps.filter((st) => passed.has(st.id)).length;
  const body = html`<div class="workspace">
  <article class="lesson" aria-labelledby="step-title">
    <nav class="step-nav" aria-label="${t(lang, 'steps')}">
      <p class="lab-name"><a href="/${lang}/labs">${t(lang, 'labs')}</a> › ${localizedText(lab.title, lang)}</p>
      <ol>${nav}</ol>
    </nav>
    <p class="step-count">${t(lang, 'step')} ${s.index + 1} / ${lab.steps.length} · <span data-lab-progress>${done}</span> / ${lab.steps.length} ${t(lang, 'stepsDone')}${done === lab.steps.length ? html` · <strong class="lab-complete">${t(lang, 'labComplete')}</strong>` : ''}</p>
    <h1 id="step-title">${stepTitle}</h1>
    ${s.fallback ? html`<p class="fallback-notice" role="note">${t(lang, 'fallbackNotice')}</p>` : ''}
    <div class="lesson-body" lang="${s.textLang}">${raw(s.html)}</div>
    ${checkPanel({ lang, lab, step: s.step, passed: passed.has(s.step.id), lastIndex: s.index === lab.steps.length - 1, otherLab: o.otherLab, csrf: o.visitor.csrf })}
    <nav class="step-pager" aria-label="${t(lang, 'steps')}">
      ${s.prev ? html`<a rel="prev" class="button" href="${stepHref(s.prev.id)}">← ${t(lang, 'previous')}</a>` : html`<span></span>`}
      ${s.next ? html`<a rel="next" class="button primary" href="${stepHref(s.next.id)}">${t(lang, 'next')} →</a>` : ''}
    </nav>
  </article>
  ${labTools({ lang, ownerId: o.visitor.user!.id, csrf: o.visitor.csrf, readOnly: false, terminal: o.terminal })}
</div>`;
  return page({
    lang,
    title: `${stepTitle} · ${pickText(lab.title, lang).text}`,
    visitor: o.visitor,
    body,
    path: stepHref(s.step.id),
    otherLangHref: `/${other}/labs/${lab.id}/${s.step.id}`,
    bodyClass: 'lesson-page',
    guestMode: o.guestMode,
  });
}
