// DaemonSets: one pod per eligible node.
import { defaultDaemonSet } from '../admission/defaults';
import { validateWorkloadCreate, validateWorkloadStatus, validateWorkloadUpdate } from '../admission/validate-workloads';
import { daemonSetPrinter } from '../tables/workloads';
import { resource, type KindRecord } from './kind';

export const daemonSet: KindRecord = {
  resource: resource('apps', 'v1', 'DaemonSet', 'daemonsets', true, ['ds'], { inAll: true, subresources: ['status'] }),
  defaults: defaultDaemonSet,
  validate: { create: validateWorkloadCreate, update: validateWorkloadUpdate, status: validateWorkloadStatus },
  printer: daemonSetPrinter,
};
