// metav1.LabelSelector objects: what they select, and how kubectl's SELECTOR column prints them.
import { formatLabelSelector, labelSelectorFromSpec } from '../../../sandbox/lib/label-selector-spec';
import { rejection } from './bad-request';

describe('labelSelectorFromSpec', () => {
  it('matches everything when empty or missing', () => {
    expect(labelSelectorFromSpec(undefined).matches({ a: '1' })).toBe(true);
    expect(labelSelectorFromSpec({}).empty).toBe(true);
  });

  it('combines matchLabels and each matchExpressions operator', () => {
    const s = labelSelectorFromSpec({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['a', 'b'] },
        { key: 'env', operator: 'NotIn', values: ['dev'] },
        { key: 'team', operator: 'Exists' },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    });
    expect(s.matches({ app: 'web', tier: 'a', team: 'x' })).toBe(true);
    expect(s.matches({ app: 'web', tier: 'c', team: 'x' })).toBe(false);
    expect(s.matches({ app: 'web', tier: 'a', team: 'x', env: 'dev' })).toBe(false);
    expect(s.matches({ app: 'web', tier: 'a' })).toBe(false);
    expect(s.matches({ app: 'web', tier: 'a', team: 'x', legacy: '1' })).toBe(false);
  });

  it('rejects an unknown operator', () => {
    expect(rejection(() => labelSelectorFromSpec({ matchExpressions: [{ key: 'a', operator: 'Equals' }] }))).toBe(
      '"Equals" is not a valid label selector operator',
    );
  });
});

describe('formatLabelSelector', () => {
  it('prints the selector the way kubectl shows it', () => {
    expect(formatLabelSelector({ matchLabels: { app: 'echo' } })).toBe('app=echo');
    expect(formatLabelSelector({ matchLabels: { b: '2', a: '1' }, matchExpressions: [{ key: 'c', operator: 'In', values: ['y', 'x'] }] })).toBe(
      'a=1,b=2,c in (x,y)',
    );
  });

  it('prints <none> for an empty selector and <error> for a broken one', () => {
    expect(formatLabelSelector(undefined)).toBe('<none>');
    expect(formatLabelSelector({})).toBe('<none>');
    expect(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Bogus' }] })).toBe('<error>');
  });
});
