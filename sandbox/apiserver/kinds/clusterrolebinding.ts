// ClusterRoleBindings: grant a ClusterRole in every namespace and for cluster-scoped resources.
import { defaultBinding, validateClusterRoleBinding, validateClusterRoleBindingUpdate } from '../admission/validate-rbac';
import { clusterRoleBindingPrinter } from '../tables/rbac';
import { resource, type KindRecord } from './kind';

export const clusterRoleBinding: KindRecord = {
  resource: resource('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false),
  tracksGeneration: false,
  defaults: defaultBinding,
  validate: { create: validateClusterRoleBinding, update: validateClusterRoleBindingUpdate },
  printer: clusterRoleBindingPrinter,
  protobuf: 'ClusterRoleBinding',
};
