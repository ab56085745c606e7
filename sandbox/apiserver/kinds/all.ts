// Every kind this cluster serves, in the order discovery lists them (core first). A new kind is a file beside
// these and one line here.
import type { KindRecord } from './kind';
import { namespace } from './namespace';
import { node } from './node';
import { pod } from './pod';
import { service } from './service';
import { endpoints } from './endpoints';
import { configMap } from './configmap';
import { secret } from './secret';
import { serviceAccount } from './serviceaccount';
import { event } from './event';
import { persistentVolume } from './persistentvolume';
import { persistentVolumeClaim } from './persistentvolumeclaim';
import { resourceQuota } from './resourcequota';
import { limitRange } from './limitrange';
import { deployment } from './deployment';
import { replicaSet } from './replicaset';
import { statefulSet } from './statefulset';
import { daemonSet } from './daemonset';
import { controllerRevision } from './controllerrevision';
import { job } from './job';
import { cronJob } from './cronjob';
import { horizontalPodAutoscaler } from './horizontalpodautoscaler';
import { horizontalPodAutoscalerV1 } from './horizontalpodautoscaler-v1';
import { ingress } from './ingress';
import { ingressClass } from './ingressclass';
import { networkPolicy } from './networkpolicy';
import { endpointSlice } from './endpointslice';
import { lease } from './lease';
import { podDisruptionBudget } from './poddisruptionbudget';
import { storageClass } from './storageclass';
import { priorityClass } from './priorityclass';
import { selfSubjectReview } from './selfsubjectreview';
import { selfSubjectAccessReview } from './selfsubjectaccessreview';
import { selfSubjectRulesReview } from './selfsubjectrulesreview';
import { nodeMetrics } from './nodemetrics';
import { podMetrics } from './podmetrics';
import { subjectAccessReview } from './subjectaccessreview';
import { role } from './role';
import { roleBinding } from './rolebinding';
import { clusterRole } from './clusterrole';
import { clusterRoleBinding } from './clusterrolebinding';
import { customResourceDefinition } from './customresourcedefinition';

export const KINDS: readonly KindRecord[] = [
  namespace,
  node,
  pod,
  service,
  endpoints,
  configMap,
  secret,
  serviceAccount,
  event,
  persistentVolume,
  persistentVolumeClaim,
  resourceQuota,
  limitRange,
  deployment,
  replicaSet,
  statefulSet,
  daemonSet,
  controllerRevision,
  job,
  cronJob,
  horizontalPodAutoscaler,
  horizontalPodAutoscalerV1,
  ingress,
  ingressClass,
  networkPolicy,
  endpointSlice,
  lease,
  podDisruptionBudget,
  storageClass,
  priorityClass,
  selfSubjectReview,
  selfSubjectAccessReview,
  selfSubjectRulesReview,
  nodeMetrics,
  podMetrics,
  subjectAccessReview,
  clusterRoleBinding,
  clusterRole,
  roleBinding,
  role,
  customResourceDefinition,
];
