// Renders JSON values the way kube-apiserver's error messages show them: Go's %#v of the internal API types
// (`map[string]string{"app":"web"}`, `v1.LabelSelector{MatchLabels:…, MatchExpressions:…(nil)}`). Learners paste
// these messages into search engines, so the shape matters; addresses of nested pointers cannot be reproduced and
// are printed as a fixed placeholder.
import { fieldOf } from '../../api/unchecked';
import { GoValue, goQuote } from './field-errors';

/** What Go prints for a non-nil nested pointer inside %#v; the real address is meaningless to a reader anyway. */
const POINTER = '0xc000a1b2c0';

export function goStringMap(m: unknown): string {
  if (!m || typeof m !== 'object') return 'map[string]string(nil)';
  const keys = Object.keys(m).sort();
  return `map[string]string{${keys.map((k) => `${goQuote(k)}:${goQuote(String((m as Record<string, unknown>)[k]))}`).join(', ')}}`;
}

export function goStringSlice(a: unknown): string {
  if (!Array.isArray(a)) return '[]string(nil)';
  return `[]string{${a.map((s) => goQuote(String(s))).join(', ')}}`;
}

function requirement(r: unknown): string {
  return `v1.LabelSelectorRequirement{Key:${goQuote(String(fieldOf(r, 'key') ?? ''))}, Operator:${goQuote(String(fieldOf(r, 'operator') ?? ''))}, Values:${goStringSlice(fieldOf(r, 'values'))}}`;
}

/** A *metav1.LabelSelector as field errors print it (dereferenced, then %#v). */
export function goLabelSelector(sel: unknown): GoValue {
  if (sel === null || sel === undefined) return new GoValue('null');
  const matchExpressions = fieldOf(sel, 'matchExpressions');
  const exprs = Array.isArray(matchExpressions)
    ? `[]v1.LabelSelectorRequirement{${matchExpressions.map(requirement).join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return new GoValue(`v1.LabelSelector{MatchLabels:${goStringMap(fieldOf(sel, 'matchLabels'))}, MatchExpressions:${exprs}}`);
}

export function goLabels(labels: unknown): GoValue {
  return new GoValue(goStringMap(labels));
}

/** intstr.IntOrString by value: Type 0 is an int, 1 a string. */
export function goIntOrString(v: unknown): GoValue {
  if (typeof v === 'string') return new GoValue(`intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(v)}}`);
  return new GoValue(`intstr.IntOrString{Type:0, IntVal:${Number(v ?? 0)}, StrVal:""}`);
}

export function goPointer(typeName: string, present: boolean): string {
  return present ? `(*${typeName})(${POINTER})` : `(*${typeName})(nil)`;
}

const upperFirst = (k: string): string => k.charAt(0).toUpperCase() + k.slice(1);

/**
 * A generic rendering of a JSON object as a Go struct literal (`core.PodSpec{Containers:…}`), used where the real
 * message dumps a whole internal struct (immutable Job templates). Field names are capitalised JSON names.
 */
export function goStruct(typeName: string, value: unknown): string {
  const render = (v: unknown): string => {
    if (v === null || v === undefined) return 'nil';
    if (typeof v === 'string') return goQuote(v);
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (Array.isArray(v)) return `{${v.map(render).join(', ')}}`;
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).map((k) => `${upperFirst(k)}:${render(o[k])}`).join(', ')}}`;
  };
  return `${typeName}${render(value ?? {})}`;
}
