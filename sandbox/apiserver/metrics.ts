// metrics.k8s.io/v1beta1 as metrics-server serves it: PodMetrics and NodeMetrics, read-only, computed per request
// from a ResourceMetricsSource (the cluster's metrics reader, sandbox/kubelet/resource-metrics.ts) and never stored.
// `kubectl top pod|node` read these lists; the HorizontalPodAutoscaler reads the same source in process. CPU is
// reported in nanocores and memory in bytes as Kubernetes quantities (`12345678n`, `2048Ki`), a pod only once every
// container of it has two readings, as metrics-server does.
import { notFound } from '../api/errors';
import type { ResourceInfo } from '../api/registry';
import type { KubeList, KubeObject } from '../api/types';
import { formatQuantity } from '../lib/quantity-math';
import { parseFieldSelector } from '../lib/field-selector';
import { parseLabelSelector } from '../lib/label-selector-parser';
import { rfc3339 } from '../util/clock';

export interface ContainerMetrics {
  name: string;
  cpuNanoCores: number;
  memoryBytes: number;
}

export interface PodMetricsSample {
  namespace: string;
  name: string;
  labels?: Record<string, string>;
  /** When the later of the two readings was taken (ms). */
  timestamp: number;
  /** Between the two readings the rate is measured over (ms). */
  windowMs: number;
  containers: ContainerMetrics[];
}

export interface NodeMetricsSample {
  name: string;
  labels?: Record<string, string>;
  timestamp: number;
  windowMs: number;
  cpuNanoCores: number;
  memoryBytes: number;
}

/** What the resource metrics API and the HPA read: the latest usage of running pods and of nodes. */
export interface ResourceMetricsSource {
  pods(namespace?: string): PodMetricsSample[];
  nodes(): NodeMetricsSample[];
}

const API_VERSION = 'metrics.k8s.io/v1beta1';

/** A CPU rate as metrics-server writes it: nanocores, in the largest exact unit (`5m`, `1234567n`, `2`). */
export function cpuQuantity(nanoCores: number): string {
  const n = Math.max(0, Math.round(nanoCores));
  if (n === 0) return '0';
  for (const [div, suffix] of [[1e9, ''], [1e6, 'm'], [1e3, 'u']] as const) if (n % div === 0) return `${n / div}${suffix}`;
  return `${n}n`;
}

export function memoryQuantity(bytes: number): string {
  return formatQuantity({ milli: BigInt(Math.max(0, Math.round(bytes))) * 1000n, format: 'BinarySI' });
}

/** time.Duration's String() for a whole number of milliseconds (`5s`, `5.002s`). */
function goDuration(ms: number): string {
  return `${Math.round(ms) / 1000}s`;
}

export function podMetricsObject(s: PodMetricsSample, now: Date): KubeObject {
  return {
    kind: 'PodMetrics',
    apiVersion: API_VERSION,
    metadata: { name: s.name, namespace: s.namespace, creationTimestamp: rfc3339(now), ...(s.labels ? { labels: s.labels } : {}) },
    timestamp: rfc3339(new Date(s.timestamp)),
    window: goDuration(s.windowMs),
    containers: s.containers.map((c) => ({ name: c.name, usage: { cpu: cpuQuantity(c.cpuNanoCores), memory: memoryQuantity(c.memoryBytes) } })),
  };
}

export function nodeMetricsObject(s: NodeMetricsSample, now: Date): KubeObject {
  return {
    kind: 'NodeMetrics',
    apiVersion: API_VERSION,
    metadata: { name: s.name, creationTimestamp: rfc3339(now), ...(s.labels ? { labels: s.labels } : {}) },
    timestamp: rfc3339(new Date(s.timestamp)),
    window: goDuration(s.windowMs),
    usage: { cpu: cpuQuantity(s.cpuNanoCores), memory: memoryQuantity(s.memoryBytes) },
  };
}

/** GET of a metrics resource: one object by name, or the list (label and field selectors apply). */
export function readMetrics(
  source: ResourceMetricsSource | undefined, res: ResourceInfo, namespace: string | undefined, name: string | undefined,
  query: { labelSelector?: string; fieldSelector?: string }, now: Date,
): KubeObject | KubeList {
  const pods = res.kind === 'PodMetrics';
  const objects = pods
    ? (source?.pods(namespace) ?? []).map((s) => podMetricsObject(s, now))
    : (source?.nodes() ?? []).map((s) => nodeMetricsObject(s, now));
  if (name !== undefined) {
    const found = objects.find((o) => o.metadata.name === name);
    if (!found) throw notFound(res.group, pods ? 'podmetrics' : 'nodemetrics', pods ? `${namespace}/${name}` : name);
    return found;
  }
  const labels = parseLabelSelector(query.labelSelector);
  const fields = parseFieldSelector(query.fieldSelector, res.kind);
  return {
    kind: `${res.kind}List`,
    apiVersion: API_VERSION,
    metadata: {},
    items: objects.filter((o) => labels.matches(o.metadata.labels) && fields.matches(o)),
  };
}
