// SetDefaults_HorizontalPodAutoscaler (autoscaling/v2): minReplicas 1, a CPU utilization target of 80% when no
// metric is named, and — only when spec.behavior is given — every rule it leaves out filled with the defaults the
// controller would use anyway (scale up by 100% or 4 pods per 15 s without stabilization; scale down by 100% per
// 15 s after a 300 s stabilization window).
import type { KubeObject } from '../../api/types';
import { fieldOf, objectOf } from '../../api/unchecked';

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

export type ScalingRules = typeof DEFAULT_SCALE_UP;

/**
 * GenerateHPAScaleUpRules / GenerateHPAScaleDownRules: the given rules with defaults for what they leave out. The
 * controller passes a validated autoscaler's rules; defaulting passes the learner's before validation has looked at
 * their types, and writes what it gets back into the body, where validation then refuses what is not a number.
 */
export function scalingRules(given: unknown, defaults: ScalingRules): ScalingRules {
  const policies = fieldOf(given, 'policies');
  return {
    stabilizationWindowSeconds: (fieldOf(given, 'stabilizationWindowSeconds') ?? defaults.stabilizationWindowSeconds) as number,
    selectPolicy: (fieldOf(given, 'selectPolicy') ?? defaults.selectPolicy) as string,
    policies: Array.isArray(policies) && policies.length ? (policies as ScalingRules['policies']) : structuredClone(defaults.policies),
  };
}

export function defaultHorizontalPodAutoscaler(hpa: KubeObject): void {
  if (!hpa.spec || typeof hpa.spec !== 'object') return;
  const spec = objectOf(hpa.spec);
  spec.minReplicas ??= 1;
  if (!Array.isArray(spec.metrics) || !spec.metrics.length) {
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION } } }];
  }
  const behavior = spec.behavior;
  if (behavior && typeof behavior === 'object') {
    spec.behavior = { scaleUp: scalingRules(fieldOf(behavior, 'scaleUp'), DEFAULT_SCALE_UP), scaleDown: scalingRules(fieldOf(behavior, 'scaleDown'), DEFAULT_SCALE_DOWN) };
  }
}
