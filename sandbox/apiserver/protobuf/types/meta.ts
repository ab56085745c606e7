// Tables for k8s.io/apimachinery meta/v1: the ObjectMeta every object carries, label selectors, and the
// DeleteOptions kubectl 1.32+ sends as protobuf with `kubectl drain --disable-eviction`, plus runtime's envelope.
// Field numbers and JSON names from apimachinery's pkg/apis/meta/v1 and pkg/runtime generated.proto and types.go
// (v0.33); notation in ../schema.ts.
import type { MessageTable } from '../schema';

export const META: Record<string, MessageTable> = {
  // runtime.Unknown and runtime.TypeMeta (apimachinery pkg/runtime generated.proto): the envelope after "k8s\0".
  Unknown: { 1: 'typeMeta: TypeMeta', 2: 'raw: bytes', 3: 'contentEncoding: string', 4: 'contentType: string' },
  TypeMeta: { 1: 'apiVersion: string', 2: 'kind: string' },
  ObjectMeta: {
    1: 'name: string',
    2: 'generateName: string',
    3: 'namespace: string',
    4: 'selfLink: string',
    5: 'uid: string',
    6: 'resourceVersion: string',
    7: 'generation: int64',
    8: 'creationTimestamp: Time',
    9: 'deletionTimestamp: Time',
    10: '*deletionGracePeriodSeconds: int64',
    11: 'labels: map[string]string',
    12: 'annotations: map[string]string',
    13: 'ownerReferences: []OwnerReference',
    14: 'finalizers: []string',
    17: 'managedFields: []ManagedFieldsEntry',
  },
  OwnerReference: {
    1: '*kind: string',
    3: '*name: string',
    4: '*uid: string',
    5: '*apiVersion: string',
    6: '*controller: bool',
    7: '*blockOwnerDeletion: bool',
  },
  ManagedFieldsEntry: {
    1: 'manager: string',
    2: 'operation: string',
    3: 'apiVersion: string',
    4: 'time: Time',
    6: 'fieldsType: string',
    7: 'fieldsV1: FieldsV1',
    8: 'subresource: string',
  },
  LabelSelector: { 1: 'matchLabels: map[string]string', 2: 'matchExpressions: []LabelSelectorRequirement' },
  LabelSelectorRequirement: { 1: '*key: string', 2: '*operator: string', 3: 'values: []string' },
  FieldSelectorRequirement: { 1: '*key: string', 2: '*operator: string', 3: 'values: []string' },
  DeleteOptions: {
    1: '*gracePeriodSeconds: int64',
    2: 'preconditions: Preconditions',
    3: '*orphanDependents: bool',
    4: '*propagationPolicy: string',
    5: 'dryRun: []string',
    6: '*ignoreStoreReadErrorWithClusterBreakingPotential: bool',
  },
  Preconditions: { 1: '*uid: string', 2: '*resourceVersion: string' },
};
