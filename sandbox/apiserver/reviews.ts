// Reviews answer a question about a user instead of storing an object, from the same authorizer that guards every
// request: `kubectl auth can-i` (SelfSubjectAccessReview; SelfSubjectRulesReview for `--list`), `kubectl auth whoami`
// (SelfSubjectReview), and SubjectAccessReview for any user and groups. The caller is the user the request runs as —
// a ServiceAccount token's, or whoever `--as` names — so `kubectl auth can-i --as=system:serviceaccount:dev:reader`
// answers for that ServiceAccount.
import { badRequest } from '../api/errors';
import { apiVersionOf, type ResourceInfo } from '../api/registry';
import type { KubeObject } from '../api/types';
import type { ApiAccess, Caller } from './auth/access';
import type { Attributes } from './auth/request-attributes';
import type { PolicyRule } from './auth/rbac-rules';
import { aggregate } from './auth/rbac-authorizer';

/** A review's spec as the client sent it: unvalidated JSON, read field by field. */
type ReviewSpec = Record<string, any>;

function checkAttributes(kind: string, spec: ReviewSpec): void {
  const resource = !!spec.resourceAttributes;
  const nonResource = !!spec.nonResourceAttributes;
  if (resource === nonResource) {
    throw badRequest(
      `${kind}.authorization.k8s.io "" is invalid: spec.${resource ? 'resourceAttributes' : 'nonResourceAttributes'}: Invalid value: ${resource ? '"resourceAttributes"' : '"null"'}: exactly one of nonResourceAttributes or resourceAttributes must be specified`,
    );
  }
}

/** The authorizer's attributes of a review's spec (resourceAttributes or nonResourceAttributes). */
function attributesOf(spec: ReviewSpec): Omit<Attributes, 'user'> {
  const r = spec.resourceAttributes;
  if (r) {
    const s = (v: unknown) => (typeof v === 'string' ? v : '');
    return { verb: s(r.verb), resourceRequest: true, path: '', apiGroup: s(r.group), apiVersion: s(r.version), namespace: s(r.namespace), resource: s(r.resource), subresource: s(r.subresource), name: s(r.name) };
  }
  const n = spec.nonResourceAttributes ?? {};
  return { verb: String(n.verb ?? ''), resourceRequest: false, path: String(n.path ?? ''), apiGroup: '', apiVersion: '', namespace: '', resource: '', subresource: '', name: '' };
}

function accessStatus(access: ApiAccess, caller: Caller, spec: ReviewSpec): Record<string, unknown> {
  const decision = access.authorize(caller, attributesOf(spec));
  return { allowed: decision.allowed, ...(decision.reason ? { reason: decision.reason } : {}) };
}

/** SubjectRulesReviewStatus: the rules as they are written in the roles, resource and non-resource apart. */
function rulesStatus(rules: PolicyRule[], errors: string[]): Record<string, unknown> {
  const resourceRules = rules.filter((r) => !r.nonResourceURLs?.length).map((r) => ({ verbs: r.verbs ?? [], apiGroups: r.apiGroups ?? [], resources: r.resources ?? [], ...(r.resourceNames?.length ? { resourceNames: r.resourceNames } : {}) }));
  const nonResourceRules = rules.filter((r) => r.nonResourceURLs?.length).map((r) => ({ verbs: r.verbs ?? [], nonResourceURLs: r.nonResourceURLs }));
  return { resourceRules, nonResourceRules, incomplete: false, ...(errors.length ? { evaluationError: aggregate(errors) } : {}) };
}

/** The review `body` asked for, with its status filled in (the apiserver answers 201 and stores nothing). */
export function answerReview(res: ResourceInfo, body: KubeObject, caller: Caller, access: ApiAccess): KubeObject {
  const spec = (body?.spec ?? {}) as ReviewSpec;
  const base = { apiVersion: apiVersionOf(res), kind: res.kind, metadata: { ...(body?.metadata ?? {}) } };
  switch (res.kind) {
    case 'SelfSubjectReview':
      return { ...base, status: { userInfo: { ...caller.user } } };
    case 'SelfSubjectAccessReview':
      checkAttributes(res.kind, spec);
      return { ...base, spec, status: accessStatus(access, caller, spec) };
    case 'SubjectAccessReview': {
      checkAttributes(res.kind, spec);
      const groups: string[] = Array.isArray(spec.groups) ? spec.groups.map(String) : [];
      if (!spec.user && !groups.length) {
        throw badRequest(`SubjectAccessReview.authorization.k8s.io "" is invalid: spec.user: Invalid value: "": at least one of user or group must be specified`);
      }
      const subject: Caller = { user: { username: String(spec.user ?? ''), groups, ...(spec.uid ? { uid: String(spec.uid) } : {}), ...(spec.extra ? { extra: spec.extra } : {}) }, privileged: false };
      return { ...base, spec, status: accessStatus(access, subject, spec) };
    }
    case 'SelfSubjectRulesReview': {
      const { rules, errors } = access.rbac.rulesFor(caller.user, String(spec.namespace ?? ''));
      return { ...base, spec, status: rulesStatus(rules, errors) };
    }
    default:
      throw badRequest(`${res.kind} is not a review`);
  }
}
