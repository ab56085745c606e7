// Service networking for one cluster on one Docker network — the one entry point the rest of kubelab uses.
// startClusterNetwork() creates (or adopts) the cluster's network `kubelab-<clusterId>` (docker-network.ts), starts
// its network agent, follows Services, Endpoints, Pods, Ingresses, NetworkPolicies and Namespaces through the
// ObjectApi, and keeps the agent's config and policy rules, the LoadBalancer/Ingress status (load-balancer-status.ts)
// and the host's loopback entry points in step, and rebuilds the agent or the network when either goes missing
// (network-repair.ts). What pods get from it is pod-sandbox-config.ts. Design: docs/NETWORKING.md.
import type { Duplex } from 'node:stream';
import { findKind } from '../apiserver/kinds/registry';
import type { Disposable } from '../api/types';
import type { Service } from '../api/objects';
import type { ObjectApi } from '../apiserver/object-api';
import type { DockerEngine } from '../docker/engine';
import { CLUSTER_LABEL, ROLE_LABEL } from '../docker/labels';
import { nodeIndex, SERVICE_CIDR, type ClusterAddressing } from './addressing';
import { NetworkAgent } from './agent';
import { renderAgentConfig } from './agent-config';
import { agentState, APISERVER_PORT, type AgentState } from './agent-state';
import { ensureNetwork, networkNameOf, removeNetwork } from './docker-network';
import { HostEntry, type EntryListener } from './host-entry';
import { NetworkInformer } from './informer';
import { NetworkRepair } from './network-repair';
import { dialThroughAgent, DialError, podNetworkAllows } from './pod-dialer';
import { podDnsConfig, podSandboxConfig, type PodDnsConfig, type PodSandboxConfig } from './pod-sandbox-config';
import { assignLoadBalancerIps } from './load-balancers';
import { writeLoadBalancerStatuses } from './load-balancer-status';
import { renderDenied, type PolicyRules } from './policy-rules';
import { agentPolicyRules } from './policy-state';

const nodeRes = findKind('Node')!;

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

/** The agent's config: the table, then the clients NetworkPolicies hold back from proxied endpoints. */
function agentBody(state: AgentState, policy: PolicyRules): string {
  return renderAgentConfig(state) + renderDenied(policy.denied);
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
    return podDnsConfig(namespace);
  }

  podSandboxConfig(namespace = 'default'): PodSandboxConfig {
    return podSandboxConfig(this.networkName, this.addressing, namespace);
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
    const objects = { services: this.informer.list('Service'), ingresses: this.informer.list('Ingress') };
    writeLoadBalancerStatuses(this.opts.api, objects, lbIps, this.agentIp, (m) => this.log(m));
    const body = agentBody(state, policy);
    if (body !== this.lastBody || policy.iptables !== this.lastRules) {
      await this.agent.push(body, policy.iptables);
      this.lastBody = body;
      this.lastRules = policy.iptables;
    }
    await this.entry?.setPorts(this.entryPorts(state));
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
