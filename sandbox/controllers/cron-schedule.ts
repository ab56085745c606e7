// CronJob schedule arithmetic: the run times of a standard cron spec as robfig/cron v3 (the parser kube-controller-manager
// uses) computes them — five fields with names, ranges, steps and lists, the @hourly/@daily/… descriptors, @every, the
// day-of-month/day-of-week "either matches unless one is *" rule — and the CronJob controller's mostRecentScheduleTime
// and nextScheduleTimeDuration, which decide which missed time to run and when to look again. Pure: time comes in.
import { cronScheduleError } from '../apiserver/admission/cron';

export interface CronSchedule {
  /** The first run time strictly after `after`, or undefined when the schedule never fires again (e.g. 30 Feb). */
  next(after: Date): Date | undefined;
}

export class CronParseError extends Error {}

interface Field {
  values: Set<number>;
  /** The field was `*` or `?` without a step: it matches anything and changes how days match. */
  star: boolean;
}

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DAYS: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const BOUNDS: Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS },
  { min: 0, max: 6, names: DAYS },
];
const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function value(expr: string, b: Bounds): number {
  return b.names?.[expr.toLowerCase()] ?? Number(expr);
}

/** One comma-separated part (already validated by the admission parser, so only its meaning is computed here). */
function addRange(expr: string, b: Bounds, field: Field): void {
  const [range, stepText] = expr.split('/');
  const lowHigh = range.split('-');
  let start: number;
  let end: number;
  let star = false;
  if (lowHigh[0] === '*' || lowHigh[0] === '?') {
    start = b.min;
    end = b.max;
    star = true;
  } else {
    start = value(lowHigh[0], b);
    end = lowHigh.length === 2 ? value(lowHigh[1], b) : start;
  }
  let step = 1;
  if (stepText !== undefined) {
    step = Number(stepText);
    // "N/step" means "N-max/step".
    if (lowHigh.length === 1) end = b.max;
    if (step > 1) star = false;
  }
  for (let v = start; v <= end; v += step) field.values.add(v);
  if (star) field.star = true;
}

function parseField(text: string, b: Bounds): Field {
  const field: Field = { values: new Set(), star: false };
  for (const part of text.split(',').filter(Boolean)) addRange(part, b, field);
  return field;
}

/** Go's time.ParseDuration for @every, in milliseconds (the admission parser already vouched for the syntax). */
function parseDurationMs(text: string): number {
  const scale: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: MINUTE, h: HOUR };
  let total = 0;
  for (const m of text.replace(/^[-+]/, '').matchAll(/([0-9]*\.?[0-9]*)([^0-9.]+)/g)) total += Number(m[1]) * (scale[m[2]] ?? 0);
  return text.startsWith('-') ? -total : total;
}

/** The wall-clock time of an instant in a time zone, as milliseconds of a UTC date with the same fields. */
function wallClock(ms: number, tz: string | undefined): number {
  if (!tz || tz === 'UTC' || tz === 'Local' || tz === 'Etc/UTC') return ms;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  }).formatToParts(new Date(ms));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) + (((ms % 1000) + 1000) % 1000);
}

/** RFC 3339 in the schedule's time zone, as Go's `t.In(loc).Format(time.RFC3339)` writes it ("Z" for UTC). */
export function rfc3339InZone(d: Date, tz: string | undefined): string {
  const offsetMin = Math.round((wallClock(d.getTime(), tz) - d.getTime()) / MINUTE);
  const wall = new Date(Math.floor(d.getTime() / 1000) * 1000 + offsetMin * MINUTE).toISOString().slice(0, 19);
  // Go's "Z07:00" writes Z for any zero offset, whatever the zone is called.
  if (offsetMin === 0) return `${wall}Z`;
  const abs = Math.abs(offsetMin);
  return `${wall}${offsetMin < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The instant whose wall-clock time in `tz` is `wall` (close enough around daylight-saving jumps). */
function instantOf(wall: number, tz: string | undefined): number {
  const first = wall - (wallClock(wall, tz) - wall);
  return wall - (wallClock(first, tz) - first);
}

class SpecSchedule implements CronSchedule {
  constructor(
    private readonly minute: Field,
    private readonly hour: Field,
    private readonly dom: Field,
    private readonly month: Field,
    private readonly dow: Field,
    private readonly tz: string | undefined,
  ) {}

  private dayMatches(d: Date): boolean {
    const domMatch = this.dom.values.has(d.getUTCDate());
    const dowMatch = this.dow.values.has(d.getUTCDay());
    return this.dom.star || this.dow.star ? domMatch && dowMatch : domMatch || dowMatch;
  }

  next(after: Date): Date | undefined {
    // Work on wall-clock fields, stepping the coarsest field that does not match and starting over when a step
    // wraps a larger field (robfig's WRAP), for at most five years.
    let t = Math.floor(wallClock(after.getTime(), this.tz) / MINUTE) * MINUTE + MINUTE;
    const yearLimit = new Date(t).getUTCFullYear() + 5;
    wrap: for (;;) {
      let d = new Date(t);
      if (d.getUTCFullYear() > yearLimit) return undefined;
      while (!this.month.values.has(d.getUTCMonth() + 1)) {
        t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
        d = new Date(t);
        if (d.getUTCMonth() === 0) continue wrap;
      }
      while (!this.dayMatches(d)) {
        t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
        d = new Date(t);
        if (d.getUTCDate() === 1) continue wrap;
      }
      while (!this.hour.values.has(d.getUTCHours())) {
        t = Math.floor(t / HOUR) * HOUR + HOUR;
        d = new Date(t);
        if (d.getUTCHours() === 0) continue wrap;
      }
      while (!this.minute.values.has(d.getUTCMinutes())) {
        t += MINUTE;
        d = new Date(t);
        if (d.getUTCMinutes() === 0) continue wrap;
      }
      return new Date(instantOf(t, this.tz));
    }
  }
}

class ConstantDelaySchedule implements CronSchedule {
  constructor(private readonly delayMs: number) {}

  next(after: Date): Date {
    return new Date(Math.floor(after.getTime() / 1000) * 1000 + this.delayMs);
  }
}

/**
 * cron.ParseStandard with the CronJob's spec.timeZone applied (as formatSchedule prefixes `TZ=`). Throws a
 * CronParseError carrying the parser's own message for a schedule that does not parse.
 */
export function parseCronSchedule(spec: string, timeZone?: string): CronSchedule {
  const error = cronScheduleError(spec);
  if (error) throw new CronParseError(error);
  let tz = timeZone;
  let rest = spec.trim();
  const prefix = /^(?:CRON_)?TZ=(\S+)\s*/.exec(rest);
  if (prefix) {
    tz = prefix[1];
    rest = rest.slice(prefix[0].length);
  }
  if (rest.startsWith('@every ')) {
    const ms = parseDurationMs(rest.slice('@every '.length).trim());
    return new ConstantDelaySchedule(Math.max(1000, ms - (ms % 1000)));
  }
  const fields = (DESCRIPTORS[rest] ?? rest).split(/\s+/).filter(Boolean);
  const [minute, hour, dom, month, dow] = fields.map((f, i) => parseField(f, BOUNDS[i]));
  return new SpecSchedule(minute, hour, dom, month, dow, tz);
}

export type MissedSchedules = 'none' | 'few' | 'many';

export interface MostRecent {
  /** lastScheduleTime or the CronJob's creation, moved up to the starting deadline when that is later. */
  earliest: Date;
  /** The latest run time at or before now after `earliest`, if any. */
  mostRecent?: Date;
  missed: MissedSchedules;
}

/**
 * mostRecentScheduleTime: which run time is due now. Like the controller it estimates how many were missed from the
 * gap between the next two runs instead of walking every one of them (a CronJob asleep for years stays cheap).
 */
export function mostRecentScheduleTime(schedule: CronSchedule, lastOrCreated: Date, now: Date, startingDeadlineSeconds?: number): MostRecent {
  let earliest = lastOrCreated;
  if (startingDeadlineSeconds !== undefined && startingDeadlineSeconds !== null) {
    const deadline = new Date(now.getTime() - startingDeadlineSeconds * 1000);
    if (deadline > earliest) earliest = deadline;
  }
  const t1 = schedule.next(earliest);
  const t2 = t1 && schedule.next(t1);
  if (!t1 || now < t1) return { earliest, missed: 'none' };
  if (!t2 || now < t2) return { earliest, mostRecent: t1, missed: 'none' };
  const between = Math.round((t2.getTime() - t1.getTime()) / 1000);
  if (between < 1) throw new Error('time difference between two schedules is less than 1 second');
  const elapsed = Math.trunc((now.getTime() - t1.getTime()) / 1000);
  const missedCount = Math.trunc(elapsed / between) + 1;
  let mostRecent: Date | undefined;
  const potentialEarliest = new Date(t1.getTime() + (missedCount - 2) * between * 1000);
  for (let t = schedule.next(potentialEarliest); t && t <= now; t = schedule.next(t)) mostRecent = t;
  const missed: MissedSchedules = missedCount > 100 ? 'many' : missedCount > 0 ? 'few' : 'none';
  return { earliest, ...(mostRecent ? { mostRecent } : {}), missed };
}

/** nextScheduleTimeDuration: how long until the CronJob should be looked at again (100 ms past the next run). */
export function nextScheduleDelayMs(schedule: CronSchedule, lastOrCreated: Date, now: Date): number | undefined {
  let from: Date;
  try {
    const r = mostRecentScheduleTime(schedule, lastOrCreated, now);
    from = r.mostRecent ?? (r.missed === 'none' ? r.earliest : now);
  } catch {
    from = now;
  }
  const next = schedule.next(from);
  return next ? Math.max(0, next.getTime() + 100 - now.getTime()) : undefined;
}
