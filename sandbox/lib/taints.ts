// Taints and tolerations (component-helpers scheduling/corev1 and core/v1 helper), shared by the scheduler's
// TaintToleration filter and the node lifecycle controller's NoExecute evictions, so both read a toleration alike.

export interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** Toleration.ToleratesTaint: an empty effect matches every effect, an empty key with Exists matches every key. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? 'Equal') {
    case 'Exists':
      return true;
    case 'Equal':
    case '':
      return (t.value ?? '') === (taint.value ?? '');
    default:
      return false;
  }
}

export function tolerationsTolerateTaint(tolerations: Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

/** The first taint with one of `effects` that no toleration covers (FindMatchingUntoleratedTaint). */
export function findUntoleratedTaint(taints: Taint[] | undefined, tolerations: Toleration[] | undefined, effects: string[]): Taint | undefined {
  return (taints ?? []).find((taint) => effects.includes(taint.effect) && !tolerationsTolerateTaint(tolerations, taint));
}

/**
 * How long a pod may stay on a node with these NoExecute taints (the taint eviction controller's rule): 0 when one
 * is not tolerated, Infinity when every matching toleration is forever, else the smallest tolerationSeconds.
 */
export function noExecuteToleranceSeconds(taints: Taint[] | undefined, tolerations: Toleration[] | undefined): number {
  const noExecute = (taints ?? []).filter((t) => t.effect === 'NoExecute');
  let min = Infinity;
  for (const taint of noExecute) {
    const used = (tolerations ?? []).filter((t) => toleratesTaint(t, taint));
    if (!used.length) return 0;
    for (const t of used) {
      if (typeof t.tolerationSeconds === 'number') min = Math.min(min, Math.max(0, t.tolerationSeconds));
    }
  }
  return min;
}

/** The taint as `kubectl describe` and the FailedScheduling message print it: `{key: value}`. */
export function taintText(taint: Taint): string {
  return `{${taint.key}: ${taint.value ?? ''}}`;
}
