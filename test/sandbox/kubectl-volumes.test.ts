// PersistentVolumeClaims as a learner meets them with the real kubectl (oldest and newest): a claim written the way
// tutorials write it is provisioned from the default StorageClass and Bound; a claim for no class binds to a
// volume an administrator made, or waits saying why; a deleted claim's volume is Released or deleted as its
// reclaim policy says.
import { describeEachKubectl, kubectlRunners } from '../helpers/kubectl-suite';
import { startTestCluster, waitFor, type TestCluster } from '../helpers/test-cluster';

const describeKubectl = describeEachKubectl();

const CLAIM = `
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
`;

const STATIC = `
apiVersion: v1
kind: PersistentVolume
metadata: {name: manual}
spec:
  capacity: {storage: 2Gi}
  accessModes: [ReadWriteOnce]
  storageClassName: ""
  persistentVolumeReclaimPolicy: Retain
  hostPath: {path: /data/manual}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: static}
spec:
  storageClassName: ""
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: shared}
spec:
  storageClassName: ""
  accessModes: [ReadWriteMany]
  resources: {requests: {storage: 1Gi}}
`;

describeKubectl('persistent volumes with %s', (bin) => {
  let tc: TestCluster;
  const { ok } = kubectlRunners(() => tc, bin);

  beforeAll(async () => {
    tc = await startTestCluster();
  });
  afterAll(() => tc.close());

  it('lists `standard` as the default StorageClass', async () => {
    expect(await ok('get', 'storageclass')).toMatch(/standard \(default\)\s+kubelab\.dev\/local-volume\s+Delete\s+Immediate/);
  });

  it('provisions and binds a claim without a class, and deletes the volume with the claim', async () => {
    await ok('apply', '-f', tc.file('claim.yaml', CLAIM));
    await waitFor(async () => /data\s+Bound\s+pvc-[0-9a-f-]{36}\s+1Gi\s+RWO\s+standard/.test(await ok('get', 'pvc', 'data')), 'claim data Bound');
    const volume = (await ok('get', 'pvc', 'data', '-o', 'jsonpath={.spec.volumeName}')).trim();
    expect(await ok('get', 'pv', volume)).toMatch(/1Gi\s+RWO\s+Delete\s+Bound\s+default\/data\s+standard/);
    expect(await ok('describe', 'pvc', 'data')).toMatch(/ProvisioningSucceeded\s+.*Successfully provisioned volume pvc-/);
    await ok('delete', 'pvc', 'data');
    await waitFor(async () => !(await ok('get', 'pv', '-o', 'name')).includes(volume), 'the provisioned volume deleted');
  });

  it('binds a claim for no class to a fitting volume, leaves one that fits none Pending with the reason, and releases a retained volume', async () => {
    await ok('apply', '-f', tc.file('static.yaml', STATIC));
    await waitFor(async () => /static\s+Bound\s+manual\s+2Gi\s+RWO/.test(await ok('get', 'pvc', 'static')), 'claim static Bound to manual');
    expect(await ok('get', 'pvc', 'shared')).toMatch(/shared\s+Pending/);
    expect(await ok('describe', 'pvc', 'shared')).toContain('no persistent volumes available for this claim and no storage class is set');
    await ok('delete', 'pvc', 'static');
    await waitFor(async () => /manual\s+2Gi\s+RWO\s+Retain\s+Released\s+default\/static/.test(await ok('get', 'pv', 'manual')), 'volume manual Released');
  });
});
