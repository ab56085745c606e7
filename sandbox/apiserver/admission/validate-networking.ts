// networking.k8s.io/v1 Ingress and IngressClass (networking ValidateIngressCreate / validateHTTPIngressPath /
// validateIngressBackend). The classic trap for learners following pre-1.19 tutorials: every path needs a
// pathType, and backends are `service: {name, port: {number}}`, not serviceName/servicePort.
import type { FieldError } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import { GoValue, invalid, invalidEach, notSupported, required } from './field-errors';
import { isDNS1123Subdomain, isIP, isValidPortName, isValidPortNum, isWildcardDNS1123Subdomain, nameIsDNS1035Label, nameIsDNSSubdomain } from '../../lib/names';
import { validateObjectMeta, validateObjectMetaUpdate } from './validate-meta';

const list = (v: unknown): any[] => (Array.isArray(v) ? v : []);
const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];
const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

function validateBackend(backend: any, path: string): FieldError[] {
  const hasResource = !!backend?.resource;
  const hasService = !!backend?.service;
  if (hasResource && hasService) return [invalid(path, '', 'cannot set both resource and service backends')];
  if (hasResource) {
    const r = backend.resource;
    const errs: FieldError[] = [];
    if (r.apiGroup) errs.push(...invalidEach(`${path}.resource.apiGroup`, String(r.apiGroup), isDNS1123Subdomain(String(r.apiGroup))));
    if (!r.kind) errs.push(required(`${path}.resource.kind`, 'kind is required'));
    if (!r.name) errs.push(required(`${path}.resource.name`, 'name is required'));
    return errs;
  }
  if (!hasService) return [invalid(path, '', 'resource or service backend is required')];
  const svc = backend.service;
  const errs: FieldError[] = [];
  if (!svc.name) errs.push(required(`${path}.service.name`));
  else errs.push(...invalidEach(`${path}.service.name`, String(svc.name), nameIsDNS1035Label(String(svc.name), false)));
  const portName = String(svc.port?.name ?? '');
  const portNumber = Number(svc.port?.number ?? 0);
  if (portName && portNumber) errs.push(invalid(path, '', 'cannot set both port name & port number'));
  else if (portName) errs.push(...invalidEach(`${path}.service.port.name`, portName, isValidPortName(portName)));
  else if (portNumber) errs.push(...invalidEach(`${path}.service.port.number`, portNumber, isValidPortNum(portNumber)));
  else errs.push(required(path, 'port name or number is required'));
  return errs;
}

function validateHTTPPath(p: any, path: string): FieldError[] {
  if (p?.pathType === undefined || p?.pathType === null) return [required(`${path}.pathType`, 'pathType must be specified')];
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

function validateRules(rules: any[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  rules.forEach((rule, i) => {
    const host = String(rule?.host ?? '');
    if (host) {
      if (isIP(host)) errs.push(invalid(`${path}[${i}].host`, host, 'must be a DNS name, not an IP address'));
      const msgs = host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host);
      errs.push(...invalidEach(`${path}[${i}].host`, host, msgs));
    }
    const http = rule?.http;
    if (!http) return;
    const paths = list(http.paths);
    if (!paths.length) errs.push(required(`${path}[${i}].http.paths`));
    paths.forEach((p, j) => errs.push(...validateHTTPPath(p, `${path}[${i}].http.paths[${j}]`)));
  });
  return errs;
}

function validateIngressSpec(spec: any): FieldError[] {
  const errs: FieldError[] = [];
  const rules = list(spec.rules);
  if (!rules.length && !spec.defaultBackend) {
    const value = Array.isArray(spec.rules) ? '[]networking.IngressRule{}' : '[]networking.IngressRule(nil)';
    errs.push(invalid('spec', new GoValue(value), 'either `defaultBackend` or `rules` must be specified'));
  }
  if (spec.defaultBackend) errs.push(...validateBackend(spec.defaultBackend, 'spec.defaultBackend'));
  if (rules.length) errs.push(...validateRules(rules, 'spec.rules'));
  list(spec.tls).forEach((tls, i) => {
    list(tls?.hosts).forEach((h, j) => {
      const host = String(h);
      errs.push(...invalidEach(`spec.tls[${i}].hosts[${j}]`, host, host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host)));
    });
    if (tls?.secretName) errs.push(...invalidEach(`spec.tls[${i}].secretName`, String(tls.secretName), nameIsDNSSubdomain(String(tls.secretName), false)));
  });
  if (typeof spec.ingressClassName === 'string') {
    errs.push(...invalidEach('spec.ingressClassName', spec.ingressClassName, nameIsDNSSubdomain(spec.ingressClassName, false)));
  }
  return errs;
}

export function validateIngressCreate(ing: KubeObject): FieldError[] {
  const errs = [...validateObjectMeta(ing.metadata, true, nameIsDNSSubdomain), ...validateIngressSpec(ing.spec ?? {})];
  const annotation = ing.metadata.annotations?.[CLASS_ANNOTATION];
  const className = ing.spec?.ingressClassName;
  if (annotation !== undefined && typeof className === 'string' && annotation !== className) {
    errs.push(invalid(`annotations.${CLASS_ANNOTATION}`, annotation, 'must match `ingressClassName` when both are specified'));
  }
  return errs;
}

export function validateIngressUpdate(ing: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(ing.metadata, old.metadata), ...validateObjectMeta(ing.metadata, true, nameIsDNSSubdomain), ...validateIngressSpec(ing.spec ?? {})];
}

function validateIngressClassSpec(spec: any): FieldError[] {
  const controller = String(spec?.controller ?? '');
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
  if ((ic.spec?.controller ?? '') !== (old.spec?.controller ?? '')) errs.push(invalid('spec.controller', String(ic.spec?.controller ?? ''), 'field is immutable'));
  return [...errs, ...validateIngressClassCreate(ic)];
}
