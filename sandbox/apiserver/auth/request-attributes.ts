// What the authorizer is asked about one request: k8s.io/apiserver's RequestInfoFactory read from the URL alone (no
// registry: an unknown resource is refused before it is found missing, as on a real cluster). /api/v1/... and
// /apis/<group>/<version>/... are resource requests with a verb from the method (get, list, watch, create, update,
// patch, delete, deletecollection); everything else (/api, /apis/apps/v1, /version, /openapi/v2, /healthz) is a
// non-resource request whose verb is the method in lower case.
import type { UserInfo } from './user';

export interface Attributes {
  user: UserInfo;
  verb: string;
  /** A request for a resource (else a non-resource path). */
  resourceRequest: boolean;
  path: string;
  apiGroup: string;
  apiVersion: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
}

/** Subresources of a namespace itself: /api/v1/namespaces/<ns>/status and /finalize. */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/** The RequestInfo of an HTTP request (`path` without the query; `query` for watch and fieldSelector). */
export function requestAttributes(user: UserInfo, method: string, path: string, query: URLSearchParams): Attributes {
  const attrs: Attributes = { user, verb: method.toLowerCase(), resourceRequest: false, path, apiGroup: '', apiVersion: '', namespace: '', resource: '', subresource: '', name: '' };
  let parts = path.split('/').filter(Boolean);
  if (parts.length < 3 || (parts[0] !== 'api' && parts[0] !== 'apis')) return attrs;
  const prefix = parts[0];
  parts = parts.slice(1);
  if (prefix === 'apis') {
    if (parts.length < 3) return attrs;
    attrs.apiGroup = parts[0];
    parts = parts.slice(1);
  }
  attrs.resourceRequest = true;
  attrs.apiVersion = parts[0];
  parts = parts.slice(1);
  let viaMethod = true;
  if (parts[0] === 'watch' || parts[0] === 'proxy') {
    // The deprecated /watch/ and /proxy/ forms name their verb in the path.
    attrs.verb = parts[0];
    parts = parts.slice(1);
    viaMethod = false;
  } else {
    attrs.verb = ({ POST: 'create', GET: 'get', HEAD: 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete' } as Record<string, string>)[method.toUpperCase()] ?? '';
  }
  if (parts[0] === 'namespaces') {
    if (parts.length > 1) {
      attrs.namespace = parts[1];
      if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2])) parts = parts.slice(2);
    }
  }
  const decoded = parts.map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  if (decoded.length >= 3 && attrs.verb !== 'proxy') attrs.subresource = decoded[2];
  if (decoded.length >= 2) attrs.name = decoded[1];
  if (decoded.length >= 1) attrs.resource = decoded[0];
  if (viaMethod && !attrs.name && attrs.verb === 'get') {
    const watch = query.get('watch');
    attrs.verb = watch === 'true' || watch === '1' ? 'watch' : 'list';
    const named = exactName(query.get('fieldSelector'));
    if (named) attrs.name = named;
  }
  if (viaMethod && !attrs.name && attrs.verb === 'delete') attrs.verb = 'deletecollection';
  return attrs;
}

/** `metadata.name=x` (or `==`) in a field selector: a list or watch of one object is authorized for that name. */
function exactName(selector: string | null): string | undefined {
  if (!selector) return undefined;
  for (const term of selector.split(',')) {
    const m = /^\s*metadata\.name\s*==?\s*([^=!\s]+)\s*$/.exec(term);
    if (m && !m[1].includes('/') && !m[1].includes('%') && m[1] !== '.' && m[1] !== '..') return m[1];
  }
  return undefined;
}
