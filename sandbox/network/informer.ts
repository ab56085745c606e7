// A read-only cache of the objects the network follows (Services, Endpoints, Pods, Ingresses, NetworkPolicies and
// Namespaces, whose labels namespaceSelectors read, in every namespace),
// kept current by ObjectApi watches (which deliver existing objects first, then changes). It only notes that
// something changed; the network recomputes its whole state from the cache (level-based, like a controller).
import { findKind } from '../apiserver/kinds/registry';
import type { Disposable, KubeObject } from '../api/types';
import type { KindObjects } from '../api/objects';
import type { ObjectApi } from '../apiserver/object-api';

export type Watched = 'Service' | 'Endpoints' | 'Pod' | 'Ingress' | 'NetworkPolicy' | 'Namespace';
const KINDS: Watched[] = ['Service', 'Endpoints', 'Pod', 'Ingress', 'NetworkPolicy', 'Namespace'];

export class NetworkInformer implements Disposable {
  private readonly caches = new Map<Watched, Map<string, KubeObject>>();
  private readonly watches: Disposable[] = [];

  constructor(api: ObjectApi, onChange: (kind: Watched) => void) {
    for (const kind of KINDS) {
      const cache = new Map<string, KubeObject>();
      this.caches.set(kind, cache);
      const res = findKind(kind);
      if (!res) throw new Error(`resource ${kind} is not registered`);
      this.watches.push(
        api.watch(res, undefined, {}, (ev) => {
          const o = ev.object;
          const key = `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
          if (ev.type === 'DELETED') cache.delete(key);
          else if (ev.type === 'ADDED' || ev.type === 'MODIFIED') cache.set(key, o);
          else return;
          onChange(kind);
        }),
      );
    }
  }

  /** Cached objects of a kind; never mutate them (they are the store's). */
  list<K extends Watched>(kind: K): KindObjects[K][] {
    // Each cache is filled by the watch of its own kind only.
    return [...(this.caches.get(kind)?.values() ?? [])] as KindObjects[K][];
  }

  dispose(): void {
    for (const w of this.watches.splice(0)) w.dispose();
  }
}
