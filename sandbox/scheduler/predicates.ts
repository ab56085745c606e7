// Pure scheduling decisions (kube-scheduler's filter and score plugins, simplified): which nodes can take a pod
// (Ready, schedulable, taints tolerated, nodeSelector and required node affinity, enough cpu/memory/pod slots) and
// which of those is best (preferred affinity, then fewest pods of the same owner, then least requested), plus the
// FailedScheduling message in the real shape: "0/3 nodes are available: 1 node(s) had untolerated taint {…}, …".
import type { KubeObject } from '../api/types';

/** Kubernetes quantities → millicores (cpu) or bytes (memory). */
export function parseQuantity(q: unknown, milli = false): number {
  if (q === undefined || q === null) return 0;
  const m = /^([0-9.]+)([a-zA-Z]*)$/.exec(String(q).trim());
  if (!m) return 0;
  const n = Number(m[1]);
  const units: Record<string, number> = {
    '': 1, m: 0.001, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4,
  };
  const v = n * (units[m[2]] ?? 1);
  return milli ? Math.round(v * 1000) : v;
}

export function podRequests(pod: KubeObject): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const c of pod.spec?.containers ?? []) {
    const req = c.resources?.requests ?? {};
    cpu += parseQuantity(req.cpu, true);
    memory += parseQuantity(req.memory);
  }
  return { cpu, memory };
}

function tolerates(pod: KubeObject, taint: any): boolean {
  return (pod.spec?.tolerations ?? []).some((t: any) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.operator === 'Exists') return !t.key || t.key === taint.key;
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}

function matchesExpression(labels: Record<string, string>, e: any): boolean {
  const v = labels[e.key];
  switch (e.operator) {
    case 'In': return v !== undefined && (e.values ?? []).includes(v);
    case 'NotIn': return v === undefined || !(e.values ?? []).includes(v);
    case 'Exists': return v !== undefined;
    case 'DoesNotExist': return v === undefined;
    case 'Gt': return v !== undefined && Number(v) > Number(e.values?.[0]);
    case 'Lt': return v !== undefined && Number(v) < Number(e.values?.[0]);
    default: return false;
  }
}

function requiredAffinityOk(pod: KubeObject, node: KubeObject): boolean {
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms?.length) return true;
  const labels = node.metadata.labels ?? {};
  // matchFields supports metadata.name only, as the real scheduler (DaemonSet pods are pinned to their node this way).
  const fields = { 'metadata.name': node.metadata.name! };
  return terms.some(
    (t: any) =>
      (t.matchExpressions ?? []).every((e: any) => matchesExpression(labels, e)) &&
      (t.matchFields ?? []).every((e: any) => matchesExpression(fields, e)),
  );
}

function preferredScore(pod: KubeObject, labels: Record<string, string>): number {
  const prefs = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  return prefs.reduce((s: number, p: any) => s + ((p.preference?.matchExpressions ?? []).every((e: any) => matchesExpression(labels, e)) ? p.weight ?? 0 : 0), 0);
}

function isReady(node: KubeObject): boolean {
  return (node.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}

export type ScheduleResult = { node: string } | { message: string };

/** Decides where `pod` goes given every node and the pods already bound (not finished) on each. */
export function schedule(pod: KubeObject, nodes: KubeObject[], podsByNode: Map<string, KubeObject[]>): ScheduleResult {
  const reasons = new Map<string, number>();
  const fail = (r: string) => reasons.set(r, (reasons.get(r) ?? 0) + 1);
  const fits: KubeObject[] = [];
  const want = podRequests(pod);
  for (const node of nodes) {
    const labels = node.metadata.labels ?? {};
    const taints = (node.spec?.taints ?? []).filter((t: any) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
    const untolerated = taints.find((t: any) => !tolerates(pod, t));
    if (!isReady(node) && !untolerated) {
      fail('node(s) had untolerated taint {node.kubernetes.io/not-ready: }');
      continue;
    }
    if (node.spec?.unschedulable && !tolerates(pod, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })) {
      fail('node(s) were unschedulable');
      continue;
    }
    if (untolerated) {
      fail(`node(s) had untolerated taint {${untolerated.key}: ${untolerated.value ?? ''}}`);
      continue;
    }
    const sel: Record<string, string> = pod.spec?.nodeSelector ?? {};
    if (!Object.entries(sel).every(([k, v]) => labels[k] === v) || !requiredAffinityOk(pod, node)) {
      fail("node(s) didn't match Pod's node affinity/selector");
      continue;
    }
    const running = podsByNode.get(node.metadata.name!) ?? [];
    const alloc = node.status?.allocatable ?? {};
    const used = running.map(podRequests).reduce((a, b) => ({ cpu: a.cpu + b.cpu, memory: a.memory + b.memory }), { cpu: 0, memory: 0 });
    let short = false;
    if (running.length + 1 > parseQuantity(alloc.pods ?? 110)) {
      fail('Too many pods');
      short = true;
    }
    if (want.cpu && used.cpu + want.cpu > parseQuantity(alloc.cpu, true)) {
      fail('Insufficient cpu');
      short = true;
    }
    if (want.memory && used.memory + want.memory > parseQuantity(alloc.memory)) {
      fail('Insufficient memory');
      short = true;
    }
    if (!short) fits.push(node);
  }
  if (!fits.length) {
    const parts = [...reasons.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([r, n]) => `${n} ${r}`);
    return { message: `0/${nodes.length} nodes are available: ${parts.join(', ')}. preemption: 0/${nodes.length} nodes are available: ${nodes.length} Preemption is not helpful for scheduling.` };
  }
  const owner = pod.metadata.ownerReferences?.find((o) => o.controller)?.uid;
  const score = (node: KubeObject) => {
    const running = podsByNode.get(node.metadata.name!) ?? [];
    const siblings = owner ? running.filter((p) => p.metadata.ownerReferences?.some((o) => o.uid === owner)).length : 0;
    return { pref: preferredScore(pod, node.metadata.labels ?? {}), siblings, load: running.length };
  };
  fits.sort((a, b) => {
    const sa = score(a);
    const sb = score(b);
    return sb.pref - sa.pref || sa.siblings - sb.siblings || sa.load - sb.load || (a.metadata.name! < b.metadata.name! ? -1 : 1);
  });
  return { node: fits[0].metadata.name! };
}
