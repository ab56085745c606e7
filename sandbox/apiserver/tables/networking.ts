// Rows for Services, Endpoints, EndpointSlices, Ingresses and IngressClasses as kube-apiserver prints them:
// `80:30080/TCP` ports, `<none>`/`<pending>` external IPs, `10.1.0.5:8080,… + 2 more...` endpoint lists.
import type { Endpoints, EndpointSlice, Ingress, IngressClass, Service } from '../../api/objects';
import { age, ageColumn, column, formatLabels, joinHostPort, listWithMore, nameColumn, text, type Printer } from './format';

/** loadBalancerStatusStringer with wide=true (the server always renders wide): sorted, de-duplicated IPs/hostnames. */
function loadBalancerAddresses(lb: { ingress?: { ip?: string; hostname?: string }[] } | undefined): string {
  const set = new Set<string>();
  for (const ing of Array.isArray(lb?.ingress) ? lb.ingress : []) {
    if (ing?.ip) set.add(String(ing.ip));
    else if (ing?.hostname) set.add(String(ing.hostname));
  }
  return [...set].sort().join(',');
}

function externalIP(svc: Service, type: string): string {
  const externalIPs: string[] = Array.isArray(svc.spec?.externalIPs) ? svc.spec.externalIPs.map(String) : [];
  switch (type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerAddresses(svc.status?.loadBalancer);
      if (externalIPs.length) return [...(lb ? lb.split(',') : []), ...externalIPs].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return text(svc.spec?.externalName);
    default:
      return '<unknown>';
  }
}

/** What a port list row needs of a ServicePort. */
type ServicePortLike = { port?: number; nodePort?: number; protocol?: string };

/** makePortString: `80/TCP`, or `80:30080/TCP` when a node port is allocated. */
export function servicePorts(ports: ServicePortLike[] | undefined): string {
  const list = Array.isArray(ports) ? ports : [];
  const text = list
    .map((p) => {
      const protocol = p?.protocol ?? 'TCP';
      return (p?.nodePort ?? 0) > 0 ? `${p.port}:${p.nodePort}/${protocol}` : `${p?.port}/${protocol}`;
    })
    .join(',');
  return text || '<none>';
}

export const servicePrinter: Printer = {
  columns: [
    nameColumn(),
    column('Type', 'string', 'type determines how the Service is exposed. Defaults to ClusterIP.'),
    column('Cluster-IP', 'string', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
    column('External-IP', 'string', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
    column('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
    ageColumn(),
    column('Selector', 'string', 'Route service traffic to pods with label keys and values matching this selector.', 1),
  ],
  cells(svc: Service, now) {
    const type = text(svc.spec?.type) || 'ClusterIP';
    const clusterIP = text(svc.spec?.clusterIPs?.[0] ?? svc.spec?.clusterIP) || '<none>';
    return [svc.metadata.name, type, clusterIP, externalIP(svc, type), servicePorts(svc.spec?.ports), age(svc, now), formatLabels(svc.spec?.selector)];
  },
};

/** formatEndpoints: up to three `ip:port` pairs (bare IPs for port-less subsets), then ` + N more...`. */
export function formatEndpoints(subsets: Endpoints['subsets']): string {
  const list = Array.isArray(subsets) ? subsets : [];
  if (!list.length) return '<none>';
  const max = 3;
  const shown: string[] = [];
  let count = 0;
  for (const ss of list) {
    const addresses = Array.isArray(ss?.addresses) ? ss.addresses : [];
    const ports = Array.isArray(ss?.ports) ? ss.ports : [];
    if (!ports.length) {
      count += addresses.length;
      for (const a of addresses) if (shown.length < max) shown.push(text(a?.ip));
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const a of addresses) if (shown.length < max) shown.push(joinHostPort(text(a?.ip), port?.port ?? 0));
    }
  }
  const joined = shown.join(',');
  return count > max ? `${joined} + ${count - max} more...` : joined;
}

export const endpointsPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Endpoints', 'string', 'The set of all endpoints is the union of all subsets.'),
    ageColumn(),
  ],
  cells: (ep: Endpoints, now) => [ep.metadata.name, formatEndpoints(ep.subsets), age(ep, now)],
};

export const endpointSlicePrinter: Printer = {
  columns: [
    nameColumn(),
    column('AddressType', 'string', 'addressType specifies the type of address carried by this EndpointSlice.'),
    column('Ports', 'string', 'ports specifies the list of network ports exposed by each endpoint in this slice.'),
    column('Endpoints', 'string', 'endpoints is a list of unique endpoints in this slice.'),
    ageColumn(),
  ],
  cells(slice: EndpointSlice, now) {
    const ports = Array.isArray(slice.ports) ? slice.ports : [];
    const portText = ports.map((p) => (p?.port !== undefined && p?.port !== null ? String(p.port) : p?.name !== undefined && p?.name !== null ? String(p.name) : '*'));
    const endpoints = Array.isArray(slice.endpoints) ? slice.endpoints : [];
    const addresses = endpoints.flatMap((e) => (Array.isArray(e?.addresses) ? e.addresses.map(String) : []));
    return [slice.metadata.name, text(slice.addressType), listWithMore(portText), listWithMore(addresses), age(slice, now)];
  },
};

/** formatHosts: up to three rule hosts, `*` when no rule names one. */
function ingressHosts(rules: NonNullable<Ingress['spec']>['rules']): string {
  const list = Array.isArray(rules) ? rules : [];
  const hosts: string[] = [];
  let more = false;
  for (const rule of list) {
    if (hosts.length === 3) more = true;
    if (!more && rule?.host) hosts.push(String(rule.host));
  }
  if (!hosts.length) return '*';
  return more ? `${hosts.join(',')} + ${list.length - 3} more...` : hosts.join(',');
}

export const ingressPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Class', 'string', 'The name of the IngressClass resource that should be used for additional configuration'),
    column('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
    column('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
    column('Ports', 'string', 'Ports of TLS configurations that open'),
    ageColumn(),
  ],
  cells: (ing: Ingress, now) => [
    ing.metadata.name,
    typeof ing.spec?.ingressClassName === 'string' ? ing.spec.ingressClassName : '<none>',
    ingressHosts(ing.spec?.rules),
    loadBalancerAddresses(ing.status?.loadBalancer),
    Array.isArray(ing.spec?.tls) && ing.spec.tls.length ? '80, 443' : '80',
    age(ing, now),
  ],
};

export const ingressClassPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Controller', 'string', 'Controller that is responsible for handling this class'),
    column('Parameters', 'string', 'A reference to a resource with additional parameters'),
    ageColumn(),
  ],
  cells(ic: IngressClass, now) {
    const p = ic.spec?.parameters;
    const parameters = p ? `${p.kind ?? ''}${p.apiGroup !== undefined && p.apiGroup !== null ? `.${p.apiGroup}` : ''}/${p.name ?? ''}` : '<none>';
    return [ic.metadata.name, text(ic.spec?.controller), parameters, age(ic, now)];
  },
};
