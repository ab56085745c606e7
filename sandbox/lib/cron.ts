// The one cron grammar, robfig/cron v3's ParseStandard (what kube-apiserver validates CronJob schedules with and
// kube-controller-manager runs them by): five fields with month and weekday names, ranges, steps and lists, the
// @hourly/@daily/… descriptors, @every <duration>, a TZ=/CRON_TZ= prefix, and the day-of-month/day-of-week "either
// matches unless one is *" rule. Parsing fails with the parser's own error text; a parsed schedule gives its run
// times. Pure: time comes in.

export interface CronSchedule {
  /** The first run time strictly after `after`, or undefined when the schedule never fires again (e.g. 30 Feb). */
  next(after: Date): Date | undefined;
}

/** A schedule that does not parse; the message is robfig's. */
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

/** Go's strconv.Atoi, with its error text. */
function atoi(s: string): number {
  if (!/^[+-]?[0-9]+$/.test(s)) throw new CronParseError(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (!Number.isSafeInteger(n) || Math.abs(n) > 2 ** 63 - 1) throw new CronParseError(`strconv.Atoi: parsing ${JSON.stringify(s)}: value out of range`);
  return n;
}

function mustParseInt(expr: string): number {
  let n: number;
  try {
    n = atoi(expr);
  } catch (e) {
    throw new CronParseError(`failed to parse int from ${expr}: ${(e as Error).message}`);
  }
  if (n < 0) throw new CronParseError(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function parseIntOrName(expr: string, names?: Record<string, number>): number {
  const named = names?.[expr.toLowerCase()];
  return named !== undefined ? named : mustParseInt(expr);
}

/** One comma-separated part of a field (getRange): its values, checked as robfig checks them. */
function addRange(expr: string, r: Bounds, field: Field): void {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  let start: number;
  let end: number;
  let step = 1;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = r.min;
    end = r.max;
    star = true;
  } else {
    start = parseIntOrName(lowAndHigh[0], r.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1], r.names);
    else throw new CronParseError(`too many hyphens: ${expr}`);
  }
  if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1]);
    // "N/step" means "N-max/step".
    if (lowAndHigh.length === 1) end = r.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) {
    throw new CronParseError(`too many slashes: ${expr}`);
  }
  if (start < r.min) throw new CronParseError(`beginning of range (${start}) below minimum (${r.min}): ${expr}`);
  if (end > r.max) throw new CronParseError(`end of range (${end}) above maximum (${r.max}): ${expr}`);
  if (start > end) throw new CronParseError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronParseError(`step of range should be a positive number: ${expr}`);
  for (let v = start; v <= end; v += step) field.values.add(v);
  if (star) field.star = true;
}

function parseField(text: string, b: Bounds): Field {
  const field: Field = { values: new Set(), star: false };
  for (const part of text.split(',').filter(Boolean)) addRange(part, b, field);
  return field;
}

const UNITS = new Set(['ns', 'us', 'µs', 'μs', 'ms', 's', 'm', 'h']);

/** Go's time.ParseDuration, for `@every`: only its verdict and error text. */
function checkDuration(s: string): void {
  const orig = s;
  const quoted = JSON.stringify(orig);
  let rest = s.replace(/^[-+]/, '');
  if (rest === '0') return;
  if (!rest) throw new CronParseError(`time: invalid duration ${quoted}`);
  while (rest) {
    const num = /^([0-9]*)(\.[0-9]*)?/.exec(rest)!;
    if (!num[1] && (!num[2] || num[2] === '.')) throw new CronParseError(`time: invalid duration ${quoted}`);
    rest = rest.slice(num[0].length);
    const unit = /^[^0-9.]*/.exec(rest)![0];
    if (!unit) throw new CronParseError(`time: missing unit in duration ${quoted}`);
    if (!UNITS.has(unit)) throw new CronParseError(`time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}`);
    rest = rest.slice(unit.length);
  }
}

export function knownTimeZone(tz: string): boolean {
  if (tz === 'UTC' || tz === 'Local') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
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
  if (!spec.length) throw new CronParseError('empty spec string');
  let tz = timeZone;
  let rest = spec;
  if (rest.startsWith('TZ=') || rest.startsWith('CRON_TZ=')) {
    const space = rest.indexOf(' ');
    tz = rest.slice(rest.indexOf('=') + 1, space < 0 ? undefined : space);
    if (!knownTimeZone(tz)) throw new CronParseError(`provided bad location ${tz}: unknown time zone ${tz}`);
    rest = space < 0 ? '' : rest.slice(space).trim();
  }
  if (rest.startsWith('@')) {
    if (rest.startsWith('@every ')) {
      const duration = rest.slice('@every '.length);
      try {
        checkDuration(duration);
      } catch (e) {
        throw new CronParseError(`failed to parse duration ${rest}: ${(e as Error).message}`);
      }
      const ms = parseDurationMs(duration.trim());
      return new ConstantDelaySchedule(Math.max(1000, ms - (ms % 1000)));
    }
    if (!(rest in DESCRIPTORS)) throw new CronParseError(`unrecognized descriptor: ${rest}`);
    rest = DESCRIPTORS[rest]!;
  }
  const fields = rest.split(/\s+/).filter(Boolean);
  if (fields.length !== 5) throw new CronParseError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  const [minute, hour, dom, month, dow] = fields.map((f, i) => parseField(f, BOUNDS[i]!));
  return new SpecSchedule(minute!, hour!, dom!, month!, dow!, tz);
}

/** undefined when the schedule parses, else the parser's message (what CronJob validation reports). */
export function cronScheduleError(spec: string): string | undefined {
  try {
    parseCronSchedule(spec);
    return undefined;
  } catch (e) {
    if (e instanceof CronParseError) return e.message;
    throw e;
  }
}
