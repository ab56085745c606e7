// The cluster's fixed Service network, as kubeadm lays it out: the Service range 10.96.0.0/16 (.1 belongs to the
// `kubernetes` Service, .10 to cluster DNS) and NodePorts 30000–32767. Facts every layer may know: validation
// refuses Endpoints inside the range, the allocator hands out from it, bootstrap makes the two fixed Services.
export const SERVICE_CIDR_PREFIX = '10.96.';
export const KUBERNETES_SERVICE_IP = '10.96.0.1';
export const DNS_SERVICE_IP = '10.96.0.10';
export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;
