// PriorityClasses (scheduling.k8s.io/v1): a name for a pod priority. The built-in system-cluster-critical and
// system-node-critical exist in every cluster (bootstrap.ts) and cannot be deleted; the Priority admission plugin
// (plugins/priority.ts) turns a pod's priorityClassName into spec.priority.
import type { KubeObject } from '../../api/types';
import { validatePriorityClass, validatePriorityClassUpdate, SYSTEM_PRIORITY_CLASSES } from '../admission/validate-scheduling';
import { priorityClassPrinter } from '../tables/scheduling';
import { resource, type KindRecord } from './kind';

export const priorityClass: KindRecord = {
  resource: resource('scheduling.k8s.io', 'v1', 'PriorityClass', 'priorityclasses', false, ['pc']),
  tracksGeneration: false,
  // SetDefaults_PriorityClass.
  defaults: (pc: KubeObject & { preemptionPolicy?: unknown }) => {
    if (pc.preemptionPolicy === undefined || pc.preemptionPolicy === null) pc.preemptionPolicy = 'PreemptLowerPriority';
  },
  validate: { create: validatePriorityClass, update: validatePriorityClassUpdate },
  deletion: {
    refuse: (name) => (SYSTEM_PRIORITY_CLASSES.some((c) => c.name === name) ? 'this is a system priority class and cannot be deleted' : undefined),
  },
  printer: priorityClassPrinter,
  protobuf: 'PriorityClass',
};
