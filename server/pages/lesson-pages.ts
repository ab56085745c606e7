// A lab step's page: the lesson text on one side, the learner's terminal and cluster map on the other (on a phone,
// one pane at a time with a switch bar at the bottom). It exists at /ko/... and /en/...; a missing translation shows
// the other language with a notice. Prerequisites not done yet are named at the top; the last step leads to the
// lab-complete page.
import type { Lang } from '../../grader/checks/types';
import { pickText, type Lab } from '../../grader/lab-format';
import type { Visitor } from '../auth/request-auth';
import type { StepPage } from '../lessons/catalogue';
import { otherLang, t } from '../i18n';
import { html, raw } from '../http/html';
import { page } from './layout';
import { labTools, type TerminalState } from './lab-tools';
import { checkPanel } from './check-panel';
import { localizedText } from './catalogue-page';

export { cataloguePage } from './catalogue-page';

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
  /** Prerequisite labs the learner has not completed. */
  openPrerequisites?: Lab[];
  /** Terminal tabs with a running shell. */
  terminalTabs?: number[];
  /** Whether "save as file" can write into the learner's home here. */
  canSaveFiles?: boolean;
}

export function lessonPage(o: LessonPageOptions): string {
  const { lang, step: s } = o;
  const lab = s.lab;
  const other = otherLang(lang);
  const stepTitle = pickText(s.step.title, lang).text;
  const stepHref = (id: string) => `/${lang}/labs/${lab.id}/${id}`;
  const passed = o.passedSteps ?? new Set<string>();
  // The <ol> numbers the steps; the titles carry no number of their own.
  const nav = lab.steps.map(
    (st) =>
      html`<li${st.id === s.step.id ? raw(' aria-current="step"') : ''} data-step-id="${st.id}"${passed.has(st.id) ? raw(' class="passed"') : ''}><a href="${stepHref(st.id)}">${localizedText(st.title, lang)}</a>${passed.has(st.id) ? html` <span class="step-done" aria-label="${t(lang, 'passedWord')}">✓</span>` : ''}</li>`,
  );
  const done = lab.steps.filter((st) => passed.has(st.id)).length;
  const completeHref = `/${lang}/labs/${lab.id}/complete`;
  const prereqs = o.openPrerequisites?.length
    ? html`<p class="prereq-notice" data-prereq-notice role="note">${t(lang, 'prerequisitesOpen')} ${o.openPrerequisites.map(
        (p, i) => html`${i ? ', ' : ''}<a href="/${lang}/labs/${p.id}">${String(p.order).padStart(2, '0')} ${localizedText(p.title, lang)}</a>`,
      )}</p>`
    : '';
  const filesAction = o.canSaveFiles ? `/api/labs/${encodeURIComponent(lab.id)}/steps/${encodeURIComponent(s.step.id)}/files?lang=${lang}` : '';
  const body = html`<div class="workspace" data-pane="lesson">
  <article class="lesson" id="pane-lesson" aria-labelledby="step-title"${filesAction ? html` data-files-action="${filesAction}"` : ''}>
    <nav class="step-nav" aria-label="${t(lang, 'steps')}">
      <p class="lab-name"><a href="/${lang}/labs">${t(lang, 'labs')}</a> › ${localizedText(lab.title, lang)}</p>
      <ol>${nav}</ol>
    </nav>
    <p class="step-count">${t(lang, 'step')} ${s.index + 1} / ${lab.steps.length} · <span data-lab-progress>${done}</span> / ${lab.steps.length} ${t(lang, 'stepsDone')}${done === lab.steps.length ? html` · <a class="lab-complete" href="${completeHref}">${t(lang, 'labComplete')}</a>` : ''}</p>
    ${prereqs}
    <h1 id="step-title">${stepTitle}</h1>
    ${s.fallback ? html`<p class="fallback-notice" role="note">${t(lang, 'fallbackNotice')}</p>` : ''}
    <div class="lesson-body" lang="${s.textLang}">${raw(s.html)}</div>
    ${checkPanel({ lang, lab, step: s.step, passed: passed.has(s.step.id), lastIndex: s.index === lab.steps.length - 1, otherLab: o.otherLab, csrf: o.visitor.csrf, completeHref })}
    <nav class="step-pager" aria-label="${t(lang, 'steps')}">
      ${s.prev ? html`<a rel="prev" class="button" href="${stepHref(s.prev.id)}">← ${t(lang, 'previous')}</a>` : html`<span></span>`}
      ${s.next ? html`<a rel="next" class="button primary" href="${stepHref(s.next.id)}">${t(lang, 'next')} →</a>` : html`<a class="button primary" data-finish-lab href="${completeHref}">${t(lang, 'finishLab')} →</a>`}
    </nav>
  </article>
  ${labTools({ lang, ownerId: o.visitor.user!.id, csrf: o.visitor.csrf, readOnly: false, terminal: o.terminal, tabs: o.terminalTabs })}
  <nav class="pane-switch" aria-label="${t(lang, 'panes')}">
    <button type="button" data-show-pane="lesson">${t(lang, 'lessonPane')}</button>
    <button type="button" data-show-pane="terminal">${t(lang, 'terminal')}</button>
    <button type="button" data-show-pane="map">${t(lang, 'clusterMap')}</button>
  </nav>
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
