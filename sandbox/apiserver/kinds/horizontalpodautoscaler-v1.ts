// HorizontalPodAutoscalers as autoscaling/v1 shows them — what `kubectl autoscale` sends up to kubectl 1.32:
// one CPU target (targetCPUUtilizationPercentage) and its current value. Stored as autoscaling/v2 (kube-apiserver's
// storage version); a v1 write keeps the stored object's other metrics and its behavior, which v1 cannot express.
import type { KubeObject } from '../../api/types';
import { horizontalPodAutoscalerPrinter } from '../tables/autoscaling';
import { horizontalPodAutoscaler } from './horizontalpodautoscaler';
import { resource, type KindRecord } from './kind';

const isCpuUtilization = (m: any) => m?.type === 'Resource' && m.resource?.name === 'cpu' && m.resource?.target?.type === 'Utilization';

function toV2(hpa: KubeObject<any, any>, stored?: KubeObject<any, any>): KubeObject<any, any> {
  const { targetCPUUtilizationPercentage, ...spec } = hpa.spec ?? {};
  const others = (stored?.spec?.metrics ?? []).filter((m: any) => !isCpuUtilization(m));
  const cpu = targetCPUUtilizationPercentage !== undefined && targetCPUUtilizationPercentage !== null
    ? [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: targetCPUUtilizationPercentage } } }]
    : [];
  const metrics = [...cpu, ...others];
  const status = hpa.status ?? {};
  const { currentCPUUtilizationPercentage, ...rest } = status;
  return {
    ...hpa,
    apiVersion: 'autoscaling/v2',
    spec: { ...spec, ...(metrics.length ? { metrics } : {}), ...(stored?.spec?.behavior ? { behavior: stored.spec.behavior } : {}) },
    status: {
      ...rest,
      ...(currentCPUUtilizationPercentage !== undefined
        ? { currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: currentCPUUtilizationPercentage } } }] }
        : {}),
    },
  };
}

function toV1(hpa: KubeObject<any, any>): KubeObject<any, any> {
  const { metrics, behavior: _behavior, ...spec } = hpa.spec ?? {};
  const cpu = (metrics ?? []).find(isCpuUtilization);
  const { currentMetrics, conditions: _conditions, ...status } = hpa.status ?? {};
  const current = (currentMetrics ?? []).find((m: any) => m?.type === 'Resource' && m.resource?.name === 'cpu')?.resource?.current?.averageUtilization;
  return {
    ...hpa,
    apiVersion: 'autoscaling/v1',
    spec: { ...spec, ...(cpu ? { targetCPUUtilizationPercentage: cpu.resource.target.averageUtilization } : {}) },
    status: { currentReplicas: 0, desiredReplicas: 0, ...status, ...(current !== undefined ? { currentCPUUtilizationPercentage: current } : {}) },
  };
}

export const horizontalPodAutoscalerV1: KindRecord = {
  resource: resource('autoscaling', 'v1', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, ['hpa'], { inAll: true, subresources: ['status'] }),
  conversion: { stored: () => horizontalPodAutoscaler.resource, toStored: toV2, fromStored: toV1 },
  printer: { columns: horizontalPodAutoscalerPrinter.columns, cells: (hpa, now) => horizontalPodAutoscalerPrinter.cells(toV2(hpa), now) },
  protobuf: 'HorizontalPodAutoscalerV1',
};
