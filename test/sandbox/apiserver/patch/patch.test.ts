// The patch entry point: the Content-Type decides the format the way kube-apiserver decides it, and no format
// ever changes the stored object (or the request's patch) in place — the store compares old and new afterwards.
import { applyPatch, patchTypeFromContentType, type PatchType } from '../../../../sandbox/apiserver/patch';
import { deployment } from './fixtures';

describe('patchTypeFromContentType', () => {
  it('recognises the three patch media types, with or without parameters', () => {
    expect(patchTypeFromContentType('application/strategic-merge-patch+json; charset=utf-8')).toBe('strategic');
    expect(patchTypeFromContentType('application/merge-patch+json')).toBe('merge');
    expect(patchTypeFromContentType('application/json-patch+json')).toBe('json');
  });

  it('refuses other media types, including server-side apply and different spellings', () => {
    expect(patchTypeFromContentType('application/json')).toBeUndefined();
    expect(patchTypeFromContentType('application/apply-patch+yaml')).toBeUndefined();
    expect(patchTypeFromContentType('Application/Merge-Patch+JSON')).toBeUndefined();
  });
});

describe('applyPatch', () => {
  const patches: [PatchType, unknown][] = [
    ['strategic', { metadata: { labels: { $patch: 'replace', tier: 'web' } }, spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'echo1' }, { name: 'nginx' }], containers: [{ name: 'nginx', env: [{ name: 'LOG_LEVEL', $patch: 'delete' }] }] } } } }],
    ['merge', { metadata: { annotations: null }, spec: { template: { spec: { containers: [{ name: 'x' }] } } } }],
    ['json', [{ op: 'remove', path: '/metadata/finalizers/0' }, { op: 'add', path: '/spec/template/spec/containers/0/env/-', value: { name: 'A' } }]],
  ];

  it.each(patches)('never changes the original object or the patch (%s)', (type, patch) => {
    const original = deployment();
    const patchCopy = structuredClone(patch);
    const out = applyPatch(original, patch, type, 'Deployment');
    expect(original).toEqual(deployment());
    expect(patch).toEqual(patchCopy);
    expect(out).not.toEqual(original);
    out.spec.template.spec.containers[0].name = 'changed';
    expect(original.spec.template.spec.containers[0].name).toBe('nginx');
  });

  it('patches the Scale the scale subresource serves', () => {
    const scale = { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'echo' }, spec: { replicas: 3 } };
    expect(applyPatch(scale, { spec: { replicas: 5 } }, 'strategic', 'Scale').spec.replicas).toBe(5);
  });
});
