// A container's environment as the kubelet makes it (pkg/kubelet/kubelet_pods.go makeEnvironmentVariables):
// Service link variables first (ECHO_SERVICE_HOST, ECHO_PORT, … for the namespace's Services and always for
// `kubernetes`), then envFrom, then env — value with $(VAR) expansion, valueFrom configMapKeyRef, secretKeyRef,
// fieldRef and resourceFieldRef. command and args get the same $(VAR) expansion. Pure: lookups are passed in.
import type { ConfigMap, Container, Pod, ResourceFieldSelector, Secret, Service } from '../api/objects';
import { parseQuantity } from '../lib/quantity';
import { keyMaps, type Lookup } from './config-refs';

export interface EnvContext {
  lookup: Lookup;
  podIP: string;
  hostIP?: string;
  /** Services for link variables: the pod's namespace's (unless enableServiceLinks is false) and default/kubernetes. */
  services: Service[];
  /** The limits the container runs with (defaults applied): what resourceFieldRef limits.* report. */
  limits: { cpuCores: number; memoryBytes: number };
}

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Kubernetes' $(VAR) expansion: defined names are replaced, `$$` is a literal `$`, anything else stays as written. */
export function expand(input: string, vars: Map<string, string>): string {
  let out = '';
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c !== '$' || i + 1 >= input.length) {
      out += c;
      continue;
    }
    const next = input[i + 1];
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '(') {
      const end = input.indexOf(')', i + 2);
      if (end < 0) {
        out += input.slice(i);
        break;
      }
      const name = input.slice(i + 2, end);
      out += vars.has(name) ? vars.get(name)! : `$(${name})`;
      i = end;
    } else {
      out += c;
    }
  }
  return out;
}

const envName = (service: string) => service.toUpperCase().replace(/-/g, '_');

/** The docker-links-style variables of Services (pkg/kubelet/envvars FromServices). */
export function serviceEnv(services: Service[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const svc of services) {
    const ip = svc.spec?.clusterIP;
    if (!ip || ip === 'None') continue;
    const ports = svc.spec?.ports ?? [];
    const sn = envName(String(svc.metadata.name));
    out.set(`${sn}_SERVICE_HOST`, ip);
    if (ports[0]) out.set(`${sn}_SERVICE_PORT`, String(ports[0].port));
    for (const p of ports) if (p.name) out.set(`${sn}_SERVICE_PORT_${envName(p.name)}`, String(p.port));
    ports.forEach((p, i) => {
      const proto = String(p.protocol ?? 'TCP');
      const url = `${proto.toLowerCase()}://${ip}:${p.port}`;
      if (i === 0) out.set(`${sn}_PORT`, url);
      const prefix = `${sn}_PORT_${p.port}_${proto.toUpperCase()}`;
      out.set(prefix, url);
      out.set(`${prefix}_PROTO`, proto.toLowerCase());
      out.set(`${prefix}_PORT`, String(p.port));
      out.set(`${prefix}_ADDR`, ip);
    });
  }
  return out;
}

function dataOf(obj: ConfigMap | Secret, kind: 'ConfigMap' | 'Secret'): Map<string, string> {
  const out = new Map<string, string>();
  const { data, stringData } = keyMaps(obj);
  if (kind === 'Secret') {
    for (const [k, v] of Object.entries<string>(data ?? {})) out.set(k, Buffer.from(String(v), 'base64').toString('utf8'));
    for (const [k, v] of Object.entries<string>(stringData ?? {})) out.set(k, String(v));
  } else {
    for (const [k, v] of Object.entries<string>(data ?? {})) out.set(k, String(v));
  }
  return out;
}

function metadataField(pod: Pod, path: string): string | undefined {
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (m) return pod.metadata[m[1] as 'labels' | 'annotations']?.[m[2]] ?? '';
  if (path === 'metadata.labels' || path === 'metadata.annotations') {
    const map: Record<string, string> = pod.metadata[path.slice(9) as 'labels' | 'annotations'] ?? {};
    return Object.keys(map).sort().map((k) => `${k}="${map[k]}"`).join('\n');
  }
  return undefined;
}

/** A fieldRef's value (also used by downwardAPI volumes). */
export function fieldRefValue(pod: Pod, path: string, ctx: Pick<EnvContext, 'podIP' | 'hostIP'>): string {
  switch (path) {
    case 'metadata.name': return String(pod.metadata.name ?? '');
    case 'metadata.namespace': return String(pod.metadata.namespace ?? 'default');
    case 'metadata.uid': return String(pod.metadata.uid ?? '');
    case 'spec.nodeName': return String(pod.spec?.nodeName ?? '');
    case 'spec.serviceAccountName': return String(pod.spec?.serviceAccountName ?? 'default');
    case 'status.podIP':
    case 'status.podIPs': return ctx.podIP;
    case 'status.hostIP':
    case 'status.hostIPs': return ctx.hostIP ?? '';
  }
  return metadataField(pod, path) ?? '';
}

/** A resourceFieldRef's value: the effective limit (or request) divided by the divisor, rounded up. */
export function resourceFieldValue(container: Container | undefined, ref: ResourceFieldSelector | undefined, limits: EnvContext['limits']): string {
  const resource = String(ref?.resource ?? '');
  const divisor = parseQuantity(ref?.divisor ?? '1') || 1;
  const [kind, name] = resource.split('.');
  const declared = kind === 'limits' || kind === 'requests' ? parseQuantity(container?.resources?.[kind]?.[name]) : undefined;
  let value: number;
  if (name === 'cpu') value = kind === 'limits' ? limits.cpuCores : declared ?? 0;
  else if (name === 'memory') value = kind === 'limits' ? limits.memoryBytes : declared ?? 0;
  else value = declared ?? 0;
  return String(Math.ceil(value / divisor));
}

/** The container's environment, in the order the kubelet builds it (later entries win). */
export function containerEnv(pod: Pod, container: Container, ctx: EnvContext): Map<string, string> {
  const vars = new Map<string, string>();
  const services = ctx.services.filter((s) => (pod.spec?.enableServiceLinks ?? true) || (s.metadata.namespace === 'default' && s.metadata.name === 'kubernetes'));
  for (const [k, v] of serviceEnv(services)) vars.set(k, v);
  for (const from of container.envFrom ?? []) {
    const kind = from.configMapRef ? 'ConfigMap' : from.secretRef ? 'Secret' : undefined;
    const ref = from.configMapRef ?? from.secretRef;
    const obj = kind && ref?.name ? ctx.lookup(kind, ref.name) : undefined;
    if (!kind || !obj) continue;
    for (const [k, v] of dataOf(obj, kind)) {
      const name = `${from.prefix ?? ''}${k}`;
      if (ENV_NAME.test(name)) vars.set(name, v);
    }
  }
  for (const e of container.env ?? []) {
    if (!e?.name) continue;
    const from = e.valueFrom;
    if (!from) {
      vars.set(e.name, expand(String(e.value ?? ''), vars));
      continue;
    }
    const keyRef = from.configMapKeyRef ?? from.secretKeyRef;
    if (keyRef) {
      const kind = from.configMapKeyRef ? 'ConfigMap' : 'Secret';
      const obj = ctx.lookup(kind, String(keyRef.name));
      const value = obj ? dataOf(obj, kind).get(keyRef.key) : undefined;
      if (value !== undefined) vars.set(e.name, value);
    } else if (from.fieldRef) {
      vars.set(e.name, fieldRefValue(pod, String(from.fieldRef.fieldPath ?? ''), ctx));
    } else if (from.resourceFieldRef) {
      vars.set(e.name, resourceFieldValue(container, from.resourceFieldRef, ctx.limits));
    }
  }
  return vars;
}
