// The cluster's metrics reader — the kubelets' summary API and metrics-server in one: every resolution period it
// asks the runtime for each running pod's container readings (the Docker engine's stats, or the simulated use of
// sim-program.ts) and turns two consecutive readings into a CPU rate; memory is the latest working set. A pod is
// reported once all its running containers have a rate; a node reports the sum of its pods (kubelab nodes share
// one machine, so there is no per-node system usage to add). It reads only while someone asks (`kubectl top`, an
// HPA's controller) and for ten minutes after, so the clusters of a class that never look at metrics cost the
// shared engine no stats calls; after a pause the first answer is empty ("metrics not available yet", as a freshly
// started metrics-server says) until two readings make a rate.
import type { Disposable } from '../api/types';
import type { Pod } from '../api/objects';
import { findKind } from '../apiserver/kinds/registry';
import type { NodeMetricsSample, PodMetricsSample, ResourceMetricsSource } from '../apiserver/metrics';
import type { ObjectApi } from '../apiserver/object-api';
import type { ContainerRuntime } from '../runtime/container-runtime';
import type { Clock } from '../util/clock';

const podRes = findKind('Pod')!;
/** How long after the last read the readings go on. */
const IDLE_AFTER_MS = 10 * 60_000;
const nodeRes = findKind('Node')!;

interface Reading {
  at: number;
  cpu: number;
}

interface PodEntry {
  node: string;
  sample: PodMetricsSample;
}

export class ResourceMetrics implements ResourceMetricsSource, Disposable {
  private readonly readings = new Map<string, Reading>();
  private readonly latest = new Map<string, PodEntry>();
  private timer?: NodeJS.Timeout;
  private scraping = false;
  private lastScrape = 0;
  private demandedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly api: ObjectApi,
    private readonly clock: Clock,
    private readonly runtime: ContainerRuntime,
    private readonly resolutionMs: number,
    private readonly log: (m: string) => void = () => undefined,
  ) {}

  start(): void {
    if (this.timer || !this.runtime.containerStats) return;
    this.timer = setInterval(() => {
      if (this.wanted()) void this.scrape();
    }, this.resolutionMs);
    this.timer.unref();
  }

  private wanted(): boolean {
    return this.clock.now().getTime() - this.demandedAt <= IDLE_AFTER_MS;
  }

  /** A read: keeps the readings coming, and after a pause takes the first one now (a rate needs two). */
  private demand(): void {
    const idle = !this.wanted();
    this.demandedAt = this.clock.now().getTime();
    if (!idle) return;
    // What was read before the pause is too old to report, or to make a rate from.
    this.readings.clear();
    this.latest.clear();
    this.lastScrape = 0;
    void this.scrape();
  }

  /** One pass over the running pods (the periodic scrape; tests may call it to take a reading now). */
  async scrape(): Promise<void> {
    if (this.scraping || !this.runtime.containerStats) return;
    this.scraping = true;
    try {
      const running = this.api.list(podRes, undefined).items.filter((p) => p.spec?.nodeName && p.status?.phase === 'Running' && !p.metadata.deletionTimestamp);
      const seen = new Set<string>();
      for (const pod of running) {
        const uid = String(pod.metadata.uid);
        seen.add(uid);
        try {
          this.record(pod, await this.runtime.containerStats(pod));
        } catch (e) {
          this.log(`metrics: reading pod ${pod.metadata.namespace}/${pod.metadata.name} failed: ${(e as Error).message}`);
        }
      }
      for (const uid of this.latest.keys()) if (!seen.has(uid)) this.latest.delete(uid);
      for (const key of this.readings.keys()) if (!seen.has(key.split('/')[0])) this.readings.delete(key);
      this.lastScrape = this.clock.now().getTime();
    } finally {
      this.scraping = false;
    }
  }

  private record(pod: Pod, stats: Awaited<ReturnType<NonNullable<ContainerRuntime['containerStats']>>>): void {
    const uid = String(pod.metadata.uid);
    const containers: PodMetricsSample['containers'] = [];
    let complete = stats.length > 0;
    let timestamp = 0;
    let windowMs = 0;
    for (const s of stats) {
      const key = `${uid}/${s.name}`;
      const prev = this.readings.get(key);
      this.readings.set(key, { at: s.at, cpu: s.cpuUsageNanoseconds });
      // A new container instance restarts its CPU counter: that reading starts a new pair.
      if (!prev || s.at <= prev.at || s.cpuUsageNanoseconds < prev.cpu) {
        complete = false;
        continue;
      }
      const ms = s.at - prev.at;
      containers.push({ name: s.name, cpuNanoCores: ((s.cpuUsageNanoseconds - prev.cpu) * 1000) / ms, memoryBytes: s.memoryWorkingSetBytes });
      timestamp = Math.max(timestamp, s.at);
      windowMs = Math.max(windowMs, ms);
    }
    if (!complete) return;
    const sample: PodMetricsSample = { namespace: String(pod.metadata.namespace), name: String(pod.metadata.name), labels: pod.metadata.labels, timestamp, windowMs, containers };
    this.latest.set(uid, { node: String(pod.spec?.nodeName), sample });
  }

  pods(namespace?: string): PodMetricsSample[] {
    this.demand();
    return [...this.latest.values()].map((e) => e.sample).filter((s) => namespace === undefined || s.namespace === namespace);
  }

  nodes(): NodeMetricsSample[] {
    this.demand();
    if (!this.lastScrape) return [];
    return this.api.list(nodeRes, undefined).items.map((node) => {
      const name = String(node.metadata.name);
      const on = [...this.latest.values()].filter((e) => e.node === name).map((e) => e.sample);
      const sum = (pick: (c: PodMetricsSample['containers'][number]) => number) => on.reduce((n, s) => n + s.containers.reduce((m, c) => m + pick(c), 0), 0);
      return {
        name,
        labels: node.metadata.labels,
        timestamp: this.lastScrape,
        windowMs: this.resolutionMs,
        cpuNanoCores: sum((c) => c.cpuNanoCores),
        memoryBytes: sum((c) => c.memoryBytes),
      };
    });
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
