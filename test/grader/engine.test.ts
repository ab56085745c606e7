// The engine's fairness rules against a real in-process cluster: a failing check is re-read until the cluster
// settles (no false fail mid-change), a pass must survive a second read (no false pass on a transient state),
// and a failure nothing is changing ends early instead of waiting out the whole bound.
import { performance } from 'node:perf_hooks';
import { findKind } from '../../sandbox/apiserver/kinds/registry';
import type { ObjectClient } from '../../sandbox/api/client';
import { Cluster } from '../../sandbox/cluster';
import { checksOrThrow } from '../../grader/checks/schema';
import { gradeChecks, gradeLab, gradeStep } from '../../grader/engine';
import { inProcessClient } from '../../grader/in-process-client';

const hint = { ko: '힌트', en: 'hint' };
const cm = findKind('ConfigMap')!;
const exists = (name: string) => checksOrThrow([{ id: 'e', type: 'exists', title: 't', hint, resource: 'configmaps', name }]);

describe('grading engine', () => {
  let cluster: Cluster;
  let client: ObjectClient;
  beforeEach(() => {
    cluster = new Cluster({ compactEveryMs: 0 });
    client = inProcessClient(cluster.api);
  });
  afterEach(() => cluster.dispose());

  it('waits for an object that appears while grading instead of failing at once', async () => {
    const timer = setTimeout(() => cluster.api.create(cm, 'default', { metadata: { name: 'late' } }), 150);
    const [r] = await gradeChecks(client, exists('late'), { settleMs: 3000, pollMs: 20, quietMs: 2000 });
    clearTimeout(timer);
    expect(r.status).toBe('passed');
  });

  it('does not pass a check whose state vanishes before the confirming read', async () => {
    cluster.api.create(cm, 'default', { metadata: { name: 'flicker' } });
    // The object disappears right after the first successful read: a transient state.
    let reads = 0;
    const flickering: ObjectClient = {
      ...client,
      get: async (res, ns, name) => {
        const obj = await client.get(res, ns, name);
        if (++reads === 1) cluster.api.delete(cm, 'default', 'flicker');
        return obj;
      },
    };
    const [r] = await gradeChecks(flickering, exists('flicker'), { settleMs: 300, pollMs: 20, quietMs: 100 });
    expect(r.status).toBe('failed');
    expect(r.found.en).toBe('not found');
  });

  it('stops early on a failure nothing is changing', async () => {
    const t = performance.now();
    const [r] = await gradeChecks(client, exists('never'), { settleMs: 5000, quietMs: 200 });
    expect(r.status).toBe('failed');
    expect(performance.now() - t).toBeLessThan(2000);
  });

  it('grades a step by id or number and a whole lab, keeping the checks order', async () => {
    cluster.api.create(cm, 'default', { metadata: { name: 'a' } });
    const lab = {
      id: 'demo',
      steps: [
        { id: 'one', checks: [{ id: 'a-exists', type: 'exists', title: 't', hint, resource: 'cm', name: 'a' }] },
        { id: 'two', checks: [{ id: 'b-exists', type: 'exists', title: 't', hint, resource: 'cm', name: 'b' }, { id: 'a-still', type: 'exists', title: 't', hint, resource: 'cm', name: 'a' }] },
      ],
    };
    const opts = { settleMs: 300, quietMs: 50 };
    expect((await gradeStep(client, lab, 1, opts)).passed).toBe(true);
    const two = await gradeStep(client, lab, 'two', opts);
    expect(two.results.map((r) => [r.id, r.status])).toEqual([['b-exists', 'failed'], ['a-still', 'passed']]);
    const all = await gradeLab(client, lab, opts);
    expect(all.passed).toBe(false);
    expect(all.steps.map((s) => s.passed)).toEqual([true, false]);
    await expect(gradeStep(client, lab, 'three')).rejects.toThrow(/no step "three" \(steps: 1=one, 2=two\)/);
  });

  it('reports invalid checks of a lab as a lab bug, naming each problem', async () => {
    const lab = { id: 'bad', steps: [{ id: 's', checks: [{ id: 'x', type: 'exists', title: 't', hint: 'one language', resource: 'cm', name: 'a' }] }] };
    await expect(gradeStep(client, lab, 's')).rejects.toThrow(/steps\.s\.checks\.0\.hint: hint must be a mapping with both languages/);
  });

  it('turns a check that cannot run into an error result, not a crash', async () => {
    const [r] = await gradeChecks(client, checksOrThrow([{ id: 's', type: 'script', title: 't', hint, run: 'true' }]), { settleMs: 100, quietMs: 10 });
    expect(r.status).toBe('error');
    expect(r.found.en).toMatch(/^the check could not run/);
    expect(r.details?.en).toMatch(/^script checks need a script runner/);
  });
});
