// One cluster's map, kept current from server-side watches and fanned out to every browser that shows it. Changes
// are batched per tick so a rollout of many pods reaches the browser as a few messages, not hundreds.
import type { Disposable, WatchEvent } from '../../sandbox/api/types';
import { type ResourceInfo } from '../../sandbox/api/registry';
import { findKind } from '../../sandbox/apiserver/kinds/registry';
import type { ObjectApi } from '../../sandbox/apiserver/object-api';
import type { MapChange, MapEvent, MapKind, MapObject } from '../../web/protocol';
import { toMapObject } from './map-objects';

export const MAP_KINDS: readonly MapKind[] = ['Node', 'Pod', 'Deployment', 'ReplicaSet', 'Service', 'Endpoints', 'Ingress'];

export type MapListener = (event: MapEvent) => void;

export class MapFeed {
  private readonly objects = new Map<string, MapObject>();
  private readonly listeners = new Set<MapListener>();
  private readonly watches: Disposable[] = [];
  private pending: MapChange[] = [];
  private flushTimer?: NodeJS.Timeout;
  private ended = false;

  constructor(readonly api: ObjectApi, private readonly batchMs = 30) {
    for (const kind of MAP_KINDS) {
      const res: ResourceInfo | undefined = findKind(kind);
      if (!res) continue;
      this.watches.push(this.api.watch(res, undefined, {}, (e) => this.onEvent(e)));
    }
  }

  private onEvent(e: WatchEvent): void {
    if (e.type !== 'ADDED' && e.type !== 'MODIFIED' && e.type !== 'DELETED') return;
    const object = toMapObject(e.object);
    if (!object) return;
    const key = `${object.kind}/${object.uid}`;
    if (e.type === 'DELETED') this.objects.delete(key);
    else this.objects.set(key, object);
    if (!this.listeners.size) return;
    this.pending.push({ type: e.type, object });
    this.flushTimer ??= setTimeout(() => this.flush(), this.batchMs);
  }

  private flush(): void {
    this.flushTimer = undefined;
    if (!this.pending.length) return;
    // Only the last change of each object in a batch matters to a picture of the current state.
    const last = new Map<string, MapChange>();
    for (const c of this.pending) last.set(`${c.object.kind}/${c.object.uid}`, c);
    this.pending = [];
    this.send({ event: 'changes', data: { changes: [...last.values()] } });
  }

  private send(event: MapEvent): void {
    for (const l of [...this.listeners]) l(event);
  }

  snapshot(): MapObject[] {
    return [...this.objects.values()];
  }

  /** Sends the current state at once, then changes; ends with a `status` event when the cluster goes away. */
  subscribe(listener: MapListener): Disposable {
    if (this.ended) throw new Error('map feed has ended');
    // Earlier subscribers get what is pending first; the newcomer's snapshot already includes it.
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flush();
    this.listeners.add(listener);
    listener({ event: 'snapshot', data: { objects: this.snapshot() } });
    return { dispose: () => this.listeners.delete(listener) };
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  /** The cluster was suspended or reset: tell the browsers, then stop watching. */
  end(state: 'suspended' | 'reset'): void {
    if (this.ended) return;
    this.flush();
    this.send({ event: 'status', data: { state } });
    this.dispose();
  }

  dispose(): void {
    this.ended = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    for (const w of this.watches.splice(0)) w.dispose();
    this.listeners.clear();
  }
}
