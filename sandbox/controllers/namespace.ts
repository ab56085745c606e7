// The namespace controller (pkg/controller/namespace): a namespace being deleted is emptied — every namespaced
// object of every kind is deleted (workloads first, so they stop making pods) — and once nothing is left it is
// finalized and disappears. Meanwhile its status conditions say what remains, as `kubectl describe ns` shows.
import { type ResourceInfo } from '../api/registry';
import { STORED_RESOURCES, findKind } from '../apiserver/kinds/registry';
import type { KubeObject, WatchEvent } from '../api/types';
import type { Namespace, NamespaceCondition } from '../api/objects';
import type { ObjectApi } from '../apiserver/object-api';
import { rfc3339, type Clock } from '../util/clock';
import { watchOf, type Controller, type ReconcileResult, type WatchSpec } from '../controller-runtime/controller';

const nsRes = findKind('Namespace')!;
/** Look again this often while content remains (deletions of that content also wake us). */
const RECHECK_MS = 5000;

/** Deletion order: controllers before what they control, so nothing is re-created behind our back. */
export function deletionOrder(resources: readonly ResourceInfo[]): ResourceInfo[] {
  const first = ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job', 'ReplicaSet'];
  const weight = (r: ResourceInfo) => (first.includes(r.kind) ? first.indexOf(r.kind) : first.length + (r.kind === 'Event' ? 1 : 0));
  return resources.filter((r) => r.namespaced).sort((a, b) => weight(a) - weight(b));
}

export interface Remaining {
  /** `pods. has 2 resource instances` per kind, as the real message words it. */
  resources: string[];
  /** `example.com/x in 1 resource instances` per finalizer. */
  finalizers: string[];
}

/** The NamespaceDeletion* conditions for what remains (pkg/controller/namespace/deletion). */
export function namespaceConditions(remaining: Remaining, previous: NamespaceCondition[] | undefined, now: string): NamespaceCondition[] {
  const cond = (type: string, ok: boolean, okReason: string, okMessage: string, badReason: string, badMessage: string): NamespaceCondition => {
    const status = ok ? 'False' : 'True';
    const prev = previous?.find((c) => c.type === type);
    return {
      type,
      status,
      lastTransitionTime: prev?.status === status ? prev.lastTransitionTime : now,
      reason: ok ? okReason : badReason,
      message: ok ? okMessage : badMessage,
    };
  };
  return [
    cond('NamespaceDeletionDiscoveryFailure', true, 'ResourcesDiscovered', 'All resources successfully discovered', '', ''),
    cond('NamespaceDeletionGroupVersionParsingFailure', true, 'ParsedGroupVersions', 'All legacy kube types successfully parsed', '', ''),
    cond('NamespaceDeletionContentFailure', true, 'ContentDeleted', 'All content successfully deleted, may be waiting on finalization', '', ''),
    cond('NamespaceContentRemaining', !remaining.resources.length, 'ContentRemoved', 'All content successfully removed', 'SomeResourcesRemain', `Some resources are remaining: ${remaining.resources.join(', ')}`),
    cond('NamespaceFinalizersRemaining', !remaining.finalizers.length, 'ContentHasNoFinalizers', 'All content-preserving finalizers finished', 'SomeFinalizersRemain', `Some content in the namespace has finalizers remaining: ${remaining.finalizers.join(', ')}`),
  ];
}

export class NamespaceController implements Controller {
  readonly name = 'namespace';
  readonly watches: WatchSpec[];
  private readonly terminating = new Set<string>();

  constructor(private readonly api: ObjectApi, private readonly clock: Clock, private readonly log: (m: string) => void = () => undefined) {
    this.watches = [
      watchOf(nsRes, (e) => this.observeNamespace(e)),
      ...STORED_RESOURCES.filter((r) => r.namespaced).map((res) => watchOf(res, (e) => this.observeContent(e))),
    ];
  }

  private observeNamespace(e: WatchEvent<Namespace>): string[] {
    const name = e.object.metadata.name!;
    if (e.type === 'DELETED' || !e.object.metadata.deletionTimestamp) {
      this.terminating.delete(name);
      return [];
    }
    this.terminating.add(name);
    return [name];
  }

  /** Any change inside a terminating namespace (content leaving, or an Event arriving late) is worth a look. */
  private observeContent(e: WatchEvent): string[] {
    const ns = e.object.metadata.namespace;
    return ns && this.terminating.has(ns) ? [ns] : [];
  }

  reconcile(name: string): ReconcileResult | void {
    const ns = this.api.tryGet(nsRes, undefined, name);
    if (!ns?.metadata.deletionTimestamp) return;
    const remaining: Remaining = { resources: [], finalizers: [] };
    const finalizerCounts = new Map<string, number>();
    for (const res of deletionOrder(STORED_RESOURCES)) {
      let left = 0;
      for (const obj of this.api.list(res, name).items) {
        if (!obj.metadata.deletionTimestamp) this.deleteQuietly(res, obj);
        const still = this.api.tryGet(res, name, obj.metadata.name!);
        if (!still || still.metadata.uid !== obj.metadata.uid) continue;
        left++;
        for (const f of still.metadata.finalizers ?? []) finalizerCounts.set(f, (finalizerCounts.get(f) ?? 0) + 1);
      }
      if (left) remaining.resources.push(`${res.plural}.${res.group} has ${left} resource instances`);
    }
    for (const [f, n] of finalizerCounts) remaining.finalizers.push(`${f} in ${n} resource instances`);
    if (!remaining.resources.length) {
      this.api.finalizeNamespace(name);
      return;
    }
    this.writeConditions(ns, remaining);
    return { requeueAfterMs: RECHECK_MS };
  }

  private deleteQuietly(res: ResourceInfo, obj: KubeObject): void {
    try {
      this.api.delete(res, obj.metadata.namespace, obj.metadata.name!, { preconditions: { uid: obj.metadata.uid } });
    } catch (e) {
      const code = (e as { code?: number }).code;
      if (code !== 404 && code !== 409) throw e;
    }
  }

  private writeConditions(ns: Namespace, remaining: Remaining): void {
    // ObjectApi.commitUpdate treats a terminating object without metadata.finalizers as done and removes it on any
    // write, not yet honouring a namespace's spec.finalizers; writing conditions then would drop the namespace
    // with content left behind. Until that is fixed, conditions are written only when metadata finalizers hold it.
    if (!ns.metadata.finalizers?.length) return;
    const conditions = namespaceConditions(remaining, ns.status?.conditions, rfc3339(this.clock.now()));
    try {
      this.api.updateStatus(nsRes, undefined, ns.metadata.name, { ...ns, status: { ...(ns.status ?? {}), conditions } });
    } catch (e) {
      // Conditions only explain the wait; failing to write them must not stop the deletion.
      this.log(`namespace: could not write conditions of ${ns.metadata.name}: ${(e as Error).message}`);
    }
  }
}
