// Toleration matching as Kubernetes reads it, shared by the scheduler and the taint eviction controller.
import { findUntoleratedTaint, noExecuteToleranceSeconds, toleratesTaint } from '../../../sandbox/lib/taints';

const unreachable = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };

describe('taints and tolerations', () => {
  it('matches Equal by key and value, Exists by key, and an empty key with Exists matches everything', () => {
    expect(toleratesTaint({ key: 'a', value: 'x', effect: 'NoSchedule' }, { key: 'a', value: 'x', effect: 'NoSchedule' })).toBe(true);
    expect(toleratesTaint({ key: 'a', value: 'y', effect: 'NoSchedule' }, { key: 'a', value: 'x', effect: 'NoSchedule' })).toBe(false);
    expect(toleratesTaint({ key: 'a', operator: 'Exists' }, { key: 'a', value: 'x', effect: 'NoExecute' })).toBe(true);
    expect(toleratesTaint({ operator: 'Exists' }, { key: 'anything', effect: 'NoSchedule' })).toBe(true);
    expect(toleratesTaint({ key: 'a', operator: 'Exists', effect: 'NoExecute' }, { key: 'a', effect: 'NoSchedule' })).toBe(false);
  });

  it('finds the first taint no toleration covers, among the effects asked for', () => {
    const taints = [{ key: 'soft', effect: 'PreferNoSchedule' }, { key: 'hard', value: 'v', effect: 'NoSchedule' }];
    expect(findUntoleratedTaint(taints, [], ['NoSchedule', 'NoExecute'])).toEqual(taints[1]);
    expect(findUntoleratedTaint(taints, [{ key: 'hard', operator: 'Exists' }], ['NoSchedule', 'NoExecute'])).toBeUndefined();
  });

  it('gives a pod the smallest tolerationSeconds, forever without one, and none when a NoExecute taint is not tolerated', () => {
    expect(noExecuteToleranceSeconds([unreachable], [{ ...unreachable, operator: 'Exists', tolerationSeconds: 300 }])).toBe(300);
    expect(noExecuteToleranceSeconds([unreachable], [{ operator: 'Exists' }])).toBe(Infinity);
    expect(noExecuteToleranceSeconds([unreachable, { key: 'x', effect: 'NoExecute' }], [{ ...unreachable, operator: 'Exists', tolerationSeconds: 300 }])).toBe(0);
    expect(noExecuteToleranceSeconds([{ key: 'x', effect: 'NoSchedule' }], [])).toBe(Infinity);
  });
});
