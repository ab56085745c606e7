// SelfSubjectRulesReview (`kubectl auth can-i --list`): answered per request, never stored.
import { resource, type KindRecord } from './kind';

export const selfSubjectRulesReview: KindRecord = {
  resource: resource('authorization.k8s.io', 'v1', 'SelfSubjectRulesReview', 'selfsubjectrulesreviews', false, [], { review: true }),
  protobuf: 'SelfSubjectRulesReview',
};
