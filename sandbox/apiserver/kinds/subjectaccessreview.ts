// SubjectAccessReview: may this user (and these groups) do that? Answered per request from the authorizer, never stored.
import { resource, type KindRecord } from './kind';

export const subjectAccessReview: KindRecord = {
  resource: resource('authorization.k8s.io', 'v1', 'SubjectAccessReview', 'subjectaccessreviews', false, [], { review: true }),
};
