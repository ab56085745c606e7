import { mostRecentScheduleTime, nextScheduleDelayMs } from '../../../sandbox/controllers/cron-schedule';
import { CronParseError, parseCronSchedule, rfc3339InZone } from '../../../sandbox/lib/cron';

const at = (s: string) => new Date(s);
const iso = (d: Date | undefined) => d?.toISOString().replace('.000Z', 'Z');

/** The next n run times after `from`. */
function runs(spec: string, from: string, n: number, tz?: string): string[] {
  const sched = parseCronSchedule(spec, tz);
  const out: string[] = [];
  let t = at(from);
  for (let i = 0; i < n; i++) {
    const next = sched.next(t);
    if (!next) break;
    out.push(iso(next)!);
    t = next;
  }
  return out;
}

describe('cron schedule', () => {
  it('runs */1 every minute, strictly after the given time', () => {
    expect(runs('*/1 * * * *', '2024-01-01T00:00:00Z', 3)).toEqual(['2024-01-01T00:01:00Z', '2024-01-01T00:02:00Z', '2024-01-01T00:03:00Z']);
    expect(runs('* * * * *', '2024-01-01T00:00:30Z', 1)).toEqual(['2024-01-01T00:01:00Z']);
  });

  it('understands steps, ranges and lists', () => {
    expect(runs('*/15 * * * *', '2024-01-01T00:07:00Z', 3)).toEqual(['2024-01-01T00:15:00Z', '2024-01-01T00:30:00Z', '2024-01-01T00:45:00Z']);
    expect(runs('5/20 * * * *', '2024-01-01T00:00:00Z', 3)).toEqual(['2024-01-01T00:05:00Z', '2024-01-01T00:25:00Z', '2024-01-01T00:45:00Z']);
    expect(runs('0 9-17/4 * * *', '2024-01-01T00:00:00Z', 4)).toEqual([
      '2024-01-01T09:00:00Z', '2024-01-01T13:00:00Z', '2024-01-01T17:00:00Z', '2024-01-02T09:00:00Z',
    ]);
    expect(runs('0,30 1,2 * * *', '2024-01-01T00:00:00Z', 5)).toEqual([
      '2024-01-01T01:00:00Z', '2024-01-01T01:30:00Z', '2024-01-01T02:00:00Z', '2024-01-01T02:30:00Z', '2024-01-02T01:00:00Z',
    ]);
  });

  it('accepts month and weekday names in any case', () => {
    // 2024-01-01 is a Monday.
    expect(runs('30 8 * * MON-fri', '2024-01-05T09:00:00Z', 2)).toEqual(['2024-01-08T08:30:00Z', '2024-01-09T08:30:00Z']);
    expect(runs('0 0 1 feb,Jun *', '2024-01-01T00:00:00Z', 3)).toEqual(['2024-02-01T00:00:00Z', '2024-06-01T00:00:00Z', '2025-02-01T00:00:00Z']);
  });

  it('runs when either day field matches, unless one of them is *', () => {
    // The 13th, or any Friday.
    expect(runs('0 0 13 * 5', '2024-09-01T00:00:00Z', 4)).toEqual([
      '2024-09-06T00:00:00Z', '2024-09-13T00:00:00Z', '2024-09-20T00:00:00Z', '2024-09-27T00:00:00Z',
    ]);
    // With day-of-month *, only Fridays.
    expect(runs('0 0 * * 5', '2024-09-01T00:00:00Z', 2)).toEqual(['2024-09-06T00:00:00Z', '2024-09-13T00:00:00Z']);
    // */2 is not a star: days 1,3,5… or Sundays.
    expect(runs('0 0 */2 * 0', '2024-09-01T00:00:00Z', 4)).toEqual([
      '2024-09-03T00:00:00Z', '2024-09-05T00:00:00Z', '2024-09-07T00:00:00Z', '2024-09-08T00:00:00Z',
    ]);
  });

  it('knows the descriptors', () => {
    expect(runs('@hourly', '2024-01-01T00:10:00Z', 2)).toEqual(['2024-01-01T01:00:00Z', '2024-01-01T02:00:00Z']);
    expect(runs('@daily', '2024-01-01T00:10:00Z', 1)).toEqual(['2024-01-02T00:00:00Z']);
    expect(runs('@midnight', '2024-01-01T00:10:00Z', 1)).toEqual(['2024-01-02T00:00:00Z']);
    expect(runs('@weekly', '2024-01-01T00:10:00Z', 1)).toEqual(['2024-01-07T00:00:00Z']);
    expect(runs('@monthly', '2024-01-15T00:00:00Z', 1)).toEqual(['2024-02-01T00:00:00Z']);
    expect(runs('@yearly', '2024-01-15T00:00:00Z', 1)).toEqual(['2025-01-01T00:00:00Z']);
    expect(runs('@annually', '2024-01-15T00:00:00Z', 1)).toEqual(['2025-01-01T00:00:00Z']);
    expect(runs('@every 90s', '2024-01-01T00:00:00.400Z', 2)).toEqual(['2024-01-01T00:01:30Z', '2024-01-01T00:03:00Z']);
  });

  it('finds leap days and gives up on days that never come', () => {
    expect(runs('0 0 29 2 *', '2024-03-01T00:00:00Z', 1)).toEqual(['2028-02-29T00:00:00Z']);
    expect(parseCronSchedule('0 0 30 2 *').next(at('2024-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('computes run times in a time zone', () => {
    // 09:00 in Seoul (UTC+9) is 00:00 UTC.
    expect(runs('0 9 * * *', '2024-01-01T01:00:00Z', 1, 'Asia/Seoul')).toEqual(['2024-01-02T00:00:00Z']);
    expect(runs('TZ=Asia/Seoul 0 9 * * *', '2024-01-01T01:00:00Z', 1)).toEqual(['2024-01-02T00:00:00Z']);
    expect(rfc3339InZone(at('2024-01-02T00:00:00Z'), 'Asia/Seoul')).toBe('2024-01-02T09:00:00+09:00');
    expect(rfc3339InZone(at('2024-01-02T00:00:00Z'), undefined)).toBe('2024-01-02T00:00:00Z');
  });

  it('rejects what the API server rejects, with the parser message', () => {
    expect(() => parseCronSchedule('* * * *')).toThrow(new CronParseError('expected exactly 5 fields, found 4: [* * * *]'));
    expect(() => parseCronSchedule('61 * * * *')).toThrow('end of range (61) above maximum (59): 61');
    expect(() => parseCronSchedule('@fortnightly')).toThrow('unrecognized descriptor: @fortnightly');
  });
});

describe('mostRecentScheduleTime', () => {
  const sched = parseCronSchedule('*/1 * * * *');

  it('has nothing due before the first run', () => {
    expect(mostRecentScheduleTime(sched, at('2024-01-01T00:00:10Z'), at('2024-01-01T00:00:50Z'))).toEqual({
      earliest: at('2024-01-01T00:00:10Z'),
      missed: 'none',
    });
  });

  it('returns the one run due', () => {
    const r = mostRecentScheduleTime(sched, at('2024-01-01T00:00:10Z'), at('2024-01-01T00:01:05Z'));
    expect(iso(r.mostRecent)).toBe('2024-01-01T00:01:00Z');
    expect(r.missed).toBe('none');
  });

  it('returns only the latest of several missed runs', () => {
    const r = mostRecentScheduleTime(sched, at('2024-01-01T00:00:00Z'), at('2024-01-01T00:05:30Z'));
    expect(iso(r.mostRecent)).toBe('2024-01-01T00:05:00Z');
    expect(r.missed).toBe('few');
    expect(mostRecentScheduleTime(sched, at('2024-01-01T00:00:00Z'), at('2024-01-01T03:00:30Z')).missed).toBe('many');
  });

  it('does not look further back than startingDeadlineSeconds', () => {
    const r = mostRecentScheduleTime(parseCronSchedule('0 * * * *'), at('2024-01-01T00:00:00Z'), at('2024-01-01T05:30:00Z'), 600);
    expect(r.mostRecent).toBeUndefined();
    expect(iso(r.earliest)).toBe('2024-01-01T05:20:00Z');
  });

  it('asks to be woken 100 ms after the next run', () => {
    expect(nextScheduleDelayMs(sched, at('2024-01-01T00:00:00Z'), at('2024-01-01T00:00:20Z'))).toBe(40_100);
    expect(nextScheduleDelayMs(sched, at('2024-01-01T00:01:00Z'), at('2024-01-01T00:01:00.050Z'))).toBe(60_050);
  });
});
