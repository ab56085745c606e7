// The home page and catalogue in one (/ko/labs, /en/labs): what kubelab is, one big button that starts lab 1 or
// carries on where the learner stopped, and a card per lab with its progress, its prerequisites and whether it is
// done. A visitor who is not signed in is asked to sign up first (progress is kept per account).
import type { Lang } from '../../grader/checks/types';
import { pickText, type Lab } from '../../grader/lab-format';
import type { Visitor } from '../auth/request-auth';
import { labStatus, openPrerequisites, resumePoint, type LabStatus } from '../lessons/course-flow';
import type { StepProgress } from '../progress/progress-store';
import { otherLang, t } from '../i18n';
import { html, type SafeHtml } from '../http/html';
import { page } from './layout';

export function localizedText(text: Lab['title'], lang: Lang): SafeHtml {
  const picked = pickText(text, lang);
  return picked.fallback ? html`<span lang="${picked.lang}">${picked.text}</span>` : html`${picked.text}`;
}

const order = (lab: Lab) => String(lab.order).padStart(2, '0');

/** "Before this lab: 05 ReplicaSets" with links; the ones already done are marked. */
export function prerequisiteLine(lang: Lang, labs: Lab[], lab: Lab, steps: StepProgress[]): SafeHtml {
  if (!lab.prerequisites.length) return html``;
  const open = new Set(openPrerequisites(labs, lab, steps).map((l) => l.id));
  const items = lab.prerequisites
    .map((id) => labs.find((l) => l.id === id))
    .filter((l): l is Lab => !!l)
    .map((p) => html`<a href="/${lang}/labs/${p.id}" class="${open.has(p.id) ? 'prereq-open' : 'prereq-done'}">${order(p)} ${localizedText(p.title, lang)}${open.has(p.id) ? '' : ' ✓'}</a>`);
  return html`<p class="lab-prereq" data-prerequisites>${t(lang, 'prerequisites')}: ${items.map((a, i) => (i ? html`, ${a}` : a))}</p>`;
}

function statusBadge(lang: Lang, s: LabStatus): SafeHtml {
  const key = s.complete ? 'labDone' : s.started ? 'labStarted' : 'labNotStarted';
  return html`<span class="lab-status lab-status-${key}" data-lab-status="${key}">${t(lang, key)}</span>`;
}

function card(lang: Lang, labs: Lab[], lab: Lab, steps: StepProgress[], signedIn: boolean): SafeHtml {
  const s = labStatus(lab, steps);
  // The card opens the first step not yet passed.
  const step = lab.steps.find((st) => !s.passed.has(st.id)) ?? lab.steps[0];
  const progress = signedIn
    ? html`<div class="lab-progress-line"><progress max="${s.total}" value="${s.done}" aria-label="${t(lang, 'progress')}"></progress> <span data-lab-done="${lab.id}">${s.done}</span> / ${s.total} ${t(lang, 'stepsDone')} ${statusBadge(lang, s)}</div>`
    : '';
  return html`<li class="lab-card${s.complete ? ' complete' : ''}" data-lab="${lab.id}">
  <a href="/${lang}/labs/${lab.id}/${step.id}" class="lab-link">
    <span class="lab-order">${order(lab)}</span>
    <span class="lab-title">${localizedText(lab.title, lang)}</span>
  </a>
  <p class="lab-summary">${localizedText(lab.summary, lang)}</p>
  <p class="lab-meta">${lab.estimatedMinutes} ${t(lang, 'minutes')} · ${lab.steps.length} ${t(lang, 'steps')}</p>
  ${prerequisiteLine(lang, labs, lab, steps)}
  ${progress}
</li>`;
}

function hero(lang: Lang, labs: Lab[], steps: StepProgress[], signedIn: boolean): SafeHtml {
  const point = resumePoint(labs, steps);
  let action: SafeHtml;
  if (!signedIn) {
    const first = [...labs].sort((a, b) => a.order - b.order)[0];
    const next = first ? `/${lang}/labs/${first.id}/${first.steps[0].id}` : `/${lang}/labs`;
    action = html`<a class="button primary big" data-start-course href="/signup?next=${encodeURIComponent(next)}">${t(lang, 'signUpToStart')}</a> <a href="/signin?next=${encodeURIComponent(next)}">${t(lang, 'signIn')}</a>`;
  } else if (!point) {
    action = html`<p class="all-done" data-all-done>${t(lang, 'allLabsDone')}</p>`;
  } else {
    const label = point.kind === 'start' ? t(lang, 'startFirstLab') : point.kind === 'continue' ? t(lang, 'continueLab') : t(lang, 'startNextLab');
    action = html`<a class="button primary big" data-start-course="${point.kind}" href="/${lang}/labs/${point.lab.id}/${point.stepId}">${label}: ${order(point.lab)} ${localizedText(point.lab.title, lang)}</a>`;
  }
  return html`<section class="hero">
  <h1>${t(lang, 'homeTitle')}</h1>
  <p class="hero-intro">${t(lang, 'homeIntro')}</p>
  <p class="hero-action">${action}</p>
</section>`;
}

export function cataloguePage(o: { lang: Lang; visitor: Visitor; labs: Lab[]; steps?: StepProgress[]; guestMode?: boolean }): string {
  const { lang } = o;
  const steps = o.steps ?? [];
  const signedIn = !!o.visitor.user;
  const labs = [...o.labs].sort((a, b) => a.order - b.order);
  const body = html`<div class="catalogue">
  ${labs.length ? hero(lang, labs, steps, signedIn) : ''}
  <h2 id="labs-title">${t(lang, 'labs')}</h2>
  ${labs.length ? html`<ol class="lab-list" aria-labelledby="labs-title">${labs.map((lab) => card(lang, labs, lab, steps, signedIn))}</ol>` : html`<p>${t(lang, 'noLabs')}</p>`}
</div>`;
  return page({ lang, title: t(lang, 'labs'), visitor: o.visitor, body, path: `/${lang}/labs`, otherLangHref: `/${otherLang(lang)}/labs`, guestMode: o.guestMode });
}
