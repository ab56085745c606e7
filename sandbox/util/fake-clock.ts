// A Clock for tests: time stands still until the test moves it, so back-offs, requeue delays, progress deadlines
// and cron schedules are exercised in milliseconds of real time and without sleeps.
import type { Disposable } from '../api/types';
import type { Clock } from './clock';

interface Timer {
  id: number;
  due: number;
  fn: () => void;
}

export class FakeClock implements Clock {
  private ms: number;
  private seq = 0;
  private timers: Timer[] = [];

  constructor(start: Date | string | number = '2024-01-01T00:00:00Z') {
    this.ms = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.ms);
  }

  setTimeout(fn: () => void, ms: number): Disposable {
    const timer: Timer = { id: ++this.seq, due: this.ms + Math.max(0, ms), fn };
    this.timers.push(timer);
    return { dispose: () => void (this.timers = this.timers.filter((t) => t !== timer)) };
  }

  /** Timers not yet fired. */
  get pending(): number {
    return this.timers.length;
  }

  /**
   * Moves time forward by ms, firing every timer that falls due on the way in due order (ties: creation order),
   * with now() equal to the timer's due time while it runs — timers set by a firing timer fire too if due.
   */
  advance(ms: number): void {
    const end = this.ms + ms;
    for (;;) {
      const next = this.nextDue(end);
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.ms = Math.max(this.ms, next.due);
      next.fn();
    }
    this.ms = end;
  }

  private nextDue(end: number): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers) {
      if (t.due > end) continue;
      if (!best || t.due < best.due || (t.due === best.due && t.id < best.id)) best = t;
    }
    return best;
  }
}
