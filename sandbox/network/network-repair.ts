// Notices when a cluster's network agent or Docker network is gone (removed by hand, by a faulty sweep, or stopped)
// and has them rebuilt, as the kubelet restarts a killed container: without the agent, DNS and Services are dead;
// without the network, no pod can start ("network … not found"). The agent's container events say at once when it
// dies or goes; a network's removal sends no event our label filter can see (Docker's network events carry no
// labels), so a periodic look at the network — one inspect, which also lists the agent among its endpoints —
// catches that, and anything an event missed. What to do is decided by diagnose(), a pure function.
import type { Disposable } from '../api/types';
import type { DockerEngine } from '../docker/engine';
import type { ContainerInfo, NetworkInfo } from '../docker/types';

/** How often the network is looked at (a removed network is rebuilt within about this long). */
export const REPAIR_LOOK_MS = 2000;

export type Damage = 'none' | 'agent' | 'network';

/** What is broken, from the engine's view of the network and (when the network does not list it) the agent. */
export function diagnose(net: NetworkInfo | undefined, networkId: string, agentId: string, agent?: ContainerInfo | null): Damage {
  if (!net || net.id !== networkId) return 'network';
  if (net.containers[agentId]) return 'none';
  if (agent === undefined) return 'agent';
  // Docker is bringing a crashed agent back itself (restart policy): leave it to do so.
  if (agent && agent.state.status === 'restarting') return 'none';
  return 'agent';
}

/** What the repair acts on: the cluster network, which owns the agent and the addressing. */
export interface RepairTarget {
  readonly networkName: string;
  /** The id of the network the cluster is on now. */
  networkId(): string;
  agentId(): string;
  /** Starts a new agent on the network, holding the current config. */
  repairAgent(): Promise<void>;
  /** Creates the network again (the same block when it is free), then a new agent on it. */
  rebuildNetwork(): Promise<void>;
}

export class NetworkRepair implements Disposable {
  private timer?: NodeJS.Timeout;
  private events?: Disposable;
  private running?: Promise<void>;
  private again = false;
  private disposed = false;

  private constructor(
    private readonly engine: DockerEngine,
    private readonly target: RepairTarget,
    private readonly log: (m: string) => void,
  ) {}

  /** Follows the agent's events (`agentLabels` select this cluster's agent) and looks at the network every `everyMs`. */
  static async start(engine: DockerEngine, target: RepairTarget, agentLabels: Record<string, string>, log: (m: string) => void, everyMs = REPAIR_LOOK_MS): Promise<NetworkRepair> {
    const repair = new NetworkRepair(engine, target, log);
    repair.events = await engine.events(agentLabels, (e) => {
      if (e.type === 'container' && ['die', 'destroy', 'stop', 'disconnect'].includes(e.action)) repair.look();
    });
    repair.timer = setInterval(() => repair.look(), everyMs);
    repair.timer.unref();
    return repair;
  }

  /** Looks now (and once more after a look already under way): serial, never two repairs at once. */
  look(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.once().catch((e) => this.log(`repair failed, trying again: ${(e as Error).message}`));
      } while (this.again && !this.disposed);
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  private async once(): Promise<void> {
    const t = this.target;
    const net = await this.engine.networks.inspect(t.networkName);
    let damage = diagnose(net, t.networkId(), t.agentId());
    if (damage === 'agent') damage = diagnose(net, t.networkId(), t.agentId(), (await this.engine.containers.inspect(t.agentId())) ?? null);
    if (damage === 'none' || this.disposed) return;
    const started = Date.now();
    if (damage === 'network') await t.rebuildNetwork();
    else await t.repairAgent();
    this.log(`${damage === 'network' ? `network ${t.networkName}` : 'network agent'} was gone: rebuilt in ${Date.now() - started} ms`);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearInterval(this.timer);
    this.events?.dispose();
  }
}
