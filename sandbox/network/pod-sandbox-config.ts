// What the kubelet needs from the cluster network to start a pod's sandbox, in the CRI's terms (PodSandboxConfig and
// its DNSConfig): the infra container's image, network and capability, the routes its pause program installs, and
// the resolv.conf the kubelet writes for the pod. Kept apart from cluster-network.ts so the kubelet's pod-to-container
// translation reads this shape without the network's Docker lifecycle. Pure.
import { PAUSE_IMAGE } from '../images/catalog';
import { CLUSTER_DNS_IP, CLUSTER_DOMAIN, SERVICE_CIDR, type ClusterAddressing } from './addressing';

export interface PodDnsConfig {
  dns: string[];
  dnsSearch: string[];
  dnsOptions: string[];
}

/** The infra container's pause program writes this into the pod's /etc/resolv.conf (Docker would point it at 127.0.0.11). */
export const RESOLV_CONF_ENV = 'KUBELAB_RESOLV_CONF';

/** resolv.conf as the kubelet writes it for a pod. */
export function resolvConf(c: PodDnsConfig): string {
  const lines: string[] = [];
  if (c.dnsSearch.length) lines.push(`search ${c.dnsSearch.join(' ')}`);
  for (const ns of c.dns) lines.push(`nameserver ${ns}`);
  if (c.dnsOptions.length) lines.push(`options ${c.dnsOptions.join(' ')}`);
  return `${lines.join('\n')}\n`;
}

/** How the kubelet creates a pod's infra container on this network (app containers then join it). */
export interface PodSandboxConfig extends PodDnsConfig {
  image: string;
  networkMode: string;
  env: string[];
  /** NET_ADMIN for the infra container only: its pause program installs the Service route, then drops it. */
  capAdd: string[];
}

/**
 * The pod's routes (pause.c): Service ClusterIPs, the other pods and the world through the agent, where
 * NetworkPolicies are enforced; the node itself (the gateway: the host, where probes and port-forwards come from)
 * straight, as traffic between a pod and its own node is never held back by a policy.
 */
export function podRoutes(a: Pick<ClusterAddressing, 'podRange' | 'gateway' | 'agentIp'>): string {
  return [`${SERVICE_CIDR} via ${a.agentIp}`, `${a.podRange} via ${a.agentIp}`, `${a.gateway}/32 dev`, `0.0.0.0/0 via ${a.agentIp}`].join(';');
}

/** dnsPolicy ClusterFirst: the kube-dns ClusterIP, the namespace's search path, ndots:5. */
export function podDnsConfig(namespace = 'default'): PodDnsConfig {
  return {
    dns: [CLUSTER_DNS_IP],
    dnsSearch: [`${namespace}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN],
    dnsOptions: ['ndots:5'],
  };
}

export function podSandboxConfig(networkName: string, addressing: ClusterAddressing, namespace = 'default'): PodSandboxConfig {
  return {
    image: PAUSE_IMAGE,
    networkMode: networkName,
    env: [`KUBELAB_ROUTES=${podRoutes(addressing)}`, `${RESOLV_CONF_ENV}=${resolvConf(podDnsConfig(namespace))}`],
    capAdd: ['NET_ADMIN'],
    ...podDnsConfig(namespace),
  };
}
