import { forbidden } from '../../../sandbox/api/errors';
import { calculateReplicaSetStatus } from '../../../sandbox/controllers/replicaset';
import { eventsFor, markPodsReady, podTemplate, res, startHarness, type Harness } from './harness';

describe('ReplicaSet controller', () => {
  let h: Harness;
  beforeEach(() => {
    h = startHarness();
  });
  afterEach(() => h.dispose());

  function createRS(name: string, replicas: number, labels = { app: name }) {
    return h.api.create(res.rs, 'default', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name },
      spec: { replicas, selector: { matchLabels: labels }, template: podTemplate(labels) },
    });
  }

  it('creates pods named after it, owned by it, and reports them in status and events', async () => {
    const rs = createRS('web', 3);
    await h.idle();
    const pods = h.pods('default', { app: 'web' });
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.ownerReferences).toEqual([
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true },
      ]);
    }
    const status = h.api.get(res.rs, 'default', 'web').status;
    expect(status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
    const events = eventsFor(h.api, 'web');
    expect(events.map((e) => e.message).sort()).toEqual(pods.map((p) => `Created pod: ${p.metadata.name}`).sort());
    expect(events[0]).toMatchObject({ reason: 'SuccessfulCreate', type: 'Normal', source: { component: 'replicaset-controller' } });
    expect(events[0].involvedObject).toMatchObject({ kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, apiVersion: 'apps/v1' });
  });

  it('keeps 3 pods when one is deleted', async () => {
    createRS('web', 3);
    await h.idle();
    const victim = h.pods()[0].metadata.name!;
    h.api.delete(res.pod, 'default', victim);
    await h.idle();
    const names = h.pods('default', { app: 'web' }).map((p) => p.metadata.name);
    expect(names).toHaveLength(3);
    expect(names).not.toContain(victim);
  });

  it('counts ready and available pods', async () => {
    createRS('web', 2);
    await h.idle();
    markPodsReady(h.api, h.clock);
    await h.idle();
    expect(h.api.get(res.rs, 'default', 'web').status).toMatchObject({ replicas: 2, readyReplicas: 2, availableReplicas: 2 });
  });

  it('adopts a matching orphan instead of creating a pod', async () => {
    h.api.create(res.pod, 'default', { metadata: { name: 'stray', labels: { app: 'web' } }, spec: podTemplate({}).spec });
    const rs = createRS('web', 2);
    await h.idle();
    const pods = h.pods('default', { app: 'web' });
    expect(pods).toHaveLength(2);
    const stray = h.api.get(res.pod, 'default', 'stray');
    expect(stray.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', uid: rs.metadata.uid, controller: true });
  });

  it('releases a pod whose labels stop matching and replaces it', async () => {
    createRS('web', 2);
    await h.idle();
    const pod = h.pods()[0];
    h.api.update(res.pod, 'default', pod.metadata.name, { ...pod, metadata: { ...pod.metadata, labels: { app: 'debug' } } });
    await h.idle();
    expect(h.api.get(res.pod, 'default', pod.metadata.name!).metadata.ownerReferences).toBeUndefined();
    expect(h.pods('default', { app: 'web' })).toHaveLength(2);
  });

  it('scales down by deleting not-ready pods before ready ones', async () => {
    createRS('web', 2);
    await h.idle();
    markPodsReady(h.api, h.clock);
    const ready = h.pods().map((p) => p.metadata.name);
    const rs = h.api.get(res.rs, 'default', 'web');
    h.api.update(res.rs, 'default', 'web', { ...rs, spec: { ...rs.spec!, replicas: 4 } });
    await h.idle();
    const rs2 = h.api.get(res.rs, 'default', 'web');
    h.api.update(res.rs, 'default', 'web', { ...rs2, spec: { ...rs2.spec!, replicas: 2 } });
    await h.idle();
    expect(h.pods().map((p) => p.metadata.name).sort()).toEqual(ready.sort());
    expect(eventsFor(h.api, 'web').filter((e) => e.reason === 'SuccessfulDelete')).toHaveLength(2);
  });

  it('waits minReadySeconds before calling pods available', async () => {
    const rs = createRS('web', 1);
    h.api.update(res.rs, 'default', 'web', { ...rs, spec: { ...rs.spec!, minReadySeconds: 30 } });
    await h.idle();
    markPodsReady(h.api, h.clock);
    await h.idle();
    expect(h.api.get(res.rs, 'default', 'web').status!.availableReplicas).toBeUndefined();
    h.clock.advance(30_000);
    await h.idle();
    expect(h.api.get(res.rs, 'default', 'web').status!.availableReplicas).toBe(1);
  });
});

describe('ReplicaSet controller with terminating pods', () => {
  it('replaces a pod that is still shutting down instead of counting it', async () => {
    const h = startHarness();
    try {
      h.api.create(res.pod, 'default', { metadata: { name: 'bound', labels: { app: 'web' } }, spec: { ...podTemplate({}).spec!, nodeName: 'kubelab-worker' } });
      h.api.create(res.rs, 'default', {
        metadata: { name: 'web' },
        spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: podTemplate({ app: 'web' }) },
      });
      await h.idle();
      expect(h.pods('default', { app: 'web' }).map((p) => p.metadata.name)).toEqual(['bound']);
      h.api.delete(res.pod, 'default', 'bound');
      await h.idle();
      expect(h.api.get(res.pod, 'default', 'bound').metadata.deletionTimestamp).toBeDefined();
      const active = h.pods('default', { app: 'web' });
      expect(active).toHaveLength(1);
      expect(active[0].metadata.name).not.toBe('bound');
      expect(h.api.get(res.rs, 'default', 'web').status!.replicas).toBe(1);
    } finally {
      h.dispose();
    }
  });
});

describe('ReplicaSet controller when pods are refused', () => {
  it('reports FailedCreate as an event and a ReplicaFailure condition, and retries with back-off', async () => {
    let refuse = true;
    const quota = {
      name: 'quota',
      admit(req: { operation: string; res: { kind: string }; obj: { metadata: { name?: string } } }) {
        if (refuse && req.operation === 'CREATE' && req.res.kind === 'Pod') {
          throw forbidden('', 'pods', req.obj.metadata.name ?? '', 'exceeded quota: pods, requested: pods=1, used: pods=0, limited: pods=0');
        }
      },
    };
    const h = startHarness([quota]);
    try {
      h.api.create(res.rs, 'default', {
        metadata: { name: 'web' },
        spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: podTemplate({ app: 'web' }) },
      });
      await h.idle();
      const [failed] = eventsFor(h.api, 'web').filter((e) => e.reason === 'FailedCreate');
      expect(failed.type).toBe('Warning');
      expect(failed.message).toMatch(/^Error creating: pods "web-[a-z0-9]{5}" is forbidden: exceeded quota: pods/);
      expect(h.api.get(res.rs, 'default', 'web').status!.conditions![0]).toMatchObject({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate' });
      expect(h.logs[0]).toMatch(/^replicaset: error syncing "default\/web": FailedCreate: /);
      refuse = false;
      h.clock.advance(5);
      await h.idle();
      expect(h.pods('default', { app: 'web' })).toHaveLength(1);
      expect(h.api.get(res.rs, 'default', 'web').status!.conditions).toBeUndefined();
    } finally {
      h.dispose();
    }
  });
});

describe('calculateReplicaSetStatus', () => {
  it('reports a create failure as ReplicaFailure and keeps the first message', () => {
    const rs = { metadata: { name: 'x', generation: 2 }, spec: { replicas: 2, selector: {}, template: { metadata: { labels: { a: 'b' } } } } };
    const now = new Date('2024-01-01T00:00:00Z');
    const failed = calculateReplicaSetStatus({ rs, pods: [], now, manageError: { reason: 'FailedCreate', message: 'quota' } });
    expect(failed).toEqual({
      replicas: 0,
      observedGeneration: 2,
      conditions: [{ type: 'ReplicaFailure', status: 'True', lastTransitionTime: '2024-01-01T00:00:00Z', reason: 'FailedCreate', message: 'quota' }],
    });
    const again = calculateReplicaSetStatus({ rs: { ...rs, status: failed }, pods: [], now: new Date('2024-01-01T00:01:00Z'), manageError: { reason: 'FailedCreate', message: 'other' } });
    expect(again.conditions).toEqual(failed.conditions);
    expect(calculateReplicaSetStatus({ rs: { ...rs, status: failed }, pods: [], now }).conditions).toBeUndefined();
  });
});
