// The HorizontalPodAutoscaler's replica calculator for resource metrics (pkg/controller/podautoscaler/
// replica_calculator.go), pure: from the target's pods and their usage, how many replicas would bring usage to the
// target. Pods being deleted or failed are ignored; pending pods, and for CPU pods still starting up, count as
// unready; pods without metrics are assumed to use 100% on a scale-down and nothing on a scale-up, so neither makes
// the autoscaler overshoot. Usage and requests are in milli-units (millicores, millibytes) as metrics-server's are.
import type { Pod } from '../api/objects';
import { parseQuantityExact } from '../lib/quantity-math';

export interface PodUsage {
  /** Usage of the resource summed over the pod's containers (or the one container asked for), milli-units. */
  value: number;
  /** When the reading was taken and over how long (ms). */
  timestamp: number;
  windowMs: number;
}

export type ResourceTarget = { type: 'Utilization'; averageUtilization: number } | { type: 'AverageValue'; averageValue: number };

export interface ReplicaInput {
  currentReplicas: number;
  resource: string;
  /** Only this container's usage and requests (ContainerResource metrics). */
  container?: string;
  target: ResourceTarget;
  pods: Pod[];
  metrics: Map<string, PodUsage>;
  now: number;
  tolerance: number;
  cpuInitializationPeriodMs: number;
  initialReadinessDelayMs: number;
}

export interface ReplicaProposal {
  replicas: number;
  /** Utilization in percent of requests (Utilization targets). */
  utilization?: number;
  /** The average usage per pod, milli-units. */
  rawAverage: number;
  timestamp: number;
}

/** A reason the calculation cannot be made, in the controller's words. */
export class ReplicaCalculationError extends Error {}

const condition = (pod: Pod, type: string) => (pod.status?.conditions ?? []).find((c) => c?.type === type);

function groupPods(input: ReplicaInput) {
  let ready = 0;
  const unready = new Set<string>();
  const missing = new Set<string>();
  const ignored = new Set<string>();
  for (const pod of input.pods) {
    const name = String(pod.metadata.name);
    if (pod.metadata.deletionTimestamp || pod.status?.phase === 'Failed') {
      ignored.add(name);
      continue;
    }
    if (pod.status?.phase === 'Pending') {
      unready.add(name);
      continue;
    }
    const metric = input.metrics.get(name);
    if (!metric) {
      missing.add(name);
      continue;
    }
    if (input.resource === 'cpu') {
      const readyCond = condition(pod, 'Ready');
      const started = Date.parse(pod.status?.startTime ?? '');
      let isUnready: boolean;
      if (!readyCond || Number.isNaN(started)) isUnready = true;
      else if (started + input.cpuInitializationPeriodMs > input.now) {
        // Still starting: its CPU counts once ready for a whole metrics window.
        isUnready = readyCond.status === 'False' || metric.timestamp < Date.parse(readyCond.lastTransitionTime ?? '') + metric.windowMs;
      } else {
        isUnready = readyCond.status === 'False' && started + input.initialReadinessDelayMs > Date.parse(readyCond.lastTransitionTime ?? '');
      }
      if (isUnready) {
        unready.add(name);
        continue;
      }
    }
    ready++;
  }
  return { ready, unready, missing, ignored };
}

/** calculatePodRequests: each pod's request for the resource, milli-units; every container must state one. */
function podRequests(pods: Pod[], resource: string, container?: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const pod of pods) {
    let sum = 0;
    for (const c of pod.spec?.containers ?? []) {
      if (container && c.name !== container) continue;
      const q = parseQuantityExact(c.resources?.requests?.[resource]);
      if (!q) throw new ReplicaCalculationError(`missing request for ${resource} in container ${c.name} of Pod ${pod.metadata.name}`);
      sum += Number(q.milli);
    }
    out.set(String(pod.metadata.name), sum);
  }
  return out;
}

function ratioOf(input: ReplicaInput, metrics: Map<string, PodUsage>, requests: Map<string, number>) {
  if (input.target.type === 'Utilization') {
    let used = 0;
    let requested = 0;
    let n = 0;
    for (const [name, m] of metrics) {
      const r = requests.get(name);
      if (r === undefined) continue;
      used += m.value;
      requested += r;
      n++;
    }
    if (requested === 0) throw new ReplicaCalculationError('no metrics returned matched known pods');
    const utilization = Math.trunc((used * 100) / requested);
    return { ratio: utilization / input.target.averageUtilization, utilization, rawAverage: Math.trunc(used / n) };
  }
  const values = [...metrics.values()].map((m) => m.value);
  const average = values.reduce((a, b) => a + b, 0) / values.length;
  return { ratio: average / input.target.averageValue, utilization: undefined, rawAverage: Math.trunc(average) };
}

export function resourceReplicas(input: ReplicaInput): ReplicaProposal {
  if (!input.metrics.size) throw new ReplicaCalculationError(`unable to get metrics for resource ${input.resource}: no metrics returned from resource metrics API`);
  if (!input.pods.length) throw new ReplicaCalculationError('no pods returned by selector while calculating replica count');
  const { ready, unready, missing, ignored } = groupPods(input);
  const metrics = new Map([...input.metrics].filter(([name]) => input.pods.some((p) => p.metadata.name === name) && !ignored.has(name) && !unready.has(name)));
  const requests = input.target.type === 'Utilization' ? podRequests(input.pods, input.resource, input.container) : new Map<string, number>();
  if (!metrics.size) throw new ReplicaCalculationError('did not receive metrics for targeted pods (pods might be unready)');
  const timestamp = Math.max(...[...metrics.values()].map((m) => m.timestamp));
  const { ratio, utilization, rawAverage } = ratioOf(input, metrics, requests);
  const current = input.currentReplicas;
  const scaleUpWithUnready = unready.size > 0 && ratio > 1;
  if (!scaleUpWithUnready && !missing.size) {
    if (Math.abs(1 - ratio) <= input.tolerance) return { replicas: current, utilization, rawAverage, timestamp };
    return { replicas: Math.ceil(ratio * ready), utilization, rawAverage, timestamp };
  }
  const target = input.target;
  const fallback = (name: string) => {
    if (target.type === 'Utilization') return ((requests.get(name) ?? 0) * Math.max(100, target.averageUtilization)) / 100;
    return target.averageValue;
  };
  if (missing.size && ratio < 1) for (const name of missing) metrics.set(name, { value: fallback(name), timestamp, windowMs: 0 });
  else if (missing.size && ratio > 1) for (const name of missing) metrics.set(name, { value: 0, timestamp, windowMs: 0 });
  if (scaleUpWithUnready) for (const name of unready) metrics.set(name, { value: 0, timestamp, windowMs: 0 });
  const next = ratioOf(input, metrics, requests).ratio;
  if (Math.abs(1 - next) <= input.tolerance || (ratio < 1 && next > 1) || (ratio > 1 && next < 1)) return { replicas: current, utilization, rawAverage, timestamp };
  const replicas = Math.ceil(next * metrics.size);
  if ((next < 1 && replicas > current) || (next > 1 && replicas < current)) return { replicas: current, utilization, rawAverage, timestamp };
  return { replicas, utilization, rawAverage, timestamp };
}
