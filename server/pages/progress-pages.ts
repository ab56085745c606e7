// A learner's own progress page: steps done per lab, the labs assigned to their groups with due dates, their
// attempts with each criterion, joining a group. (The instructors' pages are in pages/instructor/.)
import type { CheckResult, Lang } from '../../grader/checks/types';
import { pickText, type Lab } from '../../grader/lab-format';
import type { Visitor } from '../auth/request-auth';
import { t, type WordKey } from '../i18n';
import { html, type SafeHtml } from '../http/html';
import type { Group } from '../progress/groups';
import { timeSpentSeconds } from '../progress/progress-csv';
import type { Attempt, StepProgress } from '../progress/progress-store';
import type { Assignment } from '../progress/assignments';
import { formatMoment } from '../../web/time-format';
import { duration } from './instructor/frame';
import { page } from './layout';

const ASSIGNED_WORDS = {
  title: { ko: '과제', en: 'Assigned to you' },
  due: { ko: '마감', en: 'due' },
  noDue: { ko: '마감 없음', en: 'no due date' },
} as const;

function minutes(seconds: number, lang: Lang): string {
  return duration(seconds, lang);
}

function when(ms: number, lang: Lang, tz = 'UTC'): SafeHtml {
  return html`<time datetime="${new Date(ms).toISOString()}" data-ms="${ms}">${formatMoment(ms, lang, tz)}</time>`;
}

function criterion(r: CheckResult, lang: Lang): SafeHtml {
  const mark = r.status === 'passed' ? '✓' : r.status === 'needs-docker' ? '–' : '✗';
  return html`<li class="criterion ${r.status}"><span class="mark" aria-hidden="true">${mark}</span> ${r.title[lang]}
  ${r.status === 'passed' ? '' : html`<div class="detail">${t(lang, 'expected')}: ${r.expected[lang]} · ${t(lang, 'found')}: ${r.found[lang]}</div>`}</li>`;
}

function attemptsTable(lang: Lang, labs: Lab[], attempts: Attempt[], tz = 'UTC'): SafeHtml {
  if (!attempts.length) return html`<p>${t(lang, 'noAttempts')}</p>`;
  const labTitle = (id: string) => {
    const lab = labs.find((l) => l.id === id);
    return lab ? pickText(lab.title, lang).text : id;
  };
  const stepTitle = (labId: string, stepId: string) => {
    const step = labs.find((l) => l.id === labId)?.steps.find((s) => s.id === stepId);
    return step ? pickText(step.title, lang).text : stepId;
  };
  const rows = attempts.map(
    (a) => html`<tr class="${a.passed ? 'passed' : 'failed'}">
  <td>${when(a.createdAt, lang, tz)}</td><td>${labTitle(a.labId)}</td><td>${stepTitle(a.labId, a.stepId)}</td>
  <td>${a.passed ? `✓ ${t(lang, 'passedWord')}` : `✗ ${t(lang, 'failedWord')}`} (${Math.round(a.score * 100)}%)</td>
  <td><ul class="criteria">${a.criteria.map((r) => criterion(r, lang))}</ul></td>
</tr>`,
  );
  return html`<table class="attempts"><thead><tr><th>${t(lang, 'when')}</th><th>${t(lang, 'lab')}</th><th>${t(lang, 'step')}</th><th>${t(lang, 'result')}</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
}

function labSummary(lang: Lang, lab: Lab, steps: StepProgress[]): { done: number; seconds: number; started: boolean } {
  const mine = steps.filter((p) => p.labId === lab.id);
  return {
    done: lab.steps.filter((s) => mine.some((p) => p.stepId === s.id && p.passedAt !== undefined)).length,
    seconds: mine.reduce((n, p) => n + timeSpentSeconds(p), 0),
    started: mine.length > 0,
  };
}

export function myProgressPage(o: {
  lang: Lang; visitor: Visitor; labs: Lab[]; steps: StepProgress[]; attempts: Attempt[]; groups: Group[]; notice?: WordKey; guestMode?: boolean;
  assignments?: Assignment[]; tz?: string;
}): string {
  const { lang } = o;
  const tz = o.tz ?? 'UTC';
  const assigned = (o.assignments ?? []).map((a) => {
    const lab = o.labs.find((l) => l.id === a.labId);
    if (!lab) return '';
    const s = labSummary(lang, lab, o.steps);
    const group = o.groups.find((g) => g.id === a.groupId);
    const overdue = a.dueAt !== undefined && a.dueAt < Date.now() && s.done < lab.steps.length;
    return html`<li data-assigned="${lab.id}"${overdue ? ' class="overdue"' : ''}><a href="/${lang}/labs/${lab.id}">${pickText(lab.title, lang).text}</a> — ${s.done} / ${lab.steps.length} ${t(lang, 'stepsDone')}
      · ${a.dueAt !== undefined ? html`${ASSIGNED_WORDS.due[lang]} ${when(a.dueAt, lang, tz)}` : ASSIGNED_WORDS.noDue[lang]}${group ? html` <span class="tag">${group.name}</span>` : ''}</li>`;
  });
  const labs = o.labs.map((lab) => {
    const s = labSummary(lang, lab, o.steps);
    return html`<li><a href="/${lang}/labs/${lab.id}">${pickText(lab.title, lang).text}</a> — <span data-lab-done="${lab.id}">${s.done}</span> / ${lab.steps.length} ${t(lang, 'stepsDone')}${s.started ? ` · ${t(lang, 'timeSpent')} ${minutes(s.seconds, lang)}` : ''}</li>`;
  });
  const body = html`<section class="progress-page">
  <h1>${t(lang, 'myProgress')}</h1>
  ${o.notice ? html`<p class="notice" role="status">${t(lang, o.notice)}</p>` : ''}
  ${assigned.length ? html`<h2>${ASSIGNED_WORDS.title[lang]}</h2><ul class="assigned-labs">${assigned}</ul>` : ''}
  <ol class="lab-progress">${labs}</ol>
  <h2>${t(lang, 'joinGroup')}</h2>
  ${o.groups.length ? html`<p>${t(lang, 'groups')}: ${o.groups.map((g) => g.name).join(', ')}</p>` : ''}
  <form method="post" action="/groups/join" class="inline-form">
    <input type="hidden" name="_csrf" value="${o.visitor.csrf}">
    <label>${t(lang, 'joinCode')} <input name="code" required maxlength="12" autocomplete="off"></label>
    <button type="submit">${t(lang, 'joinGroup')}</button>
  </form>
  <h2>${t(lang, 'attempts')}</h2>
  ${attemptsTable(lang, o.labs, o.attempts, tz)}
</section>`;
  return page({ lang, title: t(lang, 'myProgress'), visitor: o.visitor, body, path: `/${lang}/progress`, otherLangHref: `/${lang === 'ko' ? 'en' : 'ko'}/progress`, guestMode: o.guestMode });
}
