// The Check panel under a lesson step: the step's quiz questions (never their answers), the Check button, and where
// the results appear; a notice when the learner's cluster still holds another lab's objects; and "start this lab
// again / from step N" on a fresh cluster. The browser code (web/check-panel.ts) finds it by data attributes and
// posts to the check API; its words come embedded in the panel, in the page's language.
import type { Lang } from '../../grader/checks/types';
import { publicQuiz } from '../../grader/checks/quiz';
import { pickText, type Lab, type LabStep } from '../../grader/lab-format';
import { t } from '../i18n';
import { html, raw, type SafeHtml } from '../http/html';

/** Words of the panel that only it uses (kept here, beside their only reader). */
export const PANEL_WORDS = {
  why: { ko: '원인', en: 'Why' },
  details: { ko: '자세히', en: 'Details' },
  startLab: { ko: '새 클러스터에서 시작', en: 'Start on a fresh cluster' },
  startSummary: { ko: '이 실습 다시 시작 / 단계로 건너뛰기', en: 'Restart this lab / jump to a step' },
  startFrom: { ko: '시작할 단계', en: 'Start at step' },
  startExplain: {
    ko: '클러스터를 비우고 이 실습만을 위한 새 클러스터로 시작합니다. 앞 단계를 건너뛰면 그 단계들의 정답 명령을 kubelab이 대신 실행해 둡니다(건너뛴 단계는 통과로 치지 않습니다).',
    en: 'Empties your cluster and starts this lab on a fresh one. Steps you skip are prepared by running their solutions for you (they do not count as passed).',
  },
  preparing: { ko: '새 클러스터를 준비하는 중…', en: 'Preparing a fresh cluster…' },
  prepareFailed: { ko: '준비하지 못했습니다', en: 'Could not prepare' },
  otherLab: {
    ko: '지금 클러스터에는 다른 실습(%s)의 오브젝트가 남아 있어, 이 실습은 채점하지 않습니다. 새 클러스터에서 이 실습을 시작하세요.',
    en: 'Your cluster still holds the objects of another lab (%s), so this lab is not graded on it. Start this lab on a fresh cluster.',
  },
} as const;

export type PanelWord = keyof typeof PANEL_WORDS;

export function panelWord(lang: Lang, key: PanelWord): string {
  return PANEL_WORDS[key][lang];
}

export interface CheckPanelOptions {
  lang: Lang;
  lab: Lab;
  step: LabStep;
  passed: boolean;
  lastIndex: boolean;
  /** The lab whose objects the cluster holds instead of this one. */
  otherLab?: Pick<Lab, 'id' | 'title'>;
  csrf?: string;
  /** The lab-complete page, linked when the last step is passed. */
  completeHref?: string;
}

function startForm(o: CheckPanelOptions): SafeHtml {
  const { lang, lab } = o;
  const options = lab.steps.map(
    (s, i) => html`<option value="${s.id}"${s.id === o.step.id ? raw(' selected') : ''}>${i + 1}. ${pickText(s.title, lang).text}</option>`,
  );
  return html`<form method="post" action="/api/labs/${encodeURIComponent(lab.id)}/start" class="lab-start" data-lab-start>
    <input type="hidden" name="_csrf" value="${o.csrf ?? ''}">
    <label>${panelWord(lang, 'startFrom')} <select name="step">${options}</select></label>
    <button type="submit">${panelWord(lang, 'startLab')}</button>
    <p class="lab-start-explain">${panelWord(lang, 'startExplain')}</p>
    <p class="lab-start-status" data-lab-start-status role="status" aria-live="polite"></p>
  </form>`;
}

export function checkPanel(o: CheckPanelOptions): SafeHtml {
  const { lang } = o;
  const quiz = publicQuiz(o.step).map((q) => {
    const question = pickText(q.question, lang).text;
    const input =
      q.kind === 'choice'
        ? html`<div class="quiz-choices">${(q.choices ?? []).map(
            (c) => html`<label class="quiz-choice"><input type="${q.multiple ? 'checkbox' : 'radio'}" name="${q.id}" value="${c.id}"> ${pickText(c.text, lang).text}</label>`,
          )}</div>`
        : html`<label class="quiz-text">${t(lang, 'yourAnswer')} <input type="text" name="${q.id}" autocomplete="off" maxlength="200"></label>`;
    return html`<fieldset class="quiz" data-quiz="${q.id}" data-kind="${q.kind}"><legend>${question}</legend>${input}</fieldset>`;
  });
  const action = `/api/labs/${encodeURIComponent(o.lab.id)}/steps/${encodeURIComponent(o.step.id)}/check`;
  const words = JSON.stringify(Object.fromEntries(Object.keys(PANEL_WORDS).map((k) => [k, panelWord(lang, k as PanelWord)]))).replace(/</g, '\\u003c');
  const other = o.otherLab ? pickText(o.otherLab.title, lang).text : undefined;
  const [before, after] = panelWord(lang, 'otherLab').split('%s');
  return html`<section class="check-panel" data-check-panel data-action="${action}" data-last-step="${o.lastIndex ? 'true' : 'false'}" data-complete-href="${o.completeHref ?? ''}" aria-labelledby="check-title">
  <script type="application/json" data-check-words>${raw(words)}</script>
  <h2 id="check-title">${t(lang, 'check')}</h2>
  ${other !== undefined ? html`<p class="scope-notice" data-scope-notice role="alert">${before}${other}${after}</p>` : ''}
  ${quiz.length ? html`<form class="quiz-form" data-quiz-form>${quiz}</form>` : html`<p class="check-intro">${t(lang, 'checkIntro')}</p>`}
  <p class="check-status" data-check-status role="status" aria-live="polite">${o.passed ? t(lang, 'stepPassed') : ''}</p>
  <button type="button" class="primary" data-check-button>${t(lang, 'check')}</button>
  <ul class="check-results" data-check-results></ul>
  <details class="lab-start-box"${other !== undefined ? raw(' open') : ''}>
    <summary>${panelWord(lang, 'startSummary')}</summary>
    ${startForm(o)}
  </details>
</section>`;
}
