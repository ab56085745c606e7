import type { KubeObject } from '../../../../sandbox/api/types';
import { tableFor } from '../../../../sandbox/apiserver/kinds/strategy';

const NOW = new Date('2024-05-01T12:00:00Z');
const meta = (name: string) => ({ name, namespace: 'default', creationTimestamp: '2024-05-01T11:55:00Z' });
const cells = (kind: string, obj: KubeObject) => tableFor(kind, [obj], NOW).rows[0].cells;
const template = { spec: { containers: [{ name: 'app', image: 'nginx:1.27' }, { name: 'log', image: 'busybox' }] } };
const selector = { matchLabels: { app: 'echo' } };

describe('workload tables', () => {
  it('shows a deployment as READY 3/3 with wide containers, images and selector', () => {
    const d = { metadata: meta('echo'), spec: { replicas: 3, selector, template }, status: { readyReplicas: 3, updatedReplicas: 3, availableReplicas: 2 } };
    expect(cells('Deployment', d)).toEqual(['echo', '3/3', 3, 2, '5m', 'app,log', 'nginx:1.27,busybox', 'app=echo']);
  });

  it('shows a fresh deployment with no status as 0/N', () => {
    expect(cells('Deployment', { metadata: meta('new'), spec: { replicas: 2, selector, template } }).slice(1, 4)).toEqual(['0/2', 0, 0]);
  });

  it('shows a replica set with desired, current and ready counts', () => {
    const rs = { metadata: meta('echo-5d9'), spec: { replicas: 3, selector, template }, status: { replicas: 3, readyReplicas: 1 } };
    expect(cells('ReplicaSet', rs)).toEqual(['echo-5d9', 3, 3, 1, '5m', 'app,log', 'nginx:1.27,busybox', 'app=echo']);
  });

  it('shows stateful and daemon sets', () => {
    expect(cells('StatefulSet', { metadata: meta('db'), spec: { replicas: 2, template }, status: { readyReplicas: 1 } })).toEqual(['db', '1/2', '5m', 'app,log', 'nginx:1.27,busybox']);
    const ds = { metadata: meta('agent'), spec: { selector, template: { spec: { ...template.spec, nodeSelector: { disk: 'ssd' } } } }, status: { desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 1, updatedNumberScheduled: 2, numberAvailable: 1 } };
    expect(cells('DaemonSet', ds).slice(0, 8)).toEqual(['agent', 2, 2, 1, 2, 1, 'disk=ssd', '5m']);
  });

  it('shows a running job and a complete one with completions and duration', () => {
    const running = { metadata: meta('pi'), spec: { completions: 1, parallelism: 1, template }, status: { active: 1, startTime: '2024-05-01T11:58:00Z' } };
    expect(cells('Job', running).slice(0, 5)).toEqual(['pi', 'Running', '0/1', '2m', '5m']);
    const complete = {
      metadata: meta('pi'),
      spec: { completions: 1, template },
      status: { succeeded: 1, startTime: '2024-05-01T11:55:00Z', completionTime: '2024-05-01T11:55:12Z', conditions: [{ type: 'Complete', status: 'True' }] },
    };
    expect(cells('Job', complete).slice(1, 4)).toEqual(['Complete', '1/1', '12s']);
    expect(cells('Job', { metadata: meta('w'), spec: { parallelism: 3, template }, status: {} }).slice(1, 4)).toEqual(['Running', '0/1 of 3', '']);
  });

  it('shows a cron job schedule, suspension and last schedule', () => {
    const cj = { metadata: meta('hello'), spec: { schedule: '*/1 * * * *', suspend: false, jobTemplate: { spec: { template } } }, status: { lastScheduleTime: '2024-05-01T11:59:00Z', active: [{ name: 'hello-1' }] } };
    expect(cells('CronJob', cj)).toEqual(['hello', '*/1 * * * *', '<none>', 'False', 1, '60s', '5m', 'app,log', 'nginx:1.27,busybox', '<none>']);
  });

  it('shows a controller revision with its controlling owner', () => {
    const cr = { metadata: { ...meta('web-7c6'), ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u', controller: true }] }, revision: 2 };
    expect(cells('ControllerRevision', cr)).toEqual(['web-7c6', 'statefulset.apps/web', 2, '5m']);
  });
});

describe('config and storage tables', () => {
  it('counts data keys of config maps and secrets, and secrets of service accounts', () => {
    expect(cells('ConfigMap', { metadata: meta('cfg'), data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } })).toEqual(['cfg', 3, '5m']);
    expect(cells('Secret', { metadata: meta('s'), type: 'Opaque', data: { password: 'cA==' } })).toEqual(['s', 'Opaque', 1, '5m']);
    expect(cells('ServiceAccount', { metadata: meta('default') })).toEqual(['default', 0, '5m']);
  });

  it('shows volumes, claims and the default storage class', () => {
    const pv = { metadata: { name: 'pv1', creationTimestamp: '2024-05-01T11:55:00Z' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteMany', 'ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', storageClassName: 'standard', claimRef: { namespace: 'default', name: 'data' } }, status: { phase: 'Bound' } };
    expect(cells('PersistentVolume', pv)).toEqual(['pv1', '1Gi', 'RWO,RWX', 'Retain', 'Bound', 'default/data', 'standard', '<unset>', '', '5m', '<unset>']);
    const pending = { metadata: meta('data'), spec: { storageClassName: 'standard', volumeMode: 'Filesystem' }, status: { phase: 'Pending' } };
    expect(cells('PersistentVolumeClaim', pending)).toEqual(['data', 'Pending', '', '', '', 'standard', '<unset>', '5m', 'Filesystem']);
    const sc = { metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' }, creationTimestamp: '2024-05-01T11:55:00Z' }, provisioner: 'rancher.io/local-path' };
    expect(cells('StorageClass', sc)).toEqual(['standard (default)', 'rancher.io/local-path', 'Delete', 'Immediate', false, '5m']);
  });

  it('shows the lease holder', () => {
    expect(cells('Lease', { metadata: meta('node-1'), spec: { holderIdentity: 'node-1' } })).toEqual(['node-1', 'node-1', '5m']);
  });
});
