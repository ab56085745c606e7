// metav1.LabelSelector matching for controllers (matchLabels + matchExpressions), as LabelSelectorAsSelector does:
// an empty selector matches everything, a missing one nothing. String selectors from URLs are the apiserver's job.

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export function selectorMatches(selector: LabelSelector | undefined | null, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const req of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, req.key);
    const values = req.values ?? [];
    switch (req.operator) {
      case 'In':
        if (!has || !values.includes(l[req.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(l[req.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** True when the selector selects nothing-in-particular (`{}`), which workload controllers refuse to act on. */
export function selectorIsEmpty(selector: LabelSelector | undefined | null): boolean {
  return !!selector && !Object.keys(selector.matchLabels ?? {}).length && !(selector.matchExpressions ?? []).length;
}

/** Every label of `subset` is present in `labels` with the same value (fullyLabeledReplicas). */
export function labelsContain(labels: Record<string, string> | undefined, subset: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return Object.entries(subset ?? {}).every(([k, v]) => l[k] === v);
}
