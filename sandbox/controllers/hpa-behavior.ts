// How the HorizontalPodAutoscaler turns a recommendation into a replica count (normalizeDesiredReplicasWithBehaviors
// in pkg/controller/podautoscaler/horizontal.go): stabilization — the lowest recommendation of the scale-up window
// and the highest of the scale-down window bound the change — then the scaling policies' rate limits over their
// periods, then minReplicas/maxReplicas, each step naming itself in the AbleToScale and ScalingLimited conditions.
// The history of recommendations and scale events is the controller's memory, as in kube-controller-manager.
// Windows and periods are multiplied by `windowScale` (sandbox/lib/autoscaling-timings.ts).
import type { HorizontalPodAutoscaler } from '../api/objects';
import { DEFAULT_SCALE_DOWN, DEFAULT_SCALE_UP, scalingRules, type ScalingRules } from '../apiserver/admission/defaults-autoscaling';

type Rules = ScalingRules;
/** An autoscaler's spec.behavior. */
export type Behavior = NonNullable<HorizontalPodAutoscaler['spec']>['behavior'];

interface Recommendation {
  replicas: number;
  at: number;
}

interface ScaleEvent {
  change: number;
  at: number;
}

export interface Normalized {
  replicas: number;
  ableToScale: { reason: string; message: string };
  limited: { status: 'True' | 'False'; reason: string; message: string };
}

export interface NormalizeInput {
  key: string;
  behavior: Behavior;
  currentReplicas: number;
  /** The metrics' recommendation. */
  desiredReplicas: number;
  minReplicas: number;
  maxReplicas: number;
  now: number;
}

export class ScalingHistory {
  private readonly recommendations = new Map<string, Recommendation[]>();
  private readonly ups = new Map<string, ScaleEvent[]>();
  private readonly downs = new Map<string, ScaleEvent[]>();

  constructor(private readonly windowScale: number) {}

  private seconds(s: number): number {
    return s * 1000 * this.windowScale;
  }

  forget(key: string): void {
    this.recommendations.delete(key);
    this.ups.delete(key);
    this.downs.delete(key);
  }

  normalize(input: NormalizeInput): Normalized {
    const up = scalingRules(input.behavior?.scaleUp, DEFAULT_SCALE_UP);
    const down = scalingRules(input.behavior?.scaleDown, DEFAULT_SCALE_DOWN);
    // A fresh autoscaler starts its scale-down window at the current size, so it never scales down at once.
    if (!this.recommendations.has(input.key) && down.stabilizationWindowSeconds > 0) {
      this.recommendations.set(input.key, [{ replicas: input.currentReplicas, at: input.now }]);
    }
    const stabilized = this.stabilize(input, up, down);
    const ableToScale = stabilized.replicas !== input.desiredReplicas
      ? { reason: stabilized.reason, message: stabilized.message }
      : { reason: 'ReadyForNewScale', message: 'recommended size matches current size' };
    const limited = this.limit({ ...input, desiredReplicas: stabilized.replicas }, up, down);
    return {
      replicas: limited.replicas,
      ableToScale,
      limited: { status: limited.replicas === stabilized.replicas ? 'False' : 'True', reason: limited.reason, message: limited.message },
    };
  }

  private stabilize(input: NormalizeInput, up: Rules, down: Rules): { replicas: number; reason: string; message: string } {
    const upCutoff = input.now - this.seconds(up.stabilizationWindowSeconds);
    const downCutoff = input.now - this.seconds(down.stabilizationWindowSeconds);
    let upRecommendation = input.desiredReplicas;
    let downRecommendation = input.desiredReplicas;
    const history = this.recommendations.get(input.key) ?? [];
    let old = -1;
    history.forEach((r, i) => {
      if (r.at > upCutoff) upRecommendation = Math.min(r.replicas, upRecommendation);
      if (r.at > downCutoff) downRecommendation = Math.max(r.replicas, downRecommendation);
      if (r.at < upCutoff && r.at < downCutoff) old = i;
    });
    let replicas = input.currentReplicas;
    if (replicas < upRecommendation) replicas = upRecommendation;
    if (replicas > downRecommendation) replicas = downRecommendation;
    const entry = { replicas: input.desiredReplicas, at: input.now };
    if (old >= 0) history[old] = entry;
    else history.push(entry);
    this.recommendations.set(input.key, history);
    return input.desiredReplicas >= input.currentReplicas
      ? { replicas, reason: 'ScaleUpStabilized', message: 'recent recommendations were lower than current one, applying the lowest recent recommendation' }
      : { replicas, reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' };
  }

  /** Replicas added (or removed) within the last `periodSeconds`. */
  private changedWithin(events: ScaleEvent[] | undefined, periodSeconds: number, now: number): number {
    const cutoff = now - this.seconds(periodSeconds);
    return (events ?? []).filter((e) => e.at > cutoff).reduce((n, e) => n + e.change, 0);
  }

  private limit(input: NormalizeInput, up: Rules, down: Rules): { replicas: number; reason: string; message: string } {
    const { key, currentReplicas: current, desiredReplicas: desired, now } = input;
    if (desired > current) {
      let limit = this.rateLimit(key, current, up, now, 'up');
      if (limit < current) limit = current;
      const [max, reason, message] = input.maxReplicas > limit
        ? [limit, 'ScaleUpLimit', 'the desired replica count is increasing faster than the maximum scale rate']
        : [input.maxReplicas, 'TooManyReplicas', 'the desired replica count is more than the maximum replica count'];
      if (desired > max) return { replicas: max, reason, message };
    } else if (desired < current) {
      let limit = this.rateLimit(key, current, down, now, 'down');
      if (limit > current) limit = current;
      const [min, reason, message] = input.minReplicas < limit
        ? [limit, 'ScaleDownLimit', 'the desired replica count is decreasing faster than the maximum scale rate']
        : [input.minReplicas, 'TooFewReplicas', 'the desired replica count is less than the minimum replica count'];
      if (desired < min) return { replicas: min, reason, message };
    }
    return { replicas: desired, reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
  }

  /** calculateScaleUpLimitWithScalingRules / calculateScaleDownLimitWithBehaviors. */
  private rateLimit(key: string, current: number, rules: Rules, now: number, direction: 'up' | 'down'): number {
    if (rules.selectPolicy === 'Disabled') return current;
    const pickMin = (direction === 'up') === (rules.selectPolicy === 'Min');
    let result = pickMin ? Infinity : -Infinity;
    for (const p of rules.policies) {
      const start = current - this.changedWithin(this.ups.get(key), p.periodSeconds, now) + this.changedWithin(this.downs.get(key), p.periodSeconds, now);
      let proposed: number;
      if (direction === 'up') proposed = p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
      else proposed = p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
      result = pickMin ? Math.min(result, proposed) : Math.max(result, proposed);
    }
    return result;
  }

  /** storeScaleEvent: remembers a change for the rate limits (events older than the longest period are dropped). */
  recordScale(key: string, from: number, to: number, behavior: Behavior, now: number): void {
    const up = to > from;
    const rules = up ? scalingRules(behavior?.scaleUp, DEFAULT_SCALE_UP) : scalingRules(behavior?.scaleDown, DEFAULT_SCALE_DOWN);
    const longest = Math.max(0, ...rules.policies.map((p) => p.periodSeconds));
    const map = up ? this.ups : this.downs;
    const kept = (map.get(key) ?? []).filter((e) => e.at > now - this.seconds(longest));
    kept.push({ change: Math.abs(to - from), at: now });
    map.set(key, kept);
  }
}
