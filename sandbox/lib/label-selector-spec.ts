// metav1.LabelSelector objects (a Deployment's spec.selector, a NetworkPolicy's podSelector) as the API server
// reads them: LabelSelectorAsSelector, and FormatLabelSelector for the SELECTOR column kubectl prints. Built from the
// same requirements as the query-string grammar (label-requirement.ts). Errors are 400 BadRequest StatusErrors. Pure.
import { badRequest } from '../api/errors';
import { goQuote } from './go-quote';
import { requirementError, selectorOf, type LabelSelector, type Operator, type Requirement } from './label-requirement';

export interface LabelSelectorSpec {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

const SPEC_OPERATORS: Record<string, Operator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/** metav1.LabelSelectorAsSelector, except that a missing selector also matches everything (see header of callers). */
export function labelSelectorFromSpec(spec: LabelSelectorSpec | null | undefined): LabelSelector {
  const reqs: Requirement[] = [];
  for (const [key, value] of Object.entries(spec?.matchLabels ?? {})) reqs.push({ key, op: '=', values: [String(value)] });
  for (const expr of spec?.matchExpressions ?? []) {
    const op = SPEC_OPERATORS[expr.operator];
    if (!op) throw badRequest(`${goQuote(String(expr.operator))} is not a valid label selector operator`);
    reqs.push({ key: expr.key, op, values: (expr.values ?? []).map(String) });
  }
  for (const r of reqs) {
    const err = requirementError(r);
    if (err) throw badRequest(err);
  }
  return selectorOf(reqs);
}

/** metav1.FormatLabelSelector: `app=echo`, `<none>` when empty or missing, `<error>` when invalid. */
export function formatLabelSelector(spec: LabelSelectorSpec | null | undefined): string {
  try {
    return labelSelectorFromSpec(spec).toString() || '<none>';
  } catch {
    return '<error>';
  }
}
