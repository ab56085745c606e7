// How kubelab writes a moment for people: in the reader's own time zone, in their language ("12월 6일 13:07:25",
// "6 Dec, 13:07:25"), the year only when it is not this year. The server formats with the zone the browser told it
// (a cookie); the browser re-formats <time> elements with the same function when its zone differs (first visit).
// Pure and shared by both sides, so the two never disagree.
export type TimeLang = 'ko' | 'en';

export const TZ_COOKIE = 'kubelab_tz';

/** Whether `tz` is an IANA zone this runtime knows (a cookie is untrusted input). */
export function isTimeZone(tz: unknown): tz is string {
  if (typeof tz !== 'string' || !tz || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function parts(ms: number, tz: string): Record<string, string> {
  const f = new Intl.DateTimeFormat('en-US', { timeZone: tz, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' });
  return Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
}

/** A moment as people read it: date and time to the second, in `tz`. */
export function formatMoment(ms: number, lang: TimeLang, tz: string, now = Date.now(), withSeconds = true): string {
  const year = parts(ms, tz).year !== parts(now, tz).year;
  return new Intl.DateTimeFormat(lang === 'ko' ? 'ko-KR' : 'en-GB', {
    timeZone: tz,
    ...(year ? { year: 'numeric' } : {}),
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(withSeconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
  }).format(new Date(ms));
}

/** Milliseconds `tz` is ahead of UTC at the moment `ms`. */
export function zoneOffsetMs(ms: number, tz: string): number {
  const p = parts(ms, tz);
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour) % 24, Number(p.minute), Number(p.second));
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The UTC moment of a wall-clock time ("2026-12-08T18:00", as <input type="datetime-local"> sends it) in `tz`. */
export function wallTimeToMs(local: string, tz: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!m) return undefined;
  const guess = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0));
  let ms = guess - zoneOffsetMs(guess, tz);
  ms = guess - zoneOffsetMs(ms, tz); // across a DST change the offset at the answer is the one that counts
  return ms;
}

/** A wall-clock time in `tz` as <input type="datetime-local"> shows it. */
export function msToWallTime(ms: number, tz: string): string {
  const p = parts(ms, tz);
  const two = (s: string) => s.padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(String(Number(p.hour) % 24))}:${two(p.minute)}`;
}
