// Every message table in one map, and the kinds that may arrive at the top of a protobuf request body. The list
// of kinds is what kubectl 1.32 and 1.33 were measured sending as protobuf (docs/PROTOBUF.md); any other kind is
// answered with a 415 that names it.
import type { MessageTable } from '../schema';
import { ACCESS } from './access';
import { AUTOSCALING_POLICY } from './autoscaling-policy';
import { CORE } from './core';
import { META } from './meta';
import { NETWORKING } from './networking';
import { POD } from './pod';
import { VOLUMES } from './volumes';
import { WORKLOADS } from './workloads';

export const MESSAGES: Readonly<Record<string, MessageTable>> = {
  ...META,
  ...CORE,
  ...POD,
  ...VOLUMES,
  ...WORKLOADS,
  ...NETWORKING,
  ...ACCESS,
  ...AUTOSCALING_POLICY,
};

/** `apiVersion kind` → the table of the object's body, for every kind kubectl sends as protobuf. */
export const ROOT_KINDS: Readonly<Record<string, string>> = {
  'v1 Namespace': 'Namespace',
  'v1 ConfigMap': 'ConfigMap',
  'v1 Secret': 'Secret',
  'v1 ServiceAccount': 'ServiceAccount',
  'v1 Service': 'Service',
  'v1 ResourceQuota': 'ResourceQuota',
  'v1 Pod': 'Pod',
  'apps/v1 Deployment': 'Deployment',
  'batch/v1 Job': 'Job',
  'batch/v1 CronJob': 'CronJob',
  'networking.k8s.io/v1 Ingress': 'Ingress',
  'rbac.authorization.k8s.io/v1 Role': 'Role',
  'rbac.authorization.k8s.io/v1 RoleBinding': 'RoleBinding',
  'rbac.authorization.k8s.io/v1 ClusterRole': 'ClusterRole',
  'rbac.authorization.k8s.io/v1 ClusterRoleBinding': 'ClusterRoleBinding',
  'authentication.k8s.io/v1 TokenRequest': 'TokenRequest',
  'authentication.k8s.io/v1 SelfSubjectReview': 'SelfSubjectReview',
  'authorization.k8s.io/v1 SelfSubjectAccessReview': 'SelfSubjectAccessReview',
  'authorization.k8s.io/v1 SelfSubjectRulesReview': 'SelfSubjectRulesReview',
  'certificates.k8s.io/v1 CertificateSigningRequest': 'CertificateSigningRequest',
  'autoscaling/v2 HorizontalPodAutoscaler': 'HorizontalPodAutoscaler',
  'autoscaling/v1 HorizontalPodAutoscaler': 'HorizontalPodAutoscalerV1',
  'policy/v1 PodDisruptionBudget': 'PodDisruptionBudget',
  'scheduling.k8s.io/v1 PriorityClass': 'PriorityClass',
};

/** Kinds registered in every group version (client-go stamps DeleteOptions with the resource's own apiVersion). */
export const ANY_VERSION_KINDS: Readonly<Record<string, string>> = {
  DeleteOptions: 'DeleteOptions',
};
