// Server-side apply on the object API: ownership shared by applying the same value, conflicts between two appliers
// (Apply managers print without "using"), several conflicts listed by manager, a no-op apply that writes nothing,
// the refusals kube-apiserver gives (no fieldManager, managedFields in the body, a name not the URL's).
import { StatusError } from '../../../../sandbox/api/errors';
import { findKind } from '../../../../sandbox/apiserver/kinds/registry';
import { ObjectApi } from '../../../../sandbox/apiserver/object-api';
import { bootstrap } from '../../../../sandbox/bootstrap';
import { Store } from '../../../../sandbox/store/store';
import { realClock } from '../../../../sandbox/util/clock';

function api(): ObjectApi {
  const a = new ObjectApi(new Store(':memory:'), realClock);
  bootstrap(a, { workers: 1, runtimeVersion: 'test' });
  return a;
}

const cmRes = findKind('ConfigMap')!;
const configMap = (data: Record<string, string>, labels?: Record<string, string>) => ({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', ...(labels ? { labels } : {}) }, ...(Object.keys(data).length ? { data } : {}),
});

function refusal(f: () => unknown): { code?: number; reason?: string; message?: string; causes?: unknown } | string {
  try {
    f();
  } catch (e) {
    if (e instanceof StatusError) return { code: e.status.code, reason: e.status.reason, message: e.status.message, causes: e.status.details?.causes };
    throw e;
  }
  return 'admitted';
}

describe('server-side apply on the object API', () => {
  it('creates the object and owns only what it applied', () => {
    const cm = api().apply(cmRes, 'default', 'settings', configMap({ color: 'blue' }), { fieldManager: 'alice' });
    expect(cm.data).toEqual({ color: 'blue' });
    expect(cm.metadata.managedFields).toEqual([
      { manager: 'alice', operation: 'Apply', apiVersion: 'v1', time: expect.any(String), fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:color': {} } } },
    ]);
  });

  it('shares a field two appliers set to the same value, and refuses a different value with the conflict text', () => {
    const a = api();
    a.apply(cmRes, 'default', 'settings', configMap({ color: 'blue' }), { fieldManager: 'alice' });
    const shared = a.apply(cmRes, 'default', 'settings', configMap({ color: 'blue', size: 'L' }), { fieldManager: 'bob' });
    expect((shared.metadata.managedFields as { manager: string }[]).map((e) => e.manager)).toEqual(['alice', 'bob']);
    expect(refusal(() => a.apply(cmRes, 'default', 'settings', configMap({ color: 'red' }), { fieldManager: 'carol' }))).toEqual({
      code: 409,
      reason: 'Conflict',
      message: 'Apply failed with 2 conflicts: conflicts with "alice":\n- .data.color\nconflicts with "bob":\n- .data.color',
      causes: [
        { reason: 'FieldManagerConflict', message: 'conflict with "alice"', field: '.data.color' },
        { reason: 'FieldManagerConflict', message: 'conflict with "bob"', field: '.data.color' },
      ],
    });
  });

  it('removes a field only when its last owner stops applying it', () => {
    const a = api();
    a.apply(cmRes, 'default', 'settings', configMap({ color: 'blue', size: 'L' }), { fieldManager: 'alice' });
    a.apply(cmRes, 'default', 'settings', configMap({ size: 'L' }), { fieldManager: 'bob' });
    let cm = a.apply(cmRes, 'default', 'settings', configMap({}), { fieldManager: 'alice' });
    expect(cm.data).toEqual({ size: 'L' });
    cm = a.apply(cmRes, 'default', 'settings', configMap({}), { fieldManager: 'bob' });
    expect(cm.data).toBeUndefined();
  });

  it('writes nothing when the same configuration is applied again', () => {
    const a = api();
    const first = a.apply(cmRes, 'default', 'settings', configMap({ color: 'blue' }, { app: 'x' }), { fieldManager: 'alice' });
    const again = a.apply(cmRes, 'default', 'settings', configMap({ color: 'blue' }, { app: 'x' }), { fieldManager: 'alice' });
    expect(again.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
  });

  it('takes over a conflicting field when forced', () => {
    const a = api();
    a.apply(cmRes, 'default', 'settings', configMap({ color: 'blue' }), { fieldManager: 'alice' });
    const forced = a.apply(cmRes, 'default', 'settings', configMap({ color: 'red' }), { fieldManager: 'carol', force: true });
    expect(forced.data).toEqual({ color: 'red' });
    expect((forced.metadata.managedFields as { manager: string }[]).map((e) => e.manager)).toEqual(['carol']);
  });

  it('refuses what kube-apiserver refuses', () => {
    const a = api();
    expect(refusal(() => a.apply(cmRes, 'default', 'settings', configMap({}), {}))).toMatchObject({
      code: 422,
      message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    });
    const withManaged = { ...configMap({}), metadata: { name: 'settings', managedFields: [] } };
    expect(refusal(() => a.apply(cmRes, 'default', 'settings', withManaged, { fieldManager: 'alice' }))).toMatchObject({ code: 400, message: 'metadata.managedFields must be nil' });
    expect(refusal(() => a.apply(cmRes, 'default', 'other', configMap({}), { fieldManager: 'alice' }))).toMatchObject({
      code: 400,
      message: 'the name of the object (settings) does not match the name on the URL (other)',
    });
  });
});
