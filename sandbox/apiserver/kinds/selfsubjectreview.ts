// SelfSubjectReview (`kubectl auth whoami`): answered per request, never stored.
import { resource, type KindRecord } from './kind';

export const selfSubjectReview: KindRecord = {
  resource: resource('authentication.k8s.io', 'v1', 'SelfSubjectReview', 'selfsubjectreviews', false, [], { review: true }),
  protobuf: 'SelfSubjectReview',
};
