// metav1.LabelSelector matching for controllers and the grader, as LabelSelectorAsSelector does: an empty selector matches
// everything, a missing one nothing, an invalid one (unknown operator, bad key) nothing. The grammar and matching
// rules live once, in label-requirement.ts and label-selector-spec.ts; this adds what controllers and the grader ask
// of a selector object.
import { labelSelectorFromSpec, type LabelSelectorSpec } from './label-selector-spec';

export type LabelSelector = LabelSelectorSpec;

export function selectorMatches(selector: LabelSelector | undefined | null, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  try {
    return labelSelectorFromSpec(selector).matches(labels);
  } catch {
    return false;
  }
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
