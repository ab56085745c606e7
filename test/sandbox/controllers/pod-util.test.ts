import type { Pod } from '../../../sandbox/api/objects';
import { isPodAvailable, podFromTemplate, rankPodsForDeletion } from '../../../sandbox/controllers/pod-util';

function pod(name: string, opts: { node?: string; phase?: string; ready?: boolean; created?: string; readySince?: string } = {}): Pod {
  return {
    metadata: { name, uid: name, creationTimestamp: opts.created ?? '2024-01-01T00:00:00Z' },
    spec: opts.node ? { nodeName: opts.node } : {},
    status: {
      phase: opts.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: opts.ready ? 'True' : 'False', lastTransitionTime: opts.readySince ?? '2024-01-01T00:00:00Z' }],
    },
  } as Pod;
}

describe('rankPodsForDeletion', () => {
  it('prefers unscheduled, then pending, then not-ready, then newer pods', () => {
    const pods = [
      pod('old-ready', { node: 'n3', ready: true, created: '2024-01-01T00:00:00Z' }),
      pod('new-ready', { node: 'n2', ready: true, created: '2024-01-01T00:01:00Z' }),
      pod('not-ready', { node: 'n1' }),
      pod('pending', { node: 'n1', phase: 'Pending' }),
      pod('unscheduled', { phase: 'Pending' }),
    ];
    expect(rankPodsForDeletion(pods).map((p) => p.metadata.name)).toEqual(['unscheduled', 'pending', 'not-ready', 'new-ready', 'old-ready']);
  });
});

describe('isPodAvailable', () => {
  it('counts a ready pod as available only after minReadySeconds', () => {
    const p = pod('a', { ready: true, readySince: '2024-01-01T00:00:00Z' });
    expect(isPodAvailable(p, 10, new Date('2024-01-01T00:00:09Z'))).toBe(false);
    expect(isPodAvailable(p, 10, new Date('2024-01-01T00:00:10Z'))).toBe(true);
    expect(isPodAvailable(pod('b'), 0, new Date())).toBe(false);
  });
});

describe('podFromTemplate', () => {
  it('names the pod <owner>-<5 chars> with generateName and carries the template labels', () => {
    const ref = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'u', controller: true, blockOwnerDeletion: true };
    const p = podFromTemplate({ metadata: { labels: { app: 'web' } }, spec: { containers: [] } }, 'default', 'web', ref);
    expect(p.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(p.metadata.generateName).toBe('web-');
    expect(p.metadata.labels).toEqual({ app: 'web' });
    expect(p.metadata.ownerReferences).toEqual([ref]);
  });
});

describe('rankPodsForDeletion across nodes', () => {
  it('deletes a pod doubled up on a node before an equal pod alone on its node', () => {
    const pods = [pod('alone', { node: 'n1', ready: true }), pod('crowded', { node: 'n2', ready: true }), pod('sibling', { node: 'n2', phase: 'Pending' })];
    expect(rankPodsForDeletion(pods.slice(0, 2), pods)[0].metadata.name).toBe('crowded');
  });
});
