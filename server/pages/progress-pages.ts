// Progress pages: a learner's own progress (steps done per lab, their attempts with each criterion, joining a group),
// the instructor's class table (learners × labs with steps done and time spent, filtered by group, CSV export,
// groups with join codes), and one learner's attempts and requests (as their API server recorded them) for the
// instructor's drill-down.
import type { CheckResult, Lang } from '../../grader/checks/types';
import { pickText, type Lab } from '../../grader/lab-format';
import type { Visitor } from '../auth/request-auth';
import type { User } from '../auth/users';
import { t, type WordKey } from '../i18n';
import { html, typed, type SafeHtml } from '../http/html';
import type { Group } from '../progress/groups';
import { timeSpentSeconds } from '../progress/progress-csv';
import type { Attempt, StepProgress } from '../progress/progress-store';
import type { LoggedRequest } from '../progress/request-log';
import { describeRecord } from '../../grader/checks/did';
import { page } from './layout';

function minutes(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const m = Math.round(seconds / 60);
  return m < 60 ? `${m}m` : `${Math.floor(m / 60)}h ${m % 60}m`;
}

function when(ms: number, lang: Lang): string {
  return new Date(ms).toLocaleString(lang === 'ko' ? 'ko-KR' : 'en-GB', { timeZone: 'UTC', dateStyle: 'short', timeStyle: 'medium' }) + ' UTC';
}

function criterion(r: CheckResult, lang: Lang): SafeHtml {
  const mark = r.status === 'passed' ? '✓' : r.status === 'needs-docker' ? '–' : '✗';
  return html`<li class="criterion ${r.status}"><span class="mark" aria-hidden="true">${mark}</span> ${r.title[lang]}
  ${r.status === 'passed' ? '' : html`<div class="detail">${t(lang, 'expected')}: ${r.expected[lang]} · ${t(lang, 'found')}: ${r.found[lang]}</div>`}</li>`;
}

function attemptsTable(lang: Lang, labs: Lab[], attempts: Attempt[]): SafeHtml {
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
  <td>${when(a.createdAt, lang)}</td><td>${labTitle(a.labId)}</td><td>${stepTitle(a.labId, a.stepId)}</td>
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
}): string {
  const { lang } = o;
  const labs = o.labs.map((lab) => {
    const s = labSummary(lang, lab, o.steps);
    return html`<li><a href="/${lang}/labs/${lab.id}">${pickText(lab.title, lang).text}</a> — <span data-lab-done="${lab.id}">${s.done}</span> / ${lab.steps.length} ${t(lang, 'stepsDone')}${s.started ? ` · ${t(lang, 'timeSpent')} ${minutes(s.seconds)}` : ''}</li>`;
  });
  const body = html`<section class="progress-page">
  <h1>${t(lang, 'myProgress')}</h1>
  ${o.notice ? html`<p class="notice" role="status">${t(lang, o.notice)}</p>` : ''}
  <ol class="lab-progress">${labs}</ol>
  <h2>${t(lang, 'joinGroup')}</h2>
  ${o.groups.length ? html`<p>${t(lang, 'groups')}: ${o.groups.map((g) => g.name).join(', ')}</p>` : ''}
  <form method="post" action="/groups/join" class="inline-form">
    <input type="hidden" name="_csrf" value="${o.visitor.csrf}">
    <label>${t(lang, 'joinCode')} <input name="code" required maxlength="12" autocomplete="off"></label>
    <button type="submit">${t(lang, 'joinGroup')}</button>
  </form>
  <h2>${t(lang, 'attempts')}</h2>
  ${attemptsTable(lang, o.labs, o.attempts)}
</section>`;
  return page({ lang, title: t(lang, 'myProgress'), visitor: o.visitor, body, path: `/${lang}/progress`, otherLangHref: `/${lang === 'ko' ? 'en' : 'ko'}/progress`, guestMode: o.guestMode });
}

export function classTablePage(o: {
  lang: Lang; visitor: Visitor; labs: Lab[]; learners: User[]; steps: (StepProgress & { userId: string })[]; groups: Group[]; groupId?: string; guestMode?: boolean;
}): string {
  const { lang } = o;
  const head = o.labs.map((l) => html`<th scope="col" title="${pickText(l.title, lang).text}">${String(l.order).padStart(2, '0')}</th>`);
  const rows = o.learners.map((u) => {
    const mine = o.steps.filter((p) => p.userId === u.id);
    const cells = o.labs.map((lab) => {
      const s = labSummary(lang, lab, mine);
      const cls = s.done === lab.steps.length ? 'complete' : s.started ? 'started' : 'untouched';
      return html`<td class="${cls}" data-learner="${u.id}" data-lab="${lab.id}">${s.started ? html`${s.done}/${lab.steps.length}<br><small>${minutes(s.seconds)}</small>` : '·'}</td>`;
    });
    return html`<tr><th scope="row"><a href="/learners/${u.id}/attempts">${typed(u.name)}</a><br><small>${typed(u.email)}</small></th>${cells}</tr>`;
  });
  const groupOptions = o.groups.map((g) => html`<option value="${g.id}"${g.id === o.groupId ? ' selected' : ''}>${g.name}</option>`);
  const csvHref = `/instructor/progress.csv${o.groupId ? `?group=${encodeURIComponent(o.groupId)}` : ''}`;
  const body = html`<section class="class-table">
  <h1>${t(lang, 'classTable')}</h1>
  <form method="get" action="/instructor/progress" class="inline-form">
    <label>${t(lang, 'groups')} <select name="group"><option value="">${t(lang, 'allLearners')}</option>${groupOptions}</select></label>
    <button type="submit">OK</button>
    <a class="button" href="${csvHref}" download>${t(lang, 'downloadCsv')}</a>
  </form>
  <table class="progress-grid"><thead><tr><th scope="col">${t(lang, 'learner')}</th>${head}</tr></thead><tbody>${rows}</tbody></table>
  <h2>${t(lang, 'groups')}</h2>
  <ul class="groups">${o.groups.map((g) => html`<li>${g.name} — ${t(lang, 'joinCode')}: <code data-join-code>${g.joinCode}</code> · ${t(lang, 'joinLink')}: <a href="/join/${g.joinCode}" data-join-link>/join/${g.joinCode}</a></li>`)}</ul>
  <form method="post" action="/instructor/groups" class="inline-form">
    <input type="hidden" name="_csrf" value="${o.visitor.csrf}">
    <label>${t(lang, 'groupName')} <input name="name" required maxlength="80"></label>
    <button type="submit">${t(lang, 'createGroup')}</button>
  </form>
</section>`;
  return page({ lang, title: t(lang, 'classTable'), visitor: o.visitor, body, path: '/instructor/progress', guestMode: o.guestMode });
}

const REQUEST_WORDS = {
  title: { ko: '클러스터에 보낸 요청 (API 서버의 기록)', en: 'Requests to their cluster (the API server\'s record)' },
  command: { ko: '명령', en: 'Command' },
  answer: { ko: '응답', en: 'Answer' },
  none: { ko: '아직 기록된 요청이 없습니다.', en: 'No requests recorded yet.' },
  refused: { ko: '거부됨', en: 'refused' },
} as const;

/** What the learner asked their cluster, newest first: the kubectl command it came from, and the answer. */
function requestsTable(lang: Lang, requests: LoggedRequest[]): SafeHtml {
  if (!requests.length) return html`<p>${REQUEST_WORDS.none[lang]}</p>`;
  const rows = requests.map(
    (r) => html`<tr class="${r.code >= 400 ? 'refused' : 'accepted'}" data-request="${r.id}"><td>${when(r.at, lang)}</td><td><code>${describeRecord(r)[lang]}</code></td><td>${r.code}${r.code >= 400 ? html` ${REQUEST_WORDS.refused[lang]}${r.message ? html`: ${r.message}` : ''}` : ''}</td></tr>`,
  );
  return html`<table class="requests"><thead><tr><th scope="col">${t(lang, 'when')}</th><th scope="col">${REQUEST_WORDS.command[lang]}</th><th scope="col">${REQUEST_WORDS.answer[lang]}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function learnerAttemptsPage(o: { lang: Lang; visitor: Visitor; learner: User; labs: Lab[]; attempts: Attempt[]; requests?: LoggedRequest[]; guestMode?: boolean }): string {
  const body = html`<section class="progress-page">
  <h1>${t(o.lang, 'attempts')}: ${typed(o.learner.name)} <small>${typed(o.learner.email)}</small></h1>
  <p><a href="/learners/${o.learner.id}">${t(o.lang, 'terminal')} / ${t(o.lang, 'clusterMap')}</a></p>
  ${attemptsTable(o.lang, o.labs, o.attempts)}
  <h2>${REQUEST_WORDS.title[o.lang]}</h2>
  ${requestsTable(o.lang, o.requests ?? [])}
</section>`;
  return page({ lang: o.lang, title: o.learner.name, visitor: o.visitor, body, path: `/learners/${o.learner.id}/attempts`, guestMode: o.guestMode });
}
