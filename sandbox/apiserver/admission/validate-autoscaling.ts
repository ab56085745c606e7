// HorizontalPodAutoscalers as kube-apiserver validates them (autoscaling validation's ValidateHorizontalPodAutoscaler):
// a scale target with kind and name, 1 ≤ minReplicas ≤ maxReplicas, and each metric a known type with a target of
// a known type and a positive value.
import type { FieldError } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import { fieldOf, itemsOf, objectOf, pathOf } from '../../api/unchecked';
import { badValue, forbidden, invalid, isOneOf, notSupported, required } from './field-errors';
import { parseQuantityExact } from '../../lib/quantity-math';
import { nameIsDNSSubdomain } from '../../lib/names';
import { validateObjectMeta, validateObjectMetaUpdate } from './validate-meta';
import { invalidEach } from './field-errors';

const METRIC_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const TARGET_TYPES = ['AverageValue', 'Utilization', 'Value'];
const POLICY_TYPES = ['Percent', 'Pods'];
const SELECT_POLICIES = ['Disabled', 'Max', 'Min'];

/** IsValidPathSegmentName: a name that can stand in a URL path. */
function pathSegmentProblems(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  return ['/', '%'].filter((c) => name.includes(c)).map((c) => `may not contain '${c}'`);
}

/** A quantity that must be above zero, as Quantity.Sign() != 1 refuses. */
function notPositive(q: unknown): boolean {
  const parsed = parseQuantityExact(q);
  return !parsed || parsed.milli <= 0n;
}

function validateTarget(target: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const type = fieldOf(target, 'type');
  if (!type) errs.push(required(`${path}.type`, 'must specify a metric target type'));
  if (!isOneOf(TARGET_TYPES, type)) errs.push(invalid(`${path}.type`, String(type ?? ''), 'must be either Utilization, Value, or AverageValue'));
  const value = fieldOf(target, 'value');
  if (value !== undefined && notPositive(value)) errs.push(invalid(`${path}.value`, String(value), 'must be positive'));
  const averageValue = fieldOf(target, 'averageValue');
  if (averageValue !== undefined && notPositive(averageValue)) errs.push(invalid(`${path}.averageValue`, String(averageValue), 'must be positive'));
  const utilization = fieldOf(target, 'averageUtilization');
  if (utilization !== undefined && Number(utilization) < 1) errs.push(invalid(`${path}.averageUtilization`, badValue(utilization), 'must be greater than 0'));
  return errs;
}

const SOURCE_FIELD: Record<string, string> = { Object: 'object', Pods: 'pods', Resource: 'resource', ContainerResource: 'containerResource', External: 'external' };

/** validateMetricSpec: a known type, its source (and only it) present, each source's own checks. */
function validateMetric(m: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const type = fieldOf(m, 'type');
  if (!type) errs.push(required(`${path}.type`, 'must specify a metric source type'));
  if (!isOneOf(METRIC_TYPES, type)) errs.push(notSupported(`${path}.type`, String(type ?? ''), METRIC_TYPES));
  const expected = isOneOf(METRIC_TYPES, type) ? SOURCE_FIELD[type] : undefined;
  if (expected && !fieldOf(m, expected)) errs.push(required(`${path}.${expected}`, 'must populate information for the given metric source'));
  const present = Object.values(SOURCE_FIELD).filter((f) => fieldOf(m, f));
  if (present.length !== 1) for (const f of present.filter((f) => f !== expected)) errs.push(forbidden(`${path}.${f}`, 'must populate the given metric source only'));
  for (const f of present) {
    const src = fieldOf(m, f);
    const at = `${path}.${f}`;
    const target = fieldOf(src, 'target');
    const averageValue = fieldOf(target, 'averageValue');
    if (f === 'resource' || f === 'containerResource') {
      if (!fieldOf(src, 'name')) errs.push(required(`${at}.name`, 'must specify a resource name'));
      if (f === 'containerResource' && !fieldOf(src, 'container')) errs.push(required(`${at}.container`, 'must specify a container'));
      errs.push(...validateTarget(target, `${at}.target`));
      const utilization = fieldOf(target, 'averageUtilization');
      if (utilization === undefined && averageValue === undefined) {
        errs.push(required(`${at}.target.averageUtilization`, 'must set either a target raw value or a target utilization'));
      }
      if (utilization !== undefined && averageValue !== undefined) {
        errs.push(forbidden(`${at}.target.averageValue`, 'may not set both a target raw value and a target utilization'));
      }
      continue;
    }
    if (f === 'object' && !pathOf(src, 'describedObject', 'kind')) errs.push(required(`${at}.describedObject.kind`));
    if (f === 'object' && !pathOf(src, 'describedObject', 'name')) errs.push(required(`${at}.describedObject.name`));
    if (!pathOf(src, 'metric', 'name')) errs.push(required(`${at}.metric.name`, 'must specify a metric name'));
    errs.push(...validateTarget(target, `${at}.target`));
    if (f === 'pods' && averageValue === undefined) errs.push(required(`${at}.target.averageValue`, 'must specify a positive target averageValue'));
    if (f !== 'pods' && fieldOf(target, 'value') === undefined && averageValue === undefined) {
      errs.push(required(`${at}.target.averageValue`, 'must set either a target value or average value'));
    }
  }
  return errs;
}

function validateRules(rules: unknown, path: string): FieldError[] {
  if (!rules) return [];
  const errs: FieldError[] = [];
  const window = fieldOf(rules, 'stabilizationWindowSeconds');
  if (typeof window === 'number' && (window < 0 || window > 3600)) errs.push(invalid(`${path}.stabilizationWindowSeconds`, window, window < 0 ? 'must be greater than or equal to zero' : 'must be less than or equal to 3600'));
  const selectPolicy = fieldOf(rules, 'selectPolicy');
  if (selectPolicy !== undefined && !isOneOf(SELECT_POLICIES, selectPolicy)) errs.push(notSupported(`${path}.selectPolicy`, String(selectPolicy), SELECT_POLICIES));
  itemsOf(fieldOf(rules, 'policies')).forEach((p, i) => {
    const at = `${path}.policies[${i}]`;
    const type = fieldOf(p, 'type');
    const value = fieldOf(p, 'value');
    const period = fieldOf(p, 'periodSeconds');
    if (!isOneOf(POLICY_TYPES, type)) errs.push(notSupported(`${at}.type`, String(type ?? ''), POLICY_TYPES));
    if (!(Number(value) > 0)) errs.push(invalid(`${at}.value`, badValue(value ?? 0), 'must be greater than zero'));
    if (!(Number(period) > 0)) errs.push(invalid(`${at}.periodSeconds`, badValue(period ?? 0), 'must be greater than zero'));
    else if (Number(period) > 1800) errs.push(invalid(`${at}.periodSeconds`, badValue(period), 'must be less than or equal to 1800'));
  });
  return errs;
}

export function validateHorizontalPodAutoscaler(hpa: KubeObject): FieldError[] {
  const errs = validateObjectMeta(hpa.metadata, true, nameIsDNSSubdomain);
  const spec = objectOf(hpa.spec);
  for (const field of ['kind', 'name'] as const) {
    const value = pathOf(spec, 'scaleTargetRef', field);
    if (!value) errs.push(required(`spec.scaleTargetRef.${field}`));
    else errs.push(...invalidEach(`spec.scaleTargetRef.${field}`, String(value), pathSegmentProblems(String(value))));
  }
  const min = spec.minReplicas;
  if (typeof min === 'number' && min < 1) errs.push(invalid('spec.minReplicas', min, 'must be greater than or equal to 1'));
  const max = Number(spec.maxReplicas ?? 0);
  if (max < 1) errs.push(invalid('spec.maxReplicas', max, 'must be greater than 0'));
  if (typeof min === 'number' && max < min) errs.push(invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  itemsOf(spec.metrics).forEach((m, i) => errs.push(...validateMetric(m, `spec.metrics[${i}]`)));
  errs.push(...validateRules(pathOf(spec, 'behavior', 'scaleUp'), 'spec.behavior.scaleUp'), ...validateRules(pathOf(spec, 'behavior', 'scaleDown'), 'spec.behavior.scaleDown'));
  return errs;
}

export function validateHorizontalPodAutoscalerUpdate(hpa: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(hpa.metadata, old.metadata), ...validateHorizontalPodAutoscaler(hpa)];
}
