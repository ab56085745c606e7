// The CronJob controller's schedule arithmetic (cronjob/utils.go): mostRecentScheduleTime and
// nextScheduleTimeDuration, which decide which missed run time to start and when to look again. The schedule
// grammar itself is sandbox/lib/cron.ts. Pure: time comes in.
import type { CronSchedule } from '../lib/cron';

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
