// From the cluster's objects and the agent's table to the agent's share of NetworkPolicy enforcement: the pods'
// resolved policies, which addresses are pod sandboxes, the pods behind kube-dns, and every endpoint the agent
// proxies to (so the proxy can be told which of them each client pod may not reach). Pure.
import type { Endpoints, Namespace, NetworkPolicy, Pod, Service } from '../api/objects';
import type { ClusterAddressing } from './addressing';
import { keyOf, subsetsOf, type AgentState } from './agent-state';
import { resolveNetworkPolicies } from './network-policies';
import { podNetworkAllows } from './pod-dialer';
import { policyRules, type PolicyRules } from './policy-rules';

export interface PolicyStateObjects {
  pods: readonly Pod[];
  namespaces: readonly Namespace[];
  policies: readonly NetworkPolicy[];
  services: readonly Service[];
  endpoints: readonly Endpoints[];
}

/** Every `ip:port` the agent may open a connection to on a client's behalf. */
export function proxiedEndpoints(state: AgentState): string[] {
  const all = [...state.frontends.flatMap((f) => f.endpoints), ...state.routes.flatMap((r) => r.endpoints), ...(state.defaultBackend ?? [])];
  return [...new Set(all)].sort();
}

export function agentPolicyRules(objs: PolicyStateObjects, state: AgentState, addressing: Pick<ClusterAddressing, 'podRange' | 'gateway'>): PolicyRules {
  const dns = objs.services.find((s) => keyOf(s) === 'kube-system/kube-dns');
  const endpointsByKey = new Map(objs.endpoints.map((e) => [keyOf(e), e]));
  const dnsPodIps = dns ? subsetsOf(dns, endpointsByKey, objs.pods).flatMap((s) => (s.addresses ?? []).map((a) => a.ip)) : [];
  return policyRules({
    pods: resolveNetworkPolicies(objs),
    isSandbox: (ip) => podNetworkAllows(addressing, ip),
    dnsPodIps: [...new Set(dnsPodIps)],
    proxiedEndpoints: proxiedEndpoints(state),
  });
}
