// scheduling.k8s.io/v1 PriorityClass (ValidatePriorityClass / ValidatePriorityClassUpdate): names starting with
// `system-` belong to the two built-in classes, a user's class is worth at most one billion, and value and
// preemptionPolicy never change once created.
import type { FieldError } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import { fieldOf } from '../../api/unchecked';
import { nameIsDNSSubdomain } from '../../lib/names';
import { badValue, forbidden, invalid, isOneOf, notSupported, required } from './field-errors';
import { semanticEqual } from './semantic';
import { validateObjectMeta, validateObjectMetaUpdate } from './validate-meta';

/** HighestUserDefinablePriority. */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;
const SYSTEM_PREFIX = 'system-';
const PREEMPTION_POLICIES = ['PreemptLowerPriority', 'Never'];

/** The classes every cluster has (SystemPriorityClasses): the apiserver creates them and refuses to delete them. */
export const SYSTEM_PRIORITY_CLASSES = [
  { name: 'system-node-critical', value: 2_000_001_000, description: 'Used for system critical pods that must not be moved from their current node.' },
  { name: 'system-cluster-critical', value: 2_000_000_000, description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.' },
];

/** IsKnownSystemPriorityClass: why a `system-` class is not one of the built-in ones, or undefined. */
function notSystemClass(name: string, value: unknown, globalDefault: boolean): string | undefined {
  const known = SYSTEM_PRIORITY_CLASSES.find((c) => c.name === name);
  if (!known) return `${name} is not a known system priority class`;
  if (known.value !== value) return `value of ${name} PriorityClass must be ${known.value}`;
  if (globalDefault) return `globalDefault of ${name} PriorityClass must be false`;
  return undefined;
}

export function validatePriorityClass(pc: KubeObject): FieldError[] {
  const errs = validateObjectMeta(pc.metadata, false, nameIsDNSSubdomain);
  const name = String(pc.metadata.name ?? '');
  const value = fieldOf(pc, 'value') ?? 0;
  if (name.startsWith(SYSTEM_PREFIX)) {
    const why = notSystemClass(name, value, fieldOf(pc, 'globalDefault') === true);
    if (why) errs.push(forbidden('metadata.name', `priority class names with '${SYSTEM_PREFIX}' prefix are reserved for system use only. error: ${why}`));
  } else if (Number(value) > HIGHEST_USER_DEFINABLE_PRIORITY) {
    errs.push(forbidden('value', `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`));
  }
  const policy = fieldOf(pc, 'preemptionPolicy');
  if (policy !== undefined && policy !== null) {
    if (policy === '') errs.push(required('preemptionPolicy'));
    else if (!isOneOf(PREEMPTION_POLICIES, policy)) errs.push(notSupported('preemptionPolicy', badValue(policy), PREEMPTION_POLICIES));
  }
  return errs;
}

export function validatePriorityClassUpdate(pc: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(pc.metadata, old.metadata);
  if ((fieldOf(pc, 'value') ?? 0) !== (fieldOf(old, 'value') ?? 0)) errs.push(forbidden('value', 'may not be changed in an update.'));
  const policy = fieldOf(pc, 'preemptionPolicy');
  if (!semanticEqual(policy, fieldOf(old, 'preemptionPolicy'))) errs.push(invalid('preemptionPolicy', badValue(policy ?? null), 'field is immutable'));
  return errs;
}
