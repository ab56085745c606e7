// ControllerRevisions: the template history of StatefulSets and DaemonSets.
import { validateWorkloadCreate, validateWorkloadUpdate } from '../admission/validate-workloads';
import { controllerRevisionPrinter } from '../tables/workloads';
import { resource, type KindRecord } from './kind';

export const controllerRevision: KindRecord = {
  resource: resource('apps', 'v1', 'ControllerRevision', 'controllerrevisions', true),
  validate: { create: validateWorkloadCreate, update: validateWorkloadUpdate },
  printer: controllerRevisionPrinter,
};
