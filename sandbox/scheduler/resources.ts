// Resource arithmetic the scheduler needs (pkg/scheduler/framework/types.go, component-helpers resource.PodRequests):
// what a pod requests — the sum of its containers, or the largest init container if that is more, plus sidecars and
// overhead — and what a node can still give. CPU is counted in millicores, everything else in plain units (bytes).
import type { Container, Node, Pod } from '../api/objects';
import { parseQuantity } from '../lib/quantity';

/** Requested or allocatable amounts by resource name (cpu in millicores). */
export type ResourceList = Map<string, number>;

/** What the scoring plugins assume a container without requests uses (schedutil.DefaultMilliCPURequest / MemoryRequest). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** A quantity in the unit the scheduler counts it in; cpu rounds up to whole millicores as resource.Quantity does. */
export function quantityValue(resource: string, q: unknown): number {
  const v = parseQuantity(q) ?? 0;
  return resource === 'cpu' ? Math.ceil(v * 1000 - 1e-9) : Math.ceil(v - 1e-9);
}

export function toResourceList(list: Record<string, unknown> | undefined): ResourceList {
  const out: ResourceList = new Map();
  for (const [k, v] of Object.entries(list ?? {})) out.set(k, quantityValue(k, v));
  return out;
}

function addInto(target: ResourceList, add: ResourceList): void {
  for (const [k, v] of add) target.set(k, (target.get(k) ?? 0) + v);
}

function maxInto(target: ResourceList, other: ResourceList): void {
  for (const [k, v] of other) target.set(k, Math.max(target.get(k) ?? 0, v));
}

const isSidecar = (c: Container | undefined): boolean => c?.restartPolicy === 'Always';

/**
 * The pod's effective request: regular containers and sidecars run together, while each ordinary init container
 * runs alone (with the sidecars started before it), so the pod needs the larger of the two, plus spec.overhead.
 */
export function podRequests(pod: Pod): ResourceList {
  const spec = pod.spec;
  const requests = (c: Container | undefined) => toResourceList(c?.resources?.requests);
  const total: ResourceList = new Map();
  for (const c of spec?.containers ?? []) addInto(total, requests(c));
  const sidecars: ResourceList = new Map();
  const initPeak: ResourceList = new Map();
  for (const c of spec?.initContainers ?? []) {
    if (isSidecar(c)) {
      addInto(sidecars, requests(c));
      addInto(total, requests(c));
      continue;
    }
    const during = new Map(sidecars);
    addInto(during, requests(c));
    maxInto(initPeak, during);
  }
  maxInto(total, initPeak);
  addInto(total, toResourceList(spec?.overhead));
  return total;
}

/** cpu and memory as the scoring plugins see them: containers that ask for nothing count the defaults. */
export function nonZeroRequests(pod: Pod): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const c of pod.spec?.containers ?? []) {
    const r = toResourceList(c?.resources?.requests);
    cpu += r.has('cpu') ? r.get('cpu')! : DEFAULT_MILLI_CPU_REQUEST;
    memory += r.has('memory') ? r.get('memory')! : DEFAULT_MEMORY_REQUEST;
  }
  return { cpu, memory };
}

/** Sum of the requests of pods already on a node. */
export function requestedOn(pods: Pod[]): ResourceList {
  const used: ResourceList = new Map();
  for (const p of pods) addInto(used, podRequests(p));
  return used;
}

export function allocatable(node: Node): ResourceList {
  return toResourceList(node.status?.allocatable ?? node.status?.capacity);
}
