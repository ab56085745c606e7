// NodeMetrics (metrics.k8s.io/v1beta1 nodes): the CPU and memory a node's pods use now (`kubectl top node`), read
// from the metrics reader per request (../metrics.ts).
import { resource, type KindRecord } from './kind';

export const nodeMetrics: KindRecord = {
  resource: resource('metrics.k8s.io', 'v1beta1', 'NodeMetrics', 'nodes', false, [], { readOnly: true }),
  tracksGeneration: false,
};
