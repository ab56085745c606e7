// Admission plugin that gives Services their addresses as kube-apiserver's allocators do: a ClusterIP from the
// service range (10.96.0.0/16; .1 belongs to the `kubernetes` Service, .10 to cluster DNS) and NodePorts from
// 30000–32767, explicit or random. A taken address or port is refused with the real 422 message; ClusterIP is
// immutable once set, and switching a Service back to ClusterIP drops its node ports.
import { randomInt } from 'node:crypto';
import { findKind } from '../kinds/registry';
import { invalid, type FieldError } from '../../api/errors';
import type { Service } from '../../api/objects';
import type { ObjectApi } from '../object-api';
import { admittedAs, type AdmissionPlugin } from './admission';

import { DNS_SERVICE_IP, KUBERNETES_SERVICE_IP, NODE_PORT_MAX, NODE_PORT_MIN, SERVICE_CIDR_PREFIX } from '../../api/service-network';

function inServiceRange(ip: string): boolean {
  const m = /^10\.96\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  return !!m && Number(m[1]) <= 255 && Number(m[2]) <= 255 && !(m[1] === '0' && m[2] === '0') && !(m[1] === '255' && m[2] === '255');
}

function usesNodePorts(type: string | undefined): boolean {
  return type === 'NodePort' || type === 'LoadBalancer';
}

interface Taken {
  ips: Set<string>;
  ports: Set<number>;
}

/** Addresses kept for the cluster's own Services, free only to their owners. */
const RESERVED: Record<string, string> = { [KUBERNETES_SERVICE_IP]: 'default/kubernetes', [DNS_SERVICE_IP]: 'kube-system/kube-dns' };

function taken(api: ObjectApi, except: Service): Taken {
  const self = `${except.metadata.namespace}/${except.metadata.name}`;
  const ips = new Set<string>(Object.keys(RESERVED).filter((ip) => RESERVED[ip] !== self));
  const ports = new Set<number>();
  for (const svc of api.list(findKind('Service')!, undefined).items) {
    if (svc.metadata.uid === except.metadata.uid) continue;
    if (svc.spec?.clusterIP && svc.spec.clusterIP !== 'None') ips.add(svc.spec.clusterIP);
    for (const p of svc.spec?.ports ?? []) if (p.nodePort) ports.add(p.nodePort);
  }
  return { ips, ports };
}

function pickIp(t: Taken): string {
  for (let tries = 0; tries < 1000; tries++) {
    const ip = `${SERVICE_CIDR_PREFIX}${randomInt(0, 256)}.${randomInt(1, 255)}`;
    if (inServiceRange(ip) && !t.ips.has(ip)) return ip;
  }
  throw new Error('service IP range is full');
}

function pickPort(t: Taken): number {
  for (let tries = 0; tries < 10000; tries++) {
    const port = randomInt(NODE_PORT_MIN, NODE_PORT_MAX + 1);
    if (!t.ports.has(port)) return port;
  }
  throw new Error('node port range is full');
}

function allocate(req: { obj: Service; old?: Service }, api: ObjectApi): void {
  const svc = req.obj;
  const spec = (svc.spec ??= {});
  const old = req.old?.spec;
  const errors: FieldError[] = [];
  const t = taken(api, svc);
  if (spec.type === 'ExternalName') {
    delete spec.clusterIP;
    delete spec.clusterIPs;
  } else if (old?.clusterIP && old.clusterIP !== spec.clusterIP && spec.clusterIP !== undefined && spec.clusterIP !== '') {
    errors.push({ field: 'spec.clusterIP', type: 'FieldValueInvalid', message: `Invalid value: "${spec.clusterIP}": field is immutable` });
  } else if (old?.clusterIP && (spec.clusterIP === undefined || spec.clusterIP === '')) {
    spec.clusterIP = old.clusterIP;
  } else if (!spec.clusterIP) {
    spec.clusterIP = pickIp(t);
  } else if (spec.clusterIP !== 'None' && !old?.clusterIP) {
    if (!inServiceRange(spec.clusterIP)) {
      errors.push({
        field: 'spec.clusterIPs',
        type: 'FieldValueInvalid',
        message: `Invalid value: []string{"${spec.clusterIP}"}: failed to allocate IP ${spec.clusterIP}: the provided IP (${spec.clusterIP}) is not in the valid range. The range of valid IPs is 10.96.0.0/16`,
      });
    } else if (t.ips.has(spec.clusterIP)) {
      errors.push({
        field: 'spec.clusterIPs',
        type: 'FieldValueInvalid',
        message: `Invalid value: []string{"${spec.clusterIP}"}: failed to allocate IP ${spec.clusterIP}: provided IP is already allocated`,
      });
    }
  }
  if (spec.clusterIP) spec.clusterIPs = [spec.clusterIP];
  const ports = spec.ports ?? [];
  ports.forEach((p, i) => {
    if (!usesNodePorts(spec.type)) {
      delete p.nodePort;
      return;
    }
    const before = old?.ports?.find((o) => o.port === p.port && (o.protocol ?? 'TCP') === (p.protocol ?? 'TCP'))?.nodePort;
    if (p.nodePort === undefined || p.nodePort === 0) p.nodePort = before ?? pickPort(t);
    else if (p.nodePort !== before) {
      if (p.nodePort < NODE_PORT_MIN || p.nodePort > NODE_PORT_MAX) {
        errors.push({
          field: `spec.ports[${i}].nodePort`,
          type: 'FieldValueInvalid',
          message: `Invalid value: ${p.nodePort}: provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`,
        });
      } else if (t.ports.has(p.nodePort)) {
        errors.push({ field: `spec.ports[${i}].nodePort`, type: 'FieldValueInvalid', message: `Invalid value: ${p.nodePort}: provided port is already allocated` });
      }
    }
    t.ports.add(p.nodePort);
  });
  if (errors.length) throw invalid('', 'Service', svc.metadata.name ?? '', errors);
}

export const serviceAllocation: AdmissionPlugin = {
  name: 'ServiceAllocation',
  admit(req, api) {
    const svc = admittedAs(req, 'Service');
    if (!svc || req.operation === 'DELETE') return;
    allocate(svc, api);
  },
};
