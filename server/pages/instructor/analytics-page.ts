// Class analytics for one lab: the heatmap of steps × learners, the checks the class fails most with the hints
// that fired, the median time per step, and who is stuck now. The live part re-renders here and the browser swaps
// it in every few seconds (web/instructor/live-section.ts), so what the class does shows up while it does it.
import type { Lang } from '../../../grader/checks/types';
import { pickText, type Lab } from '../../../grader/lab-format';
import type { User } from '../../auth/users';
import { t } from '../../i18n';
import { html, typed, type SafeHtml } from '../../http/html';
import type { FailingCheck, HeatRow, StuckLearner } from '../../progress/analytics';
import type { Group } from '../../progress/groups';
import { groupPicker } from './class-page';
import { duration, instructorPage, when, type InstructorView } from './frame';
import { iw } from './words';

export interface AnalyticsData {
  lab: Lab;
  learners: User[];
  heat: HeatRow[];
  failing: FailingCheck[];
  times: { stepId: string; passed: number; medianSeconds?: number }[];
  stuck: StuckLearner[];
  stuckMinutes: number;
}

const STUCK_CHOICES = [0, 2, 5, 10, 15, 30];

function stepTitle(lab: Lab, stepId: string, lang: Lang): string {
  const s = lab.steps.find((x) => x.id === stepId);
  return s ? pickText(s.title, lang).text : stepId;
}

function heatTable(v: InstructorView, d: AnalyticsData): SafeHtml {
  const { lang } = v;
  const head = d.lab.steps.map((s, i) => html`<th scope="col" title="${pickText(s.title, lang).text}"><span class="step-no">${i + 1}</span> <span class="step-short">${pickText(s.title, lang).text}</span></th>`);
  const names = new Map(d.learners.map((u) => [u.id, u]));
  const rows = d.heat.map((row) => {
    const u = names.get(row.userId)!;
    const cells = row.cells.map((c) => {
      const level = Math.min(4, c.failedAttempts);
      const label = `${stepTitle(d.lab, c.stepId, lang)}: ${c.state === 'passed' ? t(lang, 'passedWord') : c.state === 'failing' ? t(lang, 'failedWord') : c.state === 'visited' ? '…' : iw(lang, 'notStarted')} (${iw(lang, 'tries')} ${c.attempts})`;
      return html`<td class="heat ${c.state} f${level}" data-learner="${row.userId}" data-step="${c.stepId}" data-state="${c.state}" title="${label}"><span class="sr-only">${label}</span>${c.attempts ? c.attempts : ''}</td>`;
    });
    return html`<tr><th scope="row"><a href="/learners/${row.userId}/attempts">${typed(u.name)}</a></th>${cells}</tr>`;
  });
  return html`<div class="table-scroll"><table class="heatmap"><thead><tr><th scope="col">${t(lang, 'learner')}</th>${head}</tr></thead><tbody>${rows}</tbody></table></div>
  <p class="legend">${iw(lang, 'heatLegend')}</p>`;
}

function failingTable(v: InstructorView, d: AnalyticsData): SafeHtml {
  const { lang } = v;
  if (!d.failing.length) return html`<p>${iw(lang, 'noFailures')}</p>`;
  const rows = d.failing.map(
    (f) => html`<tr data-failing-check="${f.checkId}"><td><strong>${f.title[lang]}</strong><small>${stepTitle(d.lab, f.stepId, lang)} · <code>${f.checkId}</code></small></td><td class="num">${f.failures}</td><td class="num">${f.learners}</td>
      <td><ul class="hints">${f.hints.slice(0, 3).map((h) => html`<li>${h.text[lang]} <span class="count">(${h.count})</span></li>`)}</ul></td></tr>`,
  );
  return html`<table class="data-table failing"><thead><tr><th scope="col">${iw(lang, 'check')}</th><th scope="col">${iw(lang, 'failures')}</th><th scope="col">${iw(lang, 'learnersFailing')}</th><th scope="col">${iw(lang, 'hintShown')}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function timesTable(v: InstructorView, d: AnalyticsData): SafeHtml {
  const { lang } = v;
  const most = Math.max(1, ...d.times.map((x) => x.medianSeconds ?? 0));
  const rows = d.times.map(
    (x, i) => html`<tr data-step-time="${x.stepId}"><th scope="row">${i + 1}. ${stepTitle(d.lab, x.stepId, lang)}</th><td class="num">${x.passed}</td><td class="num">${duration(x.medianSeconds, lang)}</td>
      <td class="bar-cell"><span class="bar" style="width:${Math.round(((x.medianSeconds ?? 0) / most) * 100)}%"></span></td></tr>`,
  );
  return html`<table class="data-table times"><thead><tr><th scope="col">${t(lang, 'step')}</th><th scope="col">${iw(lang, 'passedBy')}</th><th scope="col">${iw(lang, 'median')}</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
}

function stuckList(v: InstructorView, d: AnalyticsData): SafeHtml {
  const { lang } = v;
  if (!d.stuck.length) return html`<p data-nobody-stuck>${iw(lang, 'nobodyStuck')}</p>`;
  const names = new Map(d.learners.map((u) => [u.id, u]));
  const rows = d.stuck.map((s) => {
    const u = names.get(s.userId);
    return html`<tr data-stuck="${s.userId}"><th scope="row"><a href="/learners/${s.userId}/attempts">${u ? typed(u.name) : s.userId}</a></th><td>${stepTitle(d.lab, s.stepId, lang)}<small>${s.title[lang]}</small></td>
      <td>${when(v, s.since)}</td><td>${when(v, s.lastAt)}</td><td class="num">${s.attempts}</td><td><a class="button" href="/learners/${s.userId}">${t(lang, 'terminal')}</a></td></tr>`;
  });
  return html`<table class="data-table stuck"><thead><tr><th scope="col">${t(lang, 'learner')}</th><th scope="col">${iw(lang, 'check')}</th><th scope="col">${iw(lang, 'failingSince')}</th><th scope="col">${iw(lang, 'lastTry')}</th><th scope="col">${iw(lang, 'tries')}</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The part that refreshes itself. */
export function analyticsLive(v: InstructorView, d: AnalyticsData): SafeHtml {
  const { lang } = v;
  return html`<div class="analytics-live" data-live-section aria-live="polite">
  <section class="panel-card stuck-now"><h2>${iw(lang, 'stuckNow')}</h2><p class="muted">${iw(lang, 'stuckExplain', { n: d.stuckMinutes })}</p>${stuckList(v, d)}</section>
  <section class="panel-card"><h2>${iw(lang, 'heatmap')}</h2>${heatTable(v, d)}</section>
  <div class="analytics-columns">
    <section class="panel-card"><h2>${iw(lang, 'failingChecks')}</h2>${failingTable(v, d)}</section>
    <section class="panel-card"><h2>${iw(lang, 'medianTime')}</h2>${timesTable(v, d)}</section>
  </div>
  <p class="muted">${iw(lang, 'updatedAt')}: ${when(v, v.now ?? Date.now())}</p>
</div>`;
}

export function analyticsPage(v: InstructorView, o: { labs: Lab[]; groups: Group[]; groupId?: string; data?: AnalyticsData; stuckMinutes: number }): string {
  const { lang } = v;
  const labOptions = o.labs.map((l) => html`<option value="${l.id}"${l.id === o.data?.lab.id ? ' selected' : ''}>${String(l.order).padStart(2, '0')} ${pickText(l.title, lang).text}</option>`);
  const stuckOptions = STUCK_CHOICES.map((n) => html`<option value="${n}"${n === o.stuckMinutes ? ' selected' : ''}>${n}</option>`);
  const extra = html`<label>${t(lang, 'lab')} <select name="lab">${labOptions}</select></label>
    <label>${iw(lang, 'stuckMinutes')} <select name="stuck">${stuckOptions}</select></label>`;
  const body = html`<section class="analytics" data-live-page>
  <h1>${iw(lang, 'analyticsNav')}${o.data ? html`: ${pickText(o.data.lab.title, lang).text}` : ''}</h1>
  ${groupPicker(v, { action: '/instructor/analytics', groups: o.groups, groupId: o.groupId, extra })}
  <p class="muted">${iw(lang, 'liveNote')}</p>
  ${o.data ? analyticsLive(v, o.data) : html`<p>${iw(lang, 'pickLab')}</p>`}
</section>`;
  return instructorPage(v, { title: iw(lang, 'analyticsNav'), path: '/instructor/analytics', body, current: '/instructor/analytics', wide: true });
}

export { STUCK_CHOICES };
