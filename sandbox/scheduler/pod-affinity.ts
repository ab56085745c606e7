// The InterPodAffinity filter of kube-scheduler (plugins/interpodaffinity/filtering.go), for the required terms:
// the incoming pod's podAffinity (some matching pod must run in the node's topology domain — the first pod of a
// group that matches its own terms may start anywhere), its podAntiAffinity (no matching pod may run there) and the
// anti-affinity of pods already running (none of them may reject the incoming pod in that domain). Each check counts
// matching pods per topology pair (`topologyKey=value`) once per scheduling attempt, as PreFilter does.
import type { Node, Pod, PodAffinityTerm } from '../api/objects';
import { selectorMatches } from '../lib/label-selector';
import type { FilterFailure } from './filters';

export const REASON_POD_AFFINITY = "node(s) didn't match pod affinity rules";
export const REASON_POD_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
export const REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";

type Term = PodAffinityTerm;

/** Labels of a namespace (for namespaceSelector), undefined when it does not exist. */
export type NamespaceLabels = (namespace: string) => Record<string, string> | undefined;

const required = (pod: Pod, kind: 'podAffinity' | 'podAntiAffinity'): Term[] =>
  (pod.spec?.affinity?.[kind]?.requiredDuringSchedulingIgnoredDuringExecution ?? []).filter((t) => t && typeof t.topologyKey === 'string');

/** Whether `term`, written in a pod of namespace `owner`, selects `target` (AffinityTerm.Matches). */
function termMatches(term: Term, owner: string, target: Pod, nsLabels: NamespaceLabels): boolean {
  const ns = String(target.metadata.namespace ?? 'default');
  const listed = term.namespaces ?? [];
  let inScope = listed.includes(ns);
  if (term.namespaceSelector) inScope ||= selectorMatches(term.namespaceSelector, nsLabels(ns) ?? {});
  else if (!listed.length) inScope = ns === owner;
  return inScope && selectorMatches(term.labelSelector, target.metadata.labels);
}

const pair = (key: string, value: string) => `${key}\u0000${value}`;

/** Builds the filter for one pod against every pod bound to a node now; call it per candidate node. */
export function interPodAffinity(pod: Pod, nodes: Node[], podsOnNodes: Map<string, Pod[]>, nsLabels: NamespaceLabels): (node: Node) => FilterFailure | undefined {
  const own = String(pod.metadata.namespace ?? 'default');
  const affinity = required(pod, 'podAffinity');
  const anti = required(pod, 'podAntiAffinity');
  const affinityCounts = new Map<string, number>();
  const antiCounts = new Map<string, number>();
  const existingAnti = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const labelsOf = new Map(nodes.map((n) => [String(n.metadata.name), (n.metadata.labels ?? {}) as Record<string, string>]));
  for (const [nodeName, pods] of podsOnNodes) {
    const labels = labelsOf.get(nodeName);
    if (!labels) continue;
    for (const other of pods) {
      if (other.metadata.uid === pod.metadata.uid) continue;
      if (affinity.length && affinity.every((t) => termMatches(t, own, other, nsLabels))) {
        for (const t of affinity) if (t.topologyKey in labels) bump(affinityCounts, pair(t.topologyKey, labels[t.topologyKey]));
      }
      for (const t of anti) if (t.topologyKey in labels && termMatches(t, own, other, nsLabels)) bump(antiCounts, pair(t.topologyKey, labels[t.topologyKey]));
      const theirs = String(other.metadata.namespace ?? 'default');
      for (const t of required(other, 'podAntiAffinity')) {
        if (t.topologyKey in labels && termMatches(t, theirs, pod, nsLabels)) bump(existingAnti, pair(t.topologyKey, labels[t.topologyKey]));
      }
    }
  }
  const selfMatch = affinity.every((t) => termMatches(t, own, pod, nsLabels));
  return (node) => {
    const labels = (node.metadata.labels ?? {}) as Record<string, string>;
    if (affinity.length) {
      // Every topology key must be on the node; then a matching pod must run in each domain.
      if (!affinity.every((t) => t.topologyKey in labels)) return { reasons: [REASON_POD_AFFINITY], unresolvable: true };
      const found = affinity.every((t) => (affinityCounts.get(pair(t.topologyKey, labels[t.topologyKey])) ?? 0) > 0);
      if (!found && !(affinityCounts.size === 0 && selfMatch)) return { reasons: [REASON_POD_AFFINITY], unresolvable: true };
    }
    if (anti.some((t) => t.topologyKey in labels && (antiCounts.get(pair(t.topologyKey, labels[t.topologyKey])) ?? 0) > 0)) {
      return { reasons: [REASON_POD_ANTI_AFFINITY], unresolvable: false };
    }
    if (Object.entries(labels).some(([k, v]) => (existingAnti.get(pair(k, v)) ?? 0) > 0)) {
      return { reasons: [REASON_EXISTING_ANTI_AFFINITY], unresolvable: false };
    }
    return undefined;
  };
}
