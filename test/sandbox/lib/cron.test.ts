// CronJob schedules parse as robfig/cron's ParseStandard does, with its error text.
import { cronScheduleError } from '../../../sandbox/lib/cron';

describe('cron schedules', () => {
  it('accepts five-field lines, names and descriptors', () => {
    for (const s of ['*/1 * * * *', '0 9-17 * * mon-fri', '30 2 1 JAN *', '0 0 * * 0,6', '@hourly', '@midnight', '@every 1h30m']) {
      expect(cronScheduleError(s)).toBeUndefined();
    }
  });

  it('counts the fields', () => {
    expect(cronScheduleError('* * * *')).toBe('expected exactly 5 fields, found 4: [* * * *]');
    expect(cronScheduleError('0 0 * * * *')).toBe('expected exactly 5 fields, found 6: [0 0 * * * *]');
    expect(cronScheduleError('')).toBe('empty spec string');
  });

  it('checks ranges, steps and numbers', () => {
    expect(cronScheduleError('61 * * * *')).toBe('end of range (61) above maximum (59): 61');
    expect(cronScheduleError('* * 0 * *')).toBe('beginning of range (0) below minimum (1): 0');
    expect(cronScheduleError('5-1 * * * *')).toBe('beginning of range (5) beyond end of range (1): 5-1');
    expect(cronScheduleError('*/0 * * * *')).toBe('step of range should be a positive number: */0');
    expect(cronScheduleError('* * * * funday')).toBe('failed to parse int from funday: strconv.Atoi: parsing "funday": invalid syntax');
    expect(cronScheduleError('1-2-3 * * * *')).toBe('too many hyphens: 1-2-3');
  });

  it('knows its descriptors and durations', () => {
    expect(cronScheduleError('@fortnightly')).toBe('unrecognized descriptor: @fortnightly');
    expect(cronScheduleError('@every 5x')).toBe('failed to parse duration @every 5x: time: unknown unit "x" in duration "5x"');
    expect(cronScheduleError('@every 5')).toBe('failed to parse duration @every 5: time: missing unit in duration "5"');
  });
});
