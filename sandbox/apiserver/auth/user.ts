// Who is asking: the user.Info of k8s.io/apiserver (name, uid, groups, extra) and the fixed names Kubernetes gives
// ServiceAccounts (`system:serviceaccount:<ns>:<name>`, groups system:serviceaccounts and
// system:serviceaccounts:<ns>), so authentication, impersonation and RBAC agree on them.

export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

export const ALL_AUTHENTICATED = 'system:authenticated';
export const ALL_UNAUTHENTICATED = 'system:unauthenticated';
export const ANONYMOUS = 'system:anonymous';
export const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';
export const SERVICE_ACCOUNTS_GROUP = 'system:serviceaccounts';
/** The group kube-apiserver lets do anything, before any authorizer is asked. */
export const SYSTEM_MASTERS = 'system:masters';

/** The owner of a sandbox: kubeadm's admin kubeconfig identity (1.29+: group kubeadm:cluster-admins). */
export const CLUSTER_ADMIN: UserInfo = { username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', ALL_AUTHENTICATED] };

export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SERVICE_ACCOUNT_PREFIX}${namespace}:${name}`;
}

/** serviceaccount.SplitUsername: namespace and name of `system:serviceaccount:<ns>:<name>`, or undefined. */
export function splitServiceAccountUsername(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SERVICE_ACCOUNT_PREFIX)) return undefined;
  const parts = username.slice(SERVICE_ACCOUNT_PREFIX.length).split(':');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  return { namespace: parts[0], name: parts[1] };
}

/** serviceaccount.MakeGroupNames. */
export function serviceAccountGroups(namespace: string): string[] {
  return [SERVICE_ACCOUNTS_GROUP, `${SERVICE_ACCOUNTS_GROUP}:${namespace}`];
}
