// Time as a dependency: controllers, kubelets and tables ask a Clock instead of `Date`, so tests can compress
// minutes of cluster life (back-offs, cron schedules, eviction timeouts) into milliseconds.
import type { Disposable } from '../api/types';

export interface Clock {
  now(): Date;
  /** Calls fn after ms of this clock's time. */
  setTimeout(fn: () => void, ms: number): Disposable;
}

export const realClock: Clock = {
  now: () => new Date(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return { dispose: () => clearTimeout(t) };
  },
};

/** RFC 3339 with second precision, as Kubernetes writes metav1.Time. */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
