// Discovery documents (/api, /apis, /api/v1, /apis/<g>/<v>, /version) built from the one resource registry, in the
// legacy (non-aggregated) format that every kubectl from 1.27 to 1.33 accepts. kubectl resolves `po`, `deploy`,
// `get all` and every subresource from these answers, so a resource missing here is invisible to learners.
import { SERVER_VERSION } from '../api/version';
import { gvString, verbsFor, type ResourceInfo } from '../api/registry';
import { RESOURCES, groupVersions } from './kinds/registry';


interface ApiResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  group?: string;
  version?: string;
  storageVersionHash?: string;
}

/** What each subresource looks like in discovery (kind, verbs, and a foreign group/version where the real one has it). */
const SUBRESOURCE_SHAPES: Record<string, { kind?: string; group?: string; version?: string; verbs: string[] }> = {
  status: { verbs: ['get', 'patch', 'update'] },
  scale: { kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] },
  log: { kind: 'Pod', verbs: ['get'] },
  exec: { kind: 'PodExecOptions', verbs: ['create', 'get'] },
  attach: { kind: 'PodAttachOptions', verbs: ['create', 'get'] },
  portforward: { kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
  binding: { kind: 'Binding', verbs: ['create'] },
  ephemeralcontainers: { kind: 'Pod', verbs: ['get', 'patch', 'update'] },
  eviction: { kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] },
  proxy: { verbs: ['create', 'delete', 'get', 'patch', 'update'] },
  finalize: { verbs: ['update'] },
  token: { kind: 'TokenRequest', group: 'authentication.k8s.io', version: 'v1', verbs: ['create'] },
};

function resourceEntries(res: ResourceInfo): ApiResource[] {
  const main: ApiResource = {
    name: res.plural,
    singularName: res.singular,
    namespaced: res.namespaced,
    kind: res.kind,
    verbs: verbsFor(res),
    ...(res.shortNames.length ? { shortNames: res.shortNames } : {}),
    ...(res.categories.length ? { categories: res.categories } : {}),
  };
  const subs = res.subresources.map((sub): ApiResource => {
    const shape = SUBRESOURCE_SHAPES[sub] ?? { verbs: ['get'] };
    return {
      name: `${res.plural}/${sub}`,
      singularName: '',
      namespaced: res.namespaced,
      kind: shape.kind ?? (sub === 'proxy' ? `${res.kind}ProxyOptions` : res.kind),
      verbs: shape.verbs,
      ...(shape.group !== undefined ? { group: shape.group, version: shape.version } : {}),
    };
  });
  return [main, ...subs];
}

export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

/** Built-in group/versions first, then those of the cluster's custom resources. */
function allGroupVersions(custom: readonly ResourceInfo[]): { group: string; version: string }[] {
  const out = groupVersions();
  for (const r of custom) if (!out.some((gv) => gv.group === r.group && gv.version === r.version)) out.push({ group: r.group, version: r.version });
  return out;
}

export function apiGroupList(custom: readonly ResourceInfo[] = []) {
  const groups = new Map<string, string[]>();
  for (const gv of allGroupVersions(custom)) {
    if (!gv.group) continue;
    groups.set(gv.group, [...(groups.get(gv.group) ?? []), gv.version]);
  }
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups.entries()].map(([name, versions]) => ({
      name,
      versions: versions.map((version) => ({ groupVersion: `${name}/${version}`, version })),
      preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] },
    })),
  };
}

export function apiGroup(group: string, custom: readonly ResourceInfo[] = []) {
  const versions = allGroupVersions(custom).filter((gv) => gv.group === group);
  if (!versions.length) return undefined;
  return {
    kind: 'APIGroup',
    apiVersion: 'v1',
    name: group,
    versions: versions.map((v) => ({ groupVersion: `${group}/${v.version}`, version: v.version })),
    preferredVersion: { groupVersion: `${group}/${versions[0].version}`, version: versions[0].version },
  };
}

/** APIResourceList for one group/version, or undefined when we serve no such group/version. */
export function apiResourceList(group: string, version: string, custom: readonly ResourceInfo[] = []) {
  const resources = [...RESOURCES, ...custom].filter((x) => x.group === group && x.version === version);
  if (!resources.length) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: gvString(group, version),
    resources: resources.flatMap(resourceEntries),
  };
}

export { SERVER_VERSION };
