// JSON patches (`kubectl patch --type json`, `kubectl rollout undo`): each RFC 6902 operation, JSON pointer escapes,
// and the answers kube-apiserver gives when an operation does not apply — a bare 422 that kubectl prints as
// "The request is invalid: the server rejected our request due to an error in our request".
import { applyPatch } from '../../../../sandbox/apiserver/patch';
import { deployment, failure } from './fixtures';

const jsonPatch = (original: object, patch: unknown) => applyPatch(original, patch, 'json', 'Deployment');

const REJECTED = { code: 422, reason: 'Invalid', message: 'the server rejected our request due to an error in our request' };

describe('JSON patch operations', () => {
  it('applies the exact patch kubectl rollout undo sends', () => {
    const template = { metadata: { labels: { app: 'echo' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.24' }] } };
    const annotations = { 'deployment.kubernetes.io/revision': '1', owner: 'kim' };
    const out = jsonPatch(deployment(), [
      { op: 'replace', path: '/spec/template', value: template },
      { op: 'replace', path: '/metadata/annotations', value: annotations },
    ]);
    expect(out.spec.template).toEqual(template);
    expect(out.metadata.annotations).toEqual(annotations);
    expect(out.spec.replicas).toBe(3);
  });

  it('replaces annotations the object does not have yet, as the real server tolerates', () => {
    const bare = deployment() as any;
    delete bare.metadata.annotations;
    expect(jsonPatch(bare, [{ op: 'replace', path: '/metadata/annotations', value: { a: '1' } }]).metadata.annotations).toEqual({ a: '1' });
  });

  it('adds to objects, inserts at an array index and appends with -', () => {
    const out = jsonPatch(deployment(), [
      { op: 'add', path: '/metadata/labels/tier', value: 'web' },
      { op: 'add', path: '/metadata/finalizers/0', value: 'example.com/first' },
      { op: 'add', path: '/metadata/finalizers/-', value: 'example.com/last' },
    ]);
    expect(out.metadata.labels).toEqual({ app: 'echo', tier: 'web' });
    expect(out.metadata.finalizers).toEqual(['example.com/first', 'example.com/a', 'example.com/b', 'example.com/last']);
  });

  it('removes, moves and copies', () => {
    const out = jsonPatch(deployment(), [
      { op: 'remove', path: '/spec/template/spec/tolerations' },
      { op: 'move', from: '/metadata/annotations/owner', path: '/metadata/labels/owner' },
      { op: 'copy', from: '/spec/template/spec/containers/0/image', path: '/spec/template/spec/containers/1/image' },
    ]);
    expect(out.spec.template.spec).not.toHaveProperty('tolerations');
    expect(out.metadata.annotations).not.toHaveProperty('owner');
    expect(out.metadata.labels.owner).toBe('kim');
    expect(out.spec.template.spec.containers[1].image).toBe('nginx:1.25');
  });

  it('decodes ~1 and ~0 in pointers and counts negative indices from the end', () => {
    const out = jsonPatch(deployment(), [
      { op: 'add', path: '/metadata/labels/app.kubernetes.io~1name', value: 'echo' },
      { op: 'add', path: '/metadata/labels/a~0b', value: 'tilde' },
      { op: 'replace', path: '/spec/template/spec/containers/-1/image', value: 'echo:2' },
    ]);
    expect(out.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'echo', 'a~b': 'tilde' });
    expect(out.spec.template.spec.containers[1].image).toBe('echo:2');
  });

  it('passes a test operation that holds and goes on', () => {
    const out = jsonPatch(deployment(), [
      { op: 'test', path: '/spec/template/spec/containers/0/name', value: 'nginx' },
      { op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'nginx:1.26' },
    ]);
    expect(out.spec.template.spec.containers[0].image).toBe('nginx:1.26');
  });
});

describe('JSON patch failures', () => {
  it('answers a bare 422 when a test operation fails, keeping the library message as the cause', () => {
    const err = failure(() => jsonPatch(deployment(), [{ op: 'replace', path: '/spec/replicas', value: 1 }, { op: 'test', path: '/spec/replicas', value: 3 }]));
    expect(err.status).toMatchObject(REJECTED);
    expect(err.cause).toBe('testing value /spec/replicas failed: test failed');
  });

  it('answers a bare 422 for paths that are missing or out of range', () => {
    const missing = failure(() => jsonPatch(deployment(), [{ op: 'add', path: '/spec/nope/x', value: 1 }]));
    expect(missing.status).toMatchObject(REJECTED);
    expect(missing.cause).toBe('add operation does not apply: doc is missing path: "/spec/nope/x": missing value');
    const removed = failure(() => jsonPatch(deployment(), [{ op: 'remove', path: '/metadata/labels/nope' }]));
    expect(removed.cause).toBe("error in remove for path: '/metadata/labels/nope': Unable to remove nonexistent key: nope: missing value");
    const index = failure(() => jsonPatch(deployment(), [{ op: 'replace', path: '/metadata/finalizers/7', value: 'x' }]));
    expect(index.cause).toBe('replace operation does not apply: doc is missing key: /metadata/finalizers/7: missing value');
    expect(failure(() => jsonPatch(deployment(), [{ op: 'frobnicate', path: '/x' }])).cause).toBe('Unexpected kind: frobnicate');
  });

  it('answers 400 for a body that is not a list of operations', () => {
    expect(failure(() => jsonPatch(deployment(), { op: 'add' })).status).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp',
    });
    expect(failure(() => jsonPatch(deployment(), ['add'])).message)
      .toBe('error decoding patch: json: cannot unmarshal string into Go value of type handlers.jsonPatchOp');
  });

  it('answers 422 Invalid when the result is no longer an object', () => {
    const err = failure(() => jsonPatch(deployment(), [{ op: 'replace', path: '', value: [1] }]));
    expect(err.status).toMatchObject({ code: 422, reason: 'Invalid' });
    expect(err.message).toMatch(/^ "" is invalid: patch: Invalid value: "\[1\]": couldn't get version\/kind/);
  });

  it('answers 413 past 10000 operations', () => {
    const ops = Array.from({ length: 10001 }, () => ({ op: 'test', path: '/kind', value: 'Deployment' }));
    expect(failure(() => jsonPatch(deployment(), ops)).status).toMatchObject({ code: 413, reason: 'RequestEntityTooLarge' });
  });
});
