// CronJobs: Jobs on a schedule.
import { defaultCronJob } from '../admission/defaults';
import { validateCronJobCreate, validateCronJobUpdate } from '../admission/validate-batch';
import { cronJobPrinter } from '../tables/workloads';
import { resource, type KindRecord } from './kind';

export const cronJob: KindRecord = {
  resource: resource('batch', 'v1', 'CronJob', 'cronjobs', true, ['cj'], { inAll: true, subresources: ['status'] }),
  defaults: defaultCronJob,
  validate: { create: validateCronJobCreate, update: validateCronJobUpdate },
  printer: cronJobPrinter,
  protobuf: 'CronJob',
};
