import { formatLabels, humanDuration, listWithMore, since } from '../../../../sandbox/apiserver/tables/format';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe('humanDuration', () => {
  it.each([
    [0, '0s'],
    [999, '0s'],
    [5 * s, '5s'],
    [119 * s, '119s'],
    [2 * m, '2m'],
    [3 * m + 20 * s, '3m20s'],
    [9 * m + 59 * s, '9m59s'],
    [10 * m, '10m'],
    [10 * m + 30 * s, '10m'],
    [179 * m, '179m'],
    [3 * h, '3h'],
    [5 * h + 3 * m, '5h3m'],
    [8 * h, '8h'],
    [47 * h + 59 * m, '47h'],
    [2 * d, '2d'],
    [2 * d + 3 * h, '2d3h'],
    [7 * d + 23 * h, '7d23h'],
    [8 * d, '8d'],
    [729 * d, '729d'],
    [730 * d, '2y'],
    [750 * d, '2y20d'],
    [8 * 365 * d, '8y'],
    [9 * 365 * d + 40 * d, '9y'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });

  it('tolerates a clock up to a second ahead, then says <invalid>', () => {
    expect(humanDuration(-1500)).toBe('0s');
    expect(humanDuration(-2000)).toBe('<invalid>');
  });
});

describe('since', () => {
  it('says <unknown> for a missing timestamp', () => {
    expect(since(undefined, new Date())).toBe('<unknown>');
    expect(since('', new Date())).toBe('<unknown>');
  });

  it('measures from the injected clock', () => {
    expect(since('2024-01-01T00:00:00Z', new Date('2024-01-01T00:03:20Z'))).toBe('3m20s');
  });
});

describe('formatLabels and listWithMore', () => {
  it('sorts labels and says <none> when there are none', () => {
    expect(formatLabels({ b: '2', a: '1' })).toBe('a=1,b=2');
    expect(formatLabels(undefined)).toBe('<none>');
  });

  it('shows three items and counts the rest', () => {
    expect(listWithMore(['a', 'b', 'c', 'd', 'e'])).toBe('a,b,c + 2 more...');
    expect(listWithMore([])).toBe('<unset>');
  });
});
