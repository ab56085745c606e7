// One learner, for their instructor (and for themselves): a summary per lab with each step's state and last Check
// (every attempt one click away instead of one long list), their terminal sessions to replay beside the Checks and
// API requests they made meanwhile, their cluster through time, and the request record.
import type { CheckResult, Lang } from '../../../grader/checks/types';
import { pickText, type Lab } from '../../../grader/lab-format';
import { describeRecord } from '../../../grader/checks/did';
import type { User } from '../../auth/users';
import { t } from '../../i18n';
import { html, typed, type SafeHtml } from '../../http/html';
import type { Attempt, StepProgress } from '../../progress/progress-store';
import type { LoggedRequest } from '../../progress/request-log';
import type { RecordingInfo } from '../../replay/recording-store';
import { duration, instructorPage, when, type InstructorView } from './frame';
import { iw } from './words';

const REQUEST_WORDS = {
  title: { ko: '클러스터에 보낸 요청 (API 서버의 기록)', en: 'Requests to their cluster (the API server\'s record)' },
  command: { ko: '명령', en: 'Command' },
  answer: { ko: '응답', en: 'Answer' },
  none: { ko: '아직 기록된 요청이 없습니다.', en: 'No requests recorded yet.' },
  refused: { ko: '거부됨', en: 'refused' },
} as const;

function criterion(r: CheckResult, lang: Lang): SafeHtml {
  const mark = r.status === 'passed' ? '✓' : r.status === 'needs-docker' ? '–' : '✗';
  return html`<li class="criterion ${r.status}"><span class="mark" aria-hidden="true">${mark}</span> ${r.title[lang]}
  ${r.status === 'passed' ? '' : html`<div class="detail">${t(lang, 'expected')}: ${r.expected[lang]} · ${t(lang, 'found')}: ${r.found[lang]}${r.status === 'failed' ? html`<br>${t(lang, 'hintLabel')}: ${r.diagnosis ? html`${r.diagnosis[lang]} — ` : ''}${r.hint[lang]}` : ''}</div>`}</li>`;
}

function attemptRow(v: InstructorView, a: Attempt): SafeHtml {
  return html`<tr class="${a.passed ? 'passed' : 'failed'}" data-attempt="${a.id}"><td>${when(v, a.createdAt)}</td>
  <td>${a.passed ? `✓ ${t(v.lang, 'passedWord')}` : `✗ ${t(v.lang, 'failedWord')}`} (${Math.round(a.score * 100)}%)</td>
  <td><ul class="criteria">${a.criteria.map((r) => criterion(r, v.lang))}</ul></td></tr>`;
}

function labSummary(v: InstructorView, lab: Lab, steps: StepProgress[], attempts: Attempt[], open: boolean): SafeHtml {
  const { lang } = v;
  const done = lab.steps.filter((s) => steps.some((p) => p.stepId === s.id && p.passedAt !== undefined)).length;
  const rows = lab.steps.map((s, i) => {
    const p = steps.find((x) => x.stepId === s.id);
    const mine = attempts.filter((a) => a.stepId === s.id);
    const last = mine[0];
    const state = !p ? 'untouched' : p.passedAt !== undefined ? 'passed' : mine.length ? 'failing' : 'visited';
    const seconds = p ? Math.max(0, Math.round(((p.passedAt ?? p.lastSeenAt) - p.startedAt) / 1000)) : undefined;
    return html`<tr class="step-row ${state}" data-step-row="${s.id}"><th scope="row">${i + 1}. ${pickText(s.title, lang).text}</th>
      <td>${state === 'passed' ? html`✓ ${when(v, p!.passedAt)}` : state === 'failing' ? `✗ ${t(lang, 'failedWord')}` : state === 'visited' ? '…' : iw(lang, 'notStarted')}</td>
      <td class="num">${mine.length}</td><td class="num">${p ? duration(seconds, lang) : ''}</td>
      <td>${last ? html`${when(v, last.createdAt)}${last.passed ? '' : html`<ul class="criteria">${last.criteria.filter((c) => c.status !== 'passed').map((r) => criterion(r, lang))}</ul>`}` : ''}
      ${mine.length > 1 ? html`<details class="all-attempts"><summary>${iw(lang, 'allAttempts', { n: mine.length })}</summary><table class="attempts"><tbody>${mine.map((a) => attemptRow(v, a))}</tbody></table></details>` : ''}</td></tr>`;
  });
  return html`<details class="lab-summary card" data-lab-summary="${lab.id}"${open ? ' open' : ''}>
  <summary><span class="lab-no">${String(lab.order).padStart(2, '0')}</span> ${pickText(lab.title, lang).text} <span class="count">${done} / ${lab.steps.length} ${t(lang, 'stepsDone')}</span></summary>
  <table class="data-table steps"><thead><tr><th scope="col">${t(lang, 'step')}</th><th scope="col">${t(lang, 'result')}</th><th scope="col">${iw(lang, 'tries')}</th><th scope="col">${t(lang, 'timeSpent')}</th><th scope="col">${iw(lang, 'lastAttempt')}</th></tr></thead><tbody>${rows}</tbody></table>
</details>`;
}

function requestsTable(v: InstructorView, requests: LoggedRequest[]): SafeHtml {
  const { lang } = v;
  if (!requests.length) return html`<p>${REQUEST_WORDS.none[lang]}</p>`;
  const rows = requests.map(
    (r) => html`<tr class="${r.code >= 400 ? 'refused' : 'accepted'}" data-request="${r.id}"><td>${when(v, r.at)}</td><td><code>${describeRecord(r)[lang]}</code></td><td>${r.code}${r.code >= 400 ? html` ${REQUEST_WORDS.refused[lang]}${r.message ? html`: ${r.message}` : ''}` : ''}</td></tr>`,
  );
  return html`<table class="requests data-table"><thead><tr><th scope="col">${t(lang, 'when')}</th><th scope="col">${REQUEST_WORDS.command[lang]}</th><th scope="col">${REQUEST_WORDS.answer[lang]}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** Attempts and requests on one time line, for the replay's side (newest last; the player scrolls it along). */
function timeline(v: InstructorView, labs: Lab[], attempts: Attempt[], requests: LoggedRequest[]): SafeHtml {
  const { lang } = v;
  const stepTitle = (labId: string, stepId: string) => {
    const s = labs.find((l) => l.id === labId)?.steps.find((x) => x.id === stepId);
    return s ? pickText(s.title, lang).text : stepId;
  };
  const items = [
    ...attempts.map((a) => ({ at: a.createdAt, item: html`<li class="tl-attempt ${a.passed ? 'passed' : 'failed'}" data-at="${a.createdAt}">${when(v, a.createdAt)} <strong>${a.passed ? '✓' : '✗'} ${iw(lang, 'checkPressed')}</strong> ${stepTitle(a.labId, a.stepId)}</li>` })),
    ...requests.map((r) => ({ at: r.at, item: html`<li class="tl-request ${r.code >= 400 ? 'refused' : ''}" data-at="${r.at}">${when(v, r.at)} <code>${describeRecord(r)[lang]}</code> <span class="count">${r.code}</span></li>` })),
  ].sort((a, b) => a.at - b.at);
  return html`<ol class="timeline" data-replay-timeline>${items.map((i) => i.item)}</ol>`;
}

export function drilldownPage(
  v: InstructorView,
  o: { learner: User; labs: Lab[]; steps: StepProgress[]; attempts: Attempt[]; requests: LoggedRequest[]; recordings: RecordingInfo[]; retentionDays: number; history: boolean },
): string {
  const { lang } = v;
  const touched = o.labs.filter((l) => o.steps.some((p) => p.labId === l.id) || o.attempts.some((a) => a.labId === l.id));
  const latestLab = o.attempts[0]?.labId;
  const summaries = touched.map((l) => labSummary(v, l, o.steps.filter((p) => p.labId === l.id), o.attempts.filter((a) => a.labId === l.id), l.id === latestLab || touched.length === 1));
  const id = o.learner.id;
  const recordings = o.recordings.map(
    (r) => html`<li><button type="button" class="link-button" data-recording="/learners/${id}/recordings/${r.id}.cast" data-started="${r.startedAt}">${when(v, r.startedAt)}</button>
      <span class="count">${r.endedAt ? duration(Math.round((r.endedAt - r.startedAt) / 1000), lang) : '●'}</span>
      <a href="/learners/${id}/recordings/${r.id}.cast" download>${iw(lang, 'downloadCast')}</a></li>`,
  );
  const playerWords = { play: iw(lang, 'play'), pause: iw(lang, 'pause'), speed: iw(lang, 'speed'), position: iw(lang, 'position') };
  const body = html`<section class="drilldown">
  <h1>${typed(o.learner.name)} <small>${typed(o.learner.email)}</small></h1>
  <p><a class="button" href="/learners/${id}">${t(lang, 'terminal')} / ${t(lang, 'clusterMap')} (${t(lang, 'liveUpdates')})</a></p>
  <h2>${iw(lang, 'summary')}</h2>
  ${summaries.length ? summaries : html`<p>${t(lang, 'noAttempts')}</p>`}
  <section class="replay-section card" id="replay">
    <h2>${iw(lang, 'replay')}</h2>
    <p class="muted">${iw(lang, 'recordedBy', { days: o.retentionDays })}</p>
    ${recordings.length ? html`<ol class="recordings">${recordings}</ol>
    <div class="replay-layout">
      <div class="replay-player" data-replay-player data-words="${JSON.stringify(playerWords)}"></div>
      <div class="replay-side"><h3>${iw(lang, 'timeline')}</h3>${timeline(v, o.labs, o.attempts, o.requests)}</div>
    </div>` : html`<p>${iw(lang, 'noRecordings')}</p>`}
  </section>
  <section class="history-section card" id="history">
    <h2>${iw(lang, 'clusterHistory')}</h2>
    ${o.history ? html`<p class="muted">${iw(lang, 'clusterHistoryExplain')}</p>
    <div class="cluster-scrubber" data-cluster-history="/learners/${id}/history" data-lang="${lang}" data-tz="${v.tz}"
      data-words="${JSON.stringify({ at: iw(lang, 'at'), objects: iw(lang, 'objects'), versions: iw(lang, 'versions'), deleted: iw(lang, 'deleted'), ADDED: iw(lang, 'created'), MODIFIED: iw(lang, 'changed'), DELETED: iw(lang, 'deleted'), RESET: iw(lang, 'reset'), RESYNC: iw(lang, 'changed') })}"></div>` : html`<p>${iw(lang, 'noHistory')}</p>`}
  </section>
  <details class="card requests-box"><summary><h2>${REQUEST_WORDS.title[lang]}</h2></summary>${requestsTable(v, o.requests)}</details>
</section>`;
  return instructorPage(v, { title: o.learner.name, path: `/learners/${id}/attempts`, body, current: '/instructor', wide: true });
}
