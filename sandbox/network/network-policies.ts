// What the cluster's NetworkPolicies allow, as a CNI's policy engine computes it: for every pod, whether it is
// isolated for ingress and for egress (some policy of that type selects it), and if so the union of what the rules
// of those policies allow, with every peer resolved to address blocks and every port to numbers. Pure: the network
// turns the result into the agent's firewall (policy-rules.ts); tests ask it questions directly.
//
// The semantics are the API's (kubernetes.io/docs/concepts/services-networking/network-policies): a pod selected by
// no policy of a direction is open in that direction; rules add up; a rule without peers allows every peer and one
// without ports every port; a peer's podSelector alone means pods of the policy's namespace, a namespaceSelector
// alone every pod of the namespaces it selects, both together the pods matching the one in the namespaces matching
// the other; an ipBlock is its cidr minus its except blocks. A named port is looked up on the pod receiving the
// traffic: the selected pod for ingress, each destination pod for egress (so a named port matches nothing in an
// ipBlock).
import type { LabelSelector, NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort } from '../api/network-policy';
import type { Namespace, Pod } from '../api/objects';
import { containsAddress, hostCidr, parseCidr, subtractCidrs, type Cidr } from '../lib/cidr';
import { selectorMatches } from '../lib/label-selector';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** Traffic one rule lets through: from/to these blocks, on this protocol and port range (absent: all of them). */
export interface Allow {
  blocks: Cidr[];
  protocol?: Protocol;
  /** Inclusive; absent with a protocol: every port of it. */
  ports?: [number, number];
}

export interface PodPolicy {
  namespace: string;
  name: string;
  ip: string;
  /** Undefined: not isolated for ingress (anything may come in). */
  ingress?: Allow[];
  /** Undefined: not isolated for egress (it may send anywhere). */
  egress?: Allow[];
}

export interface PolicyObjects {
  pods: readonly Pod[];
  namespaces: readonly Namespace[];
  policies: readonly NetworkPolicy[];
}

interface PolicyPod {
  namespace: string;
  name: string;
  ip: string;
  block: Cidr;
  labels: Record<string, string>;
  ports: { name: string; port: number; protocol: string }[];
}

const EVERYWHERE = parseCidr('0.0.0.0/0')!;
const list = <T>(v: T[] | undefined | null): T[] => (Array.isArray(v) ? v : []);

/** Pods that take part: they have an address of their own and are not finished. */
function policyPods(pods: readonly Pod[]): PolicyPod[] {
  const out: PolicyPod[] = [];
  for (const p of pods) {
    const ip = typeof p.status?.podIP === 'string' ? p.status.podIP : '';
    const block = hostCidr(ip);
    if (!block || p.spec?.hostNetwork || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
    const ports = (p.spec?.containers ?? []).flatMap((c) =>
      (c?.ports ?? []).filter((x) => x?.name).map((x) => ({ name: String(x.name), port: Number(x.containerPort), protocol: String(x.protocol ?? 'TCP') })),
    );
    out.push({ namespace: p.metadata.namespace ?? 'default', name: String(p.metadata.name), ip, block, labels: p.metadata.labels ?? {}, ports });
  }
  return out;
}

function peerPods(peer: NetworkPolicyPeer, policyNamespace: string, pods: PolicyPod[], namespaceLabels: Map<string, Record<string, string>>): PolicyPod[] {
  const inNamespace = (pod: PolicyPod) =>
    peer.namespaceSelector ? selectorMatches(peer.namespaceSelector, namespaceLabels.get(pod.namespace) ?? {}) : pod.namespace === policyNamespace;
  const matchesPod = (pod: PolicyPod) => !peer.podSelector || selectorMatches(peer.podSelector, pod.labels);
  return pods.filter((pod) => inNamespace(pod) && matchesPod(pod));
}

/** One peer of a rule: address blocks, and the pod when the peer is a pod (named ports resolve on it for egress). */
interface Peer {
  blocks: Cidr[];
  pod?: PolicyPod;
}

function peersOf(peers: NetworkPolicyPeer[] | undefined, policyNamespace: string, pods: PolicyPod[], namespaceLabels: Map<string, Record<string, string>>): Peer[] {
  if (!list(peers).length) return [{ blocks: [EVERYWHERE] }];
  const out: Peer[] = [];
  for (const peer of list(peers)) {
    if (peer?.ipBlock) {
      const block = parseCidr(String(peer.ipBlock.cidr ?? ''));
      if (!block || block.family !== 4) continue;
      const except = list(peer.ipBlock.except).map((e) => parseCidr(String(e))).filter((c): c is Cidr => !!c);
      const blocks = subtractCidrs(block, except);
      if (blocks.length) out.push({ blocks });
    } else if (peer?.podSelector || peer?.namespaceSelector) {
      for (const pod of peerPods(peer, policyNamespace, pods, namespaceLabels)) out.push({ blocks: [pod.block], pod });
    }
  }
  return out;
}

function asProtocol(p: unknown): Protocol {
  return p === 'UDP' || p === 'SCTP' ? p : 'TCP';
}

/** The port range a policy port means on `receiver` (the pod the traffic goes to), or undefined when it means none. */
function portRange(port: NetworkPolicyPort, receiver: PolicyPod | undefined): [number, number] | undefined | 'all' {
  if (port.port === undefined || port.port === null) return 'all';
  if (typeof port.port === 'number') return [port.port, typeof port.endPort === 'number' ? port.endPort : port.port];
  if (/^\d+$/.test(port.port)) return [Number(port.port), Number(port.port)];
  const protocol = asProtocol(port.protocol);
  const named = receiver?.ports.find((p) => p.name === port.port && p.protocol === protocol);
  return named ? [named.port, named.port] : undefined;
}

/** What one rule allows; `self` is the selected pod (where ingress named ports resolve). */
function allowsOf(peers: Peer[], ports: NetworkPolicyPort[] | undefined, self: PolicyPod, direction: 'ingress' | 'egress'): Allow[] {
  if (!list(ports).length) return peers.map((p) => ({ blocks: p.blocks }));
  const out: Allow[] = [];
  for (const peer of peers) {
    for (const port of list(ports)) {
      const range = portRange(port ?? {}, direction === 'ingress' ? self : peer.pod);
      if (range === undefined) continue;
      const protocol = asProtocol(port?.protocol);
      out.push(range === 'all' ? { blocks: peer.blocks, protocol } : { blocks: peer.blocks, protocol, ports: range });
    }
  }
  return out;
}

function selects(policy: NetworkPolicy, pod: PolicyPod): boolean {
  return (policy.metadata.namespace ?? 'default') === pod.namespace && selectorMatches((policy.spec?.podSelector ?? {}) as LabelSelector, pod.labels);
}

/** Every pod with an address, with its isolation and allowed traffic in each direction. */
export function resolveNetworkPolicies(objs: PolicyObjects): PodPolicy[] {
  const pods = policyPods(objs.pods);
  const namespaceLabels = new Map(objs.namespaces.map((n) => [String(n.metadata.name), n.metadata.labels ?? {}]));
  const policies = objs.policies;
  return pods.map((pod) => {
    const out: PodPolicy = { namespace: pod.namespace, name: pod.name, ip: pod.ip };
    for (const policy of policies.filter((p) => selects(p, pod))) {
      const spec = policy.spec ?? {};
      const types = list(spec.policyTypes);
      const namespace = policy.metadata.namespace ?? 'default';
      if (types.includes('Ingress')) {
        out.ingress ??= [];
        for (const rule of list(spec.ingress)) out.ingress.push(...allowsOf(peersOf(rule?.from, namespace, pods, namespaceLabels), rule?.ports, pod, 'ingress'));
      }
      if (types.includes('Egress')) {
        out.egress ??= [];
        for (const rule of list(spec.egress)) out.egress.push(...allowsOf(peersOf(rule?.to, namespace, pods, namespaceLabels), rule?.ports, pod, 'egress'));
      }
    }
    return out;
  });
}

/** Whether rules (undefined: not isolated) let traffic from/to `peer` through on this protocol and port. */
export function allowedBy(rules: Allow[] | undefined, peer: string, protocol: Protocol, port: number): boolean {
  if (!rules) return true;
  const address = hostCidr(peer);
  if (!address) return false;
  return rules.some(
    (a) =>
      a.blocks.some((b) => containsAddress(b, 4, address.base)) &&
      (a.protocol === undefined || (a.protocol === protocol && (!a.ports || (port >= a.ports[0] && port <= a.ports[1])))),
  );
}

/** A connection from `src` to `dst`:`port` passes both the sender's egress and the receiver's ingress. */
export function connectionAllowed(byIp: ReadonlyMap<string, PodPolicy>, src: string, dst: string, protocol: Protocol, port: number): boolean {
  return allowedBy(byIp.get(src)?.egress, dst, protocol, port) && allowedBy(byIp.get(dst)?.ingress, src, protocol, port);
}

export function isolatesAnything(pods: readonly PodPolicy[]): boolean {
  return pods.some((p) => p.ingress || p.egress);
}
