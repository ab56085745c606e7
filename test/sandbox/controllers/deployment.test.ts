import type { Deployment, DeploymentSpec } from '../../../sandbox/api/objects';
import { eventsFor, markPodsReady, podTemplate, res, startHarness, type Harness } from './harness';

const REV = 'deployment.kubernetes.io/revision';
const CAUSE = 'kubernetes.io/change-cause';

describe('Deployment controller', () => {
  let h: Harness;
  beforeEach(() => {
    h = startHarness();
  });
  afterEach(() => {
    h.dispose();
    expect(h.logs).toEqual([]);
  });

  const get = () => h.api.get(res.deploy, 'default', 'echo');
  const replicaSets = () => h.api.list(res.rs, 'default').items.sort((a, b) => Number(a.metadata.annotations?.[REV]) - Number(b.metadata.annotations?.[REV]));
  const rsByRevision = (rev: number) => replicaSets().find((rs) => rs.metadata.annotations?.[REV] === String(rev));
  const messages = () => eventsFor(h.api, 'echo').filter((e) => e.reason === 'ScalingReplicaSet').map((e) => e.message);

  function create(spec: Partial<DeploymentSpec> = {}, annotations: Record<string, string> = {}) {
    return h.api.create(res.deploy, 'default', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'echo', annotations },
      spec: { replicas: 3, selector: { matchLabels: { app: 'echo' } }, template: podTemplate({ app: 'echo' }, 'echo:1'), ...spec },
    });
  }

  /** Applies a change the way kubectl does: read, modify, update. */
  function edit(change: (d: Deployment) => void) {
    const d = structuredClone(get());
    change(d);
    return h.api.update(res.deploy, 'default', 'echo', d);
  }

  /** Lets the rollout proceed one step at a time, checking the rolling-update bounds at every step. */
  async function rollOut(bounds?: { maxTotal: number; minReady: number }) {
    for (let step = 0; step < 50; step++) {
      await h.idle();
      const pods = h.pods('default', { app: 'echo' });
      if (bounds) {
        expect(pods.length).toBeLessThanOrEqual(bounds.maxTotal);
        const ready = pods.filter((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
        expect(ready.length).toBeGreaterThanOrEqual(bounds.minReady);
      }
      if (markPodsReady(h.api, h.clock) === 0) return;
    }
    throw new Error('rollout did not settle');
  }

  it('rolls out revision 1: a ReplicaSet <deploy>-<hash> with the hash label, annotations and status', async () => {
    create({}, { [CAUSE]: 'kubectl create deployment echo --image=echo:1' });
    await rollOut();
    const [rs] = replicaSets();
    expect(replicaSets()).toHaveLength(1);
    const hash = rs.metadata.labels!['pod-template-hash'];
    expect(rs.metadata.name).toBe(`echo-${hash}`);
    expect(rs.spec!.selector.matchLabels).toEqual({ app: 'echo', 'pod-template-hash': hash });
    expect(rs.spec!.template!.metadata!.labels).toEqual({ app: 'echo', 'pod-template-hash': hash });
    expect(rs.metadata.annotations).toEqual({
      [REV]: '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
      [CAUSE]: 'kubectl create deployment echo --image=echo:1',
    });
    expect(rs.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Deployment', name: 'echo', controller: true, blockOwnerDeletion: true });
    const d = get();
    expect(d.metadata.annotations?.[REV]).toBe('1');
    expect(d.status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(d.status!.unavailableReplicas).toBeUndefined();
    expect(d.status!.conditions!.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'],
      ['Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${rs.metadata.name}" has successfully progressed.`],
    ]);
    expect(messages()).toEqual([`Scaled up replica set ${rs.metadata.name} to 3`]);
    expect(eventsFor(h.api, 'echo')[0].source).toEqual({ component: 'deployment-controller' });
  });

  it('rolls out a new image within maxSurge/maxUnavailable, then scales only, then undoes by reusing the old ReplicaSet', async () => {
    create({}, { [CAUSE]: 'v1' });
    await rollOut();
    const rs1 = replicaSets()[0];

    edit((d) => {
      d.spec!.template.spec!.containers[0].image = 'echo:2';
      d.metadata.annotations![CAUSE] = 'v2';
    });
    await rollOut({ maxTotal: 4, minReady: 3 });
    expect(replicaSets()).toHaveLength(2);
    const rs2 = rsByRevision(2)!;
    expect(rs2.metadata.name).not.toBe(rs1.metadata.name);
    expect(rs2.metadata.annotations?.[CAUSE]).toBe('v2');
    expect(rs2.spec!.replicas).toBe(3);
    expect(h.api.get(res.rs, 'default', rs1.metadata.name!).spec!.replicas).toBe(0);
    expect(get().metadata.annotations?.[REV]).toBe('2');
    expect(messages()).toContain(`Scaled down replica set ${rs1.metadata.name} to 2 from 3`);
    expect(messages()).toContain(`Scaled down replica set ${rs1.metadata.name} to 0 from 1`);
    expect(h.pods('default', { app: 'echo' }).every((p) => p.spec!.containers[0].image === 'echo:2')).toBe(true);

    edit((d) => {
      d.spec!.replicas = 5;
    });
    await rollOut();
    expect(replicaSets()).toHaveLength(2);
    expect(h.api.get(res.rs, 'default', rs2.metadata.name!).spec!.replicas).toBe(5);
    expect(messages()).toContain(`Scaled up replica set ${rs2.metadata.name} to 5 from 3`);
    expect(get().metadata.annotations?.[REV]).toBe('2');

    // `kubectl rollout undo`: the template of revision 1 (without its hash) and its annotations go back.
    const old = h.api.get(res.rs, 'default', rs1.metadata.name!);
    edit((d) => {
      const template = structuredClone(old.spec!.template);
      delete template!.metadata!.labels!['pod-template-hash'];
      d.spec!.template = template!;
      d.metadata.annotations = { [REV]: d.metadata.annotations![REV], [CAUSE]: old.metadata.annotations![CAUSE] };
    });
    await rollOut({ maxTotal: 7, minReady: 4 });
    expect(replicaSets()).toHaveLength(2);
    expect(replicaSets().map((rs) => rs.metadata.annotations?.[REV])).toEqual(['2', '3']);
    const reused = h.api.get(res.rs, 'default', rs1.metadata.name!);
    expect(reused.metadata.annotations).toMatchObject({ [REV]: '3', 'deployment.kubernetes.io/revision-history': '1', [CAUSE]: 'v1' });
    expect(reused.spec!.replicas).toBe(5);
    expect(get().metadata.annotations?.[REV]).toBe('3');
    expect(h.pods('default', { app: 'echo' }).every((p) => p.spec!.containers[0].image === 'echo:1')).toBe(true);
  });

  it('makes a new ReplicaSet for `kubectl rollout restart` (a template annotation)', async () => {
    create();
    await rollOut();
    edit((d) => {
      d.spec!.template.metadata!.annotations = { 'kubectl.kubernetes.io/restartedAt': '2024-05-01T10:00:00Z' };
    });
    await rollOut({ maxTotal: 4, minReady: 3 });
    expect(replicaSets().map((rs) => [rs.metadata.annotations?.[REV], rs.spec!.replicas])).toEqual([['1', 0], ['2', 3]]);
  });

  it('Recreate scales the old ReplicaSet to zero before creating the new one', async () => {
    create({ strategy: { type: 'Recreate' } });
    await rollOut();
    const rs1 = replicaSets()[0];
    edit((d) => {
      d.spec!.template.spec!.containers[0].image = 'echo:2';
    });
    await rollOut();
    const rs2 = rsByRevision(2)!;
    expect(messages()).toEqual([
      `Scaled up replica set ${rs1.metadata.name} to 3`,
      `Scaled down replica set ${rs1.metadata.name} to 0 from 3`,
      `Scaled up replica set ${rs2.metadata.name} to 3`,
    ]);
    expect(rs2.spec!.replicas).toBe(3);
  });

  it('does not roll out while paused, but reports it; resuming rolls out', async () => {
    create();
    await rollOut();
    edit((d) => {
      d.spec!.paused = true;
      d.spec!.template.spec!.containers[0].image = 'echo:2';
    });
    await rollOut();
    expect(replicaSets()).toHaveLength(1);
    const progressing = get().status!.conditions!.find((c) => c.type === 'Progressing');
    expect(progressing).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    edit((d) => {
      d.spec!.paused = false;
    });
    await rollOut({ maxTotal: 4, minReady: 3 });
    expect(replicaSets()).toHaveLength(2);
    expect(get().metadata.annotations?.[REV]).toBe('2');
  });

  it('reports ProgressDeadlineExceeded when pods never become ready', async () => {
    create({ progressDeadlineSeconds: 60 });
    await h.idle();
    h.clock.advance(30_000);
    await h.idle();
    expect(get().status!.conditions!.find((c) => c.type === 'Progressing')!.status).toBe('True');
    h.clock.advance(40_000);
    await h.idle();
    const rs = replicaSets()[0];
    expect(get().status!.conditions!.find((c) => c.type === 'Progressing')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${rs.metadata.name}" has timed out progressing.`,
    });
    expect(get().status!.conditions!.find((c) => c.type === 'Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable' });
  });

  it('keeps only revisionHistoryLimit old ReplicaSets', async () => {
    create({ revisionHistoryLimit: 1 });
    await rollOut();
    for (const image of ['echo:2', 'echo:3', 'echo:4']) {
      edit((d) => {
        d.spec!.template.spec!.containers[0].image = image;
      });
      await rollOut();
    }
    await h.idle();
    expect(replicaSets().map((rs) => rs.metadata.annotations?.[REV])).toEqual(['3', '4']);
  });
});
