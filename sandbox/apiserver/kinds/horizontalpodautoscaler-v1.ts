// HorizontalPodAutoscalers as autoscaling/v1 shows them — what `kubectl autoscale` sends up to kubectl 1.32:
// one CPU target (targetCPUUtilizationPercentage) and its current value. Stored as autoscaling/v2 (kube-apiserver's
// storage version); a v1 write keeps the stored object's other metrics and its behavior, which v1 cannot express.
import type { HorizontalPodAutoscaler } from '../../api/objects';
import type { KubeObject } from '../../api/types';
import { fieldOf, itemsOf, objectOf, pathOf } from '../../api/unchecked';
import { horizontalPodAutoscalerPrinter } from '../tables/autoscaling';
import { horizontalPodAutoscaler } from './horizontalpodautoscaler';
import { resource, type KindRecord } from './kind';

// Both directions read their input as it comes: a v1 body is the learner's, not yet validated as v2.
const isCpuUtilization = (m: unknown) => fieldOf(m, 'type') === 'Resource' && pathOf(m, 'resource', 'name') === 'cpu' && pathOf(m, 'resource', 'target', 'type') === 'Utilization';

function toV2(hpa: KubeObject, stored?: KubeObject): KubeObject {
  const { targetCPUUtilizationPercentage, ...spec } = objectOf(hpa.spec);
  const others = itemsOf(pathOf(stored, 'spec', 'metrics')).filter((m) => !isCpuUtilization(m));
  const cpu = targetCPUUtilizationPercentage !== undefined && targetCPUUtilizationPercentage !== null
    ? [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: targetCPUUtilizationPercentage } } }]
    : [];
  const metrics = [...cpu, ...others];
  const { currentCPUUtilizationPercentage, ...rest } = objectOf(hpa.status);
  const behavior = pathOf(stored, 'spec', 'behavior');
  return {
    ...hpa,
    apiVersion: 'autoscaling/v2',
    spec: { ...spec, ...(metrics.length ? { metrics } : {}), ...(behavior ? { behavior } : {}) },
    status: {
      ...rest,
      ...(currentCPUUtilizationPercentage !== undefined
        ? { currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: currentCPUUtilizationPercentage } } }] }
        : {}),
    },
  };
}

function toV1(hpa: KubeObject): KubeObject {
  const { metrics, behavior: _behavior, ...spec } = objectOf(hpa.spec);
  const cpu = itemsOf(metrics ?? []).find(isCpuUtilization);
  const { currentMetrics, conditions: _conditions, ...status } = objectOf(hpa.status);
  const current = pathOf(itemsOf(currentMetrics ?? []).find((m) => fieldOf(m, 'type') === 'Resource' && pathOf(m, 'resource', 'name') === 'cpu'), 'resource', 'current', 'averageUtilization');
  return {
    ...hpa,
    apiVersion: 'autoscaling/v1',
    spec: { ...spec, ...(cpu ? { targetCPUUtilizationPercentage: pathOf(cpu, 'resource', 'target', 'averageUtilization') } : {}) },
    status: { currentReplicas: 0, desiredReplicas: 0, ...status, ...(current !== undefined ? { currentCPUUtilizationPercentage: current } : {}) },
  };
}

export const horizontalPodAutoscalerV1: KindRecord = {
  resource: resource('autoscaling', 'v1', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, ['hpa'], { inAll: true, subresources: ['status'] }),
  conversion: { stored: () => horizontalPodAutoscaler.resource, toStored: toV2, fromStored: toV1 },
  printer: { columns: horizontalPodAutoscalerPrinter.columns, cells: (hpa, now) => horizontalPodAutoscalerPrinter.cells(toV2(hpa) as HorizontalPodAutoscaler, now) },
  protobuf: 'HorizontalPodAutoscalerV1',
};
