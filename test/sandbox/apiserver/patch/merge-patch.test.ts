// JSON merge patches (`kubectl patch --type merge`, `kubectl scale`): objects merge, null deletes, everything else
// replaces — lists of containers included, which is the classic surprise compared with strategic merge patch.
import { applyPatch } from '../../../../sandbox/apiserver/patch';
import { deployment, failure } from './fixtures';

const merge = (original: object, patch: unknown) => applyPatch(original, patch, 'merge', 'Deployment');

describe('JSON merge patch', () => {
  it('scales with the patch kubectl scale sends', () => {
    expect(merge(deployment(), { spec: { replicas: 5 } }).spec.replicas).toBe(5);
  });

  it('merges objects recursively and deletes keys set to null', () => {
    const out = merge(deployment(), { metadata: { labels: null, annotations: { owner: null, team: 'web' } } });
    expect(out.metadata).not.toHaveProperty('labels');
    expect(out.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '2', team: 'web' });
  });

  it('replaces the whole container list instead of merging by name', () => {
    const out = merge(deployment(), { spec: { template: { spec: { containers: [{ name: 'echo1', image: 'echo:2' }] } } } });
    expect(out.spec.template.spec.containers).toEqual([{ name: 'echo1', image: 'echo:2' }]);
  });

  it('drops null fields from values new to the object', () => {
    const out = merge(deployment(), { spec: { template: { spec: { nodeSelector: { disk: 'ssd', zone: null } } } } });
    expect(out.spec.template.spec.nodeSelector).toEqual({ disk: 'ssd' });
  });

  it('answers 400 for a patch that is not an object', () => {
    expect(failure(() => merge(deployment(), [1])).status).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}',
    });
    expect(failure(() => merge(deployment(), null)).status).toMatchObject({ code: 400, message: 'Invalid JSON Patch' });
  });
});
