// labels.Requirement, the unit every label selector is made of: how one requirement matches a label set, its
// canonical string (labels.Selector.String(), requirements sorted by key), and labels.NewRequirement's validation
// with its exact wording. The query-string grammar (label-selector-parser.ts) and metav1.LabelSelector objects
// (label-selector-spec.ts) both build selectors from these. Pure.
import { goQuote } from './go-quote';
import { isQualifiedName, isValidLabelValue } from './names';

export interface LabelSelector {
  /** True when the selector does not restrict anything. */
  readonly empty: boolean;
  matches(labels: Record<string, string> | undefined): boolean;
  /** The canonical string form (requirements sorted by key), as labels.Selector.String(). */
  toString(): string;
}

export type Operator = 'in' | 'notin' | '=' | '==' | '!=' | 'gt' | 'lt' | 'exists' | '!';

export interface Requirement {
  key: string;
  op: Operator;
  values: string[];
}

function requirementMatches(r: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? String(labels[r.key]) : undefined;
  switch (r.op) {
    case 'in': case '=': case '==': return has && r.values.includes(value!);
    case 'notin': case '!=': return !has || !r.values.includes(value!);
    case 'exists': return has;
    case '!': return !has;
    case 'gt': case 'lt': {
      if (!has || !/^[+-]?\d+$/.test(value!)) return false;
      const int = (v: string) => BigInt(v.replace(/^\+/, ''));
      const [a, b] = [int(value!), int(r.values[0])];
      return r.op === 'gt' ? a > b : a < b;
    }
  }
}

function requirementString(r: Requirement): string {
  if (r.op === '!') return `!${r.key}`;
  if (r.op === 'exists') return r.key;
  const values = [...r.values].sort().join(',');
  if (r.op === 'in' || r.op === 'notin') return `${r.key} ${r.op} (${values})`;
  return `${r.key}${r.op === 'gt' ? '>' : r.op === 'lt' ? '<' : r.op}${values}`;
}

export function selectorOf(reqs: Requirement[]): LabelSelector {
  // Go sorts requirements by key so String() is deterministic; a stable sort keeps equal keys in input order.
  const sorted = [...reqs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    empty: sorted.length === 0,
    matches: (labels) => sorted.every((r) => requirementMatches(r, labels ?? {})),
    toString: () => sorted.map(requirementString).join(','),
  };
}

/** Go's %#v of a []string value inside a field error. */
function goSlice(values: string[]): string {
  return values.length ? `[]string{${values.map(goQuote).join(', ')}}` : '[]string(nil)';
}

/** labels.NewRequirement's checks; returns the aggregated message or undefined. */
export function requirementError(r: Requirement): string | undefined {
  const errs: string[] = [];
  const keyErrs = isQualifiedName(r.key);
  if (keyErrs.length) errs.push(`key: Invalid value: ${goQuote(r.key)}: ${keyErrs.join('; ')}`);
  if ((r.op === 'in' || r.op === 'notin') && !r.values.length) {
    errs.push(`values: Invalid value: ${goSlice(r.values)}: for 'in', 'notin' operators, values set can't be empty`);
  } else if ((r.op === 'exists' || r.op === '!') && r.values.length) {
    errs.push(`values: Invalid value: ${goSlice(r.values)}: values set must be empty for exists and does not exist`);
  } else if (r.op === 'gt' || r.op === 'lt') {
    r.values.forEach((v, i) => {
      if (!/^[+-]?\d+$/.test(v)) errs.push(`values[${i}]: Invalid value: ${goQuote(v)}: for 'Gt', 'Lt' operators, the value must be an integer`);
    });
  }
  r.values.forEach((v, i) => {
    const valueErrs = isValidLabelValue(v);
    if (valueErrs.length) errs.push(`values[${i}][${r.key}]: Invalid value: ${goQuote(v)}: ${valueErrs.join('; ')}`);
  });
  const unique = [...new Set(errs)];
  if (!unique.length) return undefined;
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}
