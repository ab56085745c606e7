// The table of resources this cluster serves — kind ↔ plural ↔ group/version ↔ scope ↔ short names — made from the
// kind records, and the lookups discovery, routing, controllers, kubectl output and the grader share.
import { apiVersionOf, gvString, type Resource, type ResourceInfo } from '../../api/registry';
import type { KindObjects } from '../../api/objects';
import { UNSERVED_PROTOBUF_ROOTS } from '../protobuf/types';
import { KINDS } from './all';
import type { KindRecord } from './kind';

export const RESOURCES: readonly ResourceInfo[] = KINDS.map((k) => k.resource);

/**
 * Resources whose objects live in the store, once each: not reviews, not read-only providers, and a kind served in
 * several versions only in the version it is stored as.
 */
export const STORED_RESOURCES: readonly ResourceInfo[] = KINDS.filter((k) => !k.resource.review && !k.resource.readOnly && !k.conversion).map((k) => k.resource);

/** By kind name: the first record (the preferred version) of each kind. */
const BY_KIND = new Map<string, KindRecord>();
for (const k of KINDS) if (!BY_KIND.has(k.resource.kind)) BY_KIND.set(k.resource.kind, k);
const BY_VERSION_KIND = new Map(KINDS.map((k) => [`${apiVersionOf(k.resource)} ${k.resource.kind}`, k]));

/**
 * Records of the custom resources a cluster's CRDs define, keyed by their resource object: each cluster makes its own
 * (sandbox/apiserver/custom/served-resources.ts), so clusters sharing this process never see each other's kinds.
 */
const CUSTOM = new WeakMap<ResourceInfo, KindRecord>();

/** Makes a custom resource's record what kindOf answers for its resource object. */
export function registerCustomKind(record: KindRecord): void {
  CUSTOM.set(record.resource, record);
}

/** The record of a resource, custom or built in, if it has one. */
export function recordOf(res: ResourceInfo): KindRecord | undefined {
  return CUSTOM.get(res) ?? BY_VERSION_KIND.get(`${apiVersionOf(res)} ${res.kind}`);
}

/** The record of a served kind in its version; a resource always has one. */
export function kindOf(res: ResourceInfo): KindRecord {
  const record = recordOf(res);
  if (!record) throw new Error(`no kind record for ${apiVersionOf(res)} ${res.kind}`);
  return record;
}

/** The record of a kind by name, if served. */
export function kindNamed(kind: string): KindRecord | undefined {
  return BY_KIND.get(kind);
}

/** Group/versions served, in the order discovery lists them (core first). */
export function groupVersions(): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const res of RESOURCES) {
    const gv = gvString(res.group, res.version);
    if (!seen.has(gv)) seen.set(gv, { group: res.group, version: res.version });
  }
  return [...seen.values()];
}

export function findByPlural(group: string, version: string, plural: string): ResourceInfo | undefined {
  return RESOURCES.find((x) => x.group === group && x.version === version && x.plural === plural);
}

export function findByKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  return RESOURCES.find((x) => apiVersionOf(x) === apiVersion && x.kind === kind);
}

/** Lookup by kind only: the preferred (stored) version of a kind served in several; a kind kubelab has a type for gives a typed resource. */
export function findKind<K extends keyof KindObjects>(kind: K): Resource<KindObjects[K]> | undefined;
export function findKind(kind: string): ResourceInfo | undefined;
export function findKind(kind: string): ResourceInfo | undefined {
  return BY_KIND.get(kind)?.resource;
}

/** Resolve what a user may type (`po`, `pods`, `pod`, `deploy`, `deployment.apps`) to a resource. */
export function resolveName(name: string): ResourceInfo | undefined {
  const lower = name.toLowerCase();
  const [base, ...groupParts] = lower.split('.');
  const group = groupParts.join('.');
  return RESOURCES.find((x) => (x.plural === base || x.singular === base || x.shortNames.includes(base)) && (!group || x.group === group));
}

/** The protobuf message table of a kind's body (`apiVersion kind`), served or among those kubectl may send anyway. */
export function protobufRootOf(apiVersion: string, kind: string): string | undefined {
  const record = BY_VERSION_KIND.get(`${apiVersion} ${kind}`);
  if (record?.protobuf) return record.protobuf;
  return UNSERVED_PROTOBUF_ROOTS[`${apiVersion} ${kind}`];
}

/** Every message table a protobuf body may start with (for the tables' consistency check). */
export function protobufRoots(): string[] {
  return [...KINDS.flatMap((k) => (k.protobuf ? [k.protobuf] : [])), ...Object.values(UNSERVED_PROTOBUF_ROOTS)];
}
