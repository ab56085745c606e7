// Jobs: pods run to completion, with a generated selector.
import { defaultJob } from '../admission/defaults';
import { validateJobCreate, validateJobUpdate } from '../admission/validate-batch';
import { jobPrinter } from '../tables/workloads';
import { resource, type KindRecord } from './kind';

export const job: KindRecord = {
  resource: resource('batch', 'v1', 'Job', 'jobs', true, [], { inAll: true, subresources: ['status'] }),
  defaults: defaultJob,
  validate: { create: validateJobCreate, update: validateJobUpdate },
  printer: jobPrinter,
  protobuf: 'Job',
};
