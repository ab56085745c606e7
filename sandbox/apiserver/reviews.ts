// Reviews answer a question about the caller instead of storing an object: `kubectl auth can-i`
// (SelfSubjectAccessReview; SelfSubjectRulesReview for `--list`) and `kubectl auth whoami` (SelfSubjectReview).
// A sandbox's token belongs to the one learner who owns the cluster and administers it, so every access is allowed
// and the caller is the cluster admin — what kind's or kubeadm's admin kubeconfig answers on a real cluster.
import { badRequest } from '../api/errors';
import { apiVersionOf, type ResourceInfo } from '../api/registry';
import type { KubeObject } from '../api/types';
import { fieldOf } from '../api/unchecked';

export const CLUSTER_ADMIN = { username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] };

const ALLOWED_REASON = 'RBAC: allowed by ClusterRoleBinding "kubeadm:cluster-admins" of ClusterRole "cluster-admin" to Group "kubeadm:cluster-admins"';

/** The review `body` asked for, with its status filled in (the apiserver answers 201 and stores nothing). */
export function answerReview(res: ResourceInfo, body: KubeObject): KubeObject {
  const spec = body?.spec ?? {};
  const base = { apiVersion: apiVersionOf(res), kind: res.kind, metadata: { ...(body?.metadata ?? {}) } };
  switch (res.kind) {
    case 'SelfSubjectReview':
      return { ...base, status: { userInfo: { ...CLUSTER_ADMIN } } };
    case 'SelfSubjectAccessReview': {
      const resource = !!fieldOf(spec, 'resourceAttributes');
      const nonResource = !!fieldOf(spec, 'nonResourceAttributes');
      if (resource === nonResource) {
        throw badRequest(
          `SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.${resource ? 'resourceAttributes' : 'nonResourceAttributes'}: Invalid value: ${resource ? '"resourceAttributes"' : '"null"'}: exactly one of nonResourceAttributes or resourceAttributes must be specified`,
        );
      }
      return { ...base, spec, status: { allowed: true, reason: ALLOWED_REASON } };
    }
    case 'SelfSubjectRulesReview':
      return {
        ...base,
        spec,
        status: {
          resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
          nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
          incomplete: false,
        },
      };
    default:
      throw badRequest(`${res.kind} is not a review`);
  }
}
