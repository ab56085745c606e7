// A budget refusal explained in the learner's language: each exhausted resource named with its numbers, and what
// to do about it; other messages are left alone. Check names it as the reason a step's pods are missing.
import { explainBudgetRefusal } from '../../../grader/checks/budget';
import { checksOrThrow } from '../../../grader/checks/schema';
import { gradeChecks } from '../../../grader/engine';
import { inProcessClient } from '../../../grader/in-process-client';
import { DEFAULT_BUDGET } from '../../../sandbox/apiserver/plugins/budget';
import { findKind } from '../../../sandbox/apiserver/kinds/registry';
import { Cluster } from '../../../sandbox/cluster';

const REFUSAL = 'pods "p41" is forbidden: exceeded quota: kubelab-budget, requested: pods=1, used: pods=40, limited: pods=40';

describe('budget explanation', () => {
  it('says in Korean which budget is full and how to free it', () => {
    const ko = explainBudgetRefusal(`Error from server (Forbidden): error when creating "p41.yaml": ${REFUSAL}`, 'ko')!;
    expect(ko).toContain('파드 수 예산을 넘습니다: 이미 40 사용 중이고 한도는 40인데, 1를 더 요청했습니다.');
    expect(ko).toContain('kubectl delete');
  });

  it('says it in English, counting containers without limits at the defaults', () => {
    const en = explainBudgetRefusal('exceeded quota: kubelab-budget, requested: limits.memory=256Mi, used: limits.memory=4Gi, limited: limits.memory=4Gi', 'en')!;
    expect(en).toContain("Your cluster's memory budget would be exceeded: 4Gi in use, 4Gi allowed, 256Mi more requested.");
    expect(en).toContain('A container without limits counts as the defaults');
  });

  it('leaves other refusals alone', () => {
    expect(explainBudgetRefusal('pods "x" is forbidden: exceeded quota: team-quota, requested: pods=1, used: pods=2, limited: pods=2', 'en')).toBeUndefined();
  });
});

describe('Check when the budget refused pods', () => {
  it('names the budget as the reason a Deployment is short of pods, in both languages', async () => {
    const cluster = new Cluster({ compactEveryMs: 0, budget: { ...DEFAULT_BUDGET, pods: 2 }, log: () => undefined });
    try {
      const startedAt = new Date(Date.now() - 1000);
      cluster.api.create(findKind('Deployment')!, 'default', {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
      });
      await cluster.settled();
      const checks = checksOrThrow([{ id: 'three', type: 'count', title: { ko: '파드 3개', en: 'three pods' }, resource: 'pods', selector: 'app=web', count: { min: 3 }, hint: { ko: '힌트', en: 'hint' } }]);
      const [result] = await gradeChecks(inProcessClient(cluster.api), checks, { startedAt, settleMs: 0 });
      expect(result.status).toBe('failed');
      expect(result.diagnosis?.en).toMatch(/budget would be exceeded: 2 in use, 2 allowed, 1 more requested/);
      expect(result.diagnosis?.ko).toMatch(/파드 수 예산을 넘습니다/);
    } finally {
      cluster.dispose();
    }
  });
});
