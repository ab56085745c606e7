// StatefulSets: ordered pods with stable names (so DNS-label names) and their own claims.
import { defaultStatefulSet } from '../admission/defaults';
import { validateWorkloadCreate, validateWorkloadStatus, validateWorkloadUpdate } from '../admission/validate-workloads';
import { statefulSetPrinter } from '../tables/workloads';
import { resource, type KindRecord } from './kind';

export const statefulSet: KindRecord = {
  resource: resource('apps', 'v1', 'StatefulSet', 'statefulsets', true, ['sts'], { inAll: true, subresources: ['status', 'scale'] }),
  defaults: defaultStatefulSet,
  validate: { create: validateWorkloadCreate, update: validateWorkloadUpdate, status: validateWorkloadStatus },
  printer: statefulSetPrinter,
};
