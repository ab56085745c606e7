// Where a cluster's network lives. Each cluster gets one /22 block of 10.224.0.0/12 for its Docker network: pods
// take addresses from the lower /23 (Docker's ip-range), and the upper /23 belongs to the network agent (its own
// fixed address, then LoadBalancer IPs, then one address per worker node), so Docker never hands a pod an address
// the agent owns. Service ClusterIPs
// stay in the API's 10.96.0.0/16 for every cluster: pods reach them through a route to their own cluster's agent,
// so clusters never see each other's. The host reaches a cluster at its own loopback address.
import { createHash } from 'node:crypto';

/** The Service range the API server allocates from (sandbox/apiserver/plugins/service-allocation.ts). */
export const SERVICE_CIDR = '10.96.0.0/16';
export const CLUSTER_DOMAIN = 'cluster.local';
/** The kube-dns Service's ClusterIP, the nameserver in every pod's resolv.conf (reserved by the Service allocator). */
export const CLUSTER_DNS_IP = '10.96.0.10';

const POOL_BASE = ipToInt('10.224.0.0');
const BLOCK_SIZE = 1024; // a /22
export const BLOCK_COUNT = 1024; // 10.224.0.0/12
const LB_FIRST = 512 + 16; // offsets in the block: .512 + 2 is the agent; LoadBalancer IPs start after a small gap
const NODE_FIRST = BLOCK_SIZE - 24; // worker nodes' addresses (the control plane's is the agent's): room for 21 nodes
const LB_LAST = NODE_FIRST - 2;

export function ipToInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`not an IPv4 address: ${ip}`);
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export interface ClusterAddressing {
  /** Which /22 block of the pool. */
  index: number;
  subnet: string;
  /** Pods' addresses (Docker's ip-range). */
  podRange: string;
  gateway: string;
  /** The network agent: DNS server, NodePort and ingress address inside the network. */
  agentIp: string;
  /** The host's entry point for this cluster: NodePorts and the ingress, on loopback. */
  entryAddress: string;
  /** Addresses LoadBalancer Services get, lowest first. */
  loadBalancerPool: string[];
  /** The CoreDNS pods' addresses (the agent's, right after its own). */
  dnsPodIps: string[];
  /** Node n's InternalIP (0: the control plane, which is the agent's address; then one per worker). */
  nodeIp(index: number): string;
}

export function addressingFor(index: number): ClusterAddressing {
  if (!Number.isInteger(index) || index < 0 || index >= BLOCK_COUNT) throw new Error(`network block ${index} is outside the pool`);
  const base = POOL_BASE + index * BLOCK_SIZE;
  const loadBalancerPool: string[] = [];
  for (let o = LB_FIRST; o <= LB_LAST; o++) loadBalancerPool.push(intToIp(base + o));
  return {
    index,
    subnet: `${intToIp(base)}/22`,
    podRange: `${intToIp(base)}/23`,
    gateway: intToIp(base + 1),
    agentIp: intToIp(base + 512 + 2),
    entryAddress: `127.${100 + (index >> 8)}.${index & 255}.1`,
    loadBalancerPool,
    dnsPodIps: [intToIp(base + 512 + 3), intToIp(base + 512 + 4)],
    nodeIp: (n) => {
      if (!Number.isInteger(n) || n < 0 || n > BLOCK_SIZE - 2 - NODE_FIRST + 1) throw new Error(`no address for node ${n}`);
      return n === 0 ? intToIp(base + 512 + 2) : intToIp(base + NODE_FIRST + n - 1);
    },
  };
}

/** bootstrap's names: kubelab-control-plane is node 0, kubelab-worker 1, kubelab-workerN N; any other after those. */
export function nodeIndex(name: string): number {
  if (name === 'kubelab-control-plane') return 0;
  if (name === 'kubelab-worker') return 1;
  const m = /^kubelab-worker(\d+)$/.exec(name);
  if (m && Number(m[1]) >= 2 && Number(m[1]) <= 20) return Number(m[1]);
  return 0;
}

/** The block a Docker network's subnet is, if it is one of ours. */
export function blockIndexOf(subnet: string | undefined): number | undefined {
  const m = /^(\d+\.\d+\.\d+\.\d+)\/22$/.exec(subnet ?? '');
  if (!m) return undefined;
  const offset = ipToInt(m[1]) - POOL_BASE;
  if (offset < 0 || offset % BLOCK_SIZE !== 0 || offset / BLOCK_SIZE >= BLOCK_COUNT) return undefined;
  return offset / BLOCK_SIZE;
}

/** Where to start looking for a free block: spread by cluster id, so concurrent creations rarely collide. */
export function preferredBlock(clusterId: string): number {
  return createHash('sha256').update(clusterId).digest().readUInt32BE(0) % BLOCK_COUNT;
}

export function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const mask = Number(bits) === 0 ? 0 : (~0 << (32 - Number(bits))) >>> 0;
  return ((ipToInt(ip) & mask) >>> 0) === ((ipToInt(base) & mask) >>> 0);
}
