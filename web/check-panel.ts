// The Check button under a lesson step: sends the quiz answers to the server, which inspects the learner's cluster,
// and shows each criterion as ✓/✗ with what was expected, what was found, why (the learner's own mistake, when the
// grader can name it) and the hint, raw detail behind a "details" toggle; then marks the step done in the step list
// and counts the lab's progress. Also starts the lab over (or from a step) on a fresh cluster.
import type { BilingualText, CheckAnswer, CriterionResult, StartAnswer } from './protocol';
import { csrfToken, word } from './words';

/** The panel's own words, embedded by the server in the page's language. */
function panelWords(panel: HTMLElement): Record<string, string> {
  try {
    return JSON.parse(panel.querySelector('[data-check-words]')?.textContent ?? '{}') as Record<string, string>;
  } catch {
    return {};
  }
}

function answersOf(form: HTMLFormElement | null): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (!form) return out;
  for (const set of form.querySelectorAll<HTMLFieldSetElement>('[data-quiz]')) {
    const id = set.dataset.quiz!;
    if (set.dataset.kind === 'text') {
      out[id] = set.querySelector<HTMLInputElement>('input[type=text]')?.value ?? '';
      continue;
    }
    const picked = [...set.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => i.value);
    const multiple = !!set.querySelector('input[type=checkbox]');
    out[id] = multiple ? picked : (picked[0] ?? '');
  }
  return out;
}

function item(r: CriterionResult, lang: keyof BilingualText, pw: Record<string, string>): HTMLLIElement {
  const li = document.createElement('li');
  li.className = `criterion ${r.status}`;
  li.dataset.criterion = r.id;
  const head = document.createElement('div');
  head.className = 'criterion-head';
  const mark = r.status === 'passed' ? '✓' : r.status === 'needs-docker' ? '–' : '✗';
  head.textContent = `${mark} ${r.title[lang]}`;
  li.append(head);
  if (r.status === 'passed') return li;
  const detail = document.createElement('dl');
  const pairs: [string, string, string][] =
    r.status === 'needs-docker'
      ? [['found', word('found'), word('needsContainers')]]
      : [
          ['expected', word('expected'), r.expected[lang]],
          ['found', word('found'), r.found[lang]],
          ...(r.diagnosis ? [['why', pw.why ?? 'Why', r.diagnosis[lang]] as [string, string, string]] : []),
          ['hint', word('hintLabel'), r.hint[lang]],
        ];
  for (const [key, k, v] of pairs) {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.dataset.field = key;
    dd.textContent = v;
    detail.append(dt, dd);
  }
  li.append(detail);
  if (r.details) {
    // Raw detail (an API message, a response body) only on request.
    const more = document.createElement('details');
    more.className = 'criterion-details';
    const summary = document.createElement('summary');
    summary.textContent = pw.details ?? 'Details';
    const pre = document.createElement('pre');
    pre.textContent = r.details[lang];
    more.append(summary, pre);
    li.append(more);
  }
  return li;
}

function markSteps(passedSteps: string[], counts: { steps: number; passed: number }): void {
  for (const id of passedSteps) {
    const li = document.querySelector<HTMLLIElement>(`.step-nav li[data-step-id="${CSS.escape(id)}"]`);
    if (li && !li.classList.contains('passed')) {
      li.classList.add('passed');
      const done = document.createElement('span');
      done.className = 'step-done';
      done.textContent = ' ✓';
      li.append(done);
    }
  }
  const progress = document.querySelector('[data-lab-progress]');
  if (progress) progress.textContent = String(counts.passed);
}

export function initCheckPanel(panel: HTMLElement): void {
  const button = panel.querySelector<HTMLButtonElement>('[data-check-button]')!;
  const status = panel.querySelector<HTMLElement>('[data-check-status]')!;
  const list = panel.querySelector<HTMLUListElement>('[data-check-results]')!;
  const form = panel.querySelector<HTMLFormElement>('[data-quiz-form]');
  const lang = (document.documentElement.lang === 'en' ? 'en' : 'ko') as keyof BilingualText;
  const pw = panelWords(panel);
  form?.addEventListener('submit', (e) => e.preventDefault());
  const start = panel.querySelector<HTMLFormElement>('[data-lab-start]');
  if (start) initLabStart(start, pw);
  button.addEventListener('click', async () => {
    button.disabled = true;
    status.textContent = word('checking');
    try {
      const res = await fetch(panel.dataset.action!, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrfToken() },
        body: JSON.stringify({ answers: answersOf(form) }),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const answer = (await res.json()) as CheckAnswer;
      if (answer.scope) {
        const title = answer.scope.title[lang] ?? answer.scope.title.en ?? answer.scope.labId;
        list.replaceChildren();
        status.textContent = (pw.otherLab ?? '%s').replace('%s', title);
        panel.dataset.result = 'other-lab';
        panel.querySelector<HTMLDetailsElement>('.lab-start-box')?.setAttribute('open', '');
        return;
      }
      list.replaceChildren(...answer.results.map((r) => item(r, lang, pw)));
      const complete = answer.lab.passed === answer.lab.steps;
      status.textContent = answer.passed ? (complete ? `${word('stepPassed')} ${word('labComplete')}` : word('stepPassed')) : word('stepNotYet');
      if (complete && panel.dataset.completeHref) {
        // Finishing the lab leads somewhere: its summary and the next lab.
        const link = document.createElement('a');
        link.href = panel.dataset.completeHref;
        link.className = 'button primary';
        link.dataset.goComplete = '';
        link.textContent = word('goToComplete');
        status.append(' ', link);
      }
      panel.dataset.result = answer.passed ? 'passed' : 'failed';
      markSteps(answer.lab.passedSteps, answer.lab);
    } catch {
      status.textContent = word('checkFailed');
      panel.dataset.result = 'error';
    } finally {
      button.disabled = false;
    }
  });
}

/** "Start on a fresh cluster": the server empties the cluster and prepares the steps before the one chosen. */
function initLabStart(form: HTMLFormElement, pw: Record<string, string>): void {
  const status = form.querySelector<HTMLElement>('[data-lab-start-status]')!;
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const step = form.querySelector<HTMLSelectElement>('select[name=step]')?.value ?? '';
    button.disabled = true;
    status.textContent = pw.preparing ?? '…';
    form.dataset.state = 'preparing';
    try {
      const res = await fetch(form.action, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrfToken() },
        body: JSON.stringify({ step }),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const answer = (await res.json()) as StartAnswer;
      if (!answer.ok) {
        status.textContent = `${pw.prepareFailed ?? '✗'}: ${answer.failed?.stepId ?? ''} ${answer.failed?.message ?? ''}`.trim();
        form.dataset.state = 'failed';
        return;
      }
      form.dataset.state = 'ready';
      const here = location.pathname.replace(/\/[^/]*$/, '');
      location.assign(`${here}/${encodeURIComponent(answer.stepId)}`);
    } catch {
      status.textContent = word('checkFailed');
      form.dataset.state = 'failed';
    } finally {
      button.disabled = false;
    }
  });
}
