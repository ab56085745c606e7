// SelfSubjectAccessReview (`kubectl auth can-i`): answered per request, never stored.
import { resource, type KindRecord } from './kind';

export const selfSubjectAccessReview: KindRecord = {
  resource: resource('authorization.k8s.io', 'v1', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews', false, [], { review: true }),
  protobuf: 'SelfSubjectAccessReview',
};
