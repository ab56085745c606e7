// Renders an AgentState as the agent's config file (format documented in sandbox/images/netagent/config.c). The
// trailing `end <generation>` line lets the agent reject a half-written file.
import type { AgentState } from './agent-state';

export const AGENT_CONFIG_DIR = '/run/kubelab';
export const AGENT_CONFIG_FILE = 'agent.conf';
export const AGENT_APPLIED_FILE = 'applied';
/** The NetworkPolicy filter table (policy-rules.ts), loaded by the agent with iptables-restore. */
export const AGENT_RULES_FILE = 'policy.rules';

/** The body without the end line: equal bodies mean nothing to push. */
export function renderAgentConfig(state: AgentState): string {
  const lines = ['# kubelab netagent config: written by the kubelab host, applied on SIGHUP'];
  for (const cidr of state.anyip) lines.push(`anyip ${cidr}`);
  for (const ip of state.addrs) lines.push(`addr ${ip}`);
  for (const f of state.frontends) {
    lines.push(f.kind === 'http' ? `http ${f.ip} ${f.port}` : `tcp ${f.ip} ${f.port}${f.endpoints.map((e) => ` ${e}`).join('')}`);
  }
  for (const r of state.routes) lines.push(`route ${r.host} ${r.exact ? 'exact' : 'prefix'} ${r.path}${r.endpoints.map((e) => ` ${e}`).join('')}`);
  if (state.defaultBackend) lines.push(`default${state.defaultBackend.map((e) => ` ${e}`).join('')}`);
  for (const rec of state.records) lines.push(rec.cname ? `cname ${rec.name} ${rec.cname}` : `a ${rec.name} ${(rec.ips ?? []).join(' ')}`);
  return `${lines.join('\n')}\n`;
}

export function withGeneration(body: string, generation: number): string {
  return `${body}end ${generation}\n`;
}

/** The rules file of a generation: the agent loads it only when its last line names the config's generation. */
export function rulesWithGeneration(rules: string, generation: number): string {
  return `${rules}# end ${generation}\n`;
}
