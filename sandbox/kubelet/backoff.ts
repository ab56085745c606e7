// Per-item exponential back-off with client-go's flowcontrol.Backoff semantics, on the injected clock: the kubelet
// uses one for restarting crashed containers (10 s doubling to 5 min: "back-off 40s restarting failed container")
// and one for image pulls. An item quiet for twice the maximum starts over from the initial delay.
import type { Clock } from '../util/clock';

interface Entry {
  backoffMs: number;
  lastUpdate: number;
}

export class Backoff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    readonly initialMs: number,
    readonly maxMs: number,
  ) {}

  private expired(eventTime: number, e: Entry): boolean {
    return eventTime - e.lastUpdate > this.maxMs * 2;
  }

  /** The current delay of an item (0 when it has none). */
  get(id: string): number {
    return this.entries.get(id)?.backoffMs ?? 0;
  }

  /** Moves an item to its next delay: the initial one the first time (or after a quiet spell), else double. */
  next(id: string, eventTime: number): void {
    const e = this.entries.get(id);
    const backoffMs = !e || this.expired(eventTime, e) ? this.initialMs : Math.min(e.backoffMs * 2, this.maxMs);
    this.entries.set(id, { backoffMs, lastUpdate: this.clock.now().getTime() });
  }

  /** True while less than the item's delay has passed since eventTime (a container's exit). */
  isInBackOffSince(id: string, eventTime: number): boolean {
    const e = this.entries.get(id);
    if (!e || this.expired(eventTime, e)) return false;
    return this.clock.now().getTime() - eventTime < e.backoffMs;
  }

  /** True while less than the item's delay has passed since it last moved (image pulls). */
  isInBackOffSinceUpdate(id: string): boolean {
    const e = this.entries.get(id);
    const now = this.clock.now().getTime();
    if (!e || this.expired(now, e)) return false;
    return now - e.lastUpdate < e.backoffMs;
  }

  /** When the item's current back-off ends, counted from `since` (default: its last update). */
  endsAt(id: string, since?: number): number | undefined {
    const e = this.entries.get(id);
    return e ? (since ?? e.lastUpdate) + e.backoffMs : undefined;
  }

  /** Forgets items whose key starts with prefix (a pod that went away). */
  forgetPrefix(prefix: string): void {
    for (const k of [...this.entries.keys()]) if (k.startsWith(prefix)) this.entries.delete(k);
  }
}

/** A duration as Go's time.Duration prints it: 10s, 1m20s, 5m0s, 1.5s, 523ms. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  const sec = `${Number.isInteger(s) ? s : Number(s.toFixed(3))}s`;
  if (h) return `${h}h${m}m${sec}`;
  if (m) return `${m}m${sec}`;
  return sec;
}
