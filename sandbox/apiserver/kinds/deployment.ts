// Deployments: a pod template rolled out through ReplicaSets.
import { defaultDeployment } from '../admission/defaults';
import { validateWorkloadCreate, validateWorkloadStatus, validateWorkloadUpdate } from '../admission/validate-workloads';
import { deploymentPrinter } from '../tables/workloads';
import { resource, type KindRecord } from './kind';

export const deployment: KindRecord = {
  resource: resource('apps', 'v1', 'Deployment', 'deployments', true, ['deploy'], { inAll: true, subresources: ['status', 'scale'] }),
  defaults: defaultDeployment,
  validate: { create: validateWorkloadCreate, update: validateWorkloadUpdate, status: validateWorkloadStatus },
  printer: deploymentPrinter,
  protobuf: 'Deployment',
};
