// RoleBindings: grant a Role (or a ClusterRole, inside this namespace only) to Users, Groups and ServiceAccounts.
// Their roleRef never changes: a binding to another role is a new binding.
import { defaultBinding, validateRoleBinding, validateRoleBindingUpdate } from '../admission/validate-rbac';
import { roleBindingPrinter } from '../tables/rbac';
import { resource, type KindRecord } from './kind';

export const roleBinding: KindRecord = {
  resource: resource('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true),
  tracksGeneration: false,
  defaults: defaultBinding,
  validate: { create: validateRoleBinding, update: validateRoleBindingUpdate },
  printer: roleBindingPrinter,
  protobuf: 'RoleBinding',
};
