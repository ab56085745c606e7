// What a resource is on the wire — group/version, kind, plural, scope, short names, subresources — and the paths and
// store keys derived from it. The table of resources this cluster serves is made from the kind records
// (sandbox/apiserver/kinds); this module is what every layer, clients included, may know of a resource.
import type { KubeObject } from './types';

export interface ResourceInfo {
  group: string; // '' for core
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  /** Subresources served, e.g. status, scale, log, exec. */
  subresources: string[];
  /** A review (SelfSubjectAccessReview…): create-only, answered per request and never stored. */
  review?: boolean;
  /** Read from a provider per request (metrics.k8s.io): get and list only, never stored. */
  readOnly?: boolean;
}

/**
 * A resource whose objects have type T. T exists only for the type checker (nothing at run time carries it): reads
 * through a Resource<Pod> give Pods, a plain ResourceInfo gives KubeObjects.
 */
export interface Resource<T extends KubeObject = KubeObject> extends ResourceInfo {
  readonly __object?: T;
}

/** The object type a resource's reads give: Pod for a Resource<Pod>. */
export type ObjectOf<R extends ResourceInfo> = R extends Resource<infer T> ? T : KubeObject;

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export function gvString(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

export function apiVersionOf(res: ResourceInfo): string {
  return gvString(res.group, res.version);
}

export function verbsFor(res: ResourceInfo): string[] {
  if (res.readOnly) return ['get', 'list'];
  return res.review ? ['create'] : ALL_VERBS;
}

/** The store key prefix under which objects of this resource live. */
export function keyPrefix(res: ResourceInfo, namespace?: string): string {
  const base = `/${res.group || 'core'}/${res.plural}/`;
  return res.namespaced && namespace ? `${base}${namespace}/` : base;
}

export function objectKey(res: ResourceInfo, namespace: string | undefined, name: string): string {
  return res.namespaced ? `/${res.group || 'core'}/${res.plural}/${namespace}/${name}` : `/${res.group || 'core'}/${res.plural}/${name}`;
}
