// Service networking for one cluster on one Docker network — the one entry point the rest of kubelab uses.
// startClusterNetwork() creates (or adopts) the cluster's network `kubelab-<clusterId>`, starts its network agent,
// follows Services, Endpoints, Pods, Ingresses, NetworkPolicies and Namespaces through the ObjectApi, and keeps the
// agent's config and policy rules, the LoadBalancer/Ingress status and the host's loopback entry points in step,
// and rebuilds the agent or the network when either goes missing (network-repair.ts). Design: docs/NETWORKING.md.
import type { Duplex } from 'node:stream';
import { findKind } from '../apiserver/kinds/registry';
import type { Disposable, KubeObject } from '../api/types';
import type { Service } from '../api/objects';
import type { ObjectApi } from '../apiserver/object-api';
import type { DockerEngine } from '../docker/engine';
import { CLUSTER_LABEL, ROLE_LABEL } from '../docker/labels';
import type { NetworkInfo } from '../docker/types';
import { isConflict } from '../docker/errors';
import { PAUSE_IMAGE } from '../images/catalog';
import { deepEqual } from '../util/deep-equal';
import { addressingFor, blockIndexOf, BLOCK_COUNT, CLUSTER_DNS_IP, CLUSTER_DOMAIN, preferredBlock, SERVICE_CIDR, type ClusterAddressing } from './addressing';
import { NetworkAgent } from './agent';
import { renderAgentConfig } from './agent-config';
import { agentState, APISERVER_PORT, keyOf, type AgentState } from './agent-state';
import { HostEntry, type EntryListener } from './host-entry';
import { NetworkInformer } from './informer';
import { NetworkRepair } from './network-repair';
import { dialThroughAgent, DialError, podNetworkAllows } from './pod-dialer';
import { isOurIngress } from './ingress-routes';
import { assignLoadBalancerIps, loadBalancerStatus } from './load-balancers';
import { renderDenied, type PolicyRules } from './policy-rules';
import { agentPolicyRules } from './policy-state';

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

const nodeRes = findKind('Node')!;
const svcRes = findKind('Service')!;
const ingressRes = findKind('Ingress')!;

/** bootstrap's names: kubelab-control-plane is node 0, kubelab-worker 1, kubelab-workerN N; any other after those. */
export function nodeIndex(name: string): number {
  if (name === 'kubelab-control-plane') return 0;
  if (name === 'kubelab-worker') return 1;
  const m = /^kubelab-worker(\d+)$/.exec(name);
  if (m && Number(m[1]) >= 2 && Number(m[1]) <= 20) return Number(m[1]);
  return 0;
}

/** How the kubelet creates a pod's infra container on this network (app containers then join it). */
export interface PodSandboxConfig extends PodDnsConfig {
  image: string;
  networkMode: string;
  env: string[];
  /** NET_ADMIN for the infra container only: its pause program installs the Service route, then drops it. */
  capAdd: string[];
}

export interface ClusterNetwork {
  readonly clusterId: string;
  readonly networkName: string;
  /** The addresses below can change when the network had to be rebuilt in another block (onRepaired says so). */
  readonly subnet: string;
  readonly gateway: string;
  /** The agent's address on the cluster network: DNS server, and the node address for NodePorts and the ingress. */
  readonly agentIp: string;
  /** The host's loopback address for this cluster's NodePorts and ingress. */
  readonly entryAddress: string;
  readonly serviceCidr: string;
  /** The InternalIP of a node: the control plane has the agent's address, each worker one of its own. */
  nodeAddress(nodeName: string): string;
  /** The CoreDNS mirror pods' IPs: addresses of the agent, which answers DNS on them as on the kube-dns ClusterIP. */
  readonly dnsPodIps: string[];
  podDnsConfig(namespace?: string): PodDnsConfig;
  podSandboxConfig(namespace?: string): PodSandboxConfig;
  /**
   * For the cluster's load-balancer controller (ServiceLoadBalancerController's ExternalAddressAllocator): hands
   * out LoadBalancer addresses from this network's pool, which the agent answers for.
   */
  externalAddressAllocator(): (svc: Service, inUse: Set<string>) => string | undefined;
  /** Host listeners on entryAddress, with the ports that could not be opened. */
  entryListeners(): EntryListener[];
  /** Resolves once the cluster's current objects are applied by the agent (tests, the lead's readiness). */
  synced(timeoutMs?: number): Promise<void>;
  /** The API server's proxies: whether an address is one of this cluster's pod addresses (pod-dialer.ts). */
  allowsProxyTo(ip: string): boolean;
  /** A TCP connection opened from inside this cluster's network (through its agent), never from the host. */
  dialFromInside(ip: string, port: number): Promise<Duplex>;
  /** Called after the agent or the whole network was rebuilt; after a network rebuild every pod needs a new sandbox. */
  onRepaired(listener: (e: { networkReplaced: boolean }) => void): Disposable;
  /** Stops noticing and rebuilding a missing agent or network (before the cluster removes them itself). */
  stopRepairs(): void;
  /** Removes the agent, the host listeners and the network. */
  dispose(): Promise<void>;
}

export interface ClusterNetworkOptions {
  engine: DockerEngine;
  api: ObjectApi;
  clusterId: string;
  log?: (msg: string) => void;
  /** Extra labels on the network and agent (tests mark theirs with dev.kubelab.test=1). */
  labels?: Record<string, string>;
  /** Ingress port on the agent and on entryAddress (default 80). */
  ingressPort?: number;
  /** Listen on entryAddress on the host (default true). */
  hostEntry?: boolean;
  /** Rebuild a removed agent or network (default true; a test of what happens without it turns it off). */
  repair?: boolean;
  /** Where the cluster's API server listens for its pods, if anywhere (read at every sync). */
  apiServer?: () => { ip: string; port: number } | undefined;
}

/**
 * The pod's routes (pause.c): Service ClusterIPs, the other pods and the world through the agent, where
 * NetworkPolicies are enforced; the node itself (the gateway: the host, where probes and port-forwards come from)
 * straight, as traffic between a pod and its own node is never held back by a policy.
 */
export function podRoutes(a: Pick<ClusterAddressing, 'podRange' | 'gateway' | 'agentIp'>): string {
  return [`${SERVICE_CIDR} via ${a.agentIp}`, `${a.podRange} via ${a.agentIp}`, `${a.gateway}/32 dev`, `0.0.0.0/0 via ${a.agentIp}`].join(';');
}

/** The agent's config: the table, then the clients NetworkPolicies hold back from proxied endpoints. */
function agentBody(state: AgentState, policy: PolicyRules): string {
  return renderAgentConfig(state) + renderDenied(policy.denied);
}

export function networkNameOf(clusterId: string): string {
  return `kubelab-${clusterId}`;
}

/** Finds this cluster's network from an earlier run, or creates it in a free block of the pool. */
async function ensureNetwork(
  engine: DockerEngine,
  clusterId: string,
  labels: Record<string, string>,
  prefer = preferredBlock(clusterId),
): Promise<{ net: NetworkInfo; addressing: ClusterAddressing; created: boolean }> {
  const name = networkNameOf(clusterId);
  const existing = await engine.networks.inspect(name);
  if (existing) {
    const index = blockIndexOf(existing.subnet);
    if (index === undefined) throw new Error(`Docker network ${name} exists but its subnet ${existing.subnet} is not a kubelab cluster block; remove it`);
    return { net: existing, addressing: addressingFor(index), created: false };
  }
  const used = new Set((await engine.networks.list()).map((n) => blockIndexOf(n.subnet)).filter((i): i is number => i !== undefined));
  const start = prefer;
  for (let i = 0; i < BLOCK_COUNT; i++) {
    const index = (start + i) % BLOCK_COUNT;
    if (used.has(index)) continue;
    const a = addressingFor(index);
    try {
      const net = await engine.networks.create({
        name,
        subnet: a.subnet,
        ipRange: a.podRange,
        gateway: a.gateway,
        labels: { ...labels, [CLUSTER_LABEL]: clusterId, [ROLE_LABEL]: 'cluster-network' },
      });
      return { net, addressing: a, created: true };
    } catch (e) {
      const msg = (e as Error).message;
      if (/overlap/i.test(msg)) continue; // taken by a network we did not list (another host process, another user)
      if (/already exists/i.test(msg)) return ensureNetwork(engine, clusterId, labels, prefer);
      throw e;
    }
  }
  throw new Error('no free network block left in 10.224.0.0/12 for another cluster');
}

class DockerClusterNetwork implements ClusterNetwork {
  readonly networkName: string;
  readonly serviceCidr = SERVICE_CIDR;
  private informer!: NetworkInformer;
  private agent!: NetworkAgent;
  private entry?: HostEntry;
  private repair?: NetworkRepair;
  private readonly repairListeners = new Set<(e: { networkReplaced: boolean }) => void>();
  private lastBody = '';
  private lastRules = '';
  private dirty = false;
  private ready = false;
  private disposed = false;
  private loop?: Promise<void>;

  constructor(
    private readonly opts: ClusterNetworkOptions,
    private addressing: ClusterAddressing,
    private networkId: string,
  ) {
    this.networkName = networkNameOf(opts.clusterId);
  }

  get clusterId() { return this.opts.clusterId; }
  get subnet() { return this.addressing.subnet; }
  get gateway() { return this.addressing.gateway; }
  get agentIp() { return this.addressing.agentIp; }
  get entryAddress() { return this.addressing.entryAddress; }
  private get ingressPort() { return this.opts.ingressPort ?? 80; }
  private log(m: string) { this.opts.log?.(`network ${this.opts.clusterId}: ${m}`); }

  async start(): Promise<void> {
    this.informer = new NetworkInformer(this.opts.api, () => this.schedule());
    const { state, policy } = this.compute();
    this.lastBody = agentBody(state, policy);
    this.lastRules = policy.iptables;
    this.agent = await this.startAgent();
    if (this.opts.hostEntry !== false) {
      this.entry = new HostEntry(this.entryAddress, this.agentIp, (m) => this.log(m));
      await this.entry.setPorts(this.entryPorts(state));
    }
    this.ready = true;
    this.schedule();
    if (this.opts.repair !== false) {
      this.repair = await NetworkRepair.start(
        this.opts.engine,
        {
          networkName: this.networkName,
          networkId: () => this.networkId,
          agentId: () => this.agent.containerId,
          repairAgent: () => this.repairAgent(false),
          rebuildNetwork: () => this.rebuildNetwork(),
        },
        { [CLUSTER_LABEL]: this.opts.clusterId, [ROLE_LABEL]: 'netagent' },
        (m) => this.log(m),
      );
    }
  }

  private startAgent(): Promise<NetworkAgent> {
    return NetworkAgent.start(
      this.opts.engine,
      { clusterId: this.opts.clusterId, networkName: this.networkName, agentIp: this.agentIp, labels: this.opts.labels },
      this.lastBody,
      this.lastRules,
    );
  }

  /** A new agent with the current config (the old one is removed first if anything is left of it). */
  private async repairAgent(networkReplaced: boolean): Promise<void> {
    if (this.disposed) return;
    const { state, policy } = this.compute();
    this.lastBody = agentBody(state, policy);
    this.lastRules = policy.iptables;
    this.agent = await this.startAgent();
    if (this.disposed) return void (await this.agent.remove());
    this.schedule();
    for (const l of [...this.repairListeners]) l({ networkReplaced });
  }

  /** The network again, in the same block when it is still free (pods, nodes and the entry keep their addresses). */
  private async rebuildNetwork(): Promise<void> {
    if (this.disposed) return;
    const { net, addressing } = await ensureNetwork(this.opts.engine, this.opts.clusterId, this.networkLabels(), this.addressing.index);
    this.networkId = net.id;
    if (addressing.index !== this.addressing.index) {
      this.log(`block ${this.addressing.index} was taken meanwhile: the network moves to ${addressing.subnet}`);
      this.addressing = addressing;
      if (this.entry) {
        const ports = this.entryPorts(this.compute().state);
        this.entry.dispose();
        this.entry = new HostEntry(this.entryAddress, this.agentIp, (m) => this.log(m));
        await this.entry.setPorts(ports);
      }
    }
    await this.repairAgent(true);
  }

  private networkLabels(): Record<string, string> {
    return this.opts.labels ?? {};
  }

  onRepaired(listener: (e: { networkReplaced: boolean }) => void): Disposable {
    this.repairListeners.add(listener);
    return { dispose: () => void this.repairListeners.delete(listener) };
  }

  stopRepairs(): void {
    this.repair?.dispose();
  }

  get dnsPodIps(): string[] {
    return this.addressing.dnsPodIps;
  }

  nodeAddress(nodeName: string): string {
    return this.addressing.nodeIp(nodeIndex(nodeName));
  }

  /** Every node's address but the agent's own (those the agent adds to its interface). */
  private extraNodeIps(): string[] {
    const names = this.opts.api.list(nodeRes, undefined).items.map((n) => String(n.metadata.name));
    return [...new Set([...names.map((n) => this.nodeAddress(n)), ...this.dnsPodIps].filter((ip) => ip !== this.agentIp))].sort();
  }

  podDnsConfig(namespace = 'default'): PodDnsConfig {
    return {
      dns: [CLUSTER_DNS_IP],
      dnsSearch: [`${namespace}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN],
      dnsOptions: ['ndots:5'],
    };
  }

  podSandboxConfig(namespace = 'default'): PodSandboxConfig {
    return {
      image: PAUSE_IMAGE,
      networkMode: this.networkName,
      env: [`KUBELAB_ROUTES=${podRoutes(this.addressing)}`, `${RESOLV_CONF_ENV}=${resolvConf(this.podDnsConfig(namespace))}`],
      capAdd: ['NET_ADMIN'],
      ...this.podDnsConfig(namespace),
    };
  }

  entryListeners(): EntryListener[] {
    return this.entry?.listeners() ?? [];
  }

  private compute(): { state: AgentState; lbIps: Map<string, string>; policy: PolicyRules } {
    const services = this.informer.list('Service');
    const lbIps = assignLoadBalancerIps(services, this.addressing.loadBalancerPool);
    const state = agentState(
      {
        services,
        endpoints: this.informer.list('Endpoints'),
        pods: this.informer.list('Pod'),
        ingresses: this.informer.list('Ingress'),
      },
      { agentIp: this.agentIp, loadBalancerIps: lbIps, ingressPort: this.ingressPort, nodeIps: this.extraNodeIps(), apiServer: this.opts.apiServer?.() },
    );
    const policy = agentPolicyRules(
      {
        pods: this.informer.list('Pod'),
        namespaces: this.informer.list('Namespace'),
        policies: this.informer.list('NetworkPolicy'),
        services,
        endpoints: this.informer.list('Endpoints'),
      },
      state,
      this.addressing,
    );
    return { state, lbIps, policy };
  }

  private entryPorts(state: AgentState): number[] {
    // Not the API server's port: the host reaches its own API directly.
    return [...new Set(state.frontends.filter((f) => f.ip === this.agentIp && f.port !== APISERVER_PORT).map((f) => f.port))];
  }

  private schedule(): void {
    this.dirty = true;
    if (!this.ready || this.disposed || this.loop) return;
    this.loop = this.run().finally(() => (this.loop = undefined));
  }

  private async run(): Promise<void> {
    while (this.dirty && !this.disposed) {
      this.dirty = false;
      await new Promise((r) => setImmediate(r)); // let a burst of watch events land in one sync
      try {
        await this.syncOnce();
      } catch (e) {
        this.log(`sync failed: ${(e as Error).message}`);
      }
    }
  }

  private async syncOnce(): Promise<void> {
    const { state, lbIps, policy } = this.compute();
    this.writeStatuses(lbIps);
    const body = agentBody(state, policy);
    if (body !== this.lastBody || policy.iptables !== this.lastRules) {
      await this.agent.push(body, policy.iptables);
      this.lastBody = body;
      this.lastRules = policy.iptables;
    }
    await this.entry?.setPorts(this.entryPorts(state));
  }

  /**
   * LoadBalancer Services need an address the agent answers for. The cluster's load-balancer controller assigns
   * them (with externalAddressAllocator() from here when the lead wires it); one it gave from elsewhere (the sim
   * range) is replaced with an address from our pool. Our Ingresses get the agent's address (kubectl's ADDRESS).
   */
  private writeStatuses(lbIps: Map<string, string>): void {
    const write = (kind: string, obj: KubeObject, update: () => void) => {
      try {
        update();
      } catch (e) {
        // A conflict or a deleted object: the watch brings the new state and another sync.
        if (!/modified|not found/i.test((e as Error).message)) this.log(`status of ${kind} ${keyOf(obj)}: ${(e as Error).message}`);
      }
    };
    for (const svc of this.informer.list('Service')) {
      if (svc.spec?.type !== 'LoadBalancer') continue;
      const ip = lbIps.get(keyOf(svc));
      if (ip && svc.status?.loadBalancer?.ingress?.[0]?.ip !== ip) {
        write('Service', svc, () => this.opts.api.updateStatus(svcRes, svc.metadata.namespace, svc.metadata.name, { ...svc, status: { ...(svc.status ?? {}), loadBalancer: loadBalancerStatus(ip) } }));
      }
    }
    for (const ing of this.informer.list('Ingress')) {
      if (!isOurIngress(ing)) continue;
      const want = { ingress: [{ ip: this.agentIp }] };
      if (!deepEqual(ing.status?.loadBalancer ?? {}, want)) {
        write('Ingress', ing, () => this.opts.api.updateStatus(ingressRes, ing.metadata.namespace, ing.metadata.name, { ...ing, status: { ...(ing.status ?? {}), loadBalancer: want } }));
      }
    }
  }

  allowsProxyTo(ip: string): boolean {
    return podNetworkAllows(this.addressing, ip);
  }

  async dialFromInside(ip: string, port: number): Promise<Duplex> {
    if (!this.allowsProxyTo(ip)) throw new DialError(`dial tcp ${ip}:${port}: address not allowed`);
    return dialThroughAgent(this.opts.engine, this.agent.containerId, ip, port);
  }

  externalAddressAllocator(): (svc: Service, inUse: Set<string>) => string | undefined {
    return (_svc, inUse) => this.addressing.loadBalancerPool.find((ip) => !inUse.has(ip));
  }

  async synced(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.loop || this.dirty) {
      if (this.loop) await this.loop;
      else await new Promise((r) => setImmediate(r));
      if (Date.now() > deadline) throw new Error('network sync did not settle');
    }
    const want = this.agent.currentGeneration;
    while ((await this.agent.appliedGeneration()) < want) {
      if (Date.now() > deadline) throw new Error(`network agent has not applied config ${want}`);
      await new Promise((r) => setTimeout(r, 15));
    }
  }

  async dispose(opts: { keepNetwork?: boolean } = {}): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.repair?.dispose();
    this.repairListeners.clear();
    this.informer?.dispose();
    await this.loop;
    this.entry?.dispose();
    await this.agent?.remove();
    if (!opts.keepNetwork) await removeNetwork(this.opts.engine, this.networkName);
  }
}

/** Removes a cluster network; containers still attached (pods the kubelet left) are disconnected first. */
export async function removeNetwork(engine: DockerEngine, name: string): Promise<void> {
  try {
    await engine.networks.remove(name);
  } catch (e) {
    if (!isConflict(e) && !/active endpoints/i.test((e as Error).message)) throw e;
    const net = await engine.networks.inspect(name);
    for (const id of Object.keys(net?.containers ?? {})) await engine.networks.disconnect(name, id);
    await engine.networks.remove(name);
  }
}

export async function startClusterNetwork(opts: ClusterNetworkOptions): Promise<ClusterNetwork> {
  const { net, addressing, created } = await ensureNetwork(opts.engine, opts.clusterId, opts.labels ?? {});
  const network = new DockerClusterNetwork(opts, addressing, net.id);
  try {
    await network.start();
  } catch (e) {
    // Only a network made just now goes away: an adopted one still carries the pods of an earlier run.
    await network.dispose({ keepNetwork: !created }).catch(() => undefined);
    throw e;
  }
  return network;
}
