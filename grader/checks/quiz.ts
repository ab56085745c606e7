// Quizzes graded on the server: single/multiple choice and short answers (accepted answers or regexes). The
// browser only ever receives `publicQuiz(step)` — questions and choices without what is correct — and the
// results never spell out the right answer, so a learner cannot read it off a failed attempt.
import { compileJsonPath, formatJsonPathValue } from '../jsonpath';
import { readTargets } from './read';
import { parseChecks } from './schema';
import type { CheckContext, Outcome, QuizCheck, Text } from './types';
import { objectRef, setRef, t } from './words';

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

/**
 * Judges an answer. `live` holds the answer read from the learner's cluster for an `answerFrom` quiz (empty: the
 * cluster has no such value now).
 */
export function judgeQuiz(q: QuizCheck, answer: unknown, live?: string[]): Outcome {
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
    if (!q.multiple) {
      const text = q.choices.find((c) => c.id === picked[0])!.text;
      return { status: 'failed', expected, found: t(`your choice is not right: “${text.en}”`, `고른 답이 맞지 않습니다: 「${text.ko}」`) };
    }
    return {
      status: 'failed',
      expected,
      found: t(`${right} of ${correct.size} correct choices, ${wrong} wrong`, `정답 ${correct.size}개 중 ${right}개 선택, 오답 ${wrong}개`),
    };
  }
  const expected = q.answerFrom
    ? t('the answer your own cluster gives right now', '지금 내 클러스터에서 확인한 답')
    : t('an accepted answer', '인정되는 답');
  if (typeof answer !== 'string' || !answer.trim()) return { status: 'failed', expected, found: t('no answer yet', '아직 답하지 않음') };
  const given = normalise(answer, q.caseSensitive);
  const accepted =
    (q.answers ?? []).some((a) => normalise(a, q.caseSensitive) === given) ||
    (q.patterns ?? []).some((p) => new RegExp(p, q.caseSensitive ? '' : 'i').test(answer.trim())) ||
    (live ?? []).some((a) => normalise(a, q.caseSensitive) === given);
  const shown = answer.trim().slice(0, 80);
  if (accepted) return { status: 'passed', expected, found: t(`"${shown}"`, `"${shown}"`) };
  if (q.answerFrom && live && !live.length) {
    return { status: 'failed', expected, found: t(`"${shown}" cannot be checked: your cluster has no such value now`, `"${shown}"을 확인할 수 없음: 지금 클러스터에 그 값이 없음`), settling: true };
  }
  return q.answerFrom
    ? { status: 'failed', expected, found: t(`"${shown}" is not what your cluster says now`, `맞지 않는 답: "${shown}" (지금 클러스터의 값과 다름)`) }
    : { status: 'failed', expected, found: t(`"${shown}" is not accepted`, `맞지 않는 답: "${shown}"`) };
}

/** The answer an `answerFrom` quiz expects, read now: every value the JSONPath yields on the first object. */
export async function liveAnswers(q: QuizCheck, ctx: Pick<CheckContext, 'client' | 'namespace'>): Promise<{ values: string[]; what: Text }> {
  const from = q.answerFrom!;
  const { res, objects } = await readTargets(ctx as CheckContext, from);
  const what = from.name ? objectRef(res, from.name) : setRef(res, from.selector, from.fieldSelector);
  const first = objects.find((o) => !o.metadata.deletionTimestamp);
  const values = first ? compileJsonPath(from.path).evaluate(first).map(formatJsonPathValue).filter((v) => v !== '') : [];
  // Several values (a list) also count as one answer written with spaces.
  return { values: values.length > 1 ? [...values, values.join(' ')] : values, what };
}

export async function evaluateQuiz(q: QuizCheck, ctx: CheckContext): Promise<Outcome> {
  if (!q.answerFrom) return judgeQuiz(q, ctx.answers?.[q.id]);
  const { values, what } = await liveAnswers(q, ctx);
  const outcome = judgeQuiz(q, ctx.answers?.[q.id], values);
  const answered = typeof ctx.answers?.[q.id] === 'string' && String(ctx.answers?.[q.id]).trim() !== '';
  if (!values.length && outcome.status === 'failed' && answered) {
    return { ...outcome, diagnosis: t(`The answer is read from ${what.en} in your cluster, which has no such value now.`, `답은 내 클러스터의 ${what.ko}에서 읽는데, 지금은 그 값이 없습니다.`) };
  }
  return outcome;
}
