// Quizzes are graded on the server and the browser never sees the answers; a quiz may take its answer from the
// learner's own cluster at check time (their current revision), so it never contradicts what they see.
import { Cluster } from '../../../sandbox/cluster';
import { findKind } from '../../../sandbox/apiserver/kinds/registry';
import { evaluateQuiz, judgeQuiz, publicQuiz } from '../../../grader/checks/quiz';
import { inProcessClient } from '../../../grader/in-process-client';
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
    expect(judgeQuiz(one, 'node').found).toEqual({ en: 'your choice is not right: “Node”', ko: '고른 답이 맞지 않습니다: 「Node」' });
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

describe('quizzes answered from the learner\'s cluster', () => {
  const [revision] = checksOrThrow([
    {
      id: 'rev', type: 'quiz', title: 't', hint, question: text('current revision?'),
      answerFrom: { resource: 'deployments', name: 'echo', path: '{.metadata.annotations.deployment\\.kubernetes\\.io/revision}' },
    },
  ]) as QuizCheck[];
  let cluster: Cluster;
  beforeAll(() => {
    cluster = new Cluster({ controllers: false, compactEveryMs: 0 });
  });
  afterAll(() => cluster.dispose());
  const ask = (answer: string) => evaluateQuiz(revision, { client: inProcessClient(cluster.api), namespace: 'default', answers: { rev: answer }, runtime: async () => 'sim' });

  it('says the cluster has no answer yet when the object is missing', async () => {
    const o = await ask('3');
    expect(o.status).toBe('failed');
    expect(o.diagnosis?.ko).toBe('답은 내 클러스터의 디플로이먼트 "echo"에서 읽는데, 지금은 그 값이 없습니다.');
  });

  it('accepts what the learner\'s cluster says now, whatever number it is', async () => {
    cluster.api.create(findKind('Deployment')!, 'default', {
      metadata: { name: 'echo', annotations: { 'deployment.kubernetes.io/revision': '5' } },
      spec: { selector: { matchLabels: { app: 'echo' } }, template: { metadata: { labels: { app: 'echo' } }, spec: { containers: [{ name: 'echo', image: 'gihyodocker/echo:latest' }] } } },
    });
    expect((await ask('5')).status).toBe('passed');
    const wrong = await ask('3');
    expect(wrong.status).toBe('failed');
    expect(wrong.found.ko).toBe('맞지 않는 답: "3" (지금 클러스터의 값과 다름)');
  });
});
