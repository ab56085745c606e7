// PodDisruptionBudgets as kube-apiserver validates them (policy validation's ValidatePodDisruptionBudget): one of
// minAvailable or maxUnavailable, each a non-negative count or a percentage of at most 100%, a valid selector, and
// a known unhealthyPodEvictionPolicy.
import type { FieldError } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import { fieldOf, objectOf, type JsonObject } from '../../api/unchecked';
import { GoValue, notSupported } from './field-errors';
import { invalid } from './field-errors';
import { goPointer } from './go-values';
import { nameIsDNSSubdomain } from '../../lib/names';
import { validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate } from './validate-meta';
import { notMoreThan100Percent, validatePositiveIntOrPercent } from './validate-workloads';

const POLICIES = ['AlwaysAllow', 'IfHealthyBudget'];
const present = (v: unknown) => v !== undefined && v !== null;

/** %#v of the spec, which the "both set" error prints (pointers as addresses). */
function goSpec(spec: JsonObject): GoValue {
  return new GoValue(
    `policy.PodDisruptionBudgetSpec{MinAvailable:${goPointer('intstr.IntOrString', present(spec.minAvailable))}, Selector:${goPointer('v1.LabelSelector', present(spec.selector))}, MaxUnavailable:${goPointer('intstr.IntOrString', present(spec.maxUnavailable))}, UnhealthyPodEvictionPolicy:${goPointer('policy.UnhealthyPodEvictionPolicyType', present(spec.unhealthyPodEvictionPolicy))}}`,
  );
}

export function validatePodDisruptionBudget(pdb: KubeObject): FieldError[] {
  const errs = validateObjectMeta(pdb.metadata, true, nameIsDNSSubdomain);
  const spec = objectOf(pdb.spec);
  if (present(spec.minAvailable) && present(spec.maxUnavailable)) errs.push(invalid('spec', goSpec(spec), 'minAvailable and maxUnavailable cannot be both set'));
  for (const field of ['minAvailable', 'maxUnavailable']) {
    if (!present(spec[field])) continue;
    errs.push(...validatePositiveIntOrPercent(spec[field], `spec.${field}`), ...notMoreThan100Percent(spec[field], `spec.${field}`));
  }
  if (present(spec.selector)) errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  if (present(spec.unhealthyPodEvictionPolicy) && !POLICIES.includes(String(spec.unhealthyPodEvictionPolicy))) {
    errs.push(notSupported('spec.unhealthyPodEvictionPolicy', String(spec.unhealthyPodEvictionPolicy), POLICIES));
  }
  return errs;
}

export function validatePodDisruptionBudgetUpdate(pdb: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(pdb.metadata, old.metadata), ...validatePodDisruptionBudget(pdb)];
}

export function validatePodDisruptionBudgetStatus(pdb: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(pdb.metadata, old.metadata);
  for (const field of ['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods']) {
    const v = fieldOf(pdb.status, field);
    if (typeof v === 'number' && v < 0) errs.push(invalid(`status.${field}`, v, 'must be greater than or equal to 0'));
  }
  return errs;
}
