// The class table: learners × labs with steps done and time spent, one group or everyone, and the exports of that
// selection (CSV with a byte-order mark, .xlsx, grades as Gradescope JSON or JUnit XML). Column heads name the
// labs, not only their numbers.
import { pickText, type Lab } from '../../../grader/lab-format';
import type { User } from '../../auth/users';
import { t } from '../../i18n';
import { html, typed, type SafeHtml } from '../../http/html';
import type { Group } from '../../progress/groups';
import { timeSpentSeconds } from '../../progress/progress-csv';
import type { StepProgress } from '../../progress/progress-store';
import { duration, instructorPage, type InstructorView } from './frame';
import { iw } from './words';

export function groupPicker(v: InstructorView, o: { action: string; groups: Group[]; groupId?: string; extra?: SafeHtml }): SafeHtml {
  const options = o.groups.map((g) => html`<option value="${g.id}"${g.id === o.groupId ? ' selected' : ''}>${g.name}</option>`);
  return html`<form method="get" action="${o.action}" class="toolbar" data-autosubmit>
    <label>${t(v.lang, 'groups')} <select name="group"><option value="">${t(v.lang, 'allLearners')}</option>${options}</select></label>
    ${o.extra ?? ''}
    <button type="submit">${iw(v.lang, 'show')}</button>
  </form>`;
}

export function exportLinks(v: InstructorView, labs: Lab[], groupId?: string): SafeHtml {
  const q = (more: Record<string, string> = {}) => {
    const p = new URLSearchParams({ ...(groupId ? { group: groupId } : {}), ...more });
    const s = p.toString();
    return s ? `?${s}` : '';
  };
  const labOptions = labs.map((l) => html`<option value="${l.id}">${String(l.order).padStart(2, '0')} ${pickText(l.title, v.lang).text}</option>`);
  return html`<div class="exports">
    <h2>${iw(v.lang, 'exports')}</h2>
    <p><a class="button" href="/instructor/progress.csv${q()}" download>${t(v.lang, 'downloadCsv')}</a>
    <a class="button" href="/instructor/progress.xlsx${q()}" download>${iw(v.lang, 'downloadXlsx')}</a></p>
    <form method="get" action="/instructor/grades" class="toolbar">
      ${groupId ? html`<input type="hidden" name="group" value="${groupId}">` : ''}
      <label>${iw(v.lang, 'exportLab')} <select name="lab"><option value="">${iw(v.lang, 'allLabs')}</option>${labOptions}</select></label>
      <button type="submit" name="format" value="gradescope">${iw(v.lang, 'gradescopeJson')}</button>
      <button type="submit" name="format" value="junit">${iw(v.lang, 'junitXml')}</button>
    </form>
  </div>`;
}

function labSummary(lab: Lab, steps: StepProgress[]): { done: number; seconds: number; started: boolean } {
  const mine = steps.filter((p) => p.labId === lab.id);
  return {
    done: lab.steps.filter((s) => mine.some((p) => p.stepId === s.id && p.passedAt !== undefined)).length,
    seconds: mine.reduce((n, p) => n + timeSpentSeconds(p), 0),
    started: mine.length > 0,
  };
}

export function classTablePage(v: InstructorView, o: { labs: Lab[]; learners: User[]; steps: (StepProgress & { userId: string })[]; groups: Group[]; groupId?: string }): string {
  const { lang } = v;
  const head = o.labs.map((l) => {
    const title = pickText(l.title, lang).text;
    return html`<th scope="col" title="${title}"><a href="/instructor/analytics?lab=${encodeURIComponent(l.id)}${o.groupId ? `&group=${encodeURIComponent(o.groupId)}` : ''}"><span class="lab-no">${String(l.order).padStart(2, '0')}</span> <span class="lab-short">${title}</span></a></th>`;
  });
  const rows = o.learners.map((u) => {
    const mine = o.steps.filter((p) => p.userId === u.id);
    const cells = o.labs.map((lab) => {
      const s = labSummary(lab, mine);
      const cls = s.done === lab.steps.length ? 'complete' : s.started ? 'started' : 'untouched';
      return html`<td class="${cls}" data-learner="${u.id}" data-lab="${lab.id}">${s.started ? html`<span class="done">${s.done}/${lab.steps.length}</span><small>${duration(s.seconds, lang)}</small>` : html`<span class="sr-only">${iw(lang, 'notStarted')}</span>`}</td>`;
    });
    return html`<tr><th scope="row"><a href="/learners/${u.id}/attempts">${typed(u.name)}</a><small>${typed(u.email)}</small></th>${cells}</tr>`;
  });
  const body = html`<section class="class-table">
  <h1>${t(lang, 'classTable')}</h1>
  ${groupPicker(v, { action: '/instructor/progress', groups: o.groups, groupId: o.groupId })}
  <div class="table-scroll"><table class="progress-grid"><thead><tr><th scope="col">${t(lang, 'learner')}</th>${head}</tr></thead><tbody>${rows}</tbody></table></div>
  ${exportLinks(v, o.labs, o.groupId)}
</section>`;
  return instructorPage(v, { title: t(lang, 'classTable'), path: '/instructor/progress', body, current: '/instructor/progress', wide: true });
}
