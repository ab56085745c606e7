// A watch on one resource as kube-apiserver serves it: the current objects first when no resourceVersion is given,
// then the store's events filtered by label and field selectors, where an object that starts or stops matching
// becomes ADDED or DELETED (cacheWatcher's convertToWatchEvent); a resourceVersion already compacted away is 410
// Expired. Apart from object-api.ts: the read side that follows, beside the write path that checks and admits.
import { keyPrefix, type Resource } from '../api/registry';
import type { WatchOptions } from '../api/client';
import type { Disposable, KubeObject, WatchEvent, WatchEventType } from '../api/types';
import { badRequest, expired } from '../api/errors';
import { CompactedError, type Store } from '../store/store';
import { parseFieldSelector } from '../lib/field-selector';
import { parseLabelSelector } from '../lib/label-selector-parser';

/**
 * Watches objects of a resource. Without a resourceVersion (or with "0") the current objects come first as ADDED.
 * Selectors see transitions: an object that stops matching is sent as DELETED, one that starts matching as ADDED.
 */
export function watchObjects<T extends KubeObject>(
  store: Store, res: Resource<T>, namespace: string | undefined, opts: WatchOptions, onEvent: (e: WatchEvent<T>) => void,
): Disposable {
  const labels = parseLabelSelector(opts.labelSelector);
  const fields = parseFieldSelector(opts.fieldSelector, res.kind);
  const matches = (o: KubeObject | undefined) => !!o && labels.matches(o.metadata.labels) && fields.matches(o);
  const send = (type: WatchEventType, object: KubeObject) => onEvent({ type, object: object as T });
  const prefix = keyPrefix(res, res.namespaced ? namespace : undefined);
  const rv = opts.resourceVersion;
  let from: number;
  if (!rv || rv === '0') {
    const { items, revision } = store.list(prefix);
    for (const o of items) if (matches(o)) send('ADDED', o);
    from = revision;
  } else {
    from = Number(rv);
    if (!Number.isInteger(from) || from < 0) throw badRequest(`invalid resource version: ${rv}`);
  }
  try {
    return store.watch(prefix, from, (ev) => {
      const now = matches(ev.object);
      const before = ev.type !== 'ADDED' && ev.prevObject !== undefined ? matches(ev.prevObject) : undefined;
      if (ev.type === 'ADDED') {
        if (now) send('ADDED', ev.object);
      } else if (ev.type === 'DELETED') {
        if (now) send('DELETED', ev.object);
      } else if (now && before === false) {
        send('ADDED', ev.object);
      } else if (now) {
        send('MODIFIED', ev.object);
      } else if (before) {
        send('DELETED', ev.object);
      }
    });
  } catch (e) {
    if (e instanceof CompactedError) throw expired(`too old resource version: ${e.requested} (${e.compacted})`);
    throw e;
  }
}
