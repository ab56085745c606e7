// metadata.managedFields: who set which field. Every write names a field manager (the fieldManager query parameter,
// else the User-Agent's first word, as kube-apiserver does: kubectl sends `kubectl-create`, `kubectl-edit`,
// `kubectl-client-side-apply`…; a request without one, e.g. kubectl scale, gets its program name). An ordinary write
// is an `Update` operation: the manager takes the fields it changed, away from everyone else. Server-side apply
// (apply-patch.ts) records `Apply` entries. The entries are encoded and sorted as k8s.io/apimachinery's managedfields
// package does.
import type { KubeObject } from '../../api/types';
import { FieldSet, fromFieldsV1, toFieldsV1 } from './field-set';
import { compare } from './typed-walk';

export type Operation = 'Apply' | 'Update';

/** One manager's fields, decoded. */
export interface ManagerEntry {
  manager: string;
  operation: Operation;
  apiVersion: string;
  time?: string;
  subresource?: string;
  fields: FieldSet;
}

/** metadata fields no manager ever owns (fieldmanager's stripMeta), besides the status of kinds with /status. */
const UNTRACKED_META = ['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp',
  'deletionGracePeriodSeconds', 'managedFields', 'selfLink'];

/** The part of an object managers own: without apiVersion, kind, system metadata, and status if it is a subresource. */
export function trackedPart(obj: KubeObject | Record<string, unknown> | undefined, statusIsSubresource: boolean): Record<string, unknown> {
  if (!obj) return {};
  const { apiVersion: _v, kind: _k, ...rest } = structuredClone(obj) as Record<string, unknown>;
  if (statusIsSubresource) delete rest.status;
  const meta = rest.metadata as Record<string, unknown> | undefined;
  if (meta && typeof meta === 'object') {
    for (const f of UNTRACKED_META) delete meta[f];
    if (!Object.keys(meta).length) delete rest.metadata;
  }
  return rest;
}

/** A manager name from a User-Agent: up to the first `/`, printable characters only, at most 128 (prefixFromUserAgent). */
export function managerFromUserAgent(userAgent: string | undefined): string | undefined {
  if (!userAgent) return undefined;
  const prefix = [...userAgent.split('/')[0]].filter((ch) => /\P{C}/u.test(ch)).join('').slice(0, 128);
  return prefix || undefined;
}

/** The identity of an entry: Update entries of different API versions or subresources are different managers. */
function identity(e: Pick<ManagerEntry, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  return JSON.stringify([e.manager, e.operation, e.operation === 'Update' ? e.apiVersion : '', e.subresource ?? '']);
}

/** Decodes managedFields; undefined when they are missing, empty or not well-formed (then the stored ones count). */
export function decodeManagedFields(entries: unknown): ManagerEntry[] | undefined {
  if (!Array.isArray(entries) || !entries.length) return undefined;
  const out: ManagerEntry[] = [];
  for (const e of entries) {
    if (!e || typeof e !== 'object') return undefined;
    const r = e as Record<string, unknown>;
    if (r.operation !== 'Apply' && r.operation !== 'Update') return undefined;
    if (r.fieldsType !== undefined && r.fieldsType !== 'FieldsV1') return undefined;
    const fields = r.fieldsV1 === undefined ? new FieldSet() : fromFieldsV1(r.fieldsV1);
    if (!fields) return undefined;
    out.push({
      manager: String(r.manager ?? ''),
      operation: r.operation,
      apiVersion: String(r.apiVersion ?? ''),
      time: typeof r.time === 'string' ? r.time : undefined,
      subresource: typeof r.subresource === 'string' && r.subresource ? r.subresource : undefined,
      fields,
    });
  }
  return out;
}

/** `[{}]`: the one way a client clears managedFields (isResetManagedFields). */
export function isReset(entries: unknown): boolean {
  return Array.isArray(entries) && entries.length === 1 && !!entries[0] && typeof entries[0] === 'object' && !Object.keys(entries[0]).length;
}

/** Encodes entries, Apply before Update, then by time, manager, apiVersion and subresource (sortEncodedManagedFields). */
export function encodeManagedFields(entries: ManagerEntry[]): Record<string, unknown>[] | undefined {
  const kept = entries.filter((e) => !e.fields.empty());
  if (!kept.length) return undefined;
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const seconds = (t?: string) => (t ? Math.floor(Date.parse(t) / 1000) : 0);
  kept.sort((a, b) => cmp(a.operation, b.operation) || seconds(a.time) - seconds(b.time) || cmp(a.manager, b.manager)
    || cmp(a.apiVersion, b.apiVersion) || cmp(a.subresource ?? '', b.subresource ?? ''));
  return kept.map((e) => ({
    manager: e.manager,
    operation: e.operation,
    apiVersion: e.apiVersion,
    ...(e.time ? { time: e.time } : {}),
    fieldsType: 'FieldsV1',
    fieldsV1: toFieldsV1(e.fields),
    ...(e.subresource ? { subresource: e.subresource } : {}),
  }));
}

/** A manager's entry in a list (a new, empty one appended when it has none). */
export function entryFor(entries: ManagerEntry[], wanted: Omit<ManagerEntry, 'fields' | 'time'>): ManagerEntry {
  const id = identity(wanted);
  let entry = entries.find((e) => identity(e) === id);
  if (!entry) {
    entry = { ...wanted, fields: new FieldSet() };
    entries.push(entry);
  }
  return entry;
}

export interface UpdateRequest {
  manager: string;
  apiVersion: string;
  subresource?: string;
  /** Go type of the object's root (for list keys), from patch-strategies.ts. */
  rootType?: string;
  statusIsSubresource: boolean;
  now: string;
}

/**
 * The managedFields after an Update operation from `live` (undefined on create) to `next`: the manager takes every
 * field it added or changed, and others lose those and every removed field. Starts from the managedFields `next`
 * carries if a client set them (kubectl does when it moves client-side apply's fields to server-side apply), else
 * from the stored ones.
 */
export function managedFieldsAfterUpdate(live: KubeObject | undefined, next: KubeObject, req: UpdateRequest): Record<string, unknown>[] | undefined {
  const entries = isReset(next.metadata.managedFields)
    ? []
    : decodeManagedFields(next.metadata.managedFields) ?? decodeManagedFields(live?.metadata.managedFields) ?? [];
  const c = compare(trackedPart(live, req.statusIsSubresource), trackedPart(next, req.statusIsSubresource), req.rootType);
  const changed = c.added.union(c.modified);
  const self = entryFor(entries, { manager: req.manager, operation: 'Update', apiVersion: req.apiVersion, subresource: req.subresource });
  for (const e of entries) if (e !== self) e.fields = e.fields.difference(changed).difference(c.removed);
  self.fields = self.fields.difference(c.removed).union(changed);
  // The time moves only when this write took fields (managedFieldsUpdater), not for removals alone.
  if (!changed.empty()) self.time = req.now;
  return encodeManagedFields(entries);
}
