// The horizontal pod autoscaler controller (pkg/controller/podautoscaler/horizontal.go): every sync period it reads
// the target's scale subresource, asks each metric how many replicas it wants (resource metrics from the metrics
// reader, as metrics-server serves them; custom and external metrics are not served, as on a cluster without those
// adapters), takes the largest, stabilizes and rate-limits it by the HPA's behavior (hpa-behavior.ts), writes the
// new replicas through the scale subresource with a SuccessfulRescale event, and writes status: current/desired
// replicas, current metrics, lastScaleTime and the AbleToScale, ScalingActive and ScalingLimited conditions.
import { isStatusError } from '../api/errors';
import type { KubeObject } from '../api/types';
import type { HorizontalPodAutoscaler, Pod } from '../api/objects';
import { fieldOf, pathOf } from '../api/unchecked';
import { findByKind, findKind } from '../apiserver/kinds/registry';
import type { ResourceMetricsSource } from '../apiserver/metrics';
import type { ObjectApi } from '../apiserver/object-api';
import { scaleOf, updateScale, type Scale } from '../apiserver/scale';
import type { AutoscalingTimings } from '../lib/autoscaling-timings';
import { formatQuantity, parseQuantityExact } from '../lib/quantity-math';
import { parseLabelSelector } from '../lib/label-selector-parser';
import { rfc3339, type Clock } from '../util/clock';
import { deepEqual } from '../util/deep-equal';
import { objectKeyOf, splitKey, type Controller, type ReconcileResult, type WatchSpec } from '../controller-runtime/controller';
import { recordEvent, type EventSource } from '../controller-runtime/events';
import { ScalingHistory } from './hpa-behavior';
import { ReplicaCalculationError, resourceReplicas, type PodUsage, type ResourceTarget } from './hpa-replicas';

const hpaRes = findKind('HorizontalPodAutoscaler')!;
const podRes = findKind('Pod')!;
const SOURCE: EventSource = { component: 'horizontal-pod-autoscaler' };

type Condition = { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string | null };
type MetricSpec = NonNullable<NonNullable<HorizontalPodAutoscaler['spec']>['metrics']>[number];

class MetricError extends Error {
  constructor(readonly reason: string, message: string) {
    super(message);
  }
}

const METRIC_SOURCE: Record<string, { field: string; reason: string }> = {
  Resource: { field: 'resource', reason: 'FailedGetResourceMetric' },
  ContainerResource: { field: 'containerResource', reason: 'FailedGetContainerResourceMetric' },
  Pods: { field: 'pods', reason: 'FailedGetPodsMetric' },
  Object: { field: 'object', reason: 'FailedGetObjectMetric' },
  External: { field: 'external', reason: 'FailedGetExternalMetric' },
};

export class HorizontalPodAutoscalerController implements Controller {
  readonly name = 'horizontal-pod-autoscaler';
  readonly watches: WatchSpec[];
  private readonly history: ScalingHistory;

  constructor(
    private readonly api: ObjectApi,
    private readonly clock: Clock,
    private readonly metrics: () => ResourceMetricsSource | undefined,
    private readonly timings: AutoscalingTimings,
  ) {
    this.history = new ScalingHistory(timings.windowScale);
    this.watches = [{
      res: hpaRes,
      toKeys: (e) => {
        if (e.type === 'DELETED') this.history.forget(objectKeyOf(e.object));
        // Its own status writes (observedGeneration caught up) wait for the next sync period, as in
        // kube-controller-manager, where every enqueue waits out the resync interval.
        if (e.type === 'DELETED' || (e.type === 'MODIFIED' && pathOf(e.object, 'status', 'observedGeneration') === e.object.metadata.generation)) return [];
        return [objectKeyOf(e.object)];
      },
    }];
  }

  reconcile(key: string): ReconcileResult | void {
    const { namespace, name } = splitKey(key);
    const hpa = this.api.tryGet(hpaRes, namespace, name);
    if (!hpa || hpa.metadata.deletionTimestamp) return;
    try {
      this.sync(hpa, key);
    } catch (e) {
      // A failed sync is retried at the sync period, never sooner (the HPA's fixed-interval rate limiter).
      if (isStatusError(e) && e.code === 409) throw e;
    }
    return { requeueAfterMs: this.timings.syncPeriodMs };
  }

  private sync(hpa: HorizontalPodAutoscaler, key: string): void {
    const now = this.clock.now();
    // Validation requires a spec (scaleTargetRef, maxReplicas): a stored HPA always has one.
    const spec = hpa.spec ?? ({} as NonNullable<HorizontalPodAutoscaler['spec']>);
    const conditions: Condition[] = (hpa.status?.conditions ?? []).map((c) => ({ ...c }));
    const set = (type: string, status: string, reason: string, message: string) => {
      const at = conditions.findIndex((c) => c.type === type);
      const before = at >= 0 ? conditions[at] : undefined;
      const next = { type, status, lastTransitionTime: before && before.status === status ? before.lastTransitionTime : rfc3339(now), reason, message };
      if (at >= 0) conditions[at] = next;
      else conditions.push(next);
    };
    const ref = spec.scaleTargetRef ?? {};
    const targetRes = findByKind(String(ref.apiVersion ?? ''), String(ref.kind ?? ''));
    let target: KubeObject | undefined;
    let failure: string | undefined;
    if (!targetRes || !targetRes.subresources.includes('scale')) {
      const group = String(ref.apiVersion ?? '').includes('/') ? String(ref.apiVersion).split('/')[0] : '';
      failure = `unable to determine resource for scale target reference: no matches for kind "${ref.kind}" in group "${group}"`;
    } else {
      target = this.api.tryGet(targetRes, namespace(hpa), String(ref.name));
      if (!target) failure = `${targetRes.group ? `${targetRes.plural}.${targetRes.group}` : targetRes.plural} "${ref.name}" not found`;
    }
    if (!target || !targetRes) {
      recordEvent(this.api, hpa, 'Warning', 'FailedGetScale', failure!, SOURCE);
      set('AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${failure}`);
      this.writeStatus(hpa, { ...hpa.status, conditions });
      return;
    }
    const scale = scaleOf(target);
    set('AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale");
    const current: number = scale.spec.replicas;
    const min: number = spec.minReplicas ?? 1;
    const max: number = spec.maxReplicas;
    let desired = 0;
    let reason = '';
    let rescale: boolean;
    let metricStatuses: unknown[] = hpa.status?.currentMetrics ?? [];
    if (current === 0 && min !== 0) {
      set('ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero');
      rescale = false;
    } else if (current > max) {
      reason = 'Current number of replicas above Spec.MaxReplicas';
      desired = max;
      rescale = true;
    } else if (current < min) {
      reason = 'Current number of replicas below Spec.MinReplicas';
      desired = min;
      rescale = true;
    } else {
      const computed = this.computeReplicas(hpa, scale, current, now.getTime(), set);
      metricStatuses = computed.statuses;
      if (computed.replicas === -1) {
        this.writeStatus(hpa, { ...this.status(hpa, current, hpa.status?.desiredReplicas ?? 0, metricStatuses, false, now), conditions });
        throw new Error(`failed to compute desired number of replicas based on listed metrics for ${ref.kind}/${namespace(hpa)}/${ref.name}: ${computed.error}`);
      }
      desired = computed.replicas;
      if (desired > current) reason = `${computed.metric} above target`;
      if (desired < current) reason = 'All metrics below target';
      const normalized = this.history.normalize({ key, behavior: spec.behavior, currentReplicas: current, desiredReplicas: desired, minReplicas: min, maxReplicas: max, now: now.getTime() });
      set('AbleToScale', 'True', normalized.ableToScale.reason, normalized.ableToScale.message);
      set('ScalingLimited', normalized.limited.status, normalized.limited.reason, normalized.limited.message);
      desired = normalized.replicas;
      rescale = desired !== current;
    }
    if (rescale) {
      try {
        updateScale(this.api, targetRes, namespace(hpa), String(ref.name), { ...scale, spec: { replicas: desired } });
      } catch (e) {
        const message = (e as Error).message;
        recordEvent(this.api, hpa, 'Warning', 'FailedRescale', `New size: ${desired}; reason: ${reason}; error: ${message}`, SOURCE);
        set('AbleToScale', 'False', 'FailedUpdateScale', `the HPA controller was unable to update the target scale: ${message}`);
        this.writeStatus(hpa, { ...this.status(hpa, current, current, metricStatuses, false, now), conditions });
        throw e;
      }
      set('AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${desired}`);
      recordEvent(this.api, hpa, 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${reason}`, SOURCE);
      this.history.recordScale(key, current, desired, spec.behavior, now.getTime());
    } else {
      desired = current;
    }
    this.writeStatus(hpa, { ...this.status(hpa, current, desired, metricStatuses, rescale, now), conditions });
  }

  private status(hpa: HorizontalPodAutoscaler, current: number, desired: number, metrics: unknown[], rescaled: boolean, now: Date): Record<string, unknown> {
    const last = rescaled ? rfc3339(now) : hpa.status?.lastScaleTime;
    return {
      observedGeneration: hpa.metadata.generation,
      ...(last ? { lastScaleTime: last } : {}),
      ...(current ? { currentReplicas: current } : {}),
      desiredReplicas: desired,
      ...(metrics.length ? { currentMetrics: metrics } : {}),
    };
  }

  private writeStatus(hpa: HorizontalPodAutoscaler, status: Record<string, unknown>): void {
    if (!deepEqual(hpa.status ?? {}, status)) this.api.updateStatus(hpaRes, hpa.metadata.namespace, hpa.metadata.name, { ...hpa, status: status as HorizontalPodAutoscaler['status'] });
  }

  /** computeReplicasForMetrics: the largest proposal of the metrics that could be computed. */
  private computeReplicas(hpa: HorizontalPodAutoscaler, scale: Scale, current: number, now: number, set: (t: string, s: string, r: string, m: string) => void) {
    const specs = hpa.spec?.metrics ?? [];
    const statuses: unknown[] = [];
    let replicas = 0;
    let metric = '';
    let invalid = 0;
    let firstError: MetricError | undefined;
    const selectorText: string = scale.status?.selector ?? '';
    if (!selectorText) {
      recordEvent(this.api, hpa, 'Warning', 'SelectorRequired', 'selector is required', SOURCE);
      set('ScalingActive', 'False', 'InvalidSelector', "the HPA target's scale is missing a selector");
      return { replicas: -1, statuses, metric, error: 'selector is required' };
    }
    const selector = parseLabelSelector(selectorText);
    const pods = this.api.list(podRes, namespace(hpa)).items.filter((p) => selector.matches(p.metadata.labels));
    for (const m of specs) {
      try {
        const out = this.metricReplicas(m, pods, current, now);
        statuses.push(out.status);
        if (out.replicas > replicas) {
          replicas = out.replicas;
          metric = out.name;
        }
      } catch (e) {
        if (!(e instanceof MetricError)) throw e;
        invalid++;
        firstError ??= e;
        recordEvent(this.api, hpa, 'Warning', e.reason, e.message, SOURCE);
        set('ScalingActive', 'False', e.reason, `the HPA was unable to compute the replica count: ${e.message}`);
      }
    }
    if (invalid === specs.length || (invalid > 0 && replicas < current)) {
      const error = `invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${firstError?.message}`;
      recordEvent(this.api, hpa, 'Warning', 'FailedComputeMetricsReplicas', error, SOURCE);
      return { replicas: -1, statuses, metric, error };
    }
    set('ScalingActive', 'True', 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${metric}`);
    return { replicas, statuses, metric, error: '' };
  }

  /** One metric's proposal and its status entry; only resource metrics can be read here. */
  private metricReplicas(m: MetricSpec, pods: Pod[], current: number, now: number): { replicas: number; name: string; status: unknown } {
    const kind = METRIC_SOURCE[m?.type];
    if (!kind) throw new MetricError('InvalidMetricSourceType', `unknown metric source type "${m?.type}"`);
    // Sources differ in shape (a resource's name, a custom metric's metric.name): read by the field the type names.
    const source = fieldOf(m, kind.field) ?? {};
    if (m.type !== 'Resource' && m.type !== 'ContainerResource') {
      const name = String(pathOf(source, 'metric', 'name') ?? '');
      const api = m.type === 'External' ? 'external metrics API (external.metrics.k8s.io)' : 'custom metrics API (custom.metrics.k8s.io)';
      throw new MetricError(kind.reason, `unable to get metric ${name}: unable to fetch metrics from ${m.type === 'External' ? 'external' : 'custom'} metrics API: no ${api} registered`);
    }
    const resource = String(fieldOf(source, 'name'));
    const container = m.type === 'ContainerResource' ? m.containerResource?.container : undefined;
    const t = fieldOf(source, 'target') ?? {};
    const target: ResourceTarget = fieldOf(t, 'type') === 'Utilization'
      ? { type: 'Utilization', averageUtilization: Number(fieldOf(t, 'averageUtilization')) }
      : { type: 'AverageValue', averageValue: Number(parseQuantityExact(fieldOf(t, 'averageValue'))?.milli ?? 0n) };
    try {
      const proposal = resourceReplicas({
        currentReplicas: current, resource, container, target, pods, metrics: this.usage(pods, resource, container), now,
        tolerance: this.timings.tolerance, cpuInitializationPeriodMs: this.timings.cpuInitializationPeriodMs, initialReadinessDelayMs: this.timings.initialReadinessDelayMs,
      });
      const averageValue = formatQuantity({ milli: BigInt(proposal.rawAverage), format: 'DecimalSI' });
      const currentValue = { ...(proposal.utilization !== undefined ? { averageUtilization: proposal.utilization } : {}), averageValue };
      const status = { type: m.type, [kind.field]: { name: resource, ...(container ? { container } : {}), current: currentValue } };
      const name = target.type === 'Utilization' ? `${resource} resource utilization (percentage of request)` : `${resource} resource`;
      return { replicas: proposal.replicas, name: container ? `${name} of container ${container}` : name, status };
    } catch (e) {
      if (!(e instanceof ReplicaCalculationError)) throw e;
      const what = target.type === 'Utilization' ? `failed to get ${resource} utilization` : `failed to get ${resource} usage`;
      throw new MetricError(kind.reason, `${what}: ${e.message}`);
    }
  }

  /** The pods' usage from the metrics API, milli-units, summed over containers (or the one asked for). */
  private usage(pods: Pod[], resource: string, container?: string): Map<string, PodUsage> {
    const names = new Set(pods.map((p) => String(p.metadata.name)));
    const out = new Map<string, PodUsage>();
    const ns = pods[0]?.metadata.namespace;
    for (const s of this.metrics()?.pods(ns) ?? []) {
      if (!names.has(s.name)) continue;
      const containers = container ? s.containers.filter((c) => c.name === container) : s.containers;
      if (!containers.length) continue;
      const value = containers.reduce((n, c) => n + (resource === 'cpu' ? c.cpuNanoCores / 1e6 : resource === 'memory' ? c.memoryBytes * 1000 : 0), 0);
      out.set(s.name, { value, timestamp: s.timestamp, windowMs: s.windowMs });
    }
    return out;
  }
}

function namespace(obj: KubeObject): string {
  return String(obj.metadata.namespace);
}

