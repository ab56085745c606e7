// Leases: node heartbeats (kube-node-lease).
import { leasePrinter } from '../tables/cluster';
import { resource, type KindRecord } from './kind';

export const lease: KindRecord = {
  resource: resource('coordination.k8s.io', 'v1', 'Lease', 'leases', true),
  tracksGeneration: false,
  printer: leasePrinter,
};
