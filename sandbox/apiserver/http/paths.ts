// Parses a Kubernetes REST path (/api/v1/namespaces/default/pods/x/log, /apis/apps/v1/deployments, ...) into
// the resource, namespace, name and subresource it addresses, using the registry as the only source of names.
import { type ResourceInfo } from '../../api/registry';
import { findByPlural, RESOURCES } from '../kinds/registry';

export interface ResourcePath {
  res: ResourceInfo;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** For `…/proxy/<path>`: the path after proxy. */
  proxyPath?: string;
}

/**
 * undefined when the group/version is unknown; `{ res: undefined }`-like misses return null (404 for the caller).
 * `custom` are the resources the cluster's CRDs add to the built-in ones.
 */
export function parseResourcePath(path: string, custom: readonly ResourceInfo[] = []): ResourcePath | null | undefined {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 2) {
    group = '';
    version = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 3) {
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
  } else {
    return undefined;
  }
  const served = (r: ResourceInfo) => r.group === group && r.version === version;
  if (!RESOURCES.some(served) && !custom.some(served)) return undefined;
  const byPlural = (plural: string) => findByPlural(group, version, plural) ?? custom.find((r) => served(r) && r.plural === plural);
  if (rest.length >= 3 && rest[0] === 'namespaces') {
    const res = byPlural(rest[2]);
    if (res?.namespaced) {
      if (rest.length > 5 && rest[4] !== 'proxy') return null;
      return { res, namespace: rest[1], name: rest[3], subresource: rest[4], ...(rest[4] === 'proxy' ? { proxyPath: rest.slice(5).join('/') } : {}) };
    }
  }
  const res = byPlural(rest[0] ?? '');
  // A namespaced resource is listed or watched across namespaces, never addressed by name outside one.
  if (!res || rest.length > 3 || (res.namespaced && rest.length > 1)) return null;
  return { res, name: rest[1], subresource: rest[2] };
}
