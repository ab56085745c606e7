// Server-side apply (PATCH with Content-Type application/apply-patch+yaml): the body is the applier's whole intent.
// As structured-merge-diff's Updater.Apply: merge the intent into the live object (maps field by field, keyed lists
// item by item, set lists as sets, everything else replaced), make the applier the owner of exactly the fields its
// intent names, remove what it owned before and no longer names (unless someone else owns it), and refuse with 409 —
// unless forced — when that changes a field another manager owns. kubectl adds its own --force-conflicts hint.
import { StatusError, badRequest } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import { deepEqual } from '../../util/deep-equal';
import { pathString, type FieldSet, type PathElement } from './field-set';
import { decodeManagedFields, encodeManagedFields, entryFor, trackedPart, type ManagerEntry } from './managed-fields';
import { UPGRADING_MANAGER, allowedConflicts, syncLastApplied } from './last-applied';
import { compare, isObj, keyElement, removePath, shapeOf, toFieldSet, valueElement, type Shape } from './typed-walk';

type Obj = Record<string, unknown>;

export interface ApplyRequest {
  manager: string;
  force: boolean;
  apiVersion: string;
  rootType?: string;
  statusIsSubresource: boolean;
  now: string;
}

/** Checks an apply body as kube-apiserver does before merging it. */
export function checkApplyConfiguration(config: unknown): asserts config is KubeObject {
  if (!isObj(config)) throw badRequest('error decoding YAML: the applied configuration is not an object');
  const meta = config.metadata;
  if (isObj(meta) && meta.managedFields !== undefined && meta.managedFields !== null) {
    throw badRequest('metadata.managedFields must be nil');
  }
}

/** Merges `config` into `live`, as live.Merge(config). */
export function mergeApplied(live: unknown, config: unknown, type: string | undefined): unknown {
  if (!isObj(live) || !isObj(config)) return structuredClone(config);
  const out: Obj = { ...live };
  for (const [field, v] of Object.entries(config)) out[field] = mergeValue(live[field], v, shapeOf(type, field, v));
  return out;
}

function mergeValue(live: unknown, config: unknown, shape: Shape): unknown {
  if (shape.kind === 'map') return mergeApplied(live, config, shape.type);
  if ((shape.kind === 'assoc' || shape.kind === 'set') && Array.isArray(live) && Array.isArray(config)) {
    const element = (item: unknown) => (shape.kind === 'assoc' ? keyElement(item, shape.keys) : valueElement(item));
    const out = live.map((item) => structuredClone(item));
    const index = new Map(out.map((item, i) => [element(item), i]));
    for (const item of config) {
      const at = index.get(element(item));
      if (at === undefined) out.push(structuredClone(item));
      else if (shape.kind === 'assoc') out[at] = mergeApplied(out[at], item, shape.itemType);
    }
    return out;
  }
  return structuredClone(config);
}

/** 409 with the conflicts, in NewConflictError's words; one manager and path in a line, several as a list. */
export function conflictError(conflicts: { manager: ManagerEntry; path: PathElement[] }[]): StatusError {
  const who = (m: ManagerEntry) => {
    let s = JSON.stringify(m.manager);
    if (m.subresource) s += ` with subresource ${JSON.stringify(m.subresource)}`;
    if (m.operation === 'Update') s += m.time ? ` using ${m.apiVersion} at ${m.time}` : ` using ${m.apiVersion}`;
    return s;
  };
  const causes = conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${who(c.manager)}`, field: pathString(c.path) }));
  let message: string;
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${who(conflicts[0].manager)}: ${pathString(conflicts[0].path)}`;
  } else {
    const byManager = new Map<string, { entry: ManagerEntry; paths: PathElement[][] }>();
    for (const c of conflicts) {
      const key = who(c.manager);
      if (!byManager.has(key)) byManager.set(key, { entry: c.manager, paths: [] });
      byManager.get(key)!.paths.push(c.path);
    }
    const lines: string[] = [];
    for (const { entry, paths } of [...byManager.values()].sort((a, b) => (a.entry.manager < b.entry.manager ? -1 : 1))) {
      lines.push(`conflicts with ${who(entry)}:`, ...paths.map((p) => `- ${pathString(p)}`));
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return new StatusError(409, 'Conflict', message, { causes });
}

/**
 * The object after applying `config` to `live` (undefined when the apply creates it), with its new managedFields.
 * Throws the 409 conflict error when the apply would change fields other managers own and `force` is false.
 */
export function applyConfiguration(live: KubeObject | undefined, config: KubeObject, req: ApplyRequest): KubeObject {
  const entries: ManagerEntry[] = (live && decodeManagedFields(live.metadata.managedFields)) || [];
  const intent = trackedPart(config, req.statusIsSubresource);
  const applied = toFieldSet(intent, req.rootType);
  const self = entryFor(entries, { manager: req.manager, operation: 'Apply', apiVersion: req.apiVersion });
  const lastApplied = self.fields;
  self.fields = applied;
  self.apiVersion = req.apiVersion;

  const merged = mergeApplied(live ?? {}, config, req.rootType) as KubeObject;
  prune(merged, lastApplied.difference(applied), entries);

  const c = compare(trackedPart(live, req.statusIsSubresource), trackedPart(merged, req.statusIsSubresource), req.rootType);
  const changed = c.added.union(c.modified);
  let conflicts: { manager: ManagerEntry; path: PathElement[] }[] = [];
  for (const e of entries) {
    if (e === self) continue;
    const overlap = e.fields.intersection(changed);
    for (const path of overlap.paths()) conflicts.push({ manager: e, path });
  }
  const allowed = req.manager === UPGRADING_MANAGER && conflicts.length ? allowedConflicts(live, req.rootType, req.statusIsSubresource) : undefined;
  if (allowed) conflicts = conflicts.filter((conflict) => !allowed.has(conflict.path));
  if (conflicts.length && !req.force) throw conflictError(sortConflicts(conflicts));
  for (const e of entries) if (e !== self) e.fields = e.fields.difference(changed).difference(c.removed);
  // After ownership is settled, as lastAppliedUpdater wraps the apply: the annotation change belongs to no one new.
  if (req.manager === UPGRADING_MANAGER) syncLastApplied(live, merged, config);
  // The time moves when the apply changed the object (managedFieldsUpdater), and is set on a new entry.
  if (!live || !deepEqual(trackedPart(live, req.statusIsSubresource), trackedPart(merged, req.statusIsSubresource))) self.time = req.now;
  self.time ??= req.now;
  merged.metadata = { ...(merged.metadata ?? {}) };
  const encoded = encodeManagedFields(entries);
  if (encoded) merged.metadata.managedFields = encoded;
  else delete merged.metadata.managedFields;
  return merged;
}

function sortConflicts<T extends { manager: ManagerEntry; path: PathElement[] }>(conflicts: T[]): T[] {
  const key = (c: T) => `${c.manager.manager}\u0000${pathString(c.path)}`;
  return [...conflicts].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Takes out what the applier stopped naming, unless another manager (or the applier still) owns it or below it. */
function prune(merged: KubeObject, dropped: FieldSet, entries: ManagerEntry[]): void {
  // Shallowest first: a list item goes whole, before its key fields are gone.
  const paths = dropped.paths().sort((a, b) => a.length - b.length);
  for (const path of paths) {
    if (entries.some((e) => e.fields.ownsAtOrBelow(path))) continue;
    removePath(merged, path);
  }
}
