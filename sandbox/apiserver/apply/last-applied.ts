// The bridge from client-side to server-side apply (fieldmanager's lastAppliedManager and lastAppliedUpdater): when
// the manager `kubectl` server-side applies an object that client-side apply managed, conflicts on fields whose live
// value is still what the kubectl.kubernetes.io/last-applied-configuration annotation says are not conflicts — kubectl
// takes them over — and the annotation keeps following what kubectl applies, so client-side apply can resume.
import type { KubeObject } from '../../api/types';
import type { FieldSet } from './field-set';
import { trackedPart } from './managed-fields';
import { compare, isObj, toFieldSet } from './typed-walk';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Only kubectl's own server-side apply upgrades from client-side apply; another manager name opts out. */
export const UPGRADING_MANAGER = 'kubectl';

function lastAppliedOf(live: KubeObject | undefined): Record<string, unknown> | undefined {
  const text = live?.metadata.annotations?.[LAST_APPLIED];
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return isObj(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Fields client-side apply set whose live value is still the one it applied: conflicts there are allowed. */
export function allowedConflicts(live: KubeObject | undefined, rootType: string | undefined, statusIsSubresource: boolean): FieldSet | undefined {
  const lastApplied = lastAppliedOf(live);
  if (!lastApplied) return undefined;
  const before = trackedPart(lastApplied, statusIsSubresource);
  const c = compare(before, trackedPart(live, statusIsSubresource), rootType);
  return toFieldSet(before, rootType).difference(c.modified).difference(c.removed);
}

/** Keeps the annotation (when the object has one) equal to what kubectl just applied, minus the annotation itself. */
export function syncLastApplied(live: KubeObject | undefined, merged: KubeObject, config: KubeObject): void {
  if (!lastAppliedOf(live) && !live?.metadata.annotations?.[LAST_APPLIED]) return;
  const applied = structuredClone(config);
  const annotations = { ...(applied.metadata?.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  if (applied.metadata) {
    if (Object.keys(annotations).length) applied.metadata.annotations = annotations;
    else delete applied.metadata.annotations;
  }
  merged.metadata.annotations = { ...(merged.metadata.annotations ?? {}), [LAST_APPLIED]: JSON.stringify(applied) };
}
