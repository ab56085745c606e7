// Roles: the permissions (verbs on resources) a binding can grant inside one namespace.
import { validateRole, validateRoleUpdate } from '../admission/validate-rbac';
import { rolePrinter } from '../tables/rbac';
import { resource, type KindRecord } from './kind';

export const role: KindRecord = {
  resource: resource('rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true),
  tracksGeneration: false,
  validate: { create: validateRole, update: validateRoleUpdate },
  printer: rolePrinter,
  protobuf: 'Role',
};
