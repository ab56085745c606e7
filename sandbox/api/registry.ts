// The one table of resources the mini cluster serves: kind ↔ plural ↔ group/version ↔ scope ↔ short names.
// Discovery, routing, kubectl output and validation all read it, so a resource is added in exactly one place.

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
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function r(
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  shortNames: string[] = [],
  opts: { categories?: string[]; subresources?: string[]; review?: boolean } = {},
): ResourceInfo {
  return {
    ...(opts.review ? { review: true } : {}),
    group,
    version,
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced,
    shortNames,
    categories: opts.categories ?? [],
    subresources: opts.subresources ?? [],
  };
}

const all = { categories: ['all'] };

export const RESOURCES: readonly ResourceInfo[] = [
  r('', 'v1', 'Namespace', 'namespaces', false, ['ns'], { subresources: ['status', 'finalize'] }),
  r('', 'v1', 'Node', 'nodes', false, ['no'], { subresources: ['status'] }),
  r('', 'v1', 'Pod', 'pods', true, ['po'], {
    ...all,
    subresources: ['status', 'log', 'exec', 'attach', 'portforward', 'proxy', 'binding', 'eviction'],
  }),
  r('', 'v1', 'Service', 'services', true, ['svc'], { ...all, subresources: ['status', 'proxy'] }),
  r('', 'v1', 'Endpoints', 'endpoints', true, ['ep']),
  r('', 'v1', 'ConfigMap', 'configmaps', true, ['cm']),
  r('', 'v1', 'Secret', 'secrets', true),
  r('', 'v1', 'ServiceAccount', 'serviceaccounts', true, ['sa']),
  r('', 'v1', 'Event', 'events', true, ['ev']),
  r('', 'v1', 'PersistentVolume', 'persistentvolumes', false, ['pv'], { subresources: ['status'] }),
  r('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true, ['pvc'], { subresources: ['status'] }),
  r('apps', 'v1', 'Deployment', 'deployments', true, ['deploy'], { ...all, subresources: ['status', 'scale'] }),
  r('apps', 'v1', 'ReplicaSet', 'replicasets', true, ['rs'], { ...all, subresources: ['status', 'scale'] }),
  r('apps', 'v1', 'StatefulSet', 'statefulsets', true, ['sts'], { ...all, subresources: ['status', 'scale'] }),
  r('apps', 'v1', 'DaemonSet', 'daemonsets', true, ['ds'], { ...all, subresources: ['status'] }),
  r('apps', 'v1', 'ControllerRevision', 'controllerrevisions', true),
  r('batch', 'v1', 'Job', 'jobs', true, [], { ...all, subresources: ['status'] }),
  r('batch', 'v1', 'CronJob', 'cronjobs', true, ['cj'], { ...all, subresources: ['status'] }),
  r('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, ['ing'], { subresources: ['status'] }),
  r('networking.k8s.io', 'v1', 'IngressClass', 'ingressclasses', false),
  r('discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices', true),
  r('coordination.k8s.io', 'v1', 'Lease', 'leases', true),
  r('storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', false, ['sc']),
  r('authentication.k8s.io', 'v1', 'SelfSubjectReview', 'selfsubjectreviews', false, [], { review: true }),
  r('authorization.k8s.io', 'v1', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews', false, [], { review: true }),
  r('authorization.k8s.io', 'v1', 'SelfSubjectRulesReview', 'selfsubjectrulesreviews', false, [], { review: true }),
];

/** Group/versions served, in the order discovery lists them (core first). */
export function groupVersions(): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const res of RESOURCES) {
    const gv = gvString(res.group, res.version);
    if (!seen.has(gv)) seen.set(gv, { group: res.group, version: res.version });
  }
  return [...seen.values()];
}

export function gvString(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

export function apiVersionOf(res: ResourceInfo): string {
  return gvString(res.group, res.version);
}

export function findByPlural(group: string, version: string, plural: string): ResourceInfo | undefined {
  return RESOURCES.find((x) => x.group === group && x.version === version && x.plural === plural);
}

export function findByKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  return RESOURCES.find((x) => apiVersionOf(x) === apiVersion && x.kind === kind);
}

/** Lookup by kind only (kinds are unique in this registry). */
export function findKind(kind: string): ResourceInfo | undefined {
  return RESOURCES.find((x) => x.kind === kind);
}

/** Resolve what a user may type (`po`, `pods`, `pod`, `deploy`, `deployment.apps`) to a resource. */
export function resolveName(name: string): ResourceInfo | undefined {
  const lower = name.toLowerCase();
  const [base, ...groupParts] = lower.split('.');
  const group = groupParts.join('.');
  return RESOURCES.find(
    (x) =>
      (x.plural === base || x.singular === base || x.shortNames.includes(base)) && (!group || x.group === group),
  );
}

export function verbsFor(res: ResourceInfo): string[] {
  return res.review ? ['create'] : ALL_VERBS;
}

/** Resources whose objects live in the store (everything but reviews). */
export const STORED_RESOURCES: readonly ResourceInfo[] = RESOURCES.filter((r) => !r.review);

/** The store key prefix under which objects of this resource live. */
export function keyPrefix(res: ResourceInfo, namespace?: string): string {
  const base = `/${res.group || 'core'}/${res.plural}/`;
  return res.namespaced && namespace ? `${base}${namespace}/` : base;
}

export function objectKey(res: ResourceInfo, namespace: string | undefined, name: string): string {
  return res.namespaced ? `/${res.group || 'core'}/${res.plural}/${namespace}/${name}` : `/${res.group || 'core'}/${res.plural}/${name}`;
}
