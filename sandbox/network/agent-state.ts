// What the network agent should do, computed from the cluster's objects: one pure function from Services,
// Endpoints (or, for a selector Service without an Endpoints object yet, endpoints computed from pods), Ingresses
// and LoadBalancer assignments to frontends, ingress routes and DNS records. Everything Kubernetes-specific lives
// here, in TypeScript and under unit tests; the agent only executes the flat result.
import type { Endpoints, EndpointSubset, Ingress, Pod, Service, ServicePort } from '../api/objects';
import { CLUSTER_DOMAIN, SERVICE_CIDR } from './addressing';
import { endpointsFor } from '../lib/endpoint-subsets';
import { ingressRoutes, type IngressRoute } from './ingress-routes';

export interface Frontend {
  ip: string;
  port: number;
  kind: 'tcp' | 'http';
  /** ip:port of ready endpoints (tcp only). */
  endpoints: string[];
}

export interface DnsRecord {
  name: string;
  ips?: string[];
  cname?: string;
}

export interface AgentState {
  anyip: string[];
  /** Extra addresses on the agent's interface (LoadBalancer IPs). */
  addrs: string[];
  frontends: Frontend[];
  routes: IngressRoute[];
  defaultBackend?: string[];
  records: DnsRecord[];
}

export interface ClusterObjects {
  services: readonly Service[];
  endpoints: readonly Endpoints[];
  pods: readonly Pod[];
  ingresses: readonly Ingress[];
}

export interface StateOptions {
  agentIp: string;
  /** LoadBalancer address per Service key `ns/name`. */
  loadBalancerIps: ReadonlyMap<string, string>;
  /** Port the ingress controller serves on the agent's address. */
  ingressPort?: number;
  /** The other nodes' InternalIPs, which the agent owns too: a NodePort answers on every node's address. */
  nodeIps?: readonly string[];
  /**
   * Where this cluster's API server listens for its pods (a host address and port): the agent answers for it on
   * the control plane's address, port 6443, which the `kubernetes` Service's Endpoints name (see APISERVER_PORT).
   */
  apiServer?: { ip: string; port: number };
}

/** The API server's port on the control plane node (kubeadm's), where the `kubernetes` Endpoints point. */
export const APISERVER_PORT = 6443;

export const keyOf = (o: { metadata: { namespace?: string; name?: string } }): string => `${o.metadata.namespace ?? 'default'}/${o.metadata.name}`;

/** The subsets that decide where a Service's traffic goes: its Endpoints object, else endpoints from its selector. */
export function subsetsOf(service: Service, endpointsByKey: ReadonlyMap<string, Endpoints>, pods: readonly Pod[]): EndpointSubset[] {
  const ep = endpointsByKey.get(keyOf(service)) ?? endpointsFor(service, pods);
  return ep?.subsets ?? [];
}

/**
 * Ready `ip:port` targets for one Service port: the subset port with the same name (any port when both sides
 * have a single unnamed one), as kube-proxy pairs ServicePort and EndpointPort.
 */
export function targetsFor(service: Service, servicePort: ServicePort, subsets: readonly EndpointSubset[]): string[] {
  const single = (service.spec?.ports ?? []).length === 1;
  const out: string[] = [];
  for (const s of subsets) {
    const port = (s.ports ?? []).find((p) => (p.name ?? '') === (servicePort.name ?? '') && (p.protocol ?? 'TCP') === (servicePort.protocol ?? 'TCP'))
      ?? (single && (s.ports ?? []).length === 1 ? s.ports![0] : undefined);
    if (!port) continue;
    for (const a of s.addresses ?? []) out.push(`${a.ip}:${port.port}`);
  }
  return [...new Set(out)];
}

function isTcp(p: ServicePort): boolean {
  return (p.protocol ?? 'TCP') === 'TCP';
}

export function agentState(objs: ClusterObjects, opts: StateOptions): AgentState {
  const endpointsByKey = new Map(objs.endpoints.map((e) => [keyOf(e), e]));
  const frontends: Frontend[] = [];
  const records: DnsRecord[] = [];
  const addrs = new Set<string>(opts.nodeIps ?? []);
  const fqdn = (svc: Service) => `${svc.metadata.name}.${svc.metadata.namespace ?? 'default'}.svc.${CLUSTER_DOMAIN}`;
  for (const svc of objs.services) {
    const spec = svc.spec ?? {};
    if (spec.type === 'ExternalName') {
      if (spec.externalName) records.push({ name: fqdn(svc), cname: String(spec.externalName).replace(/\.$/, '').toLowerCase() });
      continue;
    }
    const subsets = subsetsOf(svc, endpointsByKey, objs.pods);
    if (!spec.clusterIP || spec.clusterIP === 'None') {
      const ips = [...new Set(subsets.flatMap((s) => (s.addresses ?? []).map((a) => a.ip)))];
      if (ips.length) records.push({ name: fqdn(svc), ips });
      for (const s of subsets) for (const a of s.addresses ?? []) if (a.hostname) records.push({ name: `${a.hostname}.${fqdn(svc)}`, ips: [a.ip] });
      continue;
    }
    records.push({ name: fqdn(svc), ips: [spec.clusterIP] });
    const lbIp = spec.type === 'LoadBalancer' ? opts.loadBalancerIps.get(keyOf(svc)) : undefined;
    if (lbIp) addrs.add(lbIp);
    for (const p of spec.ports ?? []) {
      if (!isTcp(p)) continue; // the agent proxies TCP only (UDP Services still resolve)
      const endpoints = targetsFor(svc, p, subsets);
      frontends.push({ ip: spec.clusterIP, port: p.port, kind: 'tcp', endpoints });
      if (p.nodePort && (spec.type === 'NodePort' || spec.type === 'LoadBalancer')) {
        for (const ip of [opts.agentIp, ...(opts.nodeIps ?? [])]) frontends.push({ ip, port: p.nodePort, kind: 'tcp', endpoints });
      }
      if (lbIp) frontends.push({ ip: lbIp, port: p.port, kind: 'tcp', endpoints });
    }
  }
  const servicesByKey = new Map(objs.services.map((s) => [keyOf(s), s]));
  const ingress = ingressRoutes(objs.ingresses, (ns, name, port) => {
    const svc = servicesByKey.get(`${ns}/${name}`);
    if (!svc) return [];
    const sp = (svc.spec?.ports ?? []).find((p) => (typeof port === 'number' ? p.port === port : p.name === port));
    return sp ? targetsFor(svc, sp, subsetsOf(svc, endpointsByKey, objs.pods)) : [];
  });
  frontends.push({ ip: opts.agentIp, port: opts.ingressPort ?? 80, kind: 'http', endpoints: [] });
  if (opts.apiServer) frontends.push({ ip: opts.agentIp, port: APISERVER_PORT, kind: 'tcp', endpoints: [`${opts.apiServer.ip}:${opts.apiServer.port}`] });
  return {
    anyip: [SERVICE_CIDR],
    addrs: [...addrs].sort(),
    frontends: dedupe(frontends),
    routes: ingress.routes,
    ...(ingress.defaultBackend ? { defaultBackend: ingress.defaultBackend } : {}),
    records: records.sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** One frontend per address and port: the first Service to claim it keeps it (as an allocator would refuse the second). */
function dedupe(frontends: Frontend[]): Frontend[] {
  const seen = new Set<string>();
  return frontends.filter((f) => {
    const k = `${f.ip}:${f.port}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
