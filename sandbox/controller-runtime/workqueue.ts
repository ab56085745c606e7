// A work queue with client-go's semantics (util/workqueue): a key already waiting is not added twice, a key being
// processed is not handed out twice (so reconciles of one key stay serial even though `await` interleaves), and
// done() re-queues a key that was added while it was processed. Delays and back-off go through the injected Clock.
import type { Disposable } from '../api/types';
import type { Clock } from '../util/clock';

/** client-go's default controller rate limiter: per-item exponential back-off from 5ms up to 1000s. */
const BASE_DELAY_MS = 5;
const MAX_DELAY_MS = 1000 * 1000;

export class WorkQueue {
  private readonly queue: string[] = [];
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly waiting = new Map<string, { due: number; timer: Disposable }>();
  private shuttingDown = false;

  /**
   * onReady is called whenever a key becomes available to get() (the owner schedules a drain). With `order`, get()
   * hands out the waiting key that sorts first (kube-scheduler's activeQ: higher priority first), else the oldest.
   */
  constructor(private readonly clock: Clock, private readonly onReady?: () => void, private readonly order?: (a: string, b: string) => number) {}

  add(key: string): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    this.queue.push(key);
    this.onReady?.();
  }

  /** Adds key after ms; an earlier pending delay for the same key wins, as client-go's delaying queue. */
  addAfter(key: string, ms: number): void {
    if (this.shuttingDown) return;
    if (ms <= 0) return this.add(key);
    const due = this.clock.now().getTime() + ms;
    const pending = this.waiting.get(key);
    if (pending && pending.due <= due) return;
    pending?.timer.dispose();
    const timer = this.clock.setTimeout(() => {
      this.waiting.delete(key);
      this.add(key);
    }, ms);
    this.waiting.set(key, { due, timer });
  }

  addRateLimited(key: string): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    this.addAfter(key, Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** n));
  }

  /** Stops the back-off for key (after a successful reconcile). */
  forget(key: string): void {
    this.failures.delete(key);
  }

  numRequeues(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  /** The next key to process, or undefined when none waits; the caller must call done(key) afterwards. */
  get(): string | undefined {
    let at = 0;
    if (this.order) for (let i = 1; i < this.queue.length; i++) if (this.order(this.queue[i], this.queue[at]) < 0) at = i;
    const key = this.queue.splice(at, 1)[0];
    if (key === undefined) return undefined;
    this.processing.add(key);
    this.dirty.delete(key);
    return key;
  }

  done(key: string): void {
    this.processing.delete(key);
    if (this.dirty.has(key)) {
      this.queue.push(key);
      this.onReady?.();
    }
  }

  /** Keys waiting to be handed out (not counting keys in flight or delayed). */
  get length(): number {
    return this.queue.length;
  }

  /** Keys handed out and not yet done. */
  get inFlight(): number {
    return this.processing.size;
  }

  /** Keys scheduled with addAfter/addRateLimited that have not fallen due. */
  get delayed(): number {
    return this.waiting.size;
  }

  shutDown(): void {
    this.shuttingDown = true;
    for (const w of this.waiting.values()) w.timer.dispose();
    this.waiting.clear();
    this.queue.length = 0;
    this.dirty.clear();
  }

  get isShutDown(): boolean {
    return this.shuttingDown;
  }
}
