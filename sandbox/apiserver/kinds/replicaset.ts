// ReplicaSets: a number of pods from one template.
import { defaultReplicaSet } from '../admission/defaults';
import { validateWorkloadCreate, validateWorkloadStatus, validateWorkloadUpdate } from '../admission/validate-workloads';
import { replicaSetPrinter } from '../tables/workloads';
import { resource, type KindRecord } from './kind';

export const replicaSet: KindRecord = {
  resource: resource('apps', 'v1', 'ReplicaSet', 'replicasets', true, ['rs'], { inAll: true, subresources: ['status', 'scale'] }),
  defaults: defaultReplicaSet,
  validate: { create: validateWorkloadCreate, update: validateWorkloadUpdate, status: validateWorkloadStatus },
  printer: replicaSetPrinter,
};
