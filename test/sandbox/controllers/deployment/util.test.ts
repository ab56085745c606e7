import type { Deployment, ReplicaSet } from '../../../../sandbox/api/objects';
import {
  computeHash, maxSurge, maxUnavailable, newRSNewReplicas, proportion, resolveFenceposts, scaledValue, setCondition,
  templatesEqualIgnoringHash, newCondition, deploymentTimedOut,
} from '../../../../sandbox/controllers/deployment/util';

function deployment(replicas: number, rollingUpdate?: any, type = 'RollingUpdate'): Deployment {
  return { metadata: { name: 'd', generation: 1 }, spec: { replicas, strategy: { type, ...(rollingUpdate ? { rollingUpdate } : {}) } } } as Deployment;
}

function rs(name: string, replicas: number, annotations: Record<string, string> = {}): ReplicaSet {
  return { metadata: { name, uid: name, annotations }, spec: { replicas } } as ReplicaSet;
}

describe('maxSurge and maxUnavailable', () => {
  it('rounds percentages up for surge and down for unavailable', () => {
    expect(scaledValue('25%', 3, true, '25%')).toBe(1);
    expect(scaledValue('25%', 3, false, '25%')).toBe(0);
    expect(scaledValue('25%', 10, true, '25%')).toBe(3);
    expect(scaledValue('25%', 10, false, '25%')).toBe(2);
    expect(scaledValue(2, 10, false, '25%')).toBe(2);
  });

  it('never lets both be zero', () => {
    expect(resolveFenceposts(0, 0, 3)).toEqual({ surge: 0, unavailable: 1 });
    expect(resolveFenceposts('10%', '10%', 3)).toEqual({ surge: 1, unavailable: 0 });
    expect(resolveFenceposts('0%', '10%', 3)).toEqual({ surge: 0, unavailable: 1 });
  });

  it('defaults to 25% each and caps unavailable at replicas; Recreate has neither', () => {
    expect(maxSurge(deployment(3))).toBe(1);
    expect(maxUnavailable(deployment(3))).toBe(0);
    expect(maxUnavailable(deployment(2, { maxSurge: 0, maxUnavailable: 5 }))).toBe(2);
    expect(maxSurge(deployment(3, undefined, 'Recreate'))).toBe(0);
    expect(maxUnavailable(deployment(0))).toBe(0);
  });
});

describe('newRSNewReplicas', () => {
  it('grows the new ReplicaSet only within replicas + maxSurge', () => {
    const d = deployment(3);
    const old = rs('old', 3);
    const fresh = rs('new', 0);
    expect(newRSNewReplicas(d, [old, fresh], fresh)).toBe(1);
    expect(newRSNewReplicas(d, [rs('old', 2), rs('new', 1)], rs('new', 1))).toBe(2);
    expect(newRSNewReplicas(d, [rs('old', 3), rs('new', 1)], rs('new', 1))).toBe(1);
  });

  it('takes the full count at once for Recreate', () => {
    expect(newRSNewReplicas(deployment(4, undefined, 'Recreate'), [], rs('new', 0))).toBe(4);
  });
});

describe('proportion', () => {
  it('shares added replicas by the size each ReplicaSet had when max-replicas was recorded', () => {
    const d = deployment(20, { maxSurge: 3, maxUnavailable: 2 });
    // Was 10 (+3 surge) → now 20 (+3): an RS holding 8 of 13 grows toward 8 * 23 / 13 ≈ 14.
    const big = rs('a', 8, { 'deployment.kubernetes.io/max-replicas': '13' });
    expect(proportion(big, d, 10, 0)).toBe(6);
    expect(proportion(big, d, 10, 8)).toBe(2);
  });
});

describe('pod-template-hash', () => {
  const template = { metadata: { labels: { app: 'echo' } }, spec: { containers: [{ name: 'echo', image: 'echo:1' }] } };

  it('is stable, key-order independent, and uses the safe alphabet', () => {
    const reordered = { spec: { containers: [{ image: 'echo:1', name: 'echo' }] }, metadata: { labels: { app: 'echo' } } };
    const h = computeHash(template);
    expect(h).toBe(computeHash(reordered));
    expect(h).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(computeHash(template, 1)).not.toBe(h);
    expect(computeHash({ ...template, spec: { containers: [{ name: 'echo', image: 'echo:2' }] } })).not.toBe(h);
  });

  it('templates are equal ignoring the hash label and empty maps', () => {
    const withHash = structuredClone(template) as any;
    withHash.metadata.labels['pod-template-hash'] = 'abc';
    withHash.metadata.annotations = {};
    expect(templatesEqualIgnoringHash(template, withHash)).toBe(true);
    withHash.spec.containers[0].image = 'echo:2';
    expect(templatesEqualIgnoringHash(template, withHash)).toBe(false);
  });
});

describe('conditions', () => {
  const now = new Date('2024-01-01T00:00:00Z');
  const later = new Date('2024-01-01T00:05:00Z');

  it('keeps lastTransitionTime while the status stays the same', () => {
    const status: any = {};
    setCondition(status, newCondition('Progressing', 'True', 'NewReplicaSetCreated', 'x', now));
    setCondition(status, newCondition('Progressing', 'True', 'ReplicaSetUpdated', 'y', later));
    expect(status.conditions).toEqual([
      { type: 'Progressing', status: 'True', lastUpdateTime: '2024-01-01T00:05:00Z', lastTransitionTime: '2024-01-01T00:00:00Z', reason: 'ReplicaSetUpdated', message: 'y' },
    ]);
  });

  it('times out after progressDeadlineSeconds without progress', () => {
    const d = deployment(3);
    d.spec!.progressDeadlineSeconds = 60;
    const status = { conditions: [newCondition('Progressing', 'True', 'ReplicaSetUpdated', 'x', now)] };
    expect(deploymentTimedOut(d, status, new Date(now.getTime() + 60_000))).toBe(false);
    expect(deploymentTimedOut(d, status, new Date(now.getTime() + 60_001))).toBe(true);
  });
});
