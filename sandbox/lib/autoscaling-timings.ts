// How fast resource metrics are read and the HorizontalPodAutoscaler acts, for the metrics reader and the HPA
// controller. REAL_AUTOSCALING is kube-controller-manager's and metrics-server's: metrics every 15 s, an HPA sync
// every 15 s, the 300 s scale-down stabilization and 15 s policy periods as the objects state them, a 5 minute CPU
// initialization period. LAB_AUTOSCALING compresses them so a lesson sees a Deployment scale up and back down in
// about a minute: metrics and syncs every 5 s, and every stabilization window and policy period the HPA states
// (its own or the defaults, 300 s and 15 s) acting at a tenth of its length — the objects keep the real numbers.

export interface AutoscalingTimings {
  /** How often the metrics reader samples each running container (metrics-server's --metric-resolution). */
  metricsResolutionMs: number;
  /** How often each HPA is reconciled (--horizontal-pod-autoscaler-sync-period). */
  syncPeriodMs: number;
  /** Multiplies stabilizationWindowSeconds and policies' periodSeconds when the controller applies them. */
  windowScale: number;
  /** A pod's CPU is treated with suspicion for this long after it starts (--horizontal-pod-autoscaler-cpu-initialization-period). */
  cpuInitializationPeriodMs: number;
  /** A pod that turned ready within this long of starting was never ready before (--horizontal-pod-autoscaler-initial-readiness-delay). */
  initialReadinessDelayMs: number;
  /** Ratios this close to 1 leave the replicas alone (--horizontal-pod-autoscaler-tolerance). */
  tolerance: number;
}

export const REAL_AUTOSCALING: AutoscalingTimings = {
  metricsResolutionMs: 15_000,
  syncPeriodMs: 15_000,
  windowScale: 1,
  cpuInitializationPeriodMs: 300_000,
  initialReadinessDelayMs: 30_000,
  tolerance: 0.1,
};

export const LAB_AUTOSCALING: AutoscalingTimings = {
  metricsResolutionMs: 5_000,
  syncPeriodMs: 5_000,
  windowScale: 0.1,
  cpuInitializationPeriodMs: 30_000,
  initialReadinessDelayMs: 3_000,
  tolerance: 0.1,
};

/** `lab`, `real` or some fields over the real ones. */
export function autoscalingTimingsOf(t: 'lab' | 'real' | Partial<AutoscalingTimings> = 'real'): AutoscalingTimings {
  return t === 'lab' ? LAB_AUTOSCALING : t === 'real' ? REAL_AUTOSCALING : { ...REAL_AUTOSCALING, ...t };
}
