// ClusterRoles: permissions for the whole cluster, for non-resource URLs, or to be granted in one namespace by a
// RoleBinding. An aggregationRule makes the clusterrole-aggregation controller fill in its rules (admin, edit, view).
import { validateClusterRole, validateClusterRoleUpdate } from '../admission/validate-rbac';
import { rolePrinter } from '../tables/rbac';
import { resource, type KindRecord } from './kind';

export const clusterRole: KindRecord = {
  resource: resource('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false),
  tracksGeneration: false,
  validate: { create: validateClusterRole, update: validateClusterRoleUpdate },
  printer: rolePrinter,
  protobuf: 'ClusterRole',
};
