// Tables for the access-control kinds kubectl 1.32+ sends as protobuf: RBAC roles and bindings
// (`kubectl create role|rolebinding|clusterrole|clusterrolebinding`), TokenRequest (`kubectl create token`),
// SelfSubjectAccessReview (`kubectl auth can-i`), SelfSubjectRulesReview (`kubectl auth can-i --list`), SelfSubjectReview (`kubectl auth whoami`) and the
// CertificateSigningRequest `kubectl certificate approve|deny` PUTs back with its status. Field numbers and JSON names
// from k8s.io/api rbac/v1, authentication/v1, authorization/v1, certificates/v1 generated.proto and types.go (v0.33).
import type { MessageTable } from '../schema';

export const ACCESS: Record<string, MessageTable> = {
  SelfSubjectAccessReview: { 1: 'metadata: ObjectMeta', 2: 'spec: SelfSubjectAccessReviewSpec', 3: 'status: SubjectAccessReviewStatus' },
  SelfSubjectAccessReviewSpec: { 1: 'resourceAttributes: ResourceAttributes', 2: 'nonResourceAttributes: NonResourceAttributes' },
  NonResourceAttributes: { 1: 'path: string', 2: 'verb: string' },
  ResourceAttributes: {
    1: 'namespace: string',
    2: 'verb: string',
    3: 'group: string',
    4: 'version: string',
    5: 'resource: string',
    6: 'subresource: string',
    7: 'name: string',
    8: 'fieldSelector: FieldSelectorAttributes',
    9: 'labelSelector: LabelSelectorAttributes',
  },
  LabelSelectorAttributes: { 1: 'rawSelector: string', 2: 'requirements: []LabelSelectorRequirement' },
  FieldSelectorAttributes: { 1: 'rawSelector: string', 2: 'requirements: []FieldSelectorRequirement' },
  SelfSubjectReview: { 1: 'metadata: ObjectMeta', 2: 'status: SelfSubjectReviewStatus' },
  SelfSubjectRulesReview: { 1: 'metadata: ObjectMeta', 2: 'spec: SelfSubjectRulesReviewSpec', 3: 'status: SubjectRulesReviewStatus' },
  SelfSubjectRulesReviewSpec: { 1: 'namespace: string' },
  TokenRequest: { 1: 'metadata: ObjectMeta', 2: 'spec: TokenRequestSpec', 3: 'status: TokenRequestStatus' },
  TokenRequestSpec: { 1: 'audiences: []string', 3: 'boundObjectRef: BoundObjectReference', 4: '*expirationSeconds: int64' },
  BoundObjectReference: { 1: 'kind: string', 2: 'apiVersion: string', 3: 'name: string', 4: 'uid: string' },
  ClusterRoleBinding: { 1: 'metadata: ObjectMeta', 2: 'subjects: []Subject', 3: 'roleRef: RoleRef' },
  ClusterRole: { 1: 'metadata: ObjectMeta', 2: 'rules: []PolicyRule', 3: 'aggregationRule: AggregationRule' },
  AggregationRule: { 1: 'clusterRoleSelectors: []LabelSelector' },
  RoleBinding: { 1: 'metadata: ObjectMeta', 2: 'subjects: []Subject', 3: 'roleRef: RoleRef' },
  RoleRef: { 1: '*apiGroup: string', 2: '*kind: string', 3: '*name: string' },
  Subject: { 1: '*kind: string', 2: 'apiGroup: string', 3: '*name: string', 4: 'namespace: string' },
  Role: { 1: 'metadata: ObjectMeta', 2: 'rules: []PolicyRule' },
  PolicyRule: {
    1: 'verbs: []string',
    2: 'apiGroups: []string',
    3: 'resources: []string',
    4: 'resourceNames: []string',
    5: 'nonResourceURLs: []string',
  },
  // The approval carries status.conditions, so this status is decoded in full.
  CertificateSigningRequest: {
    1: 'metadata: ObjectMeta',
    2: 'spec: CertificateSigningRequestSpec',
    3: 'status: CertificateSigningRequestStatus',
  },
  CertificateSigningRequestSpec: {
    1: '*request: bytes',
    2: 'username: string',
    3: 'uid: string',
    4: 'groups: []string',
    5: 'usages: []string',
    6: 'extra: map[string]ExtraValue',
    7: '*signerName: string',
    8: '*expirationSeconds: int32',
  },
  CertificateSigningRequestStatus: { 1: 'conditions: []CertificateSigningRequestCondition', 2: 'certificate: bytes' },
  CertificateSigningRequestCondition: {
    1: '*type: string',
    2: 'reason: string',
    3: 'message: string',
    4: 'lastUpdateTime: Time',
    5: 'lastTransitionTime: Time',
    6: '*status: string',
  },
  // Statuses: kubectl never sends one (the server computes them), so they decode to {}.
  SelfSubjectReviewStatus: {},
  TokenRequestStatus: {},
  SubjectAccessReviewStatus: {},
  SubjectRulesReviewStatus: {},
};
