// The three patch formats as kubectl sends them: apply's strategic merge patches (merge keys from the schema,
// directives), merge patches and JSON patches; the stored object is never changed in place.
import { applyPatch, patchTypeFromContentType } from '../../../../sandbox/apiserver/patch';

const deployment = () => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'echo', labels: { app: 'echo' }, annotations: { a: '1' } },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'echo' } },
    template: {
      metadata: { labels: { app: 'echo' } },
      spec: {
        containers: [
          { name: 'nginx', image: 'nginx:1', env: [{ name: 'BACKEND_HOST', value: 'localhost:8080' }, { name: 'X', value: '1' }], ports: [{ containerPort: 80 }], args: ['a', 'b'] },
          { name: 'echo1', image: 'echo:1', ports: [{ containerPort: 8080 }] },
        ],
      },
    },
  },
});

describe('patchTypeFromContentType', () => {
  it('recognises the three patch media types, with or without parameters', () => {
    expect(patchTypeFromContentType('application/strategic-merge-patch+json; charset=utf-8')).toBe('strategic');
    expect(patchTypeFromContentType('application/merge-patch+json')).toBe('merge');
    expect(patchTypeFromContentType('application/json-patch+json')).toBe('json');
    expect(patchTypeFromContentType('application/json')).toBeUndefined();
  });
});

describe('strategic merge patch', () => {
  it('changes one container by name and keeps the other, in $setElementOrder order', () => {
    const orig = deployment();
    const out = applyPatch(orig, {
      spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'echo1' }, { name: 'nginx' }], containers: [{ name: 'echo1', image: 'echo:2' }] } } },
    }, 'strategic', 'Deployment');
    expect(out.spec.template.spec.containers.map((c: any) => `${c.name}=${c.image}`)).toEqual(['echo1=echo:2', 'nginx=nginx:1']);
    expect(out.spec.template.spec.containers[1].env).toHaveLength(2);
    expect(orig.spec.template.spec.containers[1].image).toBe('echo:1');
  });

  it('removes an env var with $patch: delete and merges ports by containerPort', () => {
    const out = applyPatch(deployment(), {
      spec: { template: { spec: { containers: [{ name: 'nginx', env: [{ name: 'X', $patch: 'delete' }], ports: [{ containerPort: 443 }] }] } } },
    }, 'strategic', 'Deployment');
    const nginx = out.spec.template.spec.containers[0];
    expect(nginx.env).toEqual([{ name: 'BACKEND_HOST', value: 'localhost:8080' }]);
    expect(nginx.ports).toEqual([{ containerPort: 80 }, { containerPort: 443 }]);
  });

  it('replaces lists without a merge strategy, such as args', () => {
    const out = applyPatch(deployment(), { spec: { template: { spec: { containers: [{ name: 'nginx', args: ['c'] }] } } } }, 'strategic', 'Deployment');
    expect(out.spec.template.spec.containers[0].args).toEqual(['c']);
  });

  it('deletes keys set to null and replaces a map with $patch: replace', () => {
    const out = applyPatch(deployment(), { metadata: { annotations: null, labels: { $patch: 'replace', tier: 'web' } } }, 'strategic', 'Deployment');
    expect(out.metadata.annotations).toBeUndefined();
    expect(out.metadata.labels).toEqual({ tier: 'web' });
  });

  it('merges Service ports by port', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ name: 'http', port: 80, targetPort: 8080 }] } };
    const out = applyPatch(svc, { spec: { ports: [{ port: 80, targetPort: 9090 }, { name: 'https', port: 443 }] } }, 'strategic', 'Service');
    expect(out.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 9090 }, { name: 'https', port: 443 }]);
  });
});

describe('merge patch', () => {
  it('merges maps, deletes nulls and replaces lists', () => {
    const out = applyPatch(deployment(), { spec: { replicas: 5, template: { spec: { containers: [{ name: 'only', image: 'x' }] } } }, metadata: { labels: null } }, 'merge', 'Deployment');
    expect(out.spec.replicas).toBe(5);
    expect(out.metadata.labels).toBeUndefined();
    expect(out.spec.template.spec.containers).toEqual([{ name: 'only', image: 'x' }]);
  });
});

describe('JSON patch', () => {
  it('applies the replace operations kubectl rollout undo sends', () => {
    const template = { metadata: { labels: { app: 'echo' } }, spec: { containers: [{ name: 'echo1', image: 'echo:1' }] } };
    const out = applyPatch(deployment(), [
      { op: 'replace', path: '/spec/template', value: template },
      { op: 'replace', path: '/metadata/annotations', value: { 'deployment.kubernetes.io/revision': '1' } },
    ], 'json', 'Deployment');
    expect(out.spec.template).toEqual(template);
    expect(out.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1' });
  });

  it('adds, removes, moves and copies with escaped pointers and - for append', () => {
    const out = applyPatch({ metadata: { labels: { 'a/b': '1' } }, list: [1, 2] }, [
      { op: 'add', path: '/list/-', value: 3 },
      { op: 'remove', path: '/list/0' },
      { op: 'copy', from: '/metadata/labels/a~1b', path: '/metadata/labels/c' },
      { op: 'move', from: '/metadata/labels/a~1b', path: '/metadata/labels/d' },
    ], 'json', 'ConfigMap');
    expect(out).toEqual({ metadata: { labels: { c: '1', d: '1' } }, list: [2, 3] });
  });

  it('fails the whole patch when a test operation does not hold', () => {
    expect(() => applyPatch(deployment(), [{ op: 'replace', path: '/spec/replicas', value: 1 }, { op: 'test', path: '/spec/replicas', value: 9 }], 'json', 'Deployment')).toThrow(/test/);
    expect(() => applyPatch(deployment(), [{ op: 'remove', path: '/spec/nope' }], 'json', 'Deployment')).toThrow(/missing/);
  });
});
