// HorizontalPodAutoscalers as kube-apiserver validates them (autoscaling validation's ValidateHorizontalPodAutoscaler):
// a scale target with kind and name, 1 ≤ minReplicas ≤ maxReplicas, and each metric a known type with a target of
// a known type and a positive value.
import type { FieldError } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import { forbidden, invalid, notSupported, required } from './field-errors';
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
  const parsed = parseQuantityExact(q as any);
  return !parsed || parsed.milli <= 0n;
}

function validateTarget(target: any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!target?.type) errs.push(required(`${path}.type`, 'must specify a metric target type'));
  if (!TARGET_TYPES.includes(target?.type)) errs.push(invalid(`${path}.type`, String(target?.type ?? ''), 'must be either Utilization, Value, or AverageValue'));
  if (target?.value !== undefined && notPositive(target.value)) errs.push(invalid(`${path}.value`, String(target.value), 'must be positive'));
  if (target?.averageValue !== undefined && notPositive(target.averageValue)) errs.push(invalid(`${path}.averageValue`, String(target.averageValue), 'must be positive'));
  if (target?.averageUtilization !== undefined && target.averageUtilization < 1) errs.push(invalid(`${path}.averageUtilization`, target.averageUtilization, 'must be greater than 0'));
  return errs;
}

const SOURCE_FIELD: Record<string, string> = { Object: 'object', Pods: 'pods', Resource: 'resource', ContainerResource: 'containerResource', External: 'external' };

/** validateMetricSpec: a known type, its source (and only it) present, each source's own checks. */
function validateMetric(m: any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!m?.type) errs.push(required(`${path}.type`, 'must specify a metric source type'));
  if (!METRIC_TYPES.includes(m?.type)) errs.push(notSupported(`${path}.type`, String(m?.type ?? ''), METRIC_TYPES));
  const expected = SOURCE_FIELD[m?.type];
  if (expected && !m[expected]) errs.push(required(`${path}.${expected}`, 'must populate information for the given metric source'));
  const present = Object.values(SOURCE_FIELD).filter((f) => m?.[f]);
  if (present.length !== 1) for (const f of present.filter((f) => f !== expected)) errs.push(forbidden(`${path}.${f}`, 'must populate the given metric source only'));
  for (const f of present) {
    const src = m[f];
    const at = `${path}.${f}`;
    if (f === 'resource' || f === 'containerResource') {
      if (!src.name) errs.push(required(`${at}.name`, 'must specify a resource name'));
      if (f === 'containerResource' && !src.container) errs.push(required(`${at}.container`, 'must specify a container'));
      errs.push(...validateTarget(src.target, `${at}.target`));
      if (src.target?.averageUtilization === undefined && src.target?.averageValue === undefined) {
        errs.push(required(`${at}.target.averageUtilization`, 'must set either a target raw value or a target utilization'));
      }
      if (src.target?.averageUtilization !== undefined && src.target?.averageValue !== undefined) {
        errs.push(forbidden(`${at}.target.averageValue`, 'may not set both a target raw value and a target utilization'));
      }
      continue;
    }
    if (f === 'object' && !src.describedObject?.kind) errs.push(required(`${at}.describedObject.kind`));
    if (f === 'object' && !src.describedObject?.name) errs.push(required(`${at}.describedObject.name`));
    if (!src.metric?.name) errs.push(required(`${at}.metric.name`, 'must specify a metric name'));
    errs.push(...validateTarget(src.target, `${at}.target`));
    if (f === 'pods' && src.target?.averageValue === undefined) errs.push(required(`${at}.target.averageValue`, 'must specify a positive target averageValue'));
    if (f !== 'pods' && src.target?.value === undefined && src.target?.averageValue === undefined) {
      errs.push(required(`${at}.target.averageValue`, 'must set either a target value or average value'));
    }
  }
  return errs;
}

function validateRules(rules: any, path: string): FieldError[] {
  if (!rules) return [];
  const errs: FieldError[] = [];
  const window = rules.stabilizationWindowSeconds;
  if (typeof window === 'number' && (window < 0 || window > 3600)) errs.push(invalid(`${path}.stabilizationWindowSeconds`, window, window < 0 ? 'must be greater than or equal to zero' : 'must be less than or equal to 3600'));
  if (rules.selectPolicy !== undefined && !SELECT_POLICIES.includes(rules.selectPolicy)) errs.push(notSupported(`${path}.selectPolicy`, String(rules.selectPolicy), SELECT_POLICIES));
  (Array.isArray(rules.policies) ? rules.policies : []).forEach((p: any, i: number) => {
    const at = `${path}.policies[${i}]`;
    if (!POLICY_TYPES.includes(p?.type)) errs.push(notSupported(`${at}.type`, String(p?.type ?? ''), POLICY_TYPES));
    if (!(p?.value > 0)) errs.push(invalid(`${at}.value`, p?.value ?? 0, 'must be greater than zero'));
    if (!(p?.periodSeconds > 0)) errs.push(invalid(`${at}.periodSeconds`, p?.periodSeconds ?? 0, 'must be greater than zero'));
    else if (p.periodSeconds > 1800) errs.push(invalid(`${at}.periodSeconds`, p.periodSeconds, 'must be less than or equal to 1800'));
  });
  return errs;
}

export function validateHorizontalPodAutoscaler(hpa: KubeObject<any, any>): FieldError[] {
  const errs = validateObjectMeta(hpa.metadata, true, nameIsDNSSubdomain);
  const spec = hpa.spec ?? {};
  const ref = spec.scaleTargetRef ?? {};
  for (const field of ['kind', 'name'] as const) {
    const value = ref[field];
    if (!value) errs.push(required(`spec.scaleTargetRef.${field}`));
    else errs.push(...invalidEach(`spec.scaleTargetRef.${field}`, String(value), pathSegmentProblems(String(value))));
  }
  if (typeof spec.minReplicas === 'number' && spec.minReplicas < 1) errs.push(invalid('spec.minReplicas', spec.minReplicas, 'must be greater than or equal to 1'));
  const max = Number(spec.maxReplicas ?? 0);
  if (max < 1) errs.push(invalid('spec.maxReplicas', max, 'must be greater than 0'));
  if (typeof spec.minReplicas === 'number' && max < spec.minReplicas) errs.push(invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  (Array.isArray(spec.metrics) ? spec.metrics : []).forEach((m: any, i: number) => errs.push(...validateMetric(m, `spec.metrics[${i}]`)));
  errs.push(...validateRules(spec.behavior?.scaleUp, 'spec.behavior.scaleUp'), ...validateRules(spec.behavior?.scaleDown, 'spec.behavior.scaleDown'));
  return errs;
}

export function validateHorizontalPodAutoscalerUpdate(hpa: KubeObject<any, any>, old: KubeObject<any, any>): FieldError[] {
  return [...validateObjectMetaUpdate(hpa.metadata, old.metadata), ...validateHorizontalPodAutoscaler(hpa)];
}
