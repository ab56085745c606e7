// The Check button under a lesson step: sends the quiz answers to the server, which inspects the learner's cluster,
// and shows each criterion as ✓/✗ with what was expected, what was found and the hint, then marks the step done in
// the step list and counts the lab's progress.
import { csrfToken, word } from './words';

interface Text {
  ko: string;
  en: string;
}

interface CriterionResult {
  id: string;
  title: Text;
  status: 'passed' | 'failed' | 'needs-docker' | 'error';
  expected: Text;
  found: Text;
  hint: Text;
}

interface CheckAnswer {
  passed: boolean;
  results: CriterionResult[];
  lab: { steps: number; passed: number; passedSteps: string[] };
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

function item(r: CriterionResult, lang: keyof Text): HTMLLIElement {
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
  const pairs: [string, string][] =
    r.status === 'needs-docker'
      ? [[word('found'), word('needsContainers')]]
      : [
          [word('expected'), r.expected[lang]],
          [word('found'), r.found[lang]],
          [word('hintLabel'), r.hint[lang]],
        ];
  for (const [k, v] of pairs) {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = v;
    detail.append(dt, dd);
  }
  li.append(detail);
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
  const lang = (document.documentElement.lang === 'en' ? 'en' : 'ko') as keyof Text;
  form?.addEventListener('submit', (e) => e.preventDefault());
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
      list.replaceChildren(...answer.results.map((r) => item(r, lang)));
      const complete = answer.lab.passed === answer.lab.steps;
      status.textContent = answer.passed ? (complete ? `${word('stepPassed')} ${word('labComplete')}` : word('stepPassed')) : word('stepNotYet');
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
