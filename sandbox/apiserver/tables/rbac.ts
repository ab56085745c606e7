// Rows for RBAC: Roles and ClusterRoles print NAME and CREATED AT; bindings print the role they grant as
// `Role/pod-reader` and, with -o wide, their Users, Groups and ServiceAccounts (`dev/reader`), as kubernetes
// pkg/printers/internalversion does (printRoleBinding, rbac.SubjectsStrings).
import type { KubeObject } from '../../api/types';
import type { RoleRef } from '../../api/objects';
import { age, ageColumn, AGE_DESCRIPTION, column, nameColumn, text, type Printer } from './format';

export const rolePrinter: Printer = {
  columns: [nameColumn(), column('Created At', 'date', AGE_DESCRIPTION)],
  cells: (role) => [role.metadata.name, role.metadata.creationTimestamp ?? null],
};

/** SubjectsStrings: user names, group names, and service accounts as `namespace/name` (or `name` without one). */
export function subjectsStrings(binding: KubeObject): { users: string[]; groups: string[]; serviceAccounts: string[] } {
  const out = { users: [] as string[], groups: [] as string[], serviceAccounts: [] as string[] };
  for (const s of Array.isArray(binding.subjects) ? binding.subjects : []) {
    const name = text(s?.name);
    if (s?.kind === 'User') out.users.push(name);
    else if (s?.kind === 'Group') out.groups.push(name);
    else if (s?.kind === 'ServiceAccount') out.serviceAccounts.push(s.namespace ? `${s.namespace}/${name}` : name);
  }
  return out;
}

export const roleBindingPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Role', 'string', 'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error. This field is immutable.'),
    ageColumn(),
    column('Users', 'string', 'Users in the roleBinding', 1),
    column('Groups', 'string', 'Groups in the roleBinding', 1),
    column('ServiceAccounts', 'string', 'ServiceAccounts in the roleBinding', 1),
  ],
  cells(binding, now) {
    const { users, groups, serviceAccounts } = subjectsStrings(binding);
    const ref: Partial<RoleRef> = binding.roleRef ?? {};
    return [binding.metadata.name, `${text(ref.kind)}/${text(ref.name)}`, age(binding, now), users.join(', '), groups.join(', '), serviceAccounts.join(', ')];
  },
};

export const clusterRoleBindingPrinter: Printer = {
  ...roleBindingPrinter,
  columns: roleBindingPrinter.columns.map((c) =>
    c.name === 'Role' ? { ...c, description: 'RoleRef can only reference a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error. This field is immutable.' } : c,
  ),
};
