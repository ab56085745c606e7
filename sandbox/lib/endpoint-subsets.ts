// Endpoints computed from a Service's selector and the pods that match it, as the endpoints controller does
// (pkg/controller/endpoint): pods with an IP that are not finished or terminating; ready ones under `addresses`,
// the rest under `notReadyAddresses` (all ready with publishNotReadyAddresses); named target ports resolved per pod
// from its containers' ports. Pure: the endpoints controller writes what this computes, and the network agent uses it
// for a Service whose Endpoints object it has not seen yet.
import type { Endpoints, Pod, Service, ServicePort } from '../api/objects';

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: { kind: 'Pod'; namespace: string; name: string; uid: string };
}

export interface EndpointPort {
  name?: string;
  port: number;
  protocol: NonNullable<ServicePort['protocol']>;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

function isReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

function selects(selector: Record<string, string>, pod: Pod): boolean {
  const labels = pod.metadata.labels ?? {};
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** The container port a Service port targets on this pod (podutil.FindPort), or undefined when it has none. */
export function findTargetPort(pod: Pod, servicePort: ServicePort): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  const protocol = servicePort.protocol ?? 'TCP';
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(String(target))) return Number(target);
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
    }
  }
  return undefined;
}

function addressOf(pod: Pod & { status: { podIP: string } }, service: Service): EndpointAddress {
  const a: EndpointAddress = { ip: pod.status.podIP };
  // A pod's hostname is published when its subdomain names this (headless) Service, as StatefulSets rely on.
  if (pod.spec?.hostname && pod.spec?.subdomain === service.metadata.name) a.hostname = pod.spec.hostname;
  if (pod.spec?.nodeName) a.nodeName = pod.spec.nodeName;
  a.targetRef = { kind: 'Pod', namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name!, uid: pod.metadata.uid! };
  return a;
}

const hasIP = (pod: Pod): pod is Pod & { status: { podIP: string } } => !!pod.status?.podIP;

/** A Service with a (non-empty) selector that is not ExternalName; the rest have hand-made Endpoints or none. */
export function managesEndpoints(service: Service): service is Service & { spec: { selector: Record<string, string> } } {
  const selector = service.spec?.selector;
  return !!selector && Object.keys(selector).length > 0 && service.spec?.type !== 'ExternalName';
}

/** The Service's selector picks this pod (Services without endpoints of their own pick none). */
export function selectsPod(service: Service, pod: Pod): boolean {
  return managesEndpoints(service) && selects(service.spec.selector, pod);
}

/**
 * The Endpoints object the endpoints controller would write for `service`, or undefined for a Service it leaves
 * alone (no selector: its Endpoints are managed by hand; ExternalName: no endpoints at all).
 */
export function endpointsFor(service: Service, pods: readonly Pod[]): Endpoints | undefined {
  if (!managesEndpoints(service)) return undefined;
  const selector: Record<string, string> = service.spec.selector;
  const ns = service.metadata.namespace ?? 'default';
  const publishNotReady = !!service.spec?.publishNotReadyAddresses;
  const groups = new Map<string, { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();
  for (const pod of pods) {
    if ((pod.metadata.namespace ?? 'default') !== ns || !selects(selector, pod)) continue;
    if (!hasIP(pod) || pod.metadata.deletionTimestamp) continue;
    if (pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed') continue;
    const ports: EndpointPort[] = [];
    for (const sp of service.spec?.ports ?? []) {
      const port = findTargetPort(pod, sp);
      if (port === undefined) continue;
      ports.push({ ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? 'TCP' });
    }
    if ((service.spec?.ports ?? []).length && !ports.length) continue;
    const key = JSON.stringify(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, ready: [], notReady: [] }));
    (publishNotReady || isReady(pod) ? g.ready : g.notReady).push(addressOf(pod, service));
  }
  const byIp = (a: EndpointAddress, b: EndpointAddress) => a.ip.localeCompare(b.ip, 'en', { numeric: true });
  const subsets: EndpointSubset[] = [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, g]) => ({
      ...(g.ready.length ? { addresses: g.ready.sort(byIp) } : {}),
      ...(g.notReady.length ? { notReadyAddresses: g.notReady.sort(byIp) } : {}),
      ...(g.ports.length ? { ports: g.ports } : {}),
    }));
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: service.metadata.name, namespace: ns, ...(service.metadata.labels ? { labels: { ...service.metadata.labels } } : {}) },
    ...(subsets.length ? { subsets } : {}),
  };
}
