// A budget refusal explained in the learner's language: each exhausted resource named with its numbers, and what
// to do about it; other messages are left alone.
import { explainBudgetRefusal } from '../../../server/clusters/budget-explanation';

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
