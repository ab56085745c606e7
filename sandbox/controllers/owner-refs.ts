// Controller references and the claim protocol of ControllerRefManager (pkg/controller/controller_ref_manager.go):
// a controller adopts orphans its selector matches and releases objects it owns whose labels stopped matching.
// Adoption and release are metadata writes with the object's resourceVersion, so a race ends in a 409 and a retry.
import type { Resource } from '../api/registry';
import type { KubeObject, OwnerReference } from '../api/types';
import type { ObjectApi } from '../apiserver/object-api';
import { selectorMatches, type LabelSelector } from '../lib/label-selector';

export function controllerRefOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller);
}

export function newControllerRef(owner: KubeObject, apiVersion: string, kind: string): OwnerReference {
  return { apiVersion, kind, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

export function isOwnedBy(obj: KubeObject, owner: KubeObject): boolean {
  return controllerRefOf(obj)?.uid === owner.metadata.uid;
}

export interface ClaimDeps<T extends KubeObject> {
  api: ObjectApi;
  /** The dependents' resource (pods for a ReplicaSet, replicasets for a Deployment). */
  res: Resource<T>;
  owner: KubeObject;
  ownerApiVersion: string;
  ownerKind: string;
  selector: LabelSelector;
}

/**
 * Returns the candidates this owner controls after adopting matching orphans and releasing non-matching ones.
 * An owner being deleted adopts nothing (it would only orphan them again), as canAdopt says.
 */
export function claimObjects<T extends KubeObject>(deps: ClaimDeps<T>, candidates: T[]): T[] {
  const { api, res, owner, selector } = deps;
  const claimed: T[] = [];
  const ownerDeleting = !!owner.metadata.deletionTimestamp;
  for (const obj of candidates) {
    const ref = controllerRefOf(obj);
    const matches = selectorMatches(selector, obj.metadata.labels);
    if (ref) {
      if (ref.uid !== owner.metadata.uid) continue;
      if (matches || ownerDeleting) {
        claimed.push(obj);
        continue;
      }
      if (obj.metadata.deletionTimestamp) continue;
      const next = structuredClone(obj);
      next.metadata.ownerReferences = next.metadata.ownerReferences!.filter((r) => r.uid !== owner.metadata.uid);
      if (!next.metadata.ownerReferences.length) delete next.metadata.ownerReferences;
      tolerateGone(() => api.update(res, obj.metadata.namespace, obj.metadata.name, next));
      continue;
    }
    if (!matches || ownerDeleting || obj.metadata.deletionTimestamp) continue;
    const next = structuredClone(obj);
    next.metadata.ownerReferences = [...(next.metadata.ownerReferences ?? []), newControllerRef(owner, deps.ownerApiVersion, deps.ownerKind)];
    const adopted = tolerateGone(() => api.update(res, obj.metadata.namespace, obj.metadata.name, next));
    if (adopted) claimed.push(adopted);
  }
  return claimed;
}

/** Runs a write that may hit an object deleted meanwhile (404 is not an error for a claim). */
function tolerateGone<T>(write: () => T): T | undefined {
  try {
    return write();
  } catch (e) {
    if ((e as { code?: number }).code === 404) return undefined;
    throw e;
  }
}
