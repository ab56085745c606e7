// The network agent container of one cluster: created on the cluster network at its fixed address with NET_ADMIN
// (its own namespace only — no privileged mode, no host network) and IP forwarding on (pods route through it, so
// it can enforce NetworkPolicies), configured by copying its config and policy rules into it and sending SIGHUP
// (no control port a pod could reach), and asked which config generation it has applied.
import type { DockerEngine } from '../docker/engine';
import { CLUSTER_LABEL, ROLE_LABEL } from '../docker/labels';
import { firstFileOf, tarBuffer } from '../docker/tar';
import { NETAGENT_IMAGE } from '../images/catalog';
import { AGENT_APPLIED_FILE, AGENT_CONFIG_DIR, AGENT_CONFIG_FILE, AGENT_RULES_FILE, rulesWithGeneration, withGeneration } from './agent-config';

export interface AgentOptions {
  clusterId: string;
  networkName: string;
  agentIp: string;
  labels?: Record<string, string>;
}

export function agentContainerName(clusterId: string): string {
  return `kubelab-${clusterId}-netagent`;
}

/** Both files in one archive, so the agent never sees a config beside the rules of another generation. */
async function configArchive(body: string, rules: string, generation: number): Promise<Buffer> {
  return tarBuffer([
    { type: 'file', name: AGENT_RULES_FILE, content: rulesWithGeneration(rules, generation), mode: 0o644 },
    { type: 'file', name: AGENT_CONFIG_FILE, content: withGeneration(body, generation), mode: 0o644 },
  ]);
}

export class NetworkAgent {
  private generation = 0;

  private constructor(
    private readonly engine: DockerEngine,
    readonly containerId: string,
  ) {}

  /** Replaces any agent left from an earlier run, then starts a fresh one already holding `initialConfig` and its rules. */
  static async start(engine: DockerEngine, opts: AgentOptions, initialConfig: string, initialRules: string): Promise<NetworkAgent> {
    const name = agentContainerName(opts.clusterId);
    await engine.containers.remove(name, { force: true });
    if (!(await engine.images.exists(NETAGENT_IMAGE))) {
      throw new Error(`the network agent image ${NETAGENT_IMAGE} is missing: build the lab images first (kubelab images build)`);
    }
    const id = await engine.containers.create({
      name,
      image: NETAGENT_IMAGE,
      labels: { ...opts.labels, [CLUSTER_LABEL]: opts.clusterId, [ROLE_LABEL]: 'netagent' },
      networkMode: opts.networkName,
      ipv4Address: opts.agentIp,
      hostname: 'netagent',
      capAdd: ['NET_ADMIN'],
      capDrop: ['MKNOD', 'AUDIT_WRITE', 'SETFCAP'],
      // Pods send other pods' and the world's traffic through the agent (their routes, pause.c): it forwards it.
      sysctls: { 'net.ipv4.ip_forward': '1' },
      memoryBytes: 64 * 1024 * 1024,
      pidsLimit: 64,
      restartPolicy: 'unless-stopped',
    });
    const agent = new NetworkAgent(engine, id);
    agent.generation = 1;
    // Written before start: the agent reads it first thing, so it serves from its first instant.
    await engine.containers.putArchive(id, AGENT_CONFIG_DIR, await configArchive(initialConfig, initialRules, agent.generation));
    await engine.containers.start(id);
    return agent;
  }

  get currentGeneration(): number {
    return this.generation;
  }

  /** Pushes a new config and rules: copy the files in, then SIGHUP (the agent ignores a file without its end line). */
  async push(body: string, rules: string): Promise<number> {
    const generation = ++this.generation;
    await this.engine.containers.putArchive(this.containerId, AGENT_CONFIG_DIR, await configArchive(body, rules, generation));
    await this.engine.containers.kill(this.containerId, 'SIGHUP');
    return generation;
  }

  /** The generation the agent last applied (0 before its first). */
  async appliedGeneration(): Promise<number> {
    try {
      const stream = await this.engine.containers.getArchive(this.containerId, `${AGENT_CONFIG_DIR}/${AGENT_APPLIED_FILE}`);
      const chunks: Buffer[] = [];
      for await (const c of stream) chunks.push(c as Buffer);
      return Number((await firstFileOf(Buffer.concat(chunks)))?.toString('utf8').trim() ?? 0) || 0;
    } catch {
      return 0;
    }
  }

  async running(): Promise<boolean> {
    return !!(await this.engine.containers.inspect(this.containerId))?.state.running;
  }

  async remove(): Promise<void> {
    await this.engine.containers.remove(this.containerId, { force: true });
  }
}
