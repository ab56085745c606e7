// Quizzes are graded on the server and the browser never sees the answers.
import { judgeQuiz, publicQuiz } from '../../../grader/checks/quiz';
import { checksOrThrow } from '../../../grader/checks/schema';
import type { QuizCheck } from '../../../grader/checks/types';

const hint = { ko: '힌트', en: 'hint' };
const text = (s: string) => ({ ko: s, en: s });
const raw = [
  { id: 'one', type: 'quiz', title: 't', hint, question: text('smallest unit?'), choices: [{ id: 'pod', text: text('Pod'), correct: true }, { id: 'node', text: text('Node') }] },
  { id: 'many', type: 'quiz', title: 't', hint, question: text('controllers?'), multiple: true, choices: [{ id: 'rs', text: text('ReplicaSet'), correct: true }, { id: 'deploy', text: text('Deployment'), correct: true }, { id: 'svc', text: text('Service') }] },
  { id: 'short', type: 'quiz', title: 't', hint, question: text('short name of deployments?'), answers: ['deploy'], patterns: ['^deploy(ments?)?$'] },
];
const [one, many, short] = checksOrThrow(raw) as QuizCheck[];

describe('quizzes', () => {
  it('strips correct flags and accepted answers for the browser', () => {
    const pub = publicQuiz({ checks: raw });
    expect(pub.map((q) => q.kind)).toEqual(['choice', 'choice', 'text']);
    const json = JSON.stringify(pub);
    expect(json).not.toContain('correct');
    expect(json).not.toContain('deploy(ments');
    expect(json).not.toContain('answers');
  });

  it('grades single choice', () => {
    expect(judgeQuiz(one, 'pod').status).toBe('passed');
    expect(judgeQuiz(one, 'node').found.en).toBe('node is not correct');
    expect(judgeQuiz(one, undefined).found.en).toBe('no answer yet');
  });

  it('grades multiple choice without revealing which ones are right', () => {
    expect(judgeQuiz(many, ['deploy', 'rs']).status).toBe('passed');
    const out = judgeQuiz(many, ['rs', 'svc']);
    expect(out.status).toBe('failed');
    expect(out.found.en).toBe('1 of 2 correct choices, 1 wrong');
  });

  it('accepts short answers case-insensitively, by list or pattern', () => {
    expect(judgeQuiz(short, '  Deploy ').status).toBe('passed');
    expect(judgeQuiz(short, 'deployments').status).toBe('passed');
    expect(judgeQuiz(short, 'dep').found.en).toBe('"dep" is not accepted');
  });
});
