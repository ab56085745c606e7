// When one RBAC PolicyRule allows a request (k8s.io/component-helpers auth/rbac and rbac/v1 evaluation_helpers):
// verbs and API groups match exactly or by `*`; a resource matches `pods`, `pods/log` for the subresource, `*`, or
// `*/log`; resourceNames, when given, must contain the name; non-resource URLs match exactly, by `*`, or by a
// trailing `*` prefix. And when a binding's subject is the user: a User by name, a Group by membership, a
// ServiceAccount by its username (namespace defaulting to the binding's).
import type { Attributes } from './request-attributes';
import { serviceAccountUsername, type UserInfo } from './user';

export interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Subject {
  kind?: string;
  apiGroup?: string;
  name?: string;
  namespace?: string;
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return list(rule.verbs).some((v) => v === '*' || v === verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return list(rule.apiGroups).some((g) => g === '*' || g === group);
}

export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  return list(rule.resources).some((r) => r === '*' || r === combined || (!!subresource && r === `*/${subresource}`));
}

export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = list(rule.resourceNames);
  return names.length === 0 || names.includes(name);
}

export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  return list(rule.nonResourceURLs).some((u) => u === '*' || u === path || (u.endsWith('*') && path.startsWith(u.slice(0, -1))));
}

export function ruleAllows(attrs: Attributes, rule: PolicyRule): boolean {
  if (!verbMatches(rule, attrs.verb)) return false;
  if (!attrs.resourceRequest) return nonResourceURLMatches(rule, attrs.path);
  const combined = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  return apiGroupMatches(rule, attrs.apiGroup) && resourceMatches(rule, combined, attrs.subresource) && resourceNameMatches(rule, attrs.name);
}

/** appliesToUser: `namespace` is the binding's ('' for a ClusterRoleBinding). */
export function subjectApplies(user: UserInfo, subject: Subject, namespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.username === subject.name;
    case 'Group':
      return user.groups.includes(String(subject.name));
    case 'ServiceAccount': {
      const ns = subject.namespace || namespace;
      return !!ns && user.username === serviceAccountUsername(ns, String(subject.name));
    }
    default:
      return false;
  }
}

/** describeSubject: `ServiceAccount "reader/dev"`, `User "alice"`. */
export function describeSubject(subject: Subject, bindingNamespace: string): string {
  if (subject.kind === 'ServiceAccount') return `${subject.kind} ${JSON.stringify(`${subject.name}/${subject.namespace || bindingNamespace}`)}`;
  return `${subject.kind} ${JSON.stringify(subject.name)}`;
}
