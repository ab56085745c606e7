// How fast a cluster notices a failed machine, shared by the kubelets (how often they renew their lease) and the
// node lifecycle controller (when a silent node turns NotReady, when its pods are evicted). Timings default to a
// real cluster's; LAB_TIMINGS compresses the waits so a lesson can watch pods move (NotReady after ~15 s,
// evictions after a tenth of tolerationSeconds).

export interface NodeTimings {
  leaseRenewMs: number;
  leaseDurationSeconds: number;
  nodeStatusReportMs: number;
  nodeMonitorGracePeriodMs: number;
  /** Multiplies pods' tolerationSeconds for NoExecute evictions. */
  evictionScale: number;
}

export const REAL_TIMINGS: NodeTimings = {
  leaseRenewMs: 10_000,
  leaseDurationSeconds: 40,
  nodeStatusReportMs: 60_000,
  nodeMonitorGracePeriodMs: 40_000,
  evictionScale: 1,
};

/** For lessons: the same sequence in under a minute (NotReady after ~15 s, the 300 s toleration as 30 s). */
export const LAB_TIMINGS: NodeTimings = {
  leaseRenewMs: 5_000,
  leaseDurationSeconds: 15,
  nodeStatusReportMs: 60_000,
  nodeMonitorGracePeriodMs: 15_000,
  evictionScale: 0.1,
};

/** `lab`, `real` or some fields over the real ones. */
export function nodeTimingsOf(t: 'lab' | 'real' | Partial<NodeTimings> = 'real'): NodeTimings {
  return t === 'lab' ? LAB_TIMINGS : t === 'real' ? REAL_TIMINGS : { ...REAL_TIMINGS, ...t };
}
