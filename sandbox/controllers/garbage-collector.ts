// The garbage collector (pkg/controller/garbagecollector): deletes objects all of whose owners are gone (compared by
// uid, so a re-created owner of the same name does not count), and finishes the two deletion modes that wait for it:
// `orphan` (strip the ownerReferences from dependents, then drop the finalizer) and `foregroundDeletion` (delete
// the dependents first, then drop the finalizer). The owner → dependents graph is built from watches, so an event
// costs a few map operations instead of a rescan of the cluster.
import { type ResourceInfo } from '../api/registry';
import { STORED_RESOURCES, findByKind } from '../apiserver/kinds/registry';
import type { KubeObject, OwnerReference, WatchEvent } from '../api/types';
import type { DeleteOptions } from '../api/client';
import type { ObjectApi } from '../apiserver/object-api';
import { watchOf, type Controller, type ReconcileResult, type WatchSpec } from '../controller-runtime/controller';

export const ORPHAN_FINALIZER = 'orphan';
export const FOREGROUND_FINALIZER = 'foregroundDeletion';

interface GraphNode {
  res: ResourceInfo;
  namespace?: string;
  name: string;
  owners: OwnerReference[];
  /** Being deleted in the foreground: it waits for its dependents. */
  waiting: boolean;
}

export type OwnerState = 'solid' | 'dangling' | 'waiting';

/**
 * What to do with a dependent given the state of each owner (attemptToDeleteItem): keep it, strip refs to owners
 * that are gone or deleting while a solid owner remains, or delete it (foreground when an owner waits for it and it
 * has dependents of its own, else by the dependent's own finalizers).
 */
export function decideDependent(
  owners: { ref: OwnerReference; state: OwnerState }[],
  hasDependents: boolean,
  finalizers: string[] = [],
): { action: 'keep' } | { action: 'removeRefs'; uids: string[] } | { action: 'delete'; policy: NonNullable<DeleteOptions['propagationPolicy']> } {
  if (!owners.length) return { action: 'keep' };
  const solid = owners.filter((o) => o.state === 'solid');
  const dangling = owners.filter((o) => o.state === 'dangling');
  const waiting = owners.filter((o) => o.state === 'waiting');
  if (solid.length) {
    const gone = [...dangling, ...waiting].map((o) => o.ref.uid);
    return gone.length ? { action: 'removeRefs', uids: gone } : { action: 'keep' };
  }
  if (waiting.length && hasDependents) return { action: 'delete', policy: 'Foreground' };
  if (finalizers.includes(ORPHAN_FINALIZER)) return { action: 'delete', policy: 'Orphan' };
  if (finalizers.includes(FOREGROUND_FINALIZER)) return { action: 'delete', policy: 'Foreground' };
  return { action: 'delete', policy: 'Background' };
}

export class GarbageCollector implements Controller {
  readonly name = 'garbage-collector';
  readonly watches: WatchSpec[];
  private readonly nodes = new Map<string, GraphNode>();
  private readonly dependents = new Map<string, Set<string>>();

  constructor(private readonly api: ObjectApi) {
    // Events never own or are owned by anything worth collecting; leaving them out keeps the graph small.
    this.watches = STORED_RESOURCES.filter((r) => r.kind !== 'Event').map((res) => watchOf(res, (e) => this.observe(res, e)));
  }

  /** Updates the graph with one event and returns the work it implies. */
  private observe(res: ResourceInfo, e: WatchEvent): string[] {
    const obj = e.object;
    const uid = obj.metadata.uid;
    if (!uid) return [];
    const keys: string[] = [];
    const previous = this.nodes.get(uid);
    for (const ref of previous?.owners ?? []) this.unlink(ref.uid, uid);
    if (e.type === 'DELETED') {
      this.nodes.delete(uid);
      for (const dep of this.dependents.get(uid) ?? []) keys.push(`attempt:${dep}`);
      if (!this.dependents.get(uid)?.size) this.dependents.delete(uid);
      for (const ref of previous?.owners ?? []) if (this.nodes.get(ref.uid)?.waiting) keys.push(`foreground:${ref.uid}`);
      return keys;
    }
    const owners = obj.metadata.ownerReferences ?? [];
    const finalizers = obj.metadata.finalizers ?? [];
    const waiting = !!obj.metadata.deletionTimestamp && finalizers.includes(FOREGROUND_FINALIZER);
    this.nodes.set(uid, { res, namespace: obj.metadata.namespace, name: obj.metadata.name!, owners, waiting });
    for (const ref of owners) {
      let set = this.dependents.get(ref.uid);
      if (!set) this.dependents.set(ref.uid, (set = new Set()));
      set.add(uid);
    }
    // An owner the graph has not seen (or has seen go) may be gone: verify against the API.
    if (owners.some((ref) => !this.nodes.has(ref.uid))) keys.push(`attempt:${uid}`);
    // Refs dropped from a dependent may unblock an owner waiting for its dependents.
    for (const ref of previous?.owners ?? []) {
      if (this.nodes.get(ref.uid)?.waiting && !owners.some((o) => o.uid === ref.uid)) keys.push(`foreground:${ref.uid}`);
    }
    if (obj.metadata.deletionTimestamp && finalizers.includes(ORPHAN_FINALIZER)) keys.push(`orphan:${uid}`);
    if (waiting) keys.push(`foreground:${uid}`);
    return keys;
  }

  private unlink(ownerUid: string, dependentUid: string): void {
    const set = this.dependents.get(ownerUid);
    if (!set) return;
    set.delete(dependentUid);
    if (!set.size && !this.nodes.has(ownerUid)) this.dependents.delete(ownerUid);
  }

  reconcile(key: string): ReconcileResult | void {
    const i = key.indexOf(':');
    const kind = key.slice(0, i);
    const uid = key.slice(i + 1);
    if (kind === 'attempt') this.attemptToDelete(uid);
    else if (kind === 'orphan') this.orphanDependents(uid);
    else if (kind === 'foreground') this.deleteDependentsFirst(uid);
  }

  /** The live object behind a graph node, if it is still the same object (same uid). */
  private latest(uid: string): KubeObject | undefined {
    const node = this.nodes.get(uid);
    if (!node) return undefined;
    const obj = this.api.tryGet(node.res, node.namespace, node.name);
    return obj?.metadata.uid === uid ? obj : undefined;
  }

  private ownerState(dependent: KubeObject, ref: OwnerReference): OwnerState | undefined {
    const res = findByKind(ref.apiVersion, ref.kind);
    if (!res) return undefined;
    const owner = this.api.tryGet(res, res.namespaced ? dependent.metadata.namespace : undefined, ref.name);
    if (!owner || owner.metadata.uid !== ref.uid) return 'dangling';
    if (owner.metadata.deletionTimestamp && owner.metadata.finalizers?.includes(FOREGROUND_FINALIZER)) return 'waiting';
    return 'solid';
  }

  private attemptToDelete(uid: string): void {
    const obj = this.latest(uid);
    if (!obj || obj.metadata.deletionTimestamp) return;
    const owners: { ref: OwnerReference; state: OwnerState }[] = [];
    for (const ref of obj.metadata.ownerReferences ?? []) {
      // An owner kind this cluster does not serve is treated as present: never delete on a guess.
      owners.push({ ref, state: this.ownerState(obj, ref) ?? 'solid' });
    }
    const node = this.nodes.get(uid)!;
    const decision = decideDependent(owners, !!this.dependents.get(uid)?.size, obj.metadata.finalizers);
    if (decision.action === 'removeRefs') {
      this.removeOwnerRefs(node.res, obj, decision.uids);
    } else if (decision.action === 'delete') {
      this.tolerateGone(() =>
        this.api.delete(node.res, obj.metadata.namespace, obj.metadata.name!, { propagationPolicy: decision.policy, preconditions: { uid } }),
      );
    }
  }

  private orphanDependents(uid: string): void {
    const owner = this.latest(uid);
    if (!owner?.metadata.deletionTimestamp || !owner.metadata.finalizers?.includes(ORPHAN_FINALIZER)) return;
    for (const dep of [...(this.dependents.get(uid) ?? [])]) {
      const obj = this.latest(dep);
      if (obj) this.removeOwnerRefs(this.nodes.get(dep)!.res, obj, [uid]);
    }
    this.removeFinalizer(uid, owner, ORPHAN_FINALIZER);
  }

  private deleteDependentsFirst(uid: string): void {
    const owner = this.latest(uid);
    if (!owner?.metadata.deletionTimestamp || !owner.metadata.finalizers?.includes(FOREGROUND_FINALIZER)) return;
    let blocking = 0;
    for (const dep of [...(this.dependents.get(uid) ?? [])]) {
      const obj = this.latest(dep);
      if (!obj) continue;
      const ref = obj.metadata.ownerReferences?.find((r) => r.uid === uid);
      if (ref?.blockOwnerDeletion) blocking++;
      this.attemptToDelete(dep);
    }
    if (blocking === 0) this.removeFinalizer(uid, owner, FOREGROUND_FINALIZER);
  }

  private removeOwnerRefs(res: ResourceInfo, obj: KubeObject, uids: string[]): void {
    const next = structuredClone(obj);
    next.metadata.ownerReferences = (next.metadata.ownerReferences ?? []).filter((r) => !uids.includes(r.uid));
    if (!next.metadata.ownerReferences.length) delete next.metadata.ownerReferences;
    this.tolerateGone(() => this.api.update(res, obj.metadata.namespace, obj.metadata.name, next));
  }

  private removeFinalizer(uid: string, owner: KubeObject, finalizer: string): void {
    const next = structuredClone(owner);
    next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    if (!next.metadata.finalizers.length) delete next.metadata.finalizers;
    this.tolerateGone(() => this.api.update(this.nodes.get(uid)!.res, owner.metadata.namespace, owner.metadata.name, next));
  }

  private tolerateGone(write: () => unknown): void {
    try {
      write();
    } catch (e) {
      const code = (e as { code?: number }).code;
      // 404: already gone; a failed uid precondition (409 handled by the manager) means a different object now.
      if (code !== 404) throw e;
    }
  }
}
