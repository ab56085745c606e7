// The smaller core kinds: namespaces, config maps, secrets, claims, nodes, and the generic metadata rules.
import { create, update } from './helpers';

describe('core kinds', () => {
  it('wants namespace names to be DNS labels', () => {
    expect(create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team.a' } }).errors).toEqual(['metadata.name: Invalid value: "team.a": must not contain dots']);
  });

  it('ignores a namespace given to a cluster-scoped object', () => {
    expect(create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lab', namespace: 'default' } }).errors).toEqual([]);
  });

  it('checks ConfigMap and Secret keys', () => {
    expect(create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { 'app config': 'x', 'game.properties': 'y' } }).errors).toEqual([
      `data[app config]: Invalid value: "app config": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
    ]);
    expect(create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { '../x': 'y' } }).errors[0]).toMatch(/^data\[\.\.\/x\]: Invalid value: "\.\.\/x": a valid config key/);
  });

  it('requires the keys of typed Secrets and keeps the type fixed', () => {
    const tls = create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tls' }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'eA==' } });
    expect(tls.errors).toEqual(['data[tls.key]: Required value']);
    const opaque = create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: 'eA==' } }).obj;
    expect(update(opaque, { ...opaque, type: 'kubernetes.io/basic-auth', data: { username: 'eA==' } }).errors).toEqual([
      'type: Invalid value: "kubernetes.io/basic-auth": field is immutable',
    ]);
  });

  it('keeps an immutable ConfigMap unchanged', () => {
    const stored = create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, immutable: true, data: { a: '1' } }).obj;
    expect(update(stored, { ...stored, data: { a: '2' } }).errors).toEqual(['data: Forbidden: field is immutable when `immutable` is set']);
  });

  it('requires access modes and a storage request on claims, and fixes the spec after creation', () => {
    expect(create({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: {} }).errors).toEqual([
      'spec.accessModes: Required value: at least 1 access mode is required',
      'spec.resources[storage]: Required value',
    ]);
    const stored = create({
      apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    }).obj;
    const next = structuredClone(stored);
    next.spec.accessModes = ['ReadWriteMany'];
    expect(update(stored, next).errors[0]).toMatch(/^spec: Forbidden: spec is immutable after creation except resources\.requests and volumeAttributesClassName for bound claims\n/);
  });

  it('validates node taints', () => {
    expect(create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: { taints: [{ key: 'gpu', effect: 'NoRun' }] } }).errors).toEqual([
      'spec.taints[0].effect: Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ]);
  });

  it('checks finalizers and owner references on any kind', () => {
    const errors = create({
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: 'cfg', finalizers: ['cleanup'], ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: '' }] },
    }).errors;
    expect(errors).toEqual([
      'metadata.ownerReferences.uid: Invalid value: "": uid must not be empty',
      'metadata.finalizers[0]: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified',
    ]);
  });

  it('refuses new finalizers on an object being deleted', () => {
    const stored = create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', finalizers: ['example.com/a'] } }).obj;
    stored.metadata.deletionTimestamp = '2024-01-01T00:00:00Z';
    const next = structuredClone(stored);
    next.metadata.finalizers = ['example.com/a', 'example.com/b'];
    expect(update(stored, next).errors).toEqual([
      'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/b"}',
    ]);
    next.metadata.finalizers = [];
    expect(update(stored, next).errors).toEqual([]);
  });
});
