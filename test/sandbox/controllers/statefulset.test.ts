import type { Pod, StatefulSet, StatefulSetSpec } from '../../../sandbox/api/objects';
import { calculateStatefulSetStatus, parentAndOrdinal } from '../../../sandbox/controllers/statefulset-util';
import { markPodsReady, startHarness, type Harness } from './harness';
import { kinds, startWorkloadCluster, type WorkloadCluster } from './workload-cluster';

function statefulSet(name: string, replicas: number, spec: Partial<StatefulSetSpec> = {}, image = 'gihyodocker/nginx:latest'): StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name },
    spec: {
      replicas,
      serviceName: name,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'nginx', image, volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }] } },
      volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      ...spec,
    },
  };
}

const names = (pods: Pod[]) => pods.map((p) => p.metadata.name).sort();

describe('StatefulSet controller, ordered pod management', () => {
  let h: Harness;
  beforeEach(() => {
    h = startHarness();
  });
  afterEach(() => h.dispose());
  const members = () => names(h.pods('default', { app: 'web' }));

  it('creates the next member only once the previous one is Running and Ready', async () => {
    h.api.create(kinds.sts, 'default', statefulSet('web', 3));
    await h.idle();
    expect(members()).toEqual(['web-0']);
    await h.idle();
    expect(members()).toEqual(['web-0']);
    markPodsReady(h.api, h.clock);
    await h.idle();
    expect(members()).toEqual(['web-0', 'web-1']);
    markPodsReady(h.api, h.clock);
    await h.idle();
    expect(members()).toEqual(['web-0', 'web-1', 'web-2']);
    expect(h.api.list(kinds.pvc, 'default').items.map((c) => c.metadata.name).sort()).toEqual(['www-web-0', 'www-web-1', 'www-web-2']);
  });

  it('creates every member at once with podManagementPolicy Parallel', async () => {
    h.api.create(kinds.sts, 'default', statefulSet('web', 3, { podManagementPolicy: 'Parallel' }));
    await h.idle();
    expect(members()).toEqual(['web-0', 'web-1', 'web-2']);
  });
});

describe('StatefulSet controller in a running cluster', () => {
  let w: WorkloadCluster;
  beforeEach(async () => {
    w = await startWorkloadCluster();
  });
  afterEach(() => w.dispose());

  const sts = (name = 'web') => w.get('sts', name)!;
  const update = (mutate: (s: StatefulSet) => void) => {
    const next = structuredClone(sts());
    mutate(next);
    w.cluster.api.update(kinds.sts, 'default', 'web', next);
  };
  const claims = () => w.cluster.api.list(kinds.pvc, 'default').items.map((c) => c.metadata.name).sort();
  /** Records the order in which pods are deleted, and which other members were still terminating at that moment. */
  const deletions = () => {
    const order: string[] = [];
    const overlapping: string[] = [];
    const watch = w.cluster.api.watch(kinds.pod, 'default', {}, (e) => {
      const name = e.object.metadata.name!;
      if (e.type !== 'MODIFIED' || !e.object.metadata.deletionTimestamp || order.includes(name)) return;
      order.push(name);
      for (const p of w.pods({ app: 'web' })) if (p.metadata.name !== name && p.metadata.deletionTimestamp) overlapping.push(`${name}+${p.metadata.name}`);
    });
    return { order, overlapping, stop: () => watch.dispose() };
  };

  it('gives each member a stable identity, its own claim, and reports status', async () => {
    const created = w.cluster.api.create(kinds.sts, 'default', statefulSet('web', 2));
    await w.until(() => sts().status?.readyReplicas === 2);
    const pod = w.get('pod', 'web-1')!;
    const revision = sts().status!.updateRevision;
    expect(revision).toMatch(/^web-[a-z0-9]+$/);
    expect(pod.metadata.labels).toEqual({
      app: 'web',
      'statefulset.kubernetes.io/pod-name': 'web-1',
      'apps.kubernetes.io/pod-index': '1',
      'controller-revision-hash': revision,
    });
    expect(pod.metadata.generateName).toBe('web-');
    expect(pod.spec!.hostname).toBe('web-1');
    expect(pod.spec!.subdomain).toBe('web');
    expect(pod.spec!.volumes).toContainEqual({ name: 'www', persistentVolumeClaim: { claimName: 'www-web-1' } });
    expect(pod.metadata.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: created.metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
    expect(w.get('pvc', 'www-web-1')!.metadata.labels).toEqual({ app: 'web' });
    expect(sts().status).toEqual({
      observedGeneration: 1,
      replicas: 2,
      readyReplicas: 2,
      currentReplicas: 2,
      updatedReplicas: 2,
      availableReplicas: 2,
      currentRevision: revision,
      updateRevision: revision,
      collisionCount: 0,
    });
    const rev = w.get('revision', revision!)!;
    expect(rev.revision).toBe(1);
    expect(rev.metadata.labels).toMatchObject({ app: 'web', 'controller.kubernetes.io/hash': revision!.slice('web-'.length) });
    expect((rev.data as any).spec.template.$patch).toBe('replace');
    const events = w.events('web').map((e) => e.message);
    expect(events).toEqual(expect.arrayContaining([
      'create Claim www-web-0 Pod web-0 in StatefulSet web success',
      'create Pod web-0 in StatefulSet web successful',
      'create Pod web-1 in StatefulSet web successful',
    ]));
  });

  it('scales down from the highest ordinal, one member at a time, keeping the claims', async () => {
    w.cluster.api.create(kinds.sts, 'default', statefulSet('web', 3));
    await w.until(() => sts().status?.readyReplicas === 3);
    const seen = deletions();
    update((s) => (s.spec!.replicas = 1));
    await w.until(() => names(w.pods({ app: 'web' })).join() === 'web-0');
    seen.stop();
    expect(seen.order).toEqual(['web-2', 'web-1']);
    expect(seen.overlapping).toEqual([]);
    expect(claims()).toEqual(['www-web-0', 'www-web-1', 'www-web-2']);
    expect(sts().status).toMatchObject({ replicas: 1, readyReplicas: 1 });
    expect(w.events('web').map((e) => e.message)).toContain('delete Pod web-2 in StatefulSet web successful');
    // Scaling up again reuses the kept claim.
    update((s) => (s.spec!.replicas = 2));
    await w.until(() => sts().status?.readyReplicas === 2);
    expect(claims()).toEqual(['www-web-0', 'www-web-1', 'www-web-2']);
  });

  it('brings a deleted member back under the same name', async () => {
    w.cluster.api.create(kinds.sts, 'default', statefulSet('web', 2));
    await w.until(() => sts().status?.readyReplicas === 2);
    const before = w.get('pod', 'web-0')!.metadata.uid;
    w.cluster.api.delete(kinds.pod, 'default', 'web-0');
    await w.until(() => !!w.get('pod', 'web-0') && w.get('pod', 'web-0')!.metadata.uid !== before && sts().status?.readyReplicas === 2);
    expect(w.get('pod', 'web-0')!.spec!.volumes).toContainEqual({ name: 'www', persistentVolumeClaim: { claimName: 'www-web-0' } });
  });

  it('rolls out a new template from the highest ordinal down', async () => {
    w.cluster.api.create(kinds.sts, 'default', statefulSet('web', 3));
    await w.until(() => sts().status?.readyReplicas === 3);
    const first = sts().status!.currentRevision;
    const seen = deletions();
    update((s) => (s.spec!.template.spec!.containers[0].image = 'gihyodocker/echo:latest'));
    await w.until(() => sts().status?.updatedReplicas === 3 && sts().status?.readyReplicas === 3 && sts().status!.currentRevision !== first);
    seen.stop();
    expect(seen.order).toEqual(['web-2', 'web-1', 'web-0']);
    expect(seen.overlapping).toEqual([]);
    const status = sts().status;
    expect(status!.currentRevision).toBe(status!.updateRevision);
    expect(status).toMatchObject({ replicas: 3, currentReplicas: 3, updatedReplicas: 3, observedGeneration: 2 });
    expect(w.pods({ app: 'web' }).map((p) => p.spec!.containers[0].image)).toEqual(['gihyodocker/echo:latest', 'gihyodocker/echo:latest', 'gihyodocker/echo:latest']);
    const revisions = w.cluster.api.list(kinds.revision, 'default').items.sort((a, b) => a.revision - b.revision);
    expect(revisions.map((r) => [r.metadata.name, r.revision])).toEqual([[first, 1], [status!.updateRevision, 2]]);
  });

  it('updates only the members at or above the partition', async () => {
    w.cluster.api.create(kinds.sts, 'default', statefulSet('web', 3, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } }));
    await w.until(() => sts().status?.readyReplicas === 3);
    update((s) => (s.spec!.template.spec!.containers[0].image = 'gihyodocker/echo:latest'));
    await w.until(() => sts().status?.updatedReplicas === 1 && sts().status?.readyReplicas === 3);
    await w.advance(5_000);
    const images = Object.fromEntries(w.pods({ app: 'web' }).map((p) => [p.metadata.name, p.spec!.containers[0].image]));
    expect(images).toEqual({ 'web-0': 'gihyodocker/nginx:latest', 'web-1': 'gihyodocker/nginx:latest', 'web-2': 'gihyodocker/echo:latest' });
    expect(sts().status).toMatchObject({ currentReplicas: 2, updatedReplicas: 1 });
    expect(sts().status!.currentRevision).not.toBe(sts().status!.updateRevision);
  });
});

describe('StatefulSet arithmetic', () => {
  it('reads the parent and ordinal from a member name', () => {
    expect(parentAndOrdinal('web-12')).toEqual({ parent: 'web', ordinal: 12 });
    expect(parentAndOrdinal('my-db-0')).toEqual({ parent: 'my-db', ordinal: 0 });
    expect(parentAndOrdinal('web')).toBeUndefined();
  });

  it('counts ready, current and updated members, and finishes a rollout when all are updated and ready', () => {
    const pod = (rev: string, ready: boolean, deleting = false) => ({
      metadata: { labels: { 'controller-revision-hash': rev }, ...(deleting ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}) },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
    }) as Pod;
    const set = { metadata: { generation: 3 }, spec: { replicas: 3 } } as StatefulSet;
    const now = new Date();
    expect(calculateStatefulSetStatus({ set, pods: [pod('a', true), pod('b', true), pod('b', false)], currentRevision: 'a', updateRevision: 'b', collisionCount: 0, now })).toMatchObject({
      replicas: 3, readyReplicas: 2, availableReplicas: 2, currentReplicas: 1, updatedReplicas: 2, currentRevision: 'a', updateRevision: 'b', observedGeneration: 3,
    });
    expect(calculateStatefulSetStatus({ set, pods: [pod('b', true), pod('b', true)], currentRevision: 'a', updateRevision: 'b', collisionCount: 0, now })).toMatchObject({
      currentReplicas: 2, currentRevision: 'b',
    });
  });
});
