// RBAC's defaults and validation (kubernetes pkg/apis/rbac/v1/defaults.go and pkg/apis/rbac/validation): names are
// path segments (`system:aggregate-to-view` is fine), rules need verbs and either resources with API groups or
// non-resource URLs (never both, and never in a namespace), bindings point at a Role or ClusterRole of
// rbac.authorization.k8s.io whose reference can never change, and subjects are Users, Groups or ServiceAccounts.
import type { FieldError } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import { fieldOf, isObject, objectOf } from '../../api/unchecked';
import { GoValue, invalid, invalidEach, notSupported, required } from './field-errors';
import { goStringSlice } from './go-values';
import { validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate } from './validate-meta';
import { nameIsDNSSubdomain, type NameFn } from '../../lib/names';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** path.IsValidPathSegmentName: what ValidateRBACName checks (a prefix only for '/' and '%'). */
export const nameIsPathSegment: NameFn = (name, prefix) => {
  if (!prefix && (name === '.' || name === '..')) return [`may not be '${name}'`];
  const errs: string[] = [];
  if (name.includes('/')) errs.push("may not contain '/'");
  if (name.includes('%')) errs.push("may not contain '%'");
  return errs;
};

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** SetDefaults_Subject: Users and Groups belong to rbac.authorization.k8s.io, ServiceAccounts to the core group. */
function defaultSubjects(obj: KubeObject): void {
  for (const s of list(obj.subjects)) {
    if (!isObject(s) || s.apiGroup) continue;
    if (s.kind === 'User' || s.kind === 'Group') s.apiGroup = RBAC_GROUP;
    // The core group is "", which the wire omits.
    else if (s.apiGroup === '') delete s.apiGroup;
  }
}

/** SetDefaults_RoleBinding and SetDefaults_ClusterRoleBinding. */
export function defaultBinding(obj: KubeObject): void {
  if (isObject(obj.roleRef) && !obj.roleRef.apiGroup) obj.roleRef.apiGroup = RBAC_GROUP;
  defaultSubjects(obj);
}

function validatePolicyRule(value: unknown, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const rule = objectOf(value);
  if (!list(rule.verbs).length) errs.push(required(`${path}.verbs`, 'verbs must contain at least one value'));
  const urls = list(rule.nonResourceURLs);
  if (urls.length) {
    const value = new GoValue(goStringSlice(urls));
    if (namespaced) errs.push(invalid(`${path}.nonResourceURLs`, value, 'namespaced rules cannot apply to non-resource URLs'));
    if (list(rule.apiGroups).length || list(rule.resources).length || list(rule.resourceNames).length) {
      errs.push(invalid(`${path}.nonResourceURLs`, value, 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return errs;
  }
  if (!list(rule.apiGroups).length) errs.push(required(`${path}.apiGroups`, 'resource rules must supply at least one api group'));
  if (!list(rule.resources).length) errs.push(required(`${path}.resources`, 'resource rules must supply at least one resource'));
  return errs;
}

const rules = (obj: KubeObject, namespaced: boolean) => list(obj.rules).flatMap((r, i) => validatePolicyRule(r, namespaced, `rules[${i}]`));

export function validateRole(obj: KubeObject): FieldError[] {
  return [...validateObjectMeta(obj.metadata, true, nameIsPathSegment), ...rules(obj, true)];
}

export function validateClusterRole(obj: KubeObject): FieldError[] {
  const errs = [...validateObjectMeta(obj.metadata, false, nameIsPathSegment), ...rules(obj, false)];
  const agg = obj.aggregationRule;
  if (agg !== undefined && agg !== null) {
    const selectors = list(fieldOf(agg, 'clusterRoleSelectors'));
    if (!selectors.length) errs.push(required('aggregationRule.clusterRoleSelectors', 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
    selectors.forEach((s, i) => errs.push(...validateLabelSelector(s, `aggregationRule.clusterRoleSelectors[${i}]`)));
  }
  return errs;
}

function validateSubject(value: unknown, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const s = objectOf(value);
  const name = typeof s.name === 'string' ? s.name : '';
  const apiGroup = typeof s.apiGroup === 'string' ? s.apiGroup : '';
  if (!name) errs.push(required(`${path}.name`));
  switch (s.kind) {
    case 'ServiceAccount':
      if (name) errs.push(...invalidEach(`${path}.name`, name, nameIsDNSSubdomain(name, false)));
      if (apiGroup) errs.push(notSupported(`${path}.apiGroup`, apiGroup, ['']));
      if (!namespaced && !s.namespace) errs.push(required(`${path}.namespace`));
      break;
    case 'User':
    case 'Group':
      if (apiGroup !== RBAC_GROUP) errs.push(notSupported(`${path}.apiGroup`, apiGroup, [RBAC_GROUP]));
      break;
    default:
      errs.push(notSupported(`${path}.kind`, String(s.kind ?? ''), ['ServiceAccount', 'User', 'Group']));
  }
  return errs;
}

function validateBinding(obj: KubeObject, namespaced: boolean): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, namespaced, nameIsPathSegment);
  const ref = objectOf(obj.roleRef);
  if ((ref.apiGroup ?? '') !== RBAC_GROUP) errs.push(notSupported('roleRef.apiGroup', String(ref.apiGroup ?? ''), [RBAC_GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (typeof ref.kind !== 'string' || !kinds.includes(ref.kind)) errs.push(notSupported('roleRef.kind', String(ref.kind ?? ''), kinds));
  const name = typeof ref.name === 'string' ? ref.name : '';
  if (!name) errs.push(required('roleRef.name'));
  else errs.push(...invalidEach('roleRef.name', name, nameIsPathSegment(name, false)));
  list(obj.subjects).forEach((s, i) => errs.push(...validateSubject(s, namespaced, `subjects[${i}]`)));
  return errs;
}

/** rbac.RoleRef as %#v prints it in "cannot change roleRef". */
function goRoleRef(ref: Record<string, unknown>): GoValue {
  const q = (v: unknown) => JSON.stringify(String(v ?? ''));
  return new GoValue(`rbac.RoleRef{APIGroup:${q(ref?.apiGroup)}, Kind:${q(ref?.kind)}, Name:${q(ref?.name)}}`);
}

function validateBindingUpdate(obj: KubeObject, old: KubeObject, namespaced: boolean): FieldError[] {
  const errs = [...validateBinding(obj, namespaced), ...validateObjectMetaUpdate(obj.metadata, old.metadata)];
  const a = objectOf(obj.roleRef);
  const b = objectOf(old.roleRef);
  if (a.apiGroup !== b.apiGroup || a.kind !== b.kind || a.name !== b.name) errs.push(invalid('roleRef', goRoleRef(a), 'cannot change roleRef'));
  return errs;
}

export const validateRoleBinding = (obj: KubeObject) => validateBinding(obj, true);
export const validateRoleBindingUpdate = (obj: KubeObject, old: KubeObject) => validateBindingUpdate(obj, old, true);
export const validateClusterRoleBinding = (obj: KubeObject) => validateBinding(obj, false);
export const validateClusterRoleBindingUpdate = (obj: KubeObject, old: KubeObject) => validateBindingUpdate(obj, old, false);

export const validateRoleUpdate = (obj: KubeObject, old: KubeObject) => [...validateRole(obj), ...validateObjectMetaUpdate(obj.metadata, old.metadata)];
export const validateClusterRoleUpdate = (obj: KubeObject, old: KubeObject) => [...validateClusterRole(obj), ...validateObjectMetaUpdate(obj.metadata, old.metadata)];
