// Tables for HorizontalPodAutoscaler (`kubectl autoscale`: autoscaling/v2 from kubectl 1.33, autoscaling/v1 from
// 1.32), PodDisruptionBudget (policy/v1,
// `kubectl create pdb`) and PriorityClass (scheduling.k8s.io/v1, `kubectl create priorityclass`), all sent as
// protobuf by kubectl 1.32+. Field numbers and JSON names from k8s.io/api generated.proto and types.go (v0.33).
import type { MessageTable } from '../schema';

export const AUTOSCALING_POLICY: Record<string, MessageTable> = {
  HorizontalPodAutoscaler: {
    1: 'metadata: ObjectMeta',
    2: 'spec: HorizontalPodAutoscalerSpec',
    3: 'status: HorizontalPodAutoscalerStatus',
  },
  HorizontalPodAutoscalerSpec: {
    1: 'scaleTargetRef: CrossVersionObjectReference',
    2: '*minReplicas: int32',
    3: '*maxReplicas: int32',
    4: 'metrics: []MetricSpec',
    5: 'behavior: HorizontalPodAutoscalerBehavior',
  },
  HorizontalPodAutoscalerBehavior: { 1: 'scaleUp: HPAScalingRules', 2: 'scaleDown: HPAScalingRules' },
  HPAScalingRules: {
    1: '*selectPolicy: string',
    2: 'policies: []HPAScalingPolicy',
    3: '*stabilizationWindowSeconds: int32',
    4: 'tolerance: Quantity',
  },
  HPAScalingPolicy: { 1: '*type: string', 2: '*value: int32', 3: '*periodSeconds: int32' },
  MetricSpec: {
    1: '*type: string',
    2: 'object: ObjectMetricSource',
    3: 'pods: PodsMetricSource',
    4: 'resource: ResourceMetricSource',
    5: 'external: ExternalMetricSource',
    7: 'containerResource: ContainerResourceMetricSource',
  },
  ExternalMetricSource: { 1: 'metric: MetricIdentifier', 2: 'target: MetricTarget' },
  ContainerResourceMetricSource: { 1: '*name: string', 2: 'target: MetricTarget', 3: '*container: string' },
  ResourceMetricSource: { 1: '*name: string', 2: 'target: MetricTarget' },
  PodsMetricSource: { 1: 'metric: MetricIdentifier', 2: 'target: MetricTarget' },
  ObjectMetricSource: { 1: 'describedObject: CrossVersionObjectReference', 2: 'target: MetricTarget', 3: 'metric: MetricIdentifier' },
  MetricIdentifier: { 1: '*name: string', 2: 'selector: LabelSelector' },
  MetricTarget: { 1: '*type: string', 2: 'value: Quantity', 3: 'averageValue: Quantity', 4: '*averageUtilization: int32' },
  CrossVersionObjectReference: { 1: '*kind: string', 2: '*name: string', 3: 'apiVersion: string' },
  PriorityClass: {
    1: 'metadata: ObjectMeta',
    2: '*value: int32',
    3: 'globalDefault: bool',
    4: 'description: string',
    5: '*preemptionPolicy: string',
  },
  PodDisruptionBudget: { 1: 'metadata: ObjectMeta', 2: 'spec: PodDisruptionBudgetSpec', 3: 'status: PodDisruptionBudgetStatus' },
  PodDisruptionBudgetSpec: {
    1: 'minAvailable: IntOrString',
    2: 'selector: LabelSelector',
    3: 'maxUnavailable: IntOrString',
    4: '*unhealthyPodEvictionPolicy: string',
  },
  // autoscaling/v1 (kubectl 1.32); its CrossVersionObjectReference has the same fields as v2's.
  HorizontalPodAutoscalerV1: { 1: 'metadata: ObjectMeta', 2: 'spec: HorizontalPodAutoscalerSpecV1', 3: 'status: HorizontalPodAutoscalerStatus' },
  HorizontalPodAutoscalerSpecV1: {
    1: 'scaleTargetRef: CrossVersionObjectReference',
    2: '*minReplicas: int32',
    3: '*maxReplicas: int32',
    4: '*targetCPUUtilizationPercentage: int32',
  },
  // Statuses: kubectl never sends one (the server computes them), so they decode to {}.
  HorizontalPodAutoscalerStatus: {},
  PodDisruptionBudgetStatus: {},
};
