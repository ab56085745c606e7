// The Check panel under a lesson step: the step's quiz questions (never their answers), the Check button, and where
// the results appear. The browser code (web/check-panel.ts) finds it by data attributes and posts to the check API.
import type { Lang } from '../../grader/checks/types';
import { publicQuiz } from '../../grader/checks/quiz';
import { pickText, type Lab, type LabStep } from '../../grader/lab-format';
import { t } from '../i18n';
import { html, type SafeHtml } from '../http/html';

export function checkPanel(o: { lang: Lang; lab: Lab; step: LabStep; passed: boolean; lastIndex: boolean }): SafeHtml {
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
  return html`<section class="check-panel" data-check-panel data-action="${action}" data-last-step="${o.lastIndex ? 'true' : 'false'}" aria-labelledby="check-title">
  <h2 id="check-title">${t(lang, 'check')}</h2>
  ${quiz.length ? html`<form class="quiz-form" data-quiz-form>${quiz}</form>` : html`<p class="check-intro">${t(lang, 'checkIntro')}</p>`}
  <p class="check-status" data-check-status role="status" aria-live="polite">${o.passed ? t(lang, 'stepPassed') : ''}</p>
  <button type="button" class="primary" data-check-button>${t(lang, 'check')}</button>
  <ul class="check-results" data-check-results></ul>
</section>`;
}
