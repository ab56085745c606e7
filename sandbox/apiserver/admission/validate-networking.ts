// networking.k8s.io/v1 Ingress and IngressClass (networking ValidateIngressCreate / validateHTTPIngressPath /
// validateIngressBackend). The classic trap for learners following pre-1.19 tutorials: every path needs a
// pathType, and backends are `service: {name, port: {number}}`, not serviceName/servicePort.
import type { FieldError } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import { fieldOf, itemsOf, objectOf } from '../../api/unchecked';
import { GoValue, invalid, invalidEach, notSupported, required } from './field-errors';
import { isDNS1123Subdomain, isIP, isValidPortName, isValidPortNum, isWildcardDNS1123Subdomain, nameIsDNS1035Label, nameIsDNSSubdomain } from '../../lib/names';
import { validateObjectMeta, validateObjectMetaUpdate } from './validate-meta';

const list = itemsOf;
const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];
const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

function validateBackend(backend: unknown, path: string): FieldError[] {
  const hasResource = !!fieldOf(backend, 'resource');
  const hasService = !!fieldOf(backend, 'service');
  if (hasResource && hasService) return [invalid(path, '', 'cannot set both resource and service backends')];
  if (hasResource) {
    const r = objectOf(fieldOf(backend, 'resource'));
    const errs: FieldError[] = [];
    if (r.apiGroup) errs.push(...invalidEach(`${path}.resource.apiGroup`, String(r.apiGroup), isDNS1123Subdomain(String(r.apiGroup))));
    if (!r.kind) errs.push(required(`${path}.resource.kind`, 'kind is required'));
    if (!r.name) errs.push(required(`${path}.resource.name`, 'name is required'));
    return errs;
  }
  if (!hasService) return [invalid(path, '', 'resource or service backend is required')];
  const svc = objectOf(fieldOf(backend, 'service'));
  const errs: FieldError[] = [];
  if (!svc.name) errs.push(required(`${path}.service.name`));
  else errs.push(...invalidEach(`${path}.service.name`, String(svc.name), nameIsDNS1035Label(String(svc.name), false)));
  const portName = String(fieldOf(svc.port, 'name') ?? '');
  const portNumber = Number(fieldOf(svc.port, 'number') ?? 0);
  if (portName && portNumber) errs.push(invalid(path, '', 'cannot set both port name & port number'));
  else if (portName) errs.push(...invalidEach(`${path}.service.port.name`, portName, isValidPortName(portName)));
  else if (portNumber) errs.push(...invalidEach(`${path}.service.port.number`, portNumber, isValidPortNum(portNumber)));
  else errs.push(required(path, 'port name or number is required'));
  return errs;
}

function validateHTTPPath(entry: unknown, path: string): FieldError[] {
  const p = objectOf(entry);
  if (p.pathType === undefined || p.pathType === null) return [required(`${path}.pathType`, 'pathType must be specified')];
  const errs: FieldError[] = [];
  const value = String(p.path ?? '');
  switch (p.pathType) {
    case 'Exact':
    case 'Prefix':
      if (!value.startsWith('/')) errs.push(invalid(`${path}.path`, value, 'must be an absolute path'));
      if (value) {
        for (const seq of INVALID_PATH_SEQUENCES) if (value.includes(seq)) errs.push(invalid(`${path}.path`, value, `must not contain '${seq}'`));
        for (const suffix of INVALID_PATH_SUFFIXES) if (value.endsWith(suffix)) errs.push(invalid(`${path}.path`, value, `cannot end with '${suffix}'`));
      }
      break;
    case 'ImplementationSpecific':
      if (value && !value.startsWith('/')) errs.push(invalid(`${path}.path`, value, 'must be an absolute path'));
      break;
    default:
      errs.push(notSupported(`${path}.pathType`, String(p.pathType), PATH_TYPES));
  }
  errs.push(...validateBackend(p.backend, `${path}.backend`));
  return errs;
}

function validateRules(rules: unknown[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  rules.forEach((rule, i) => {
    const host = String(fieldOf(rule, 'host') ?? '');
    if (host) {
      if (isIP(host)) errs.push(invalid(`${path}[${i}].host`, host, 'must be a DNS name, not an IP address'));
      const msgs = host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host);
      errs.push(...invalidEach(`${path}[${i}].host`, host, msgs));
    }
    const http = fieldOf(rule, 'http');
    if (!http) return;
    const paths = list(fieldOf(http, 'paths'));
    if (!paths.length) errs.push(required(`${path}[${i}].http.paths`));
    paths.forEach((p, j) => errs.push(...validateHTTPPath(p, `${path}[${i}].http.paths[${j}]`)));
  });
  return errs;
}

function validateIngressSpec(input: unknown): FieldError[] {
  const spec = objectOf(input);
  const errs: FieldError[] = [];
  const rules = list(spec.rules);
  if (!rules.length && !spec.defaultBackend) {
    const value = Array.isArray(spec.rules) ? '[]networking.IngressRule{}' : '[]networking.IngressRule(nil)';
    errs.push(invalid('spec', new GoValue(value), 'either `defaultBackend` or `rules` must be specified'));
  }
  if (spec.defaultBackend) errs.push(...validateBackend(spec.defaultBackend, 'spec.defaultBackend'));
  if (rules.length) errs.push(...validateRules(rules, 'spec.rules'));
  list(spec.tls).forEach((tls, i) => {
    list(fieldOf(tls, 'hosts')).forEach((h, j) => {
      const host = String(h);
      errs.push(...invalidEach(`spec.tls[${i}].hosts[${j}]`, host, host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host)));
    });
    const secretName = fieldOf(tls, 'secretName');
    if (secretName) errs.push(...invalidEach(`spec.tls[${i}].secretName`, String(secretName), nameIsDNSSubdomain(String(secretName), false)));
  });
  const className = spec.ingressClassName;
  if (typeof className === 'string') errs.push(...invalidEach('spec.ingressClassName', className, nameIsDNSSubdomain(className, false)));
  return errs;
}

export function validateIngressCreate(ing: KubeObject): FieldError[] {
  const errs = [...validateObjectMeta(ing.metadata, true, nameIsDNSSubdomain), ...validateIngressSpec(ing.spec ?? {})];
  const annotation = ing.metadata.annotations?.[CLASS_ANNOTATION];
  const className = fieldOf(ing.spec, 'ingressClassName');
  if (annotation !== undefined && typeof className === 'string' && annotation !== className) {
    errs.push(invalid(`annotations.${CLASS_ANNOTATION}`, annotation, 'must match `ingressClassName` when both are specified'));
  }
  return errs;
}

export function validateIngressUpdate(ing: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(ing.metadata, old.metadata), ...validateObjectMeta(ing.metadata, true, nameIsDNSSubdomain), ...validateIngressSpec(ing.spec ?? {})];
}

function validateIngressClassSpec(spec: unknown): FieldError[] {
  const controller = String(fieldOf(spec, 'controller') ?? '');
  const errs: FieldError[] = [];
  if (Buffer.byteLength(controller) > 250) errs.push({ field: 'spec.controller', type: 'FieldValueTooLong', message: 'Too long: must have at most 250 bytes' });
  if (!controller) return [...errs, required('spec.controller')];
  const [host, rest] = [controller.split('/')[0], controller.split('/').slice(1).join('/')];
  if (!controller.includes('/') || !host || !rest) return [...errs, invalid('spec.controller', controller, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  errs.push(...invalidEach('spec.controller', host, isDNS1123Subdomain(host)));
  if (!/^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/.test(rest)) {
    errs.push(invalid('spec.controller', rest, "Invalid path (regex used for validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')"));
  }
  return errs;
}

export function validateIngressClassCreate(ic: KubeObject): FieldError[] {
  return [...validateObjectMeta(ic.metadata, false, nameIsDNSSubdomain), ...validateIngressClassSpec(ic.spec)];
}

export function validateIngressClassUpdate(ic: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(ic.metadata, old.metadata);
  const controller = fieldOf(ic.spec, 'controller') ?? '';
  if (controller !== (fieldOf(old.spec, 'controller') ?? '')) errs.push(invalid('spec.controller', String(controller), 'field is immutable'));
  return [...errs, ...validateIngressClassCreate(ic)];
}
