// The RBAC authorizer (kubernetes plugin/pkg/auth/authorizer/rbac): every ClusterRoleBinding, then every RoleBinding
// of the request's namespace, whose subjects include the user grants the rules of its role; the first rule that
// allows the request decides, with kube-apiserver's reason (`RBAC: allowed by RoleBinding "read-pods/dev" of Role
// "pod-reader" to ServiceAccount "reader/dev"`). A binding to a role that does not exist grants nothing and is
// reported (`RBAC: role.rbac.authorization.k8s.io "pod-reader" not found`), as the real denial says. The same walk
// lists a user's rules for SelfSubjectRulesReview (`kubectl auth can-i --list`).
import { findKind } from '../kinds/registry';
import type { ClusterRoleBinding, RoleBinding, RoleRef } from '../../api/objects';
import type { ObjectApi } from '../object-api';
import type { Attributes } from './request-attributes';
import { describeSubject, ruleAllows, subjectApplies, type PolicyRule, type Subject } from './rbac-rules';
import type { UserInfo } from './user';

const res = {
  role: findKind('Role')!,
  clusterRole: findKind('ClusterRole')!,
  roleBinding: findKind('RoleBinding')!,
  clusterRoleBinding: findKind('ClusterRoleBinding')!,
};

export interface Decision {
  allowed: boolean;
  reason: string;
}

/** Called with each rule a binding grants (or the error of a role that cannot be found); false stops the walk. */
type Visitor = (source: string | undefined, rule: PolicyRule | undefined, error: string | undefined) => boolean;

/** utilerrors.NewAggregate's text: one error as itself, several in brackets. */
export function aggregate(errors: string[]): string {
  return errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`;
}

export class RbacAuthorizer {
  constructor(private readonly api: ObjectApi) {}

  /** The rules of a binding's roleRef, or the lister's "not found" error. */
  private roleRules(roleRef: RoleRef | undefined, namespace: string): { rules?: PolicyRule[]; error?: string } {
    const name = String(roleRef?.name ?? '');
    if (roleRef?.kind === 'Role') {
      const role = namespace ? this.api.tryGet(res.role, namespace, name) : undefined;
      return role ? { rules: role.rules ?? [] } : { error: `role.rbac.authorization.k8s.io ${JSON.stringify(name)} not found` };
    }
    if (roleRef?.kind === 'ClusterRole') {
      const role = this.api.tryGet(res.clusterRole, undefined, name);
      return role ? { rules: role.rules ?? [] } : { error: `clusterrole.rbac.authorization.k8s.io ${JSON.stringify(name)} not found` };
    }
    return { error: `unsupported role reference kind: ${JSON.stringify(roleRef?.kind ?? '')}` };
  }

  /** VisitRulesFor: cluster-wide bindings first, then the namespace's. */
  private visitRulesFor(user: UserInfo, namespace: string, visit: Visitor): void {
    const walk = (binding: RoleBinding | ClusterRoleBinding, bindingNamespace: string, describe: (s: Subject) => string): boolean => {
      const subject = (Array.isArray(binding.subjects) ? binding.subjects : []).find((s: Subject) => subjectApplies(user, s, bindingNamespace));
      if (!subject) return true;
      const { rules, error } = this.roleRules(binding.roleRef, bindingNamespace);
      if (error) return visit(undefined, undefined, error);
      const source = describe(subject);
      for (const rule of rules ?? []) if (!visit(source, rule, undefined)) return false;
      return true;
    };
    for (const b of this.api.list(res.clusterRoleBinding, undefined).items) {
      const go = walk(b, '', (s) => `ClusterRoleBinding ${JSON.stringify(b.metadata.name)} of ${b.roleRef?.kind} ${JSON.stringify(b.roleRef?.name)} to ${describeSubject(s, '')}`);
      if (!go) return;
    }
    if (!namespace) return;
    for (const b of this.api.list(res.roleBinding, namespace).items) {
      const go = walk(b, namespace, (s) => `RoleBinding ${JSON.stringify(`${b.metadata.name}/${namespace}`)} of ${b.roleRef?.kind} ${JSON.stringify(b.roleRef?.name)} to ${describeSubject(s, namespace)}`);
      if (!go) return;
    }
  }

  authorize(attrs: Attributes): Decision {
    let allowed = '';
    const errors: string[] = [];
    this.visitRulesFor(attrs.user, attrs.namespace, (source, rule, error) => {
      if (rule && ruleAllows(attrs, rule)) {
        allowed = `RBAC: allowed by ${source}`;
        return false;
      }
      if (error) errors.push(error);
      return true;
    });
    if (allowed) return { allowed: true, reason: allowed };
    return { allowed: false, reason: errors.length ? `RBAC: ${aggregate(errors)}` : '' };
  }

  /** Every rule the user holds in the namespace (cluster-wide ones included), and the errors met on the way. */
  rulesFor(user: UserInfo, namespace: string): { rules: PolicyRule[]; errors: string[] } {
    const rules: PolicyRule[] = [];
    const errors: string[] = [];
    this.visitRulesFor(user, namespace, (_source, rule, error) => {
      if (rule) rules.push(rule);
      if (error) errors.push(error);
      return true;
    });
    return { rules, errors };
  }
}
