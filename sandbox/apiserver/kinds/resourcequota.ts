// ResourceQuotas: what a namespace may hold in all (spec.hard), enforced at admission (plugins/resource-quota.ts)
// and counted into status.used by the resource quota controller.
import { defaultResourceQuota } from '../admission/defaults-quota';
import { validateResourceQuota, validateResourceQuotaStatus, validateResourceQuotaUpdate } from '../admission/validate-quota';
import { resourceQuotaPrinter } from '../tables/quota';
import { resource, type KindRecord } from './kind';

export const resourceQuota: KindRecord = {
  resource: resource('', 'v1', 'ResourceQuota', 'resourcequotas', true, ['quota'], { subresources: ['status'] }),
  tracksGeneration: false,
  defaults: defaultResourceQuota,
  validate: { create: validateResourceQuota, update: validateResourceQuotaUpdate, status: validateResourceQuotaStatus },
  printer: resourceQuotaPrinter,
  protobuf: 'ResourceQuota',
};
