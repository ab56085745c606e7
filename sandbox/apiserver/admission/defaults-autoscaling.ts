// SetDefaults_HorizontalPodAutoscaler (autoscaling/v2): minReplicas 1, a CPU utilization target of 80% when no
// metric is named, and — only when spec.behavior is given — every rule it leaves out filled with the defaults the
// controller would use anyway (scale up by 100% or 4 pods per 15 s without stabilization; scale down by 100% per
// 15 s after a 300 s stabilization window).
import type { KubeObject } from '../../api/types';

export const DEFAULT_CPU_UTILIZATION = 80;

export const DEFAULT_SCALE_UP = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
};

export const DEFAULT_SCALE_DOWN = {
  stabilizationWindowSeconds: 300,
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
};

/** GenerateHPAScaleUpRules / GenerateHPAScaleDownRules: the given rules with defaults for what they leave out. */
export function scalingRules(given: any, defaults: typeof DEFAULT_SCALE_UP): typeof DEFAULT_SCALE_UP {
  return {
    stabilizationWindowSeconds: given?.stabilizationWindowSeconds ?? defaults.stabilizationWindowSeconds,
    selectPolicy: given?.selectPolicy ?? defaults.selectPolicy,
    policies: Array.isArray(given?.policies) && given.policies.length ? given.policies : structuredClone(defaults.policies),
  };
}

export function defaultHorizontalPodAutoscaler(hpa: KubeObject<any, any>): void {
  if (!hpa.spec || typeof hpa.spec !== 'object') return;
  const spec = hpa.spec;
  spec.minReplicas ??= 1;
  if (!Array.isArray(spec.metrics) || !spec.metrics.length) {
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION } } }];
  }
  if (spec.behavior && typeof spec.behavior === 'object') {
    spec.behavior = { scaleUp: scalingRules(spec.behavior.scaleUp, DEFAULT_SCALE_UP), scaleDown: scalingRules(spec.behavior.scaleDown, DEFAULT_SCALE_DOWN) };
  }
}
