// One scheduling decision, pure: filter every node (filters.ts), score the ones left the way kube-scheduler's
// default score plugins lean (preferred node affinity, PreferNoSchedule taints, spreading a workload's replicas,
// least requested and balanced nodes), pick the best; or explain in the FitError words of a real cluster why no
// node fits: "0/3 nodes are available: 1 node(s) had untolerated taint {…}, 2 Insufficient cpu. preemption: …".
import type { Pod, Node } from '../api/objects';
import { filterNode, type FilterFailure, type NodeInfo } from './filters';
import { preferredAffinityScore } from './node-affinity';
import { interPodAffinity, type NamespaceLabels } from './pod-affinity';
import { allocatable, nonZeroRequests } from './resources';
import { tolerationsTolerateTaint } from '../lib/taints';

export type ScheduleResult =
  | { node: string }
  | {
      /** Why each node was rejected, by node name. */
      reasons: Map<string, FilterFailure>;
      /** The FailedScheduling message and PodScheduled condition message. */
      message: string;
    };

export const NO_NODES_MESSAGE = 'no nodes available to schedule pods';
const PREEMPTION_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
const NO_VICTIMS = 'No preemption victims found for incoming pod';

/** Counts of "<n> <reason>", sorted as strings the way FitError.Error sorts its histogram. */
function histogram(reasons: string[]): string {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([r, n]) => `${n} ${r}`).sort().join(', ');
}

/**
 * The message of a FitError followed by DefaultPreemption's verdict. Preemption never finds victims here: every
 * pod kubelab runs has the default priority, so a node is either hopeless (unresolvable) or has nobody to evict.
 */
export function fitErrorMessage(pod: Pod, total: number, failures: Map<string, FilterFailure>): string {
  const all = [...failures.values()];
  const filterMsg = histogram(all.flatMap((f) => f.reasons));
  let preemption: string;
  if (pod.spec?.preemptionPolicy === 'Never') preemption = 'not eligible due to preemptionPolicy=Never';
  else preemption = `0/${total} nodes are available: ${histogram(all.map((f) => (f.unresolvable ? PREEMPTION_NOT_HELPFUL : NO_VICTIMS)))}`;
  return `0/${total} nodes are available: ${filterMsg}. preemption: ${preemption}.`;
}

/** Same workload: the same controller, or (for bare pods) the same labels, in the same namespace. */
function sameWorkload(pod: Pod, other: Pod): boolean {
  if (other.metadata.namespace !== pod.metadata.namespace) return false;
  const owner = pod.metadata.ownerReferences?.find((o) => o.controller)?.uid;
  if (owner) return !!other.metadata.ownerReferences?.some((o) => o.controller && o.uid === owner);
  const labels = pod.metadata.labels ?? {};
  const keys = Object.keys(labels);
  if (!keys.length) return false;
  const theirs = other.metadata.labels ?? {};
  return keys.length === Object.keys(theirs).length && keys.every((k) => theirs[k] === labels[k]);
}

interface Raw {
  name: string;
  affinity: number;
  preferNoSchedule: number;
  siblings: number;
  leastAllocated: number;
  balanced: number;
}

function rawScores(pod: Pod, info: NodeInfo): Raw {
  const { node, pods } = info;
  const alloc = allocatable(node);
  const mine = nonZeroRequests(pod);
  let cpu = mine.cpu;
  let memory = mine.memory;
  for (const p of pods) {
    const r = nonZeroRequests(p);
    cpu += r.cpu;
    memory += r.memory;
  }
  const capCpu = alloc.get('cpu') ?? 0;
  const capMem = alloc.get('memory') ?? 0;
  const free = (cap: number, used: number) => (cap > 0 ? Math.max(0, ((cap - used) * 100) / cap) : 0);
  const cpuFrac = capCpu > 0 ? Math.min(1, cpu / capCpu) : 1;
  const memFrac = capMem > 0 ? Math.min(1, memory / capMem) : 1;
  return {
    name: String(node.metadata.name),
    affinity: preferredAffinityScore(pod, node),
    preferNoSchedule: (node.spec?.taints ?? []).filter((t) => t.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(pod.spec?.tolerations, t)).length,
    siblings: pods.filter((p) => sameWorkload(pod, p)).length,
    leastAllocated: (free(capCpu, cpu) + free(capMem, memory)) / 2,
    balanced: (1 - Math.abs(cpuFrac - memFrac) / 2) * 100,
  };
}

/** Scales to 0..100 over the candidates; `reverse` when fewer is better (DefaultNormalizeScore). */
function normalize(values: number[], reverse: boolean): number[] {
  const max = Math.max(0, ...values);
  if (max === 0) return values.map(() => (reverse ? 100 : 0));
  return values.map((v) => (reverse ? ((max - v) * 100) / max : (v * 100) / max));
}

/** Weighted sum of the default score plugins (NodeAffinity 2, TaintToleration 3, PodTopologySpread 2, fit 1, balance 1). */
export function scoreNodes(pod: Pod, candidates: NodeInfo[]): { name: string; score: number }[] {
  const raw = candidates.map((c) => rawScores(pod, c));
  const affinity = normalize(raw.map((r) => r.affinity), false);
  const taints = normalize(raw.map((r) => r.preferNoSchedule), true);
  const spread = normalize(raw.map((r) => r.siblings), true);
  return raw.map((r, i) => ({ name: r.name, score: 2 * affinity[i] + 3 * taints[i] + 2 * spread[i] + r.leastAllocated + r.balanced }));
}

/**
 * Decides where `pod` goes given every node and the pods bound to each (pods that finished are not counted).
 * Ties go to the first node by name, so a test or a lesson sees the same placement every time.
 */
export function schedule(pod: Pod, nodes: Node[], podsOnNodes: Map<string, Pod[]>, nsLabels: NamespaceLabels = () => undefined): ScheduleResult {
  if (!nodes.length) return { reasons: new Map(), message: NO_NODES_MESSAGE };
  const failures = new Map<string, FilterFailure>();
  const feasible: NodeInfo[] = [];
  // InterPodAffinity runs after the per-node filters, on counts taken over the whole cluster once.
  const podAffinity = interPodAffinity(pod, nodes, podsOnNodes, nsLabels);
  for (const node of [...nodes].sort((a, b) => String(a.metadata.name).localeCompare(String(b.metadata.name)))) {
    const info = { node, pods: podsOnNodes.get(String(node.metadata.name)) ?? [] };
    const failure = filterNode(pod, info) ?? podAffinity(node);
    if (failure) failures.set(String(node.metadata.name), failure);
    else feasible.push(info);
  }
  if (!feasible.length) return { reasons: failures, message: fitErrorMessage(pod, nodes.length, failures) };
  const scored = scoreNodes(pod, feasible);
  let best = scored[0];
  for (const s of scored) if (s.score > best.score + 1e-9) best = s;
  return { node: best.name };
}
