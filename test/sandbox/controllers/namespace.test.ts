import { namespaceConditions } from '../../../sandbox/controllers/namespace';
import type { ResourceInfo } from '../../../sandbox/api/registry';
import { podTemplate, res, startHarness } from './harness';

describe('namespace controller', () => {
  it('deletes everything in a terminating namespace, then the namespace itself', async () => {
    const h = startHarness();
    try {
      h.api.create(res.ns, undefined, { metadata: { name: 'lab' } });
      h.api.create(res.deploy, 'lab', {
        metadata: { name: 'web' },
        spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: podTemplate({ app: 'web' }) },
      });
      h.api.create(res.cm, 'lab', { metadata: { name: 'settings' }, data: { a: 'b' } });
      await h.idle();
      expect(h.pods('lab')).toHaveLength(2);
      h.api.delete(res.ns, undefined, 'lab');
      await h.idle();
      expect(h.api.tryGet(res.ns, undefined, 'lab')).toBeUndefined();
      for (const r of [res.deploy, res.rs, res.pod, res.cm, res.event] as ResourceInfo[]) expect(h.api.list(r, 'lab').items).toHaveLength(0);
      expect(h.logs).toEqual([]);
    } finally {
      h.dispose();
    }
  });

  it('waits for content with finalizers before the namespace goes', async () => {
    const h = startHarness();
    try {
      h.api.create(res.ns, undefined, { metadata: { name: 'lab' } });
      h.api.create(res.cm, 'lab', { metadata: { name: 'held', finalizers: ['example.com/hold'] }, data: {} });
      h.api.delete(res.ns, undefined, 'lab');
      await h.idle();
      const ns = h.api.get(res.ns, undefined, 'lab');
      expect(ns.status!.phase).toBe('Terminating');
      const held = h.api.get(res.cm, 'lab', 'held');
      h.api.update(res.cm, 'lab', 'held', { ...held, metadata: { ...held.metadata, finalizers: [] } });
      await h.idle();
      expect(h.api.tryGet(res.ns, undefined, 'lab')).toBeUndefined();
    } finally {
      h.dispose();
    }
  });
});

describe('namespaceConditions', () => {
  it('says which content remains', () => {
    const conds = namespaceConditions({ resources: ['configmaps. has 1 resource instances'], finalizers: [] }, undefined, '2024-01-01T00:00:00Z');
    expect(conds.find((c) => c.type === 'NamespaceContentRemaining')).toMatchObject({
      status: 'True',
      reason: 'SomeResourcesRemain',
      message: 'Some resources are remaining: configmaps. has 1 resource instances',
    });
    expect(conds.find((c) => c.type === 'NamespaceFinalizersRemaining')).toMatchObject({ status: 'False', reason: 'ContentHasNoFinalizers' });
  });

  it('reports finalizers that hold content', () => {
    const conds = namespaceConditions({ resources: ['pods. has 1 resource instances'], finalizers: ['example.com/x in 1 resource instances'] }, undefined, '2024-01-01T00:00:00Z');
    expect(conds.find((c) => c.type === 'NamespaceFinalizersRemaining')).toEqual({
      type: 'NamespaceFinalizersRemaining',
      status: 'True',
      lastTransitionTime: '2024-01-01T00:00:00Z',
      reason: 'SomeFinalizersRemain',
      message: 'Some content in the namespace has finalizers remaining: example.com/x in 1 resource instances',
    });
  });
});
