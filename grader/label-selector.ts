// Label selectors the grader evaluates itself: the string form instructors write in checks (`app=echo,tier!=db`,
// `env in (a,b)`, `!legacy`) for matching pod templates, and metav1.LabelSelector objects (a Deployment's
// spec.selector) for "does the selector match the template labels". The grammar is the API server's own
// (sandbox/lib/label-selector-parser.ts; sandbox/lib/label-selector.ts matches metav1.LabelSelector objects), so a selector an instructor writes means what it means to kubectl; this module
// adds the grader's error type and the wording of its messages.
import type { LabelSelector } from '../sandbox/lib/label-requirement';
import { parseLabelSelector } from '../sandbox/lib/label-selector-parser';
import type { LabelSelectorSpec } from '../sandbox/lib/label-selector-spec';

export type LabelSelectorObject = LabelSelectorSpec;

export class SelectorSyntaxError extends Error {}

/** Parses a string selector; a malformed one throws SelectorSyntaxError naming the selector and the reason. */
export function parseLabelSelectorString(selector: string): LabelSelector {
  try {
    return parseLabelSelector(selector);
  } catch (e) {
    throw new SelectorSyntaxError(`label selector "${selector}": ${(e as Error).message}`);
  }
}

/** A string selector against a label map; the empty selector matches everything. */
export function labelsMatchString(selector: string, labels: Record<string, string> | undefined): boolean {
  return parseLabelSelectorString(selector).matches(labels);
}

/** `app=echo,tier=web` for messages (matchExpressions in kubectl's own wording). */
export function formatSelectorObject(selector: LabelSelectorObject | undefined | null): string {
  if (!selector) return '<none>';
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector.matchExpressions ?? []) {
    if (e.operator === 'In') parts.push(`${e.key} in (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',') || '<everything>';
}

export function formatLabels(labels: Record<string, string> | undefined): string {
  const parts = Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`);
  return parts.length ? parts.join(',') : '<no labels>';
}
