import { decideDependent } from '../../../sandbox/controllers/garbage-collector';
import { markPodsReady, podTemplate, res, startHarness, type Harness } from './harness';

describe('garbage collector', () => {
  let h: Harness;
  beforeEach(() => {
    h = startHarness();
  });
  afterEach(() => {
    h.dispose();
    expect(h.logs).toEqual([]);
  });

  async function deployment(name = 'echo') {
    h.api.create(res.deploy, 'default', {
      metadata: { name },
      spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: podTemplate({ app: name }) },
    });
    await h.idle();
    markPodsReady(h.api, h.clock);
    await h.idle();
    expect(h.api.list(res.rs, 'default').items).toHaveLength(1);
    expect(h.pods('default', { app: name })).toHaveLength(2);
  }

  it('deletes the ReplicaSet and pods after a Deployment is deleted (background)', async () => {
    await deployment();
    h.api.delete(res.deploy, 'default', 'echo');
    await h.idle();
    expect(h.api.list(res.rs, 'default').items).toHaveLength(0);
    expect(h.api.list(res.pod, 'default').items).toHaveLength(0);
  });

  it('keeps the pods with --cascade=orphan and removes their owner references', async () => {
    await deployment();
    const rs = h.api.list(res.rs, 'default').items[0];
    h.api.delete(res.rs, 'default', rs.metadata.name!, { propagationPolicy: 'Orphan' });
    await h.idle();
    expect(h.api.tryGet(res.rs, 'default', rs.metadata.name!)?.metadata.uid).not.toBe(rs.metadata.uid);
    const orphans = h.api.list(res.pod, 'default').items.filter((p) => !p.metadata.ownerReferences?.some((r) => r.uid === rs.metadata.uid));
    expect(orphans.length).toBeGreaterThanOrEqual(2);
  });

  it('orphans a Deployment’s ReplicaSet, which keeps its pods', async () => {
    await deployment();
    h.api.delete(res.deploy, 'default', 'echo', { propagationPolicy: 'Orphan' });
    await h.idle();
    expect(h.api.tryGet(res.deploy, 'default', 'echo')).toBeUndefined();
    const [rs] = h.api.list(res.rs, 'default').items;
    expect(rs.metadata.ownerReferences).toBeUndefined();
    expect(h.pods('default', { app: 'echo' })).toHaveLength(2);
  });

  it('deletes dependents first with --cascade=foreground, then the owner', async () => {
    await deployment();
    h.api.delete(res.deploy, 'default', 'echo', { propagationPolicy: 'Foreground' });
    await h.idle();
    expect(h.api.tryGet(res.deploy, 'default', 'echo')).toBeUndefined();
    expect(h.api.list(res.rs, 'default').items).toHaveLength(0);
    expect(h.api.list(res.pod, 'default').items).toHaveLength(0);
  });

  it('waits in the foreground for a dependent that is still terminating', async () => {
    const owner = h.api.create(res.cm, 'default', { metadata: { name: 'owner' }, data: {} });
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata.uid!, blockOwnerDeletion: true };
    h.api.create(res.cm, 'default', { metadata: { name: 'held', ownerReferences: [ref], finalizers: ['example.com/hold'] }, data: {} });
    await h.idle();
    h.api.delete(res.cm, 'default', 'owner', { propagationPolicy: 'Foreground' });
    await h.idle();
    expect(h.api.get(res.cm, 'default', 'owner').metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(h.api.get(res.cm, 'default', 'held').metadata.deletionTimestamp).toBeDefined();
    const held = h.api.get(res.cm, 'default', 'held');
    h.api.update(res.cm, 'default', 'held', { ...held, metadata: { ...held.metadata, finalizers: [] } });
    await h.idle();
    expect(h.api.tryGet(res.cm, 'default', 'owner')).toBeUndefined();
  });

  it('deletes an object whose owner was replaced by another of the same name (uid check)', async () => {
    const first = h.api.create(res.cm, 'default', { metadata: { name: 'owner' }, data: {} });
    h.api.delete(res.cm, 'default', 'owner');
    h.api.create(res.cm, 'default', { metadata: { name: 'owner' }, data: {} });
    h.api.create(res.cm, 'default', {
      metadata: { name: 'child', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: first.metadata.uid! }] },
      data: {},
    });
    await h.idle();
    expect(h.api.tryGet(res.cm, 'default', 'child')).toBeUndefined();
    expect(h.api.tryGet(res.cm, 'default', 'owner')).toBeDefined();
  });

  it('only drops the reference to a gone owner when another owner remains', async () => {
    const a = h.api.create(res.cm, 'default', { metadata: { name: 'a' }, data: {} });
    const b = h.api.create(res.cm, 'default', { metadata: { name: 'b' }, data: {} });
    const refs = [a, b].map((o) => ({ apiVersion: 'v1', kind: 'ConfigMap', name: o.metadata.name!, uid: o.metadata.uid! }));
    h.api.create(res.cm, 'default', { metadata: { name: 'child', ownerReferences: refs }, data: {} });
    await h.idle();
    h.api.delete(res.cm, 'default', 'a');
    await h.idle();
    expect(h.api.get(res.cm, 'default', 'child').metadata.ownerReferences).toEqual([refs[1]]);
  });
});

const ref = (uid: string) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: uid, uid });

describe('decideDependent', () => {
  it('keeps a dependent with a live owner and no others', () => {
    expect(decideDependent([{ ref: ref('a'), state: 'solid' }], false)).toEqual({ action: 'keep' });
  });

  it('strips references to gone owners while a live owner remains', () => {
    expect(decideDependent([{ ref: ref('a'), state: 'solid' }, { ref: ref('b'), state: 'dangling' }], false)).toEqual({ action: 'removeRefs', uids: ['b'] });
  });

  it('deletes a dependent whose owners are all gone, in the background unless its finalizers say otherwise', () => {
    expect(decideDependent([{ ref: ref('a'), state: 'dangling' }], false)).toEqual({ action: 'delete', policy: 'Background' });
    expect(decideDependent([{ ref: ref('a'), state: 'dangling' }], false, ['orphan'])).toEqual({ action: 'delete', policy: 'Orphan' });
  });

  it('deletes in the foreground when an owner waits for it and it has dependents itself', () => {
    expect(decideDependent([{ ref: ref('a'), state: 'waiting' }], true)).toEqual({ action: 'delete', policy: 'Foreground' });
    expect(decideDependent([{ ref: ref('a'), state: 'waiting' }], false)).toEqual({ action: 'delete', policy: 'Background' });
  });
});
