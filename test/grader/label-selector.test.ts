// Label selectors the grader matches itself (pod templates, Deployment selectors), with the API server's grammar.
import { labelsMatchString, parseLabelSelectorString } from '../../grader/label-selector';
import { selectorMatches } from '../../sandbox/lib/label-selector';

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

  it('rejects malformed selectors with the offending part named, in the API server\'s words', () => {
    expect(() => parseLabelSelectorString('app=echo,=x')).toThrow(`label selector "app=echo,=x": found '=', expected: identifier after ','`);
    expect(() => parseLabelSelectorString('app=ec ho')).toThrow(`label selector "app=ec ho": found 'ho', expected: ',' or 'end of string'`);
    expect(() => parseLabelSelectorString('app=-bad')).toThrow(/label selector "app=-bad": unable to parse requirement: .*Invalid value: "-bad"/);
  });

  it('matches metav1.LabelSelector objects: empty matches all, missing matches none', () => {
    expect(selectorMatches({ matchLabels: { app: 'echo' } }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { app: 'other' } }, labels)).toBe(false);
    expect(selectorMatches({}, labels)).toBe(true);
    expect(selectorMatches(undefined, labels)).toBe(false);
  });
});
