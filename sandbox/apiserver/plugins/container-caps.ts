// What a container really gets from the machine under the docker runtime: its limits, or — when it sets none, as
// most lesson pods do — a default (its requests when they are more), never more than its node can give (a real
// container cannot use more than its node either). The docker runtime turns these into Docker's memory, CPU and
// pids limits and the kubelet-like storage eviction; the learner's budget (budget.ts) adds them up at admission.
// Nothing here refuses a pod: a CPU request no node can satisfy stays Pending with FailedScheduling, as upstream.
import { parseQuantity } from '../../lib/quantity';
import type { Container, Node, PodSpec } from '../../api/objects';

export interface ResourcePolicy {
  /** What a container without limits gets (Kubernetes quantities). */
  defaultCpu: string;
  defaultMemory: string;
  defaultEphemeralStorage: string;
  /** Processes (and threads) per container: Docker's pids limit, like the kubelet's podPidsLimit. */
  pidsLimit: number;
}

export const DEFAULT_RESOURCE_POLICY: ResourcePolicy = {
  defaultCpu: '500m',
  defaultMemory: '256Mi',
  defaultEphemeralStorage: '256Mi',
  pidsLimit: 128,
};

export interface ContainerCaps {
  cpuCores: number;
  memoryBytes: number;
  ephemeralStorageBytes: number;
  pids: number;
}

/** The most one container can have: its node's allocatable amounts (undefined: no ceiling known). */
export interface CapsCeiling {
  cpuCores?: number;
  memoryBytes?: number;
  ephemeralStorageBytes?: number;
}

/** A node's allocatable cpu, memory and ephemeral-storage as a ceiling. */
export function nodeCeiling(node: Node | undefined): CapsCeiling {
  const alloc = node?.status?.allocatable ?? node?.status?.capacity ?? {};
  return { cpuCores: parseQuantity(alloc.cpu), memoryBytes: parseQuantity(alloc.memory), ephemeralStorageBytes: parseQuantity(alloc['ephemeral-storage']) };
}

/** The largest ceiling among nodes (what a pod could get wherever it lands). */
export function largestCeiling(nodes: Node[]): CapsCeiling {
  const out: CapsCeiling = {};
  for (const n of nodes) {
    const c = nodeCeiling(n);
    for (const k of ['cpuCores', 'memoryBytes', 'ephemeralStorageBytes'] as const) {
      if (c[k] !== undefined) out[k] = Math.max(out[k] ?? 0, c[k]!);
    }
  }
  return out;
}

/** What the container runs with: its limit, else its request raised to the default, never above the ceiling. */
export function effectiveLimits(container: Container | undefined, policy: ResourcePolicy = DEFAULT_RESOURCE_POLICY, ceiling: CapsCeiling = {}): ContainerCaps {
  const pick = (resource: string, def: string, max: number | undefined) => {
    const limit = parseQuantity(container?.resources?.limits?.[resource]);
    const request = parseQuantity(container?.resources?.requests?.[resource]);
    const value = limit ?? Math.max(request ?? 0, parseQuantity(def) ?? 0);
    return max !== undefined && max > 0 ? Math.min(value, max) : value;
  };
  return {
    cpuCores: pick('cpu', policy.defaultCpu, ceiling.cpuCores),
    memoryBytes: Math.round(pick('memory', policy.defaultMemory, ceiling.memoryBytes)),
    ephemeralStorageBytes: Math.round(pick('ephemeral-storage', policy.defaultEphemeralStorage, ceiling.ephemeralStorageBytes)),
    pids: policy.pidsLimit,
  };
}

/**
 * What a whole pod holds while it runs: its app containers and sidecars together, or its largest ordinary init
 * container when that is more (init containers run one at a time), as the scheduler counts requests.
 */
export function podCaps(spec: PodSpec | undefined, policy: ResourcePolicy = DEFAULT_RESOURCE_POLICY, ceiling: CapsCeiling = {}): ContainerCaps {
  const sum: ContainerCaps = { cpuCores: 0, memoryBytes: 0, ephemeralStorageBytes: 0, pids: 0 };
  const add = (to: ContainerCaps, c: ContainerCaps) => {
    for (const k of Object.keys(to) as (keyof ContainerCaps)[]) to[k] += c[k];
  };
  const sidecars: ContainerCaps = { cpuCores: 0, memoryBytes: 0, ephemeralStorageBytes: 0, pids: 0 };
  const initPeak: ContainerCaps = { cpuCores: 0, memoryBytes: 0, ephemeralStorageBytes: 0, pids: 0 };
  for (const c of spec?.containers ?? []) add(sum, effectiveLimits(c, policy, ceiling));
  for (const c of spec?.initContainers ?? []) {
    const caps = effectiveLimits(c, policy, ceiling);
    if (c?.restartPolicy === 'Always') {
      add(sidecars, caps);
      add(sum, caps);
      continue;
    }
    const during = { ...sidecars };
    add(during, caps);
    for (const k of Object.keys(initPeak) as (keyof ContainerCaps)[]) initPeak[k] = Math.max(initPeak[k], during[k]);
  }
  for (const k of Object.keys(sum) as (keyof ContainerCaps)[]) sum[k] = Math.max(sum[k], initPeak[k]);
  return sum;
}
