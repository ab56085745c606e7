// Endpoints and EndpointSlices (core ValidateEndpoints, discovery ValidateEndpointSlice). Hand-made Endpoints are
// how a Service without a selector points somewhere, and the network agent and the API server's proxies follow
// them, so their addresses are checked as kube-apiserver checks them (ValidateNonSpecialIP: no unspecified,
// loopback, link-local or link-local multicast address), plus one rule of kubelab's own, worded in the same style:
// no address in the Service range. kube-apiserver has no such rule, but here every cluster's agent owns that whole
// range, so an endpoint inside it would only send the agent's traffic back into the agent.
import type { FieldError } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import { SERVICE_CIDR_PREFIX } from '../../api/service-network';
import { fieldOf, itemsOf, objectOf } from '../../api/unchecked';
import { duplicate, invalid, invalidEach, notSupported, required, tooMany } from './field-errors';
import { isDNS1123Label, isDNS1123Subdomain, isIP, isQualifiedName, isValidPortNum, nameIsDNSSubdomain } from '../../lib/names';
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate } from './validate-meta';

const list = itemsOf;
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];
const MAX_SLICE_ENDPOINTS = 1000;
const MAX_SLICE_ADDRESSES = 100;
const MAX_SLICE_PORTS = 100;
const MAX_TOPOLOGY_LABELS = 16;
export const SERVICE_RANGE = `${SERVICE_CIDR_PREFIX}0.0/16`;
const IP_FORMAT = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

/** An IPv6 address as its eight 16-bit groups (an embedded dotted quad becomes the last two). */
function v6Groups(ip: string): number[] {
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
  const text = dotted ? `${ip.slice(0, dotted.index)}${((+dotted[1] << 8) | +dotted[2]).toString(16)}:${((+dotted[3] << 8) | +dotted[4]).toString(16)}` : ip;
  const [head, tail] = text.split('::');
  const part = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const a = part(head);
  const b = part(tail);
  return tail === undefined ? a : [...a, ...new Array(8 - a.length - b.length).fill(0), ...b];
}

/** The IPv4 octets of an address; an IPv4-mapped IPv6 address counts as its IPv4 address, as Go's To4 has it. */
function v4Octets(ip: string): number[] | undefined {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return ip.split('.').map(Number);
  const g = v6Groups(ip);
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return [g[6] >> 8, g[6] & 255, g[7] >> 8, g[7] & 255];
  return undefined;
}

/** kube-apiserver's ValidateNonSpecialIP, message for message. */
export function nonSpecialIPErrors(ip: string, field: string): FieldError[] {
  if (!isIP(ip)) return [invalid(field, ip, 'must be a valid IP address')];
  const errs: FieldError[] = [];
  const o = v4Octets(ip);
  const g = o ? [] : v6Groups(ip);
  const unspecified = o ? o.every((x) => x === 0) : g.every((x) => x === 0);
  const loopback = o ? o[0] === 127 : g.slice(0, 7).every((x) => x === 0) && g[7] === 1;
  const linkLocal = o ? o[0] === 169 && o[1] === 254 : (g[0] & 0xffc0) === 0xfe80;
  const linkLocalMulticast = o ? o[0] === 224 && o[1] === 0 && o[2] === 0 : (g[0] & 0xff0f) === 0xff02;
  if (unspecified) errs.push(invalid(field, ip, `may not be unspecified (${ip})`));
  if (loopback) errs.push(invalid(field, ip, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  if (linkLocal) errs.push(invalid(field, ip, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  if (linkLocalMulticast) errs.push(invalid(field, ip, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
  return errs;
}

/** kubelab's own rule (see the header): the Service range belongs to the network agent. */
function serviceRangeErrors(ip: string, field: string): FieldError[] {
  const o = isIP(ip) ? v4Octets(ip) : undefined;
  return o && `${o[0]}.${o[1]}.` === SERVICE_CIDR_PREFIX ? [invalid(field, ip, `may not be in the service IP range (${SERVICE_RANGE})`)] : [];
}

function validateAddress(entry: unknown, path: string): FieldError[] {
  const address = objectOf(entry);
  const ip = String(address.ip ?? '');
  const errs: FieldError[] = [];
  if (!isIP(ip)) errs.push(invalid(`${path}.ip`, ip, IP_FORMAT));
  if (address.hostname) errs.push(...invalidEach(`${path}.hostname`, String(address.hostname), isDNS1123Label(String(address.hostname))));
  if (address.nodeName) errs.push(...invalidEach(`${path}.nodeName`, String(address.nodeName), isDNS1123Subdomain(String(address.nodeName))));
  errs.push(...nonSpecialIPErrors(ip, `${path}.ip`), ...serviceRangeErrors(ip, `${path}.ip`));
  return errs;
}

function validatePort(entry: unknown, requireName: boolean, path: string): FieldError[] {
  const port = objectOf(entry);
  const errs: FieldError[] = [];
  const name = String(port.name ?? '');
  if (requireName && !name) errs.push(required(`${path}.name`));
  else if (name) errs.push(...invalidEach(`${path}.name`, name, isDNS1123Label(name)));
  errs.push(...invalidEach(`${path}.port`, Number(port.port ?? 0), isValidPortNum(Number(port.port ?? 0))));
  errs.push(...validateProtocol(port.protocol, `${path}.protocol`));
  if (port.appProtocol !== undefined) errs.push(...invalidEach(`${path}.appProtocol`, String(port.appProtocol), isQualifiedName(String(port.appProtocol))));
  return errs;
}

function validateProtocol(protocol: unknown, path: string): FieldError[] {
  if (!protocol) return [required(path)];
  return PROTOCOLS.includes(String(protocol)) ? [] : [notSupported(path, String(protocol), PROTOCOLS)];
}

export function validateEndpoints(ep: KubeObject): FieldError[] {
  const errs = validateObjectMeta(ep.metadata, true, nameIsDNSSubdomain);
  list(ep.subsets).forEach((ss, i) => {
    const path = `subsets[${i}]`;
    const addresses = list(fieldOf(ss, 'addresses'));
    const notReady = list(fieldOf(ss, 'notReadyAddresses'));
    if (!addresses.length && !notReady.length) errs.push(required(path, 'must specify `addresses` or `notReadyAddresses`'));
    addresses.forEach((a, j) => errs.push(...validateAddress(a, `${path}.addresses[${j}]`)));
    notReady.forEach((a, j) => errs.push(...validateAddress(a, `${path}.notReadyAddresses[${j}]`)));
    const ports = list(fieldOf(ss, 'ports'));
    ports.forEach((p, j) => errs.push(...validatePort(p, ports.length > 1, `${path}.ports[${j}]`)));
  });
  return errs;
}

export function validateEndpointsUpdate(ep: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(ep.metadata, old.metadata), ...validateEndpoints(ep)];
}

function validateSliceAddress(type: string, address: string, path: string): FieldError[] {
  switch (type) {
    case 'IPv4': {
      if (!isIP(address) || !/^\d+\.\d+\.\d+\.\d+$/.test(address)) return [invalid(path, address, 'must be a valid IPv4 address')];
      return [...nonSpecialIPErrors(address, path), ...serviceRangeErrors(address, path)];
    }
    case 'IPv6':
      if (!isIP(address) || !address.includes(':')) return [invalid(path, address, 'must be a valid IPv6 address')];
      return nonSpecialIPErrors(address, path);
    case 'FQDN':
      return invalidEach(path, address, isDNS1123Subdomain(address));
  }
  return [];
}

export function validateEndpointSlice(es: KubeObject): FieldError[] {
  const errs = validateObjectMeta(es.metadata, true, nameIsDNSSubdomain);
  const type = String(es.addressType ?? '');
  if (!type) errs.push(required('addressType'));
  else if (!ADDRESS_TYPES.includes(type)) errs.push(notSupported('addressType', type, ADDRESS_TYPES));
  const endpoints = list(es.endpoints);
  if (endpoints.length > MAX_SLICE_ENDPOINTS) errs.push(tooMany('endpoints', endpoints.length, MAX_SLICE_ENDPOINTS));
  else {
    endpoints.forEach((e, i) => {
      const path = `endpoints[${i}]`;
      const addresses = list(fieldOf(e, 'addresses'));
      if (!addresses.length) errs.push(required(`${path}.addresses`, 'must contain at least 1 address'));
      else if (addresses.length > MAX_SLICE_ADDRESSES) errs.push(tooMany(`${path}.addresses`, addresses.length, MAX_SLICE_ADDRESSES));
      addresses.forEach((a, j) => errs.push(...validateSliceAddress(type, String(a), `${path}.addresses[${j}]`)));
      const topology = fieldOf(e, 'deprecatedTopology');
      if (topology && Object.keys(topology).length > MAX_TOPOLOGY_LABELS) errs.push(tooMany(`${path}.deprecatedTopology`, Object.keys(topology).length, MAX_TOPOLOGY_LABELS));
      if (topology) errs.push(...validateLabels(topology, `${path}.deprecatedTopology`));
      const hostname = fieldOf(e, 'hostname');
      if (hostname) errs.push(...invalidEach(`${path}.hostname`, String(hostname), isDNS1123Label(String(hostname))));
    });
  }
  const ports = list(es.ports);
  if (ports.length > MAX_SLICE_PORTS) errs.push(tooMany('ports', ports.length, MAX_SLICE_PORTS));
  else {
    const names = new Set<string>();
    ports.forEach((entry, i) => {
      const p = objectOf(entry);
      const path = `ports[${i}]`;
      const name = String(p.name ?? '');
      if (name) errs.push(...invalidEach(`${path}.name`, name, isDNS1123Label(name)));
      if (names.has(name)) errs.push(duplicate(`${path}.name`, name));
      else names.add(name);
      errs.push(...validateProtocol(p.protocol, `${path}.protocol`));
      if (p.appProtocol !== undefined) errs.push(...invalidEach(`${path}.appProtocol`, String(p.appProtocol), isQualifiedName(String(p.appProtocol))));
    });
  }
  return errs;
}

export function validateEndpointSliceUpdate(es: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(es.metadata, old.metadata), ...validateEndpointSlice(es)];
  if (es.addressType !== old.addressType) errs.push(invalid('addressType', String(es.addressType ?? ''), 'field is immutable'));
  return errs;
}
