// Label selectors the grader matches itself (pod templates, Deployment selectors).
import { labelsMatchObject, labelsMatchString, parseLabelSelectorString } from '../../grader/label-selector';

describe('label selectors', () => {
  const labels = { app: 'echo', tier: 'web' };

  it('matches equality, inequality, set and existence requirements', () => {
    expect(labelsMatchString('app=echo', labels)).toBe(true);
    expect(labelsMatchString('app==echo,tier!=db', labels)).toBe(true);
    expect(labelsMatchString('tier in (web, api)', labels)).toBe(true);
    expect(labelsMatchString('tier notin (web)', labels)).toBe(false);
    expect(labelsMatchString('app,!legacy', labels)).toBe(true);
    expect(labelsMatchString('app=nginx', labels)).toBe(false);
  });

  it('rejects malformed selectors with the offending part named', () => {
    expect(() => parseLabelSelectorString('app=echo,=x')).toThrow(/label selector/);
    expect(() => parseLabelSelectorString('app=ec ho')).toThrow(/cannot read|not a valid/);
  });

  it('matches metav1.LabelSelector objects: empty matches all, missing matches none', () => {
    expect(labelsMatchObject({ matchLabels: { app: 'echo' } }, labels)).toBe(true);
    expect(labelsMatchObject({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] }, labels)).toBe(true);
    expect(labelsMatchObject({ matchLabels: { app: 'other' } }, labels)).toBe(false);
    expect(labelsMatchObject({}, labels)).toBe(true);
    expect(labelsMatchObject(undefined, labels)).toBe(false);
  });
});
