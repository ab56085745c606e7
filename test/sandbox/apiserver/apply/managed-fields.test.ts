// managedFields as kube-apiserver keeps them, checked on the object API directly: the FieldsV1 an ordinary create
// records (the same trie a real cluster shows after `kubectl create deployment`), keyed and set lists, ownership
// moving between Update managers, in-process writers that name no manager, and the User-Agent fallback.
import { findKind } from '../../../../sandbox/apiserver/kinds/registry';
import { ObjectApi } from '../../../../sandbox/apiserver/object-api';
import { bootstrap } from '../../../../sandbox/bootstrap';
import { Store } from '../../../../sandbox/store/store';
import { realClock } from '../../../../sandbox/util/clock';
import { managerFromUserAgent } from '../../../../sandbox/apiserver/apply/managed-fields';
import { FieldSet, fromFieldsV1, pathString, toFieldsV1 } from '../../../../sandbox/apiserver/apply/field-set';
import type { KubeObject } from '../../../../sandbox/api/types';

function api(): ObjectApi {
  const a = new ObjectApi(new Store(':memory:'), realClock);
  bootstrap(a, { workers: 1, runtimeVersion: 'test' });
  return a;
}

const deploymentRes = findKind('Deployment')!;
const podRes = findKind('Pod')!;

/** What `kubectl create deployment web --image=nginx` sends. */
const created = (): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'web' } },
    strategy: {},
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {} }] } },
  },
});

const entries = (o: KubeObject) => o.metadata.managedFields as { manager: string; operation: string; fieldsV1: Record<string, unknown> }[];

describe('managedFields of ordinary writes', () => {
  it('records a create as the Update entry kube-apiserver shows after kubectl create deployment', () => {
    const d = api().create(deploymentRes, 'default', created() as never, { fieldManager: 'kubectl-create' });
    expect(entries(d)).toEqual([
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: d.metadata.creationTimestamp,
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': {
            'f:progressDeadlineSeconds': {},
            'f:replicas': {},
            'f:revisionHistoryLimit': {},
            'f:selector': {},
            'f:strategy': { 'f:rollingUpdate': { '.': {}, 'f:maxSurge': {}, 'f:maxUnavailable': {} }, 'f:type': {} },
            'f:template': {
              'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
              'f:spec': {
                'f:containers': {
                  'k:{"name":"nginx"}': {
                    '.': {}, 'f:image': {}, 'f:imagePullPolicy': {}, 'f:name': {}, 'f:resources': {}, 'f:terminationMessagePath': {}, 'f:terminationMessagePolicy': {},
                  },
                },
                'f:dnsPolicy': {}, 'f:restartPolicy': {}, 'f:schedulerName': {}, 'f:securityContext': {}, 'f:terminationGracePeriodSeconds': {},
              },
            },
          },
        },
      },
    ]);
  });

  it('keys container ports by port and protocol and set lists by value', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', finalizers: ['example.com/keep'] }, spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }] } };
    const fields = entries(api().create(podRes, 'default', pod as never, { fieldManager: 'kubectl-run' }))[0].fieldsV1 as any;
    expect(fields['f:metadata']).toEqual({ 'f:finalizers': { '.': {}, 'v:"example.com/keep"': {} } });
    expect(fields['f:spec']['f:containers']['k:{"name":"c"}']['f:ports']).toEqual({
      '.': {},
      'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {}, 'f:protocol': {} },
    });
  });

  it('moves a changed field to the manager that changed it, and keeps the rest with its first owner', () => {
    const a = api();
    a.create(deploymentRes, 'default', created() as never, { fieldManager: 'kubectl-create' });
    const scaled = a.patch(deploymentRes, 'default', 'web', 'merge', { spec: { replicas: 3 } }, { fieldManager: 'kubectl-patch' });
    const [creator, patcher] = entries(scaled);
    expect(patcher).toMatchObject({ manager: 'kubectl-patch', operation: 'Update', fieldsV1: { 'f:spec': { 'f:replicas': {} } } });
    expect((creator.fieldsV1 as any)['f:spec']['f:replicas']).toBeUndefined();
    expect((creator.fieldsV1 as any)['f:spec']['f:selector']).toEqual({});
  });

  it('leaves managedFields alone for in-process writers that name no manager', () => {
    const a = api();
    const d = a.create(deploymentRes, 'default', created() as never, { fieldManager: 'kubectl-create' });
    const next = structuredClone(d);
    next.spec!.replicas = 4;
    const updated = a.update(deploymentRes, 'default', 'web', next);
    expect(updated.metadata.managedFields).toEqual(d.metadata.managedFields);
  });

  it('writes nothing when an update changes nothing', () => {
    const a = api();
    const d = a.create(deploymentRes, 'default', created() as never, { fieldManager: 'kubectl-create' });
    const again = a.patch(deploymentRes, 'default', 'web', 'merge', { spec: { replicas: 1 } }, { fieldManager: 'kubectl-patch' });
    expect(again.metadata.resourceVersion).toBe(d.metadata.resourceVersion);
    expect(entries(again).map((e) => e.manager)).toEqual(['kubectl-create']);
  });

  it('lets a client replace managedFields, and clear them with [{}]', () => {
    const a = api();
    a.create(deploymentRes, 'default', created() as never, { fieldManager: 'kubectl-create' });
    const cleared = a.patch(deploymentRes, 'default', 'web', 'merge', { metadata: { managedFields: [{}] } }, { fieldManager: 'kubectl-patch' });
    expect(cleared.metadata.managedFields).toBeUndefined();
  });

  it('ignores managedFields a client wrote that do not decode, keeping the stored ones', () => {
    const a = api();
    const d = a.create(deploymentRes, 'default', created() as never, { fieldManager: 'kubectl-create' });
    const garbage = [{ manager: 'x', operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1: { 'k:not json': {} } }];
    const patched = a.patch(deploymentRes, 'default', 'web', 'merge', { metadata: { managedFields: garbage } }, { fieldManager: 'kubectl-patch' });
    expect(patched.metadata.managedFields).toEqual(d.metadata.managedFields);
  });

  it('names the manager after the User-Agent\'s program when the request names none', () => {
    expect(managerFromUserAgent('kubectl/v1.33.1 (linux/amd64) kubernetes/8adc0f0')).toBe('kubectl');
    expect(managerFromUserAgent('kube-controller-manager/v1.30.0 (linux/amd64)')).toBe('kube-controller-manager');
    expect(managerFromUserAgent('')).toBeUndefined();
  });
});

describe('field sets', () => {
  it('round-trip through FieldsV1 with "." for owned nodes that have children', () => {
    const set = FieldSet.of([['f:metadata', 'f:labels'], ['f:metadata', 'f:labels', 'f:app'], ['f:spec', 'f:replicas']]);
    const trie = toFieldsV1(set);
    expect(trie).toEqual({ 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } }, 'f:spec': { 'f:replicas': {} } });
    expect(fromFieldsV1(trie)!.equals(set)).toBe(true);
    expect(fromFieldsV1({ 'x:bad': {} })).toBeUndefined();
    expect(fromFieldsV1({ 'f:spec': { 'k:not json': {} } })).toBeUndefined();
    expect(fromFieldsV1({ 'f:spec': { 'k:"a string"': {} } })).toBeUndefined();
  });

  it('print paths as fieldpath does in conflict messages', () => {
    expect(pathString(['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"nginx"}', 'f:image'])).toBe('.spec.template.spec.containers[name="nginx"].image');
    expect(pathString(['f:spec', 'f:ports', 'k:{"port":80,"protocol":"TCP"}'])).toBe('.spec.ports[port=80,protocol="TCP"]');
    expect(pathString(['f:metadata', 'f:finalizers', 'v:"a"'])).toBe('.metadata.finalizers[="a"]');
  });
});
