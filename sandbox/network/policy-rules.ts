// The network agent's share of NetworkPolicy enforcement, computed from resolved policies (network-policies.ts):
//
//   * an iptables ruleset (iptables-restore format, filter table) for the traffic the agent forwards: every packet a
//     pod sends to another pod or out of the cluster passes the agent (the pod's routes say so, see pause.c), so the
//     FORWARD chain is where a pod's egress and the receiver's ingress are checked, as a CNI's per-node dataplane
//     checks them. Replies of allowed connections pass by conntrack; what no rule allows is dropped, so the client
//     times out as on a real cluster. Only pods are checked as senders: the learner's terminal, the host (the node:
//     kubelet probes come from it) and the agent itself are not pods and are never held back, as traffic from a
//     pod's own node never is;
//   * DNS: the agent answers kube-dns itself (10.96.0.10 and the CoreDNS pods' addresses are its own), so a pod whose
//     egress does not reach a kube-dns pod on port 53 gets its questions dropped in INPUT;
//   * Service, NodePort and Ingress traffic: the agent proxies it, so the pod behind sees the agent, not the client.
//     The check is made where the client is still known, in the agent's proxy: `deny <client> <endpoint>…` lines
//     name the endpoints a client pod may not reach (its egress or the endpoint's ingress forbids it on that port).
//
// And always: the agent never sends ICMP redirects (they would teach pods to bypass it).
import { formatCidr, type Cidr } from '../lib/cidr';
import { connectionAllowed, isolatesAnything, type Allow, type PodPolicy, type Protocol } from './network-policies';

export interface PolicyRuleInput {
  pods: readonly PodPolicy[];
  /** Whether an address belongs to a pod sandbox on the cluster network (the agent's own addresses do not). */
  isSandbox: (ip: string) => boolean;
  /** Addresses of the pods behind the kube-dns Service (the CoreDNS pods). */
  dnsPodIps: readonly string[];
  /** `ip:port` of every TCP endpoint the agent proxies to (Service ports, NodePorts, Ingress backends). */
  proxiedEndpoints: readonly string[];
}

export interface PolicyRules {
  /** The filter table for iptables-restore. */
  iptables: string;
  /** Endpoints each client pod may not reach through the agent's proxy. */
  denied: { client: string; endpoints: string[] }[];
}

const CHAIN_POD = 'KUBELAB-POD';
const CHAIN_INGRESS = 'KUBELAB-INGRESS';
const DNS_PORT = 53;

function match(direction: '-s' | '-d', a: Allow, block: Cidr): string {
  const parts: string[] = [];
  if (block.bits > 0) parts.push(`${direction} ${formatCidr(block)}`);
  if (a.protocol) {
    const p = a.protocol.toLowerCase();
    parts.push(`-p ${p}`);
    if (a.ports) parts.push(`-m ${p} --dport ${a.ports[0] === a.ports[1] ? a.ports[0] : `${a.ports[0]}:${a.ports[1]}`}`);
  }
  return parts.join(' ');
}

const comment = (p: PodPolicy, what: string) => `-m comment --comment "${p.namespace}/${p.name} ${what}"`;

function dnsAllowed(byIp: ReadonlyMap<string, PodPolicy>, client: PodPolicy, dnsPodIps: readonly string[], protocol: Protocol): boolean {
  if (!dnsPodIps.length) return !client.egress;
  return dnsPodIps.some((dns) => connectionAllowed(byIp, client.ip, dns, protocol, DNS_PORT));
}

export function policyRules(input: PolicyRuleInput): PolicyRules {
  const lines = ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]'];
  const rules = ['-A OUTPUT -p icmp -m icmp --icmp-type 5 -j DROP'];
  const denied: PolicyRules['denied'] = [];
  const senders = input.pods.filter((p) => input.isSandbox(p.ip));
  if (isolatesAnything(input.pods)) {
    const byIp = new Map(input.pods.map((p) => [p.ip, p]));
    lines.push(`:${CHAIN_POD} - [0:0]`, `:${CHAIN_INGRESS} - [0:0]`);
    rules.push('-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT');
    for (const p of senders) rules.push(`-A FORWARD -s ${p.ip} ${comment(p, 'sends')} -j ${CHAIN_POD}`);
    senders.forEach((p, i) => {
      if (!p.egress) return;
      const chain = `KUBELAB-EGRESS-${i}`;
      lines.push(`:${chain} - [0:0]`);
      rules.push(`-A ${CHAIN_POD} -s ${p.ip} ${comment(p, 'egress')} -j ${chain}`);
      for (const a of p.egress) for (const b of a.blocks) rules.push(`-A ${chain} ${match('-d', a, b)} -j ${CHAIN_INGRESS}`.replace(/ +/g, ' '));
      rules.push(`-A ${chain} -j DROP`);
    });
    rules.push(`-A ${CHAIN_POD} -j ${CHAIN_INGRESS}`);
    input.pods.forEach((p, i) => {
      if (!p.ingress || !input.isSandbox(p.ip)) return;
      const chain = `KUBELAB-INGRESS-${i}`;
      lines.push(`:${chain} - [0:0]`);
      rules.push(`-A ${CHAIN_INGRESS} -d ${p.ip} ${comment(p, 'ingress')} -j ${chain}`);
      for (const a of p.ingress) for (const b of a.blocks) rules.push(`-A ${chain} ${match('-s', a, b)} -j ACCEPT`.replace(/ +/g, ' '));
      rules.push(`-A ${chain} -j DROP`);
    });
    rules.push(`-A ${CHAIN_INGRESS} -j ACCEPT`);
    for (const client of senders) {
      for (const protocol of ['UDP', 'TCP'] as const) {
        if (!dnsAllowed(byIp, client, input.dnsPodIps, protocol)) {
          const p = protocol.toLowerCase();
          rules.push(`-A INPUT -s ${client.ip} -p ${p} -m ${p} --dport ${DNS_PORT} ${comment(client, 'dns')} -j DROP`);
        }
      }
      const endpoints = input.proxiedEndpoints.filter((ep) => {
        const colon = ep.lastIndexOf(':');
        return !connectionAllowed(byIp, client.ip, ep.slice(0, colon), 'TCP', Number(ep.slice(colon + 1)));
      });
      if (endpoints.length) denied.push({ client: client.ip, endpoints });
    }
  }
  return { iptables: `${[...lines, ...rules, 'COMMIT'].join('\n')}\n`, denied };
}

/** The agent config's `deny` lines (sandbox/images/netagent/config.c). */
export function renderDenied(denied: PolicyRules['denied']): string {
  return denied.map((d) => `deny ${d.client} ${d.endpoints.join(' ')}\n`).join('');
}
