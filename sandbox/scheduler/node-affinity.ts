// Node selection by labels (component-helpers scheduling/corev1/nodeaffinity): spec.nodeSelector, required node
// affinity (terms ORed, expressions ANDed; In/NotIn/Exists/DoesNotExist/Gt/Lt, matchFields on metadata.name) and
// the weights of preferred terms the NodeAffinity score adds up.
import type { Pod, Node } from '../api/objects';

export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

/** Kubernetes parses Gt/Lt operands as 64-bit integers; anything else does not match. */
function integer(s: string | undefined): number | undefined {
  return s !== undefined && /^[+-]?\d+$/.test(s) ? Number(s) : undefined;
}

export function requirementMatches(values: Record<string, string>, r: NodeSelectorRequirement): boolean {
  const has = Object.prototype.hasOwnProperty.call(values, r.key);
  const v = values[r.key];
  const list = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return has && list.includes(v);
    case 'NotIn':
      return !has || !list.includes(v);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      const a = integer(v);
      const b = integer(list[0]);
      if (!has || a === undefined || b === undefined || list.length !== 1) return false;
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

/** An empty term matches no node. */
export function termMatches(node: Node, term: NodeSelectorTerm | undefined): boolean {
  const exprs = term?.matchExpressions ?? [];
  const fields = term?.matchFields ?? [];
  if (!exprs.length && !fields.length) return false;
  const labels = node.metadata.labels ?? {};
  const nodeFields = { 'metadata.name': String(node.metadata.name ?? '') };
  return exprs.every((r) => requirementMatches(labels, r)) && fields.every((r) => requirementMatches(nodeFields, r));
}

/** nodeSelector and requiredDuringSchedulingIgnoredDuringExecution, both of which must hold. */
export function nodeMatchesPod(pod: Pod, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  const selector: Record<string, string> = pod.spec?.nodeSelector ?? {};
  if (!Object.entries(selector).every(([k, v]) => Object.prototype.hasOwnProperty.call(labels, k) && labels[k] === v)) return false;
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  const terms: NodeSelectorTerm[] = required.nodeSelectorTerms ?? [];
  return terms.some((t) => termMatches(node, t));
}

/** Sum of the weights of the preferred terms the node matches. */
export function preferredAffinityScore(pod: Pod, node: Node): number {
  const prefs = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  return prefs.reduce((sum, p) => sum + (p?.weight && termMatches(node, p.preference) ? Number(p.weight) : 0), 0);
}
