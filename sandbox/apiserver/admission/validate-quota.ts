// ResourceQuota and LimitRange as kube-apiserver validates them (core validation's ValidateResourceQuota and
// ValidateLimitRange): quota resources must be ones quota understands, counts must be whole and nothing negative;
// a LimitRange's min ≤ defaultRequest ≤ default ≤ max per resource, ratios at least 1, one item per type.
import type { FieldError } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import { fieldOf, itemsOf, pathOf } from '../../api/unchecked';
import { duplicate, forbidden, GoValue, goQuote, invalid, invalidEach, notSupported, required } from './field-errors';
import { isQualifiedName, nameIsDNSSubdomain } from '../../lib/names';
import { compareQuantities, formatQuantity, goQuantityStruct, parseQuantityExact, type Quantity } from '../../lib/quantity-math';
import { validateObjectMeta, validateObjectMetaUpdate } from './validate-meta';

/** Resources quota knows by name (helper.IsStandardQuotaResourceName); anything with a `/` is checked as a name only. */
export const STANDARD_QUOTA_RESOURCES = new Set([
  'pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims',
  'services.nodeports', 'services.loadbalancers',
  'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.storage', 'requests.ephemeral-storage',
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage',
]);
/** Counted in whole objects (helper.IsIntegerResourceName). */
const INTEGER_RESOURCES = new Set([
  'pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims',
  'services.nodeports', 'services.loadbalancers',
]);
const SCOPES = ['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity'];
const POD_COMPUTE = new Set(['cpu', 'memory', 'limits.cpu', 'limits.memory', 'requests.cpu', 'requests.memory']);
const LIMIT_TYPES = ['Pod', 'Container', 'PersistentVolumeClaim'];

const entries = (v: unknown): [string, unknown][] => (v && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v) : []);

export function isIntegerQuotaResource(name: string): boolean {
  return INTEGER_RESOURCES.has(name) || name.startsWith('count/');
}

/** validateResourceName: a qualified name; without a domain, one kube-apiserver knows. */
function validateResourceName(name: string, path: string, standard: (n: string) => boolean, why: string): FieldError[] {
  const errs = invalidEach(path, name, isQualifiedName(name));
  if (!errs.length && !name.includes('/') && !standard(name)) errs.push(invalid(path, name, why));
  return errs;
}

/** ValidateResourceQuantityValue for quota: never negative, counts whole. */
function validateQuotaQuantity(resource: string, value: unknown, path: string): FieldError[] {
  const q = parseQuantityExact(value);
  if (!q) return [];
  const text = formatQuantity(q);
  if (q.milli < 0n) return [invalid(path, text, 'must be greater than or equal to 0')];
  if (isIntegerQuotaResource(resource) && q.milli % 1000n !== 0n) return [invalid(path, text, 'must be an integer')];
  return [];
}

export function validateResourceQuota(rq: KubeObject): FieldError[] {
  const errs = validateObjectMeta(rq.metadata, true, nameIsDNSSubdomain);
  const hard = entries(fieldOf(rq.spec, 'hard'));
  for (const [k, v] of hard) {
    const path = `spec.hard[${k}]`;
    errs.push(...validateResourceName(k, path, (n) => STANDARD_QUOTA_RESOURCES.has(n), 'must be a standard resource for quota'));
    errs.push(...validateQuotaQuantity(k, v, path));
  }
  const scopes = itemsOf(fieldOf(rq.spec, 'scopes'));
  const shown = new GoValue(`[]core.ResourceQuotaScope{${scopes.map((s) => goQuote(String(s))).join(', ')}}`);
  for (const scope of scopes.map(String)) {
    if (!SCOPES.includes(scope)) errs.push(invalid('spec.scopes', shown, 'unsupported scope'));
    for (const [k] of hard) {
      const valid = scope === 'BestEffort' ? k === 'pods' : !SCOPES.includes(scope) || k === 'pods' || POD_COMPUTE.has(k);
      if (STANDARD_QUOTA_RESOURCES.has(k) && !valid) errs.push(invalid('spec.scopes', shown, 'unsupported scope applied to resource'));
    }
  }
  if (scopes.includes('Terminating') && scopes.includes('NotTerminating')) errs.push(invalid('spec.scopes', shown, 'conflicting scopes'));
  if (scopes.includes('BestEffort') && scopes.includes('NotBestEffort')) errs.push(invalid('spec.scopes', shown, 'conflicting scopes'));
  return errs;
}

export function validateResourceQuotaUpdate(rq: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(rq.metadata, old.metadata), ...validateResourceQuota(rq)];
  const before = JSON.stringify(fieldOf(old.spec, 'scopes') ?? []);
  const scopes = fieldOf(rq.spec, 'scopes') ?? [];
  if (JSON.stringify(scopes) !== before) errs.push(invalid('spec.scopes', new GoValue(`[]core.ResourceQuotaScope{${itemsOf(scopes).map((s) => goQuote(String(s))).join(', ')}}`), 'field is immutable'));
  return errs;
}

export function validateResourceQuotaStatus(rq: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(rq.metadata, old.metadata);
  for (const key of ['hard', 'used'] as const) {
    for (const [k, v] of entries(fieldOf(rq.status, key))) errs.push(...validateQuotaQuantity(k, v, `status.${key}[${k}]`));
  }
  return errs;
}

const LIMIT_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage', 'storage']);

/** validateLimitRangeResourceName: what a LimitRange item of this type may constrain. */
function validateLimitRangeResource(type: string, name: string, path: string): FieldError[] {
  if (type === 'PersistentVolumeClaim') {
    return name === 'storage' ? [] : [notSupported(path, name, ['storage'])];
  }
  return validateResourceName(name, path, (n) => LIMIT_RESOURCES.has(n) || n.startsWith('hugepages-'), 'must be a standard limit type or fully qualified');
}

type Bounds = Partial<Record<'min' | 'max' | 'default' | 'defaultRequest' | 'maxLimitRequestRatio', [string, Quantity]>>;

export function validateLimitRange(lr: KubeObject): FieldError[] {
  const errs = validateObjectMeta(lr.metadata, true, nameIsDNSSubdomain);
  const limits = fieldOf(lr.spec, 'limits');
  const items = itemsOf(limits);
  if (!Array.isArray(limits)) errs.push(required('spec.limits'));
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const at = `spec.limits[${i}]`;
    const type = String(fieldOf(item, 'type') ?? '');
    if (!type) errs.push(required(`${at}.type`));
    else if (!LIMIT_TYPES.includes(type)) errs.push(...invalidEach(`${at}.type`, type, isQualifiedName(type)));
    if (seen.has(type)) errs.push(duplicate(`${at}.type`, type));
    seen.add(type);
    const bounds = new Map<string, Bounds>();
    const collect = (field: keyof Bounds) => {
      for (const [k, v] of entries(fieldOf(item, field))) {
        errs.push(...validateLimitRangeResource(type, k, `${at}.${field}[${k}]`));
        const q = parseQuantityExact(v);
        if (q) bounds.set(k, { ...(bounds.get(k) ?? {}), [field]: [formatQuantity(q), q] });
      }
    };
    collect('max');
    collect('min');
    if (type === 'Pod') {
      if (entries(fieldOf(item, 'default')).length) errs.push(forbidden(`${at}.default`, "may not be specified when `type` is 'Pod'"));
      if (entries(fieldOf(item, 'defaultRequest')).length) errs.push(forbidden(`${at}.defaultRequest`, "may not be specified when `type` is 'Pod'"));
    } else {
      collect('default');
      collect('defaultRequest');
    }
    if (type === 'PersistentVolumeClaim' && !pathOf(item, 'min', 'storage') && !pathOf(item, 'max', 'storage')) {
      errs.push(required(`${at}.limits`, 'either minimum or maximum storage value is required, but neither was provided'));
    }
    collect('maxLimitRequestRatio');
    for (const [k, b] of bounds) errs.push(...orderErrors(at, k, b, item));
  });
  return errs;
}

/** min ≤ defaultRequest ≤ default ≤ max, and a ratio between 1 and max/min, in ValidateLimitRange's order and words. */
function orderErrors(at: string, k: string, b: Bounds, item: unknown): FieldError[] {
  const errs: FieldError[] = [];
  const gt = (x?: [string, Quantity], y?: [string, Quantity]) => !!x && !!y && compareQuantities(x[1], y[1]) > 0;
  const struct = (field: string) => new GoValue(goQuantityStruct(String(pathOf(item, field, k))));
  if (gt(b.min, b.max)) errs.push(invalid(`${at}.min[${k}]`, struct('min'), `min value ${b.min![0]} is greater than max value ${b.max![0]}`));
  if (gt(b.min, b.defaultRequest)) errs.push(invalid(`${at}.defaultRequest[${k}]`, struct('defaultRequest'), `min value ${b.min![0]} is greater than default request value ${b.defaultRequest![0]}`));
  if (gt(b.defaultRequest, b.max)) errs.push(invalid(`${at}.defaultRequest[${k}]`, struct('defaultRequest'), `default request value ${b.defaultRequest![0]} is greater than max value ${b.max![0]}`));
  if (gt(b.defaultRequest, b.default)) errs.push(invalid(`${at}.defaultRequest[${k}]`, struct('defaultRequest'), `default request value ${b.defaultRequest![0]} is greater than default limit value ${b.default![0]}`));
  if (gt(b.min, b.default)) errs.push(invalid(`${at}.default[${k}]`, struct('min'), `min value ${b.min![0]} is greater than default value ${b.default![0]}`));
  if (gt(b.default, b.max)) errs.push(invalid(`${at}.default[${k}]`, struct('max'), `default value ${b.default![0]} is greater than max value ${b.max![0]}`));
  const ratio = b.maxLimitRequestRatio;
  if (ratio && ratio[1].milli < 1000n) errs.push(invalid(`${at}.maxLimitRequestRatio[${k}]`, struct('maxLimitRequestRatio'), `ratio ${ratio[0]} is less than 1`));
  if (ratio && b.min && b.max && b.min[1].milli > 0n) {
    const limit = Number(b.max[1].milli) / Number(b.min[1].milli);
    if (Number(ratio[1].milli) / 1000 > limit) {
      errs.push(invalid(`${at}.maxLimitRequestRatio[${k}]`, struct('maxLimitRequestRatio'), `ratio ${ratio[0]} is greater than max/min = ${limit.toFixed(6)}`));
    }
  }
  return errs;
}

export function validateLimitRangeUpdate(lr: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(lr.metadata, old.metadata), ...validateLimitRange(lr)];
}
