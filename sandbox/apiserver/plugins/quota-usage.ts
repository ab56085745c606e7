// What one object counts against a ResourceQuota — kube-apiserver's quota evaluators (pkg/quota/v1/evaluator/core):
// a pod its requests and limits while it is not finished (count/pods always), a Service itself, its node ports and
// load balancer, a claim its storage, anything else one `count/<resource>.<group>`. Shared by the admission plugin
// (the delta of one write) and the resource quota controller (the sum over a namespace), so both count alike.
import { apiVersionOf, type ResourceInfo } from '../../api/registry';
import type { PersistentVolumeClaim, Pod, ResourceQuota, Service } from '../../api/objects';
import type { KubeObject } from '../../api/types';
import { fieldOf, itemsOf, pathOf } from '../../api/unchecked';
import { addQuantities, compareQuantities, parseQuantityExact, type Quantity } from '../../lib/quantity-math';

export type Usage = Map<string, Quantity>;

const ONE: Quantity = { milli: 1000n, format: 'DecimalSI' };
const count = (n: number): Quantity => ({ milli: BigInt(n) * 1000n, format: 'DecimalSI' });

/** `count/pods`, `count/deployments.apps`: the object-count name of a resource. */
export function objectCountName(res: ResourceInfo): string {
  return res.group ? `count/${res.plural}.${res.group}` : `count/${res.plural}`;
}

/** Legacy names that count objects of a core resource. */
const LEGACY_COUNTS: Record<string, string> = {
  services: 'services', secrets: 'secrets', configmaps: 'configmaps', persistentvolumeclaims: 'persistentvolumeclaims',
  replicationcontrollers: 'replicationcontrollers', resourcequotas: 'resourcequotas',
};

type ResourceList = Record<string, unknown>;
const list = (v: unknown): ResourceList => (v && typeof v === 'object' && !Array.isArray(v) ? (v as ResourceList) : {});

/** resourcehelper.PodRequests/PodLimits: the containers' sum, or the largest init container when that is more. */
export function podResources(spec: unknown, which: 'requests' | 'limits'): Usage {
  const sum: Usage = new Map();
  for (const c of itemsOf(fieldOf(spec, 'containers'))) {
    for (const [k, v] of Object.entries(list(pathOf(c, 'resources', which)))) {
      const q = parseQuantityExact(v);
      if (q) sum.set(k, addQuantities(sum.get(k), q));
    }
  }
  for (const c of itemsOf(fieldOf(spec, 'initContainers'))) {
    for (const [k, v] of Object.entries(list(pathOf(c, 'resources', which)))) {
      const q = parseQuantityExact(v);
      const have = sum.get(k);
      if (q && (!have || compareQuantities(q, have) > 0)) sum.set(k, q);
    }
  }
  for (const [k, v] of Object.entries(list(fieldOf(spec, 'overhead')))) {
    const q = parseQuantityExact(v);
    if (q && sum.has(k)) sum.set(k, addQuantities(sum.get(k), q));
  }
  return sum;
}

/** QuotaV1Pod: a finished pod, or one deleted whose grace period is over, no longer counts. */
function podCounts(pod: Pod, now: Date): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  const deleted = pod.metadata.deletionTimestamp;
  if (deleted && pod.metadata.deletionGracePeriodSeconds !== undefined) {
    const end = new Date(deleted).getTime() + pod.metadata.deletionGracePeriodSeconds * 1000;
    if (now.getTime() > end) return false;
  }
  return true;
}

function podUsage(pod: Pod, now: Date): Usage {
  const usage: Usage = new Map([['count/pods', ONE]]);
  if (!podCounts(pod, now)) return usage;
  usage.set('pods', ONE);
  const requests = podResources(pod.spec, 'requests');
  const limits = podResources(pod.spec, 'limits');
  for (const r of ['cpu', 'memory', 'ephemeral-storage']) {
    const req = requests.get(r);
    const lim = limits.get(r);
    if (req) {
      usage.set(r, req);
      usage.set(`requests.${r}`, req);
    }
    if (lim) usage.set(`limits.${r}`, lim);
  }
  for (const [k, v] of requests) if (k.startsWith('hugepages-')) usage.set(`requests.${k}`, v);
  return usage;
}

function serviceUsage(svc: Service): Usage {
  const usage: Usage = new Map([['services', ONE], ['count/services', ONE]]);
  const ports = Array.isArray(svc.spec?.ports) ? svc.spec.ports : [];
  const type = svc.spec?.type ?? 'ClusterIP';
  if (type === 'NodePort') usage.set('services.nodeports', count(ports.length));
  if (type === 'LoadBalancer') {
    const explicitOnly = svc.spec?.allocateLoadBalancerNodePorts === false;
    usage.set('services.nodeports', count(explicitOnly ? ports.filter((p) => p?.nodePort).length : ports.length));
    usage.set('services.loadbalancers', ONE);
  }
  return usage;
}

function claimUsage(pvc: PersistentVolumeClaim): Usage {
  const usage: Usage = new Map([['persistentvolumeclaims', ONE], ['count/persistentvolumeclaims', ONE]]);
  const storage = parseQuantityExact(pvc.spec?.resources?.requests?.storage);
  const cls = pvc.spec?.storageClassName;
  if (cls) usage.set(`${cls}.storageclass.storage.k8s.io/persistentvolumeclaims`, ONE);
  if (storage) {
    usage.set('requests.storage', storage);
    if (cls) usage.set(`${cls}.storageclass.storage.k8s.io/requests.storage`, storage);
  }
  return usage;
}

/** Everything `obj` — an object of `res`, which says its kind — counts for, by quota resource name. */
export function usageOf(res: ResourceInfo, obj: KubeObject, now: Date): Usage {
  if (apiVersionOf(res) === 'v1' && res.kind === 'Pod') return podUsage(obj as Pod, now);
  if (apiVersionOf(res) === 'v1' && res.kind === 'Service') return serviceUsage(obj as Service);
  if (apiVersionOf(res) === 'v1' && res.kind === 'PersistentVolumeClaim') return claimUsage(obj as PersistentVolumeClaim);
  const usage: Usage = new Map([[objectCountName(res), ONE]]);
  const legacy = !res.group ? LEGACY_COUNTS[res.plural] : undefined;
  if (legacy) usage.set(legacy, ONE);
  return usage;
}

const POD_TRACKED = new Set(['count/pods', 'pods', 'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory',
  'requests.ephemeral-storage', 'limits.cpu', 'limits.memory', 'limits.ephemeral-storage']);

/** The quota resources an object of `res` is measured against (an evaluator's MatchingResources), used or not. */
export function tracks(res: ResourceInfo, name: string): boolean {
  const core = apiVersionOf(res) === 'v1';
  if (core && res.kind === 'Pod') return POD_TRACKED.has(name) || name.startsWith('hugepages-') || name.startsWith('requests.hugepages-');
  if (core && res.kind === 'Service') return ['services', 'count/services', 'services.nodeports', 'services.loadbalancers'].includes(name);
  if (core && res.kind === 'PersistentVolumeClaim') {
    return ['persistentvolumeclaims', 'count/persistentvolumeclaims', 'requests.storage'].includes(name)
      || /\.storageclass\.storage\.k8s\.io\/(requests\.storage|persistentvolumeclaims)$/.test(name);
  }
  return name === objectCountName(res) || (!res.group && LEGACY_COUNTS[res.plural] === name);
}

/** Whether a pod is in a quota's scopes and scopeSelector; other objects fall in no scoped quota. */
export function matchesScopes(quota: ResourceQuota, res: ResourceInfo, obj: KubeObject): boolean {
  const scopes: string[] = Array.isArray(quota.spec?.scopes) ? quota.spec.scopes.map(String) : [];
  const selectors = Array.isArray(quota.spec?.scopeSelector?.matchExpressions) ? quota.spec.scopeSelector.matchExpressions : [];
  if (!scopes.length && !selectors.length) return true;
  if (res.kind !== 'Pod' || res.group) return false;
  const pod = obj as Pod;
  const terminating = typeof pod.spec?.activeDeadlineSeconds === 'number' && pod.spec.activeDeadlineSeconds >= 0;
  const bestEffort = isBestEffort(pod);
  const priorityClass = String(pod.spec?.priorityClassName ?? '');
  const scopeMatches = (scope: string, op = 'Exists', values: string[] = []) => {
    switch (scope) {
      case 'Terminating': return terminating;
      case 'NotTerminating': return !terminating;
      case 'BestEffort': return bestEffort;
      case 'NotBestEffort': return !bestEffort;
      case 'PriorityClass':
        if (op === 'Exists') return priorityClass !== '';
        if (op === 'DoesNotExist') return priorityClass === '';
        if (op === 'In') return values.includes(priorityClass);
        if (op === 'NotIn') return !values.includes(priorityClass);
        return false;
      case 'CrossNamespacePodAffinity': return false;
      default: return false;
    }
  };
  return scopes.every((s) => scopeMatches(s)) && selectors.every((s) => scopeMatches(String(s?.scopeName), String(s?.operator), Array.isArray(s?.values) ? s.values.map(String) : []));
}

function isBestEffort(pod: Pod): boolean {
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  return containers.every((c) => (['requests', 'limits'] as const).every((w) => !Object.keys(list(c?.resources?.[w])).some((k) => k === 'cpu' || k === 'memory')));
}

/** cpu and memory, once quota tracks them, must be set on every container (the pod evaluator's Constraints). */
const MUST_SPECIFY = ['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'];

/** `must specify limits.cpu for: web; requests.cpu for: web,sidecar`, or undefined when the pod names them all. */
export function missingPodResources(tracked: string[], pod: Pod): string | undefined {
  const required = tracked.filter((r) => MUST_SPECIFY.includes(r));
  if (!required.length) return undefined;
  const missing = new Map<string, Set<string>>();
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  for (const c of containers) {
    const req = list(c?.resources?.requests);
    const lim = list(c?.resources?.limits);
    const has = (r: string) => (r.startsWith('limits.') ? r.slice(7) in lim : (r.startsWith('requests.') ? r.slice(9) : r) in req);
    for (const r of required) if (!has(r)) missing.set(r, (missing.get(r) ?? new Set()).add(String(c?.name ?? '')));
  }
  if (!missing.size) return undefined;
  const parts = [...missing.keys()].sort().map((r) => `${r} for: ${[...missing.get(r)!].sort().join(',')}`);
  return `must specify ${parts.join('; ')}`;
}

/** prettyPrint: `k=v` joined by commas, names sorted. */
export function prettyPrintUsage(usage: Usage, formatQ: (q: Quantity) => string): string {
  return [...usage.keys()].sort().map((k) => `${k}=${formatQ(usage.get(k)!)}`).join(',');
}
