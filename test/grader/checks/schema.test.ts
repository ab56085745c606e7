// Instructor-written checks are validated with errors that name the field and say what to write.
import { checksOrThrow, parseChecks } from '../../../grader/checks/schema';

const hint = { ko: '힌트', en: 'hint' };

describe('check schema', () => {
  it('accepts every documented kind', () => {
    const checks = checksOrThrow([
      { id: 'a', type: 'exists', title: 'x', hint, resource: 'deploy', name: 'echo' },
      { id: 'b', type: 'absent', title: 'x', hint, resource: 'pods', selector: 'app=old' },
      { id: 'c', type: 'field', title: 'x', hint, resource: 'pod', name: 'p', path: '{.spec.containers[0].image}', matches: '^nginx' },
      { id: 'd', type: 'count', title: 'x', hint, resource: 'pods', selector: 'app=echo', phase: 'Running', ready: true, count: 3 },
      { id: 'e', type: 'selector-matches-template', title: 'x', hint, resource: 'replicasets', name: 'echo' },
      { id: 'f', type: 'rollout-history', title: 'x', hint, name: 'echo', rolledBack: true, minRevisions: 2, changeCause: true },
      { id: 'g', type: 'service', title: 'x', hint, name: 'echo', serviceType: 'NodePort', ports: [{ port: 80, targetPort: 8080, nodePort: true }], endpoints: true },
      { id: 'h', type: 'ingress', title: 'x', hint, host: 'ch05.gihyo.local', path: '/', service: 'echo', port: 80 },
      { id: 'i', type: 'data-keys', title: 'x', hint, resource: 'configmap', name: 'cfg', keys: ['a'] },
      { id: 'j', type: 'probe', title: 'x', hint, resource: 'deployment', name: 'echo', container: 'echo', probe: 'readiness', action: 'httpGet' },
      { id: 'k', type: 'containers', title: 'x', hint, resource: 'pod', name: 'p', count: 2 },
      { id: 'l', type: 'http', title: 'x', hint, via: 'service', service: 'echo', port: 80, bodyContains: 'Hello' },
      { id: 'm', type: 'event', title: 'x', hint, reason: 'SuccessfulCreate', involvedKind: 'ReplicaSet' },
      { id: 'n', type: 'replaced', title: 'x', hint, selector: 'app=echo' },
      { id: 'o', type: 'script', title: 'x', hint, run: 'kubectl get pod p' },
      { id: 'p', type: 'quiz', title: 'x', hint, question: { ko: '질문', en: 'q' }, choices: [{ id: 'a', text: { ko: '가', en: 'a' }, correct: true }, { id: 'b', text: { ko: '나', en: 'b' } }] },
    ]);
    expect(checks.map((c) => c.type)).toHaveLength(16);
    expect(checks[3]).toMatchObject({ count: { min: 3, max: 3 } });
    expect(checks[8]).toMatchObject({ resource: 'configmaps' });
  });

  it('requires a bilingual hint on every check', () => {
    const { errors } = parseChecks([{ id: 'a', type: 'exists', title: 't', hint: 'only one language', resource: 'pods', name: 'x' }]);
    expect(errors).toEqual([{ path: ['checks', 0, 'hint'], message: expect.stringMatching(/both languages/) }]);
    const missingKo = parseChecks([{ id: 'a', type: 'exists', title: 't', hint: { en: 'x' }, resource: 'pods', name: 'x' }]);
    expect(missingKo.errors[0].message).toMatch(/hint\.ko is missing/);
  });

  it('reports typos, unknown resources, bad JSONPath and regexes at their field', () => {
    const { errors } = parseChecks([
      { id: 'a', type: 'count', title: 't', hint, resource: 'pods', selecter: 'app=echo', count: 3 },
      { id: 'b', type: 'exists', title: 't', hint, resource: 'deploymnts', name: 'x' },
      { id: 'c', type: 'field', title: 't', hint, resource: 'pods', name: 'x', path: '{.spec[0}', equals: 1 },
      { id: 'd', type: 'field', title: 't', hint, resource: 'pods', name: 'x', path: '{.spec}', matches: '(' },
    ]);
    const byPath = Object.fromEntries(errors.map((e) => [e.path.join('.'), e.message]));
    expect(byPath['checks.0.selecter']).toMatch(/unknown field "selecter"/);
    expect(byPath['checks.1.resource']).toMatch(/unknown resource "deploymnts"/);
    expect(byPath['checks.2.path']).toMatch(/invalid JSONPath/);
    expect(byPath['checks.3.matches']).toMatch(/Invalid regular expression/);
  });

  it('rejects duplicate ids and checks without a condition', () => {
    const { errors } = parseChecks([
      { id: 'a', type: 'exists', title: 't', hint, resource: 'pods', name: 'x' },
      { id: 'a', type: 'field', title: 't', hint, resource: 'pods', name: 'x', path: '{.spec}' },
    ]);
    expect(errors.map((e) => e.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/exactly one of equals/)]),
    );
    const dup = parseChecks([
      { id: 'a', type: 'exists', title: 't', hint, resource: 'pods', name: 'x' },
      { id: 'a', type: 'absent', title: 't', hint, resource: 'pods', name: 'y' },
    ]);
    expect(dup.errors).toEqual([{ path: ['checks', 1, 'id'], message: 'duplicate check id "a"' }]);
  });

  it('requires a single-choice quiz to have exactly one correct choice', () => {
    const { errors } = parseChecks([
      {
        id: 'q', type: 'quiz', title: 't', hint, question: { ko: '질문', en: 'q' },
        choices: [{ id: 'a', text: { ko: '가', en: 'a' }, correct: true }, { id: 'b', text: { ko: '나', en: 'b' }, correct: true }],
      },
    ]);
    expect(errors[0].message).toMatch(/set multiple: true/);
  });
});
