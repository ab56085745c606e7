// The resource quota controller (pkg/controller/resourcequota): keeps each ResourceQuota's status up to date —
// status.hard is spec.hard, status.used the namespace's usage of each of those resources, counted with the same
// evaluators admission charges with (apiserver/plugins/quota-usage.ts). Admission adds to status.used as it admits;
// this controller recounts on every change in a namespace that has quotas (deletions, pods finishing) and every 30 s,
// so the used figures `kubectl describe quota` prints go down again when objects go away.
import type { ResourceInfo } from '../api/registry';
import type { ResourceQuota } from '../api/objects';
import type { KubeObject, WatchEvent } from '../api/types';
import { STORED_RESOURCES, findKind } from '../apiserver/kinds/registry';
import type { ObjectApi } from '../apiserver/object-api';
import { matchesScopes, tracks, usageOf, type Usage } from '../apiserver/plugins/quota-usage';
import { addQuantities, canonicalQuantity, formatQuantity, ZERO } from '../lib/quantity-math';
import type { Clock } from '../util/clock';
import { deepEqual } from '../util/deep-equal';
import { objectKeyOf, splitKey, type Controller, type ReconcileResult, type WatchSpec } from '../controller-runtime/controller';

const quotaRes = findKind('ResourceQuota')!;
/** How often every quota is recounted even without events (the real controller's resync is 5 minutes). */
const RESYNC_MS = 30_000;
/** Written by the control plane all the time and rarely quota'd: left to the resync. */
const UNWATCHED = new Set(['Event', 'Lease']);

/** status for a quota given the objects of its namespace (pure: the controller's calculation). */
export function quotaStatus(quota: ResourceQuota, objects: { res: ResourceInfo; items: KubeObject[] }[], now: Date): { hard: Record<string, string>; used: Record<string, string> } {
  const hard: Record<string, string> = {};
  for (const [k, v] of Object.entries((quota.spec?.hard ?? {}) as Record<string, unknown>)) hard[k] = canonicalQuantity(v);
  const used: Usage = new Map(Object.keys(hard).map((k) => [k, ZERO]));
  for (const { res, items } of objects) {
    const names = Object.keys(hard).filter((k) => tracks(res, k));
    if (!names.length) continue;
    for (const obj of items) {
      if (!matchesScopes(quota, res, obj)) continue;
      const usage = usageOf(res, obj, now);
      for (const k of names) {
        const q = usage.get(k);
        if (q) used.set(k, used.get(k) === ZERO ? q : addQuantities(used.get(k), q));
      }
    }
  }
  return { hard, used: Object.fromEntries([...used].map(([k, q]) => [k, formatQuantity(q)])) };
}

export class ResourceQuotaController implements Controller {
  readonly name = 'resourcequota';
  readonly watches: WatchSpec[];

  constructor(private readonly api: ObjectApi, private readonly clock: Clock) {
    this.watches = [
      { res: quotaRes, toKeys: (e) => (e.type === 'DELETED' ? [] : [objectKeyOf(e.object)]) },
      ...STORED_RESOURCES.filter((r) => r.namespaced && r.kind !== 'ResourceQuota' && !UNWATCHED.has(r.kind)).map((res) => ({
        res,
        toKeys: (e: WatchEvent) => this.quotasIn(e.object.metadata.namespace),
      })),
    ];
  }

  private quotasIn(namespace: string | undefined): string[] {
    if (!namespace) return [];
    return this.api.list(quotaRes, namespace).items.map(objectKeyOf);
  }

  reconcile(key: string): ReconcileResult | void {
    const { namespace, name } = splitKey(key);
    const quota = this.api.tryGet(quotaRes, namespace, name);
    if (!quota) return;
    const names = Object.keys(quota.spec?.hard ?? {});
    const relevant = STORED_RESOURCES.filter((r) => r.namespaced && names.some((n) => tracks(r, n)));
    const objects = relevant.map((res) => ({ res, items: this.api.list(res, namespace).items }));
    const status = quotaStatus(quota, objects, this.clock.now());
    if (!deepEqual(quota.status ?? {}, status)) this.api.updateStatus(quotaRes, namespace, name, { ...quota, status });
    return { requeueAfterMs: RESYNC_MS };
  }
}
