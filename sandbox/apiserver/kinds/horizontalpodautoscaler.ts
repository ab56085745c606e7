// HorizontalPodAutoscalers (autoscaling/v2, the stored version): a scale target, replica bounds, metrics and scaling
// behavior. The horizontal pod autoscaler controller scales the target through its scale subresource and writes
// status (current and desired replicas, current metrics, the AbleToScale/ScalingActive/ScalingLimited conditions).
import { defaultHorizontalPodAutoscaler } from '../admission/defaults-autoscaling';
import { validateHorizontalPodAutoscaler, validateHorizontalPodAutoscalerUpdate } from '../admission/validate-autoscaling';
import { horizontalPodAutoscalerPrinter } from '../tables/autoscaling';
import { resource, type KindRecord } from './kind';

export const horizontalPodAutoscaler: KindRecord = {
  resource: resource('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, ['hpa'], { inAll: true, subresources: ['status'] }),
  defaults: defaultHorizontalPodAutoscaler,
  initialStatus: () => ({ desiredReplicas: 0 }),
  validate: { create: validateHorizontalPodAutoscaler, update: validateHorizontalPodAutoscalerUpdate },
  printer: horizontalPodAutoscalerPrinter,
  protobuf: 'HorizontalPodAutoscaler',
};
