// The controller contract and the one place that runs it. A controller names the resources that wake it and maps
// each watch event to keys; the manager queues keys (client-go WorkQueue) and calls reconcile(key), which re-reads
// the world (level-based, never trusting the event). The result contract is interpreted here only, as
// controller-runtime's reconcileHandler does: error → rate-limited retry, Conflict → plain requeue,
// requeueAfterMs → retry later, success → forget.
import type { Resource } from '../api/registry';
import type { Disposable, KubeObject, WatchEvent } from '../api/types';
import { isStatusError } from '../api/errors';
import type { ObjectApi } from '../apiserver/object-api';
import type { Clock } from '../util/clock';
import { WorkQueue } from './workqueue';

export interface ReconcileResult {
  requeueAfterMs?: number;
}

/** Which resource wakes which keys: a pod event maps to its owner's key, a Deployment event to its own. */
export interface WatchSpec<T extends KubeObject = KubeObject> {
  res: Resource<T>;
  /** Keys to enqueue for one event. Runs synchronously inside the write that caused it: read, never write. */
  toKeys(event: WatchEvent<T>): string[];
}

/** A WatchSpec whose events carry the resource's object type (a Resource<Pod> hands toKeys Pods). */
export function watchOf<T extends KubeObject>(res: Resource<T>, toKeys: (event: WatchEvent<T>) => string[]): WatchSpec {
  const spec: WatchSpec<T> = { res, toKeys };
  return spec;
}

export interface Controller {
  readonly name: string;
  readonly watches: WatchSpec[];
  reconcile(key: string): ReconcileResult | void | Promise<ReconcileResult | void>;
  /** How many keys may be reconciled at once (default 1), as --concurrent-*-syncs; one key is never run twice at once. */
  readonly workers?: number;
  /** The order keys leave the queue in (negative: `a` first); default first in, first out. */
  queueOrder?(a: string, b: string): number;
  dispose?(): void;
}

interface Running {
  controller: Controller;
  queue: WorkQueue;
  /** Workers draining the queue now. */
  working: number;
  scheduled: boolean;
}

/** A worker yields to the event loop every this many keys. */
const BATCH = 64;

export class ControllerManager implements Disposable {
  private readonly running: Running[] = [];
  private readonly watches: Disposable[] = [];
  private idleWaiters: (() => void)[] = [];
  private started = false;
  private disposed = false;

  constructor(
    private readonly api: ObjectApi,
    private readonly clock: Clock,
    private readonly log: (m: string) => void = () => undefined,
  ) {}

  add(controller: Controller): void {
    // The queue calls back only once keys arrive, after entry exists.
    const entry: Running = { controller, queue: new WorkQueue(this.clock, () => this.schedule(entry), controller.queueOrder?.bind(controller)), working: 0, scheduled: false };
    this.running.push(entry);
    if (this.started) this.watch(entry);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const entry of this.running) this.watch(entry);
  }

  /** Resolves when every queue is empty and no reconcile is in flight (delayed requeues do not count). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** The queue of a controller by name (tests and diagnostics). */
  queueOf(name: string): WorkQueue | undefined {
    return this.running.find((r) => r.controller.name === name)?.queue;
  }

  dispose(): void {
    this.disposed = true;
    for (const w of this.watches.splice(0)) w.dispose();
    for (const r of this.running) {
      r.queue.shutDown();
      r.controller.dispose?.();
    }
    this.flushIdle(true);
  }

  private watch(entry: Running): void {
    for (const spec of entry.controller.watches) {
      const enqueue = (event: WatchEvent) => {
        let keys: string[];
        try {
          keys = spec.toKeys(event);
        } catch (e) {
          this.log(`${entry.controller.name}: mapping a ${spec.res.kind} event failed: ${(e as Error).message}`);
          return;
        }
        for (const k of keys) entry.queue.add(k);
      };
      this.watches.push(this.api.watch(spec.res, undefined, {}, enqueue));
    }
  }

  private isIdle(): boolean {
    return this.disposed || this.running.every((r) => r.queue.length === 0 && r.working === 0 && !r.scheduled && r.queue.inFlight === 0);
  }

  private flushIdle(force = false): void {
    if (!this.idleWaiters.length || (!force && !this.isIdle())) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  /** Drains asynchronously (setImmediate, never a polling timer) so writers are not re-entered by reconciles. */
  private schedule(entry: Running): void {
    if (entry.scheduled || this.disposed || entry.working >= (entry.controller.workers ?? 1)) return;
    entry.scheduled = true;
    setImmediate(() => {
      entry.scheduled = false;
      void this.drain(entry);
    });
  }

  /** One worker: takes keys until the queue has none ready; while it works, another may start for the next key. */
  private async drain(entry: Running): Promise<void> {
    if (entry.working >= (entry.controller.workers ?? 1)) return;
    entry.working++;
    try {
      let budget = BATCH;
      for (let key = entry.queue.get(); key !== undefined; key = entry.queue.get()) {
        if (entry.queue.length) this.schedule(entry);
        await this.process(entry, key);
        if (--budget === 0) {
          budget = BATCH;
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      }
    } finally {
      entry.working--;
      this.flushIdle();
    }
  }

  private async process(entry: Running, key: string): Promise<void> {
    const { controller, queue } = entry;
    try {
      const result = await controller.reconcile(key);
      queue.forget(key);
      if (result?.requeueAfterMs !== undefined) queue.addAfter(key, result.requeueAfterMs);
    } catch (e) {
      if (isStatusError(e) && e.code === 409 && e.reason === 'Conflict') {
        // Someone wrote in between: re-read and try again, no back-off needed.
        queue.add(key);
      } else {
        this.log(`${controller.name}: error syncing "${key}": ${(e as Error)?.message ?? e}; requeuing`);
        queue.addRateLimited(key);
      }
    } finally {
      queue.done(key);
    }
  }
}

/** `namespace/name` (or `name` for cluster-scoped objects), as client-go's MetaNamespaceKeyFunc. */
export function objectKeyOf(obj: { metadata: { namespace?: string; name?: string } }): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : String(obj.metadata.name);
}

export function splitKey(key: string): { namespace?: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}
