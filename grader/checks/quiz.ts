// Quizzes graded on the server: single/multiple choice and short answers (accepted answers or regexes). The
// browser only ever receives `publicQuiz(step)` — questions and choices without what is correct — and the
// results never spell out the right answer, so a learner cannot read it off a failed attempt.
import { parseChecks } from './schema';
import type { Outcome, QuizCheck, Text } from './types';
import { t } from './words';

export interface PublicQuizChoice {
  id: string;
  text: Text;
}

export interface PublicQuiz {
  id: string;
  title: Text;
  question: Text;
  /** choice: pick from choices (several when multiple); text: type a short answer. */
  kind: 'choice' | 'text';
  multiple: boolean;
  choices?: PublicQuizChoice[];
}

/** The quiz questions of a step, stripped of answers (invalid checks are skipped: `labs check` reports them). */
export function publicQuiz(step: { checks?: unknown[] }): PublicQuiz[] {
  return parseChecks(step.checks ?? [])
    .checks.filter((c): c is QuizCheck => c.type === 'quiz')
    .map((q) => ({
      id: q.id,
      title: q.title,
      question: q.question,
      kind: q.choices ? 'choice' : 'text',
      multiple: q.multiple,
      ...(q.choices ? { choices: q.choices.map((c) => ({ id: c.id, text: c.text })) } : {}),
    }));
}

function normalise(s: string, caseSensitive: boolean): string {
  const trimmed = s.trim().replace(/\s+/g, ' ');
  return caseSensitive ? trimmed : trimmed.toLowerCase();
}

export function judgeQuiz(q: QuizCheck, answer: unknown): Outcome {
  if (q.choices) {
    const expected = q.multiple ? t('every correct choice and no other', '정답을 모두, 오답 없이 선택') : t('the correct choice', '정답 선택');
    const picked = (Array.isArray(answer) ? answer : answer === undefined || answer === null || answer === '' ? [] : [answer]).map(String);
    if (!picked.length) return { status: 'failed', expected, found: t('no answer yet', '아직 답하지 않음') };
    const correct = new Set(q.choices.filter((c) => c.correct).map((c) => c.id));
    const unknown = picked.filter((p) => !q.choices!.some((c) => c.id === p));
    if (unknown.length) return { status: 'failed', expected, found: t(`unknown choice ${unknown.join(', ')}`, `없는 선택지 ${unknown.join(', ')}`) };
    if (!q.multiple && picked.length > 1) return { status: 'failed', expected, found: t('pick one choice only', '하나만 선택해야 함') };
    const right = picked.filter((p) => correct.has(p)).length;
    const wrong = picked.length - right;
    const passed = wrong === 0 && right === correct.size;
    if (passed) return { status: 'passed', expected, found: t('correct', '정답') };
    if (!q.multiple) return { status: 'failed', expected, found: t(`${picked[0]} is not correct`, `${picked[0]}은(는) 정답이 아님`) };
    return {
      status: 'failed',
      expected,
      found: t(`${right} of ${correct.size} correct choices, ${wrong} wrong`, `정답 ${correct.size}개 중 ${right}개 선택, 오답 ${wrong}개`),
    };
  }
  const expected = t('an accepted answer', '인정되는 답');
  if (typeof answer !== 'string' || !answer.trim()) return { status: 'failed', expected, found: t('no answer yet', '아직 답하지 않음') };
  const given = normalise(answer, q.caseSensitive);
  const accepted =
    (q.answers ?? []).some((a) => normalise(a, q.caseSensitive) === given) ||
    (q.patterns ?? []).some((p) => new RegExp(p, q.caseSensitive ? '' : 'i').test(answer.trim()));
  const shown = answer.trim().slice(0, 80);
  return accepted
    ? { status: 'passed', expected, found: t(`"${shown}"`, `"${shown}"`) }
    : { status: 'failed', expected, found: t(`"${shown}" is not accepted`, `"${shown}"은(는) 정답이 아님`) };
}
