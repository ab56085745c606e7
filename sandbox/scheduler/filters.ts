// The scheduler's filter plugins, in kube-scheduler's default order (NodeUnschedulable, TaintToleration,
// NodeAffinity, NodePorts, NodeResourcesFit): the first that rejects a node gives the reasons counted in the
// FailedScheduling message, and says whether preempting other pods could ever help (the "unresolvable" flag).
import type { Pod, Node } from '../api/objects';
import { nodeMatchesPod } from './node-affinity';
import { allocatable, podRequests, requestedOn } from './resources';
import { findUntoleratedTaint, taintText, tolerationsTolerateTaint } from '../lib/taints';

/** A node together with the pods bound to it that still hold resources. */
export interface NodeInfo {
  node: Node;
  pods: Pod[];
}

export interface FilterFailure {
  /** Reasons exactly as kube-scheduler words them ("Insufficient cpu", "node(s) were unschedulable"). */
  reasons: string[];
  /** UnschedulableAndUnresolvable: removing pods from this node would not make room. */
  unresolvable: boolean;
}

export const REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
export const REASON_AFFINITY = "node(s) didn't match Pod's node affinity/selector";
export const REASON_PORTS = "node(s) didn't have free ports for the requested pod ports";
export const UNSCHEDULABLE_TAINT = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

type Filter = (pod: Pod, info: NodeInfo) => FilterFailure | undefined;

const nodeUnschedulable: Filter = (pod, { node }) =>
  node.spec?.unschedulable && !tolerationsTolerateTaint(pod.spec?.tolerations, UNSCHEDULABLE_TAINT)
    ? { reasons: [REASON_UNSCHEDULABLE], unresolvable: true }
    : undefined;

const taintToleration: Filter = (pod, { node }) => {
  const taint = findUntoleratedTaint(node.spec?.taints, pod.spec?.tolerations, ['NoSchedule', 'NoExecute']);
  return taint ? { reasons: [`node(s) had untolerated taint ${taintText(taint)}`], unresolvable: true } : undefined;
};

const nodeAffinity: Filter = (pod, { node }) => (nodeMatchesPod(pod, node) ? undefined : { reasons: [REASON_AFFINITY], unresolvable: true });

interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

function hostPorts(pod: Pod): HostPort[] {
  const out: HostPort[] = [];
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    for (const p of c?.ports ?? []) {
      if (p?.hostPort !== undefined && p.hostPort > 0) out.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol ?? 'TCP', port: Number(p.hostPort) });
    }
  }
  return out;
}

const nodePorts: Filter = (pod, { pods }) => {
  const wanted = hostPorts(pod);
  if (!wanted.length) return undefined;
  const used = pods.flatMap(hostPorts);
  const clash = wanted.some((w) =>
    used.some((u) => u.port === w.port && u.protocol === w.protocol && (u.ip === w.ip || u.ip === '0.0.0.0' || w.ip === '0.0.0.0')),
  );
  return clash ? { reasons: [REASON_PORTS], unresolvable: false } : undefined;
};

const FIRST_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];

const nodeResourcesFit: Filter = (pod, { node, pods }) => {
  const alloc = allocatable(node);
  const reasons: string[] = [];
  let unresolvable = false;
  if (pods.length + 1 > (alloc.get('pods') ?? 110)) reasons.push('Too many pods');
  const want = podRequests(pod);
  const used = requestedOn(pods);
  const names = [...FIRST_RESOURCES, ...[...want.keys()].filter((k) => !FIRST_RESOURCES.includes(k) && k !== 'pods').sort()];
  for (const name of names) {
    const req = want.get(name) ?? 0;
    if (req <= 0) continue;
    const cap = alloc.get(name) ?? 0;
    if (req > cap - (used.get(name) ?? 0)) {
      reasons.push(`Insufficient ${name}`);
      if (req > cap) unresolvable = true;
    }
  }
  return reasons.length ? { reasons, unresolvable } : undefined;
};

export const FILTERS: readonly Filter[] = [nodeUnschedulable, taintToleration, nodeAffinity, nodePorts, nodeResourcesFit];

/** Runs the filters in order; undefined when the node can take the pod. */
export function filterNode(pod: Pod, info: NodeInfo): FilterFailure | undefined {
  for (const f of FILTERS) {
    const failure = f(pod, info);
    if (failure) return failure;
  }
  return undefined;
}
