// Where services/proxy and pods/proxy send a request, decided as kube-apiserver's ResourceLocation decides it
// (pkg/registry/core/service/storage, pkg/registry/core/pod/strategy.go), with one rule more: the address must be
// a pod address of this cluster (`allows`). Endpoints a learner wrote by hand therefore never send the API server
// anywhere: like kube-apiserver, the service proxy only uses an endpoint address whose targetRef names a pod of the
// namespace that really has that IP, and, beyond it, only when that IP is in the cluster's own pod network.
import { badRequest, StatusError } from '../../api/errors';
import { findKind } from '../kinds/registry';
import type { EndpointAddress, Pod } from '../../api/objects';
import type { ObjectApi } from '../object-api';

export interface ProxyTarget {
  ip: string;
  port: number;
}

const unavailable = (message: string) => new StatusError(503, 'ServiceUnavailable', message);

/** utilnet.SplitSchemeNamePort: `name`, `name:port` or `scheme:name:port`; undefined when malformed. */
export function splitSchemeNamePort(id: string): { scheme: string; name: string; port: string } | undefined {
  const parts = id.split(':');
  let scheme = '';
  let name: string;
  let port = '';
  if (parts.length === 1) name = parts[0];
  else if (parts.length === 2) [name, port] = parts;
  else if (parts.length === 3) [scheme, name, port] = parts;
  else return undefined;
  if (!name || (parts.length >= 2 && !port) || (scheme && scheme !== 'http' && scheme !== 'https')) return undefined;
  return { scheme, name, port };
}

/** The pod IPs a pod reports, first one first. */
export function podIPs(pod: Pod | undefined): string[] {
  const ips = (pod?.status?.podIPs ?? []).map((p) => String(p?.ip ?? '')).filter(Boolean);
  return ips.length ? ips : pod?.status?.podIP ? [String(pod.status.podIP)] : [];
}

/** isValidAddress: the address names a pod of this namespace (targetRef) that has exactly this IP. */
function isPodAddress(api: ObjectApi, namespace: string, address: EndpointAddress): boolean {
  const ref = address?.targetRef;
  if (!ref?.name || ref.namespace !== namespace) return false;
  return podIPs(api.tryGet(findKind('Pod')!, namespace, String(ref.name))).includes(String(address.ip));
}

function rotated<T>(items: T[]): T[] {
  const start = Math.floor(Math.random() * items.length);
  return [...items.slice(start), ...items.slice(0, start)];
}

/** The endpoint a request to services/<id>/proxy goes to. */
export function serviceTarget(api: ObjectApi, namespace: string, id: string, allows: (ip: string) => boolean): ProxyTarget {
  const parsed = splitSchemeNamePort(id);
  if (!parsed) throw badRequest(`invalid service request "${id}"`);
  const { name } = parsed;
  let portName = parsed.port;
  const svc = api.get(findKind('Service')!, namespace, name);
  if (/^\d+$/.test(portName)) {
    const sp = (svc.spec?.ports ?? []).find((p) => String(p.port) === portName);
    if (!sp) throw unavailable(`no service port ${Number(portName)} found for service "${name}"`);
    portName = String(sp.name ?? '');
  }
  const ep = api.get(findKind('Endpoints')!, namespace, name);
  const subsets = ep.subsets ?? [];
  if (!subsets.length) throw unavailable(`no endpoints available for service "${name}"`);
  for (const ss of rotated(subsets)) {
    const addresses = ss.addresses ?? [];
    if (!addresses.length) continue;
    for (const p of ss.ports ?? []) {
      if (String(p.name ?? '') !== portName) continue;
      const address = rotated(addresses).find((a) => isPodAddress(api, namespace, a) && allows(String(a.ip)));
      if (address) return { ip: String(address.ip), port: Number(p.port) };
    }
  }
  throw unavailable(`no endpoints available for service "${id}"`);
}

/** The pod address a request to pods/<id>/proxy goes to: its first container port unless one is named, else 80. */
export function podTarget(api: ObjectApi, namespace: string, id: string, allows: (ip: string) => boolean): ProxyTarget {
  const parsed = splitSchemeNamePort(id);
  if (!parsed) throw badRequest(`invalid pod request "${id}"`);
  const pod = api.get(findKind('Pod')!, namespace, parsed.name);
  let port = parsed.port;
  if (!port) {
    const declared = (pod.spec?.containers ?? []).flatMap((c) => c.ports ?? []).find((p) => Number(p?.containerPort) > 0);
    port = declared ? String(declared.containerPort) : '80';
  }
  if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) throw badRequest(`invalid pod request "${id}"`);
  const ip = podIPs(pod)[0];
  if (!ip || !allows(ip)) throw badRequest('address not allowed');
  return { ip, port: Number(port) };
}
