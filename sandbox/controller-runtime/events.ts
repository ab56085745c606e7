// Records core/v1 Events the way client-go's event recorder does, so `kubectl describe` and `kubectl get events`
// show what a real cluster would: `<object>.<hex nanos>` names, the involved object's reference, a source component,
// and repeats of the same (object, reason, message) folded into one Event whose count and lastTimestamp move.
import { apiVersionOf } from '../api/registry';
import { findKind } from '../apiserver/kinds/registry';
import type { KubeObject } from '../api/types';
import type { ObjectApi } from '../apiserver/object-api';

export interface EventSource {
  component: string;
  host?: string;
}

/** Repeats within this window bump the existing Event instead of creating a new one. */
const AGGREGATION_WINDOW_MS = 10 * 60 * 1000;

interface Recorded {
  namespace: string;
  name: string;
  lastMs: number;
}

/** Per-API cache of recently recorded events (the correlator's memory), keyed like client-go's getEventKey. */
const recent = new WeakMap<ObjectApi, Map<string, Recorded>>();
let sequence = 0;

function eventKey(involved: KubeObject, type: string, reason: string, message: string, source: EventSource, fieldPath?: string): string {
  const m = involved.metadata;
  return JSON.stringify([source.component, source.host ?? '', involved.kind, m.namespace ?? '', m.name, fieldPath ?? '', m.uid, involved.apiVersion, type, reason, message]);
}

/** Unix nanoseconds in hex, as `fmt.Sprintf("%x", t.UnixNano())`; a sequence keeps names unique within one ms. */
function nanoHex(ms: number): string {
  sequence = (sequence + 1) % 1_000_000;
  return (BigInt(ms) * 1_000_000n + BigInt(sequence)).toString(16);
}

export function recordEvent(
  api: ObjectApi,
  involved: KubeObject,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
  source: EventSource,
  fieldPath?: string,
): void {
  const eventsRes = findKind('Event')!;
  const now = api.now();
  const nowMs = Date.parse(now);
  let cache = recent.get(api);
  if (!cache) recent.set(api, (cache = new Map()));
  const key = eventKey(involved, type, reason, message, source, fieldPath);
  const namespace = involved.metadata.namespace || 'default';
  try {
    const seen = cache.get(key);
    if (seen && nowMs - seen.lastMs < AGGREGATION_WINDOW_MS) {
      const existing = api.tryGet(eventsRes, seen.namespace, seen.name);
      if (existing) {
        const next = structuredClone(existing);
        next.count = (existing.count ?? 1) + 1;
        next.lastTimestamp = now;
        delete next.metadata.resourceVersion;
        api.update(eventsRes, seen.namespace, seen.name, next);
        seen.lastMs = nowMs;
        return;
      }
    }
    const kindInfo = involved.kind ? findKind(involved.kind) : undefined;
    const m = involved.metadata;
    const name = `${m.name}.${nanoHex(nowMs)}`;
    api.create(eventsRes, namespace, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        kind: involved.kind,
        ...(m.namespace ? { namespace: m.namespace } : {}),
        name: m.name,
        uid: m.uid,
        apiVersion: involved.apiVersion ?? (kindInfo ? apiVersionOf(kindInfo) : undefined),
        resourceVersion: m.resourceVersion,
        ...(fieldPath ? { fieldPath } : {}),
      },
      reason,
      message,
      source: { component: source.component, ...(source.host ? { host: source.host } : {}) },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: source.component,
      reportingInstance: source.host ?? '',
    });
    cache.set(key, { namespace, name, lastMs: nowMs });
    if (cache.size > 4096) cache.delete(cache.keys().next().value!);
  } catch {
    // Like client-go, losing an event is never worth failing the caller (e.g. the namespace is terminating).
  }
}
