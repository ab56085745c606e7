// Defaulting and validation as kube-apiserver does them, per kind: the object API calls applyDefaults, then one of
// the validate functions, and turns a non-empty list into `invalid(group, kind, name, errors)` (422), which kubectl
// prints as `The Deployment "echo" is invalid: spec.template.metadata.labels: Invalid value: …`.
// Pure functions over plain JSON; the rules and messages follow Kubernetes 1.31 (the version this cluster reports).
import type { FieldError } from '../../api/errors';
import type { ResourceInfo } from '../../api/registry';
import type { KubeObject } from '../../api/types';
import { dedupe } from './field-errors';
import { nameFnFor } from './names';
import { validateCronJobCreate, validateCronJobUpdate, validateJobCreate, validateJobUpdate } from './validate-batch';
import {
  validateConfigMap, validateConfigMapUpdate, validateNamespace, validateNamespaceStatus, validateNode, validatePersistentVolume,
  validatePersistentVolumeClaim, validatePersistentVolumeClaimUpdate, validatePersistentVolumeUpdate, validateSecret, validateSecretUpdate,
} from './validate-core';
import { validateEndpoints, validateEndpointSlice, validateEndpointSliceUpdate, validateEndpointsUpdate } from './validate-endpoints';
import { validateObjectMeta, validateObjectMetaUpdate } from './validate-meta';
import { validateIngressClassCreate, validateIngressClassUpdate, validateIngressCreate, validateIngressUpdate } from './validate-networking';
import { validatePodCreate } from './validate-pod';
import { validatePodStatusUpdate, validatePodUpdate } from './validate-pod-update';
import { dropTypeDependentFields, validateService, validateServiceUpdate } from './validate-service';
import { validateWorkloadCreate, validateWorkloadStatus, validateWorkloadUpdate } from './validate-workloads';

export { applyDefaults } from './defaults';

type Create = (obj: KubeObject) => FieldError[];
type Update = (obj: KubeObject, old: KubeObject) => FieldError[];

const CREATE: Record<string, Create> = {
  Pod: validatePodCreate,
  Service: validateService,
  Endpoints: validateEndpoints,
  EndpointSlice: validateEndpointSlice,
  Namespace: validateNamespace,
  ConfigMap: validateConfigMap,
  Secret: validateSecret,
  PersistentVolumeClaim: validatePersistentVolumeClaim,
  PersistentVolume: validatePersistentVolume,
  Node: validateNode,
  Deployment: validateWorkloadCreate,
  ReplicaSet: validateWorkloadCreate,
  StatefulSet: validateWorkloadCreate,
  DaemonSet: validateWorkloadCreate,
  ControllerRevision: validateWorkloadCreate,
  Job: validateJobCreate,
  CronJob: validateCronJobCreate,
  Ingress: validateIngressCreate,
  IngressClass: validateIngressClassCreate,
};

const UPDATE: Record<string, Update> = {
  Pod: validatePodUpdate,
  Service: validateServiceUpdate,
  Endpoints: validateEndpointsUpdate,
  EndpointSlice: validateEndpointSliceUpdate,
  Namespace: (ns, old) => validateObjectMetaUpdate(ns.metadata, old.metadata),
  ConfigMap: validateConfigMapUpdate,
  Secret: validateSecretUpdate,
  PersistentVolumeClaim: validatePersistentVolumeClaimUpdate,
  PersistentVolume: validatePersistentVolumeUpdate,
  Node: (node, old) => [...validateObjectMetaUpdate(node.metadata, old.metadata), ...validateNode(node)],
  Deployment: validateWorkloadUpdate,
  ReplicaSet: validateWorkloadUpdate,
  StatefulSet: validateWorkloadUpdate,
  DaemonSet: validateWorkloadUpdate,
  ControllerRevision: validateWorkloadUpdate,
  Job: validateJobUpdate,
  CronJob: validateCronJobUpdate,
  Ingress: validateIngressUpdate,
  IngressClass: validateIngressClassUpdate,
};

const STATUS: Record<string, Update> = {
  Pod: validatePodStatusUpdate,
  Namespace: validateNamespaceStatus,
  Deployment: validateWorkloadStatus,
  ReplicaSet: validateWorkloadStatus,
  StatefulSet: validateWorkloadStatus,
  DaemonSet: validateWorkloadStatus,
};

/** Kinds without rules of their own still get ObjectMeta validation with their kind's name rule. */
function genericCreate(res: ResourceInfo): Create {
  return (obj) => validateObjectMeta(obj.metadata, res.namespaced, nameFnFor(res.kind));
}

/** The kind is the registry's (the caller already checked apiVersion/kind); metadata is always an object here. */
function withKind(res: ResourceInfo, obj: KubeObject): KubeObject {
  if (!obj.metadata || typeof obj.metadata !== 'object') obj.metadata = {};
  if (obj.kind !== res.kind) obj.kind = res.kind;
  return obj;
}

/**
 * What the kinds' strategies do to an update before validating it (PrepareForUpdate): a Service that stops being a
 * NodePort drops the node ports it no longer uses, and a Namespace's spec.finalizers are only changed by /finalize.
 */
function prepareForUpdate(res: ResourceInfo, obj: KubeObject, old: KubeObject): void {
  if (res.kind === 'Service') dropTypeDependentFields(obj.spec, old.spec);
  if (res.kind === 'Namespace' && old.spec) obj.spec = { ...(obj.spec ?? {}), finalizers: old.spec.finalizers };
}

/** Validation on create; [] means valid. The caller turns errors into `invalid(group, kind, name, errors)` (422). */
export function validateCreate(res: ResourceInfo, obj: KubeObject): FieldError[] {
  withKind(res, obj);
  return dedupe((CREATE[res.kind] ?? genericCreate(res))(obj));
}

/** Validation on update (includes everything validateCreate checks, plus immutable fields vs `old`). */
export function validateUpdate(res: ResourceInfo, obj: KubeObject, old: KubeObject): FieldError[] {
  withKind(res, obj);
  prepareForUpdate(res, obj, old);
  const update = UPDATE[res.kind] ?? ((o: KubeObject, prev: KubeObject) => [...validateObjectMetaUpdate(o.metadata, prev.metadata), ...genericCreate(res)(o)]);
  return dedupe(update(obj, old));
}

/** Status-subresource updates validate only status-relevant rules. */
export function validateStatusUpdate(res: ResourceInfo, obj: KubeObject, old: KubeObject): FieldError[] {
  withKind(res, obj);
  const update = STATUS[res.kind] ?? ((o: KubeObject, prev: KubeObject) => validateObjectMetaUpdate(o.metadata, prev.metadata));
  return dedupe(update(obj, old));
}
