// PodMetrics (metrics.k8s.io/v1beta1 pods): the CPU and memory each running pod's containers use now, read from
// the metrics reader per request (../metrics.ts) — what `kubectl top pod` prints and the HPA scales on.
import { resource, type KindRecord } from './kind';

export const podMetrics: KindRecord = {
  resource: resource('metrics.k8s.io', 'v1beta1', 'PodMetrics', 'pods', true, [], { readOnly: true }),
  tracksGeneration: false,
};
