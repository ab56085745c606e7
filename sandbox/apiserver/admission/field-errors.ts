// Field errors worded exactly as apimachinery's field.Error renders them (`Required value`, `Invalid value: "x": …`),
// because kubectl prints the server's text verbatim and learners search the web for it. Values are printed the way
// Go's fmt prints them in kube-apiserver: strings with %q, numbers plainly, anything else as %#v (see go-values.ts).
import type { FieldError } from '../../api/errors';
import { goQuote } from '../../lib/go-quote';

export { goQuote };

/** A value already rendered the way Go's %#v prints it (a map, a struct, a nil slice). */
export class GoValue {
  constructor(readonly text: string) {}
}

/** apimachinery's field.OmitValueType: the error body names no value at all. */
export const OMIT = Symbol('omit');

export type BadValue = string | number | boolean | null | undefined | GoValue | typeof OMIT;

/**
 * A value read from a body nobody has validated, as an error shows it: scalars as they are, anything else (an object
 * where a string belongs) printed as nothing, which is what formatValue has always made of such values.
 */
export function badValue(v: unknown): BadValue {
  if (v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof GoValue) return v;
  return new GoValue('');
}

/** Is `v` one of the strings in `values` (an enum field of an unchecked body)? */
export function isOneOf(values: readonly string[], v: unknown): v is string {
  return typeof v === 'string' && values.includes(v);
}

/** How the value appears after `Invalid value: ` (strings quoted, numbers bare, nil as null). */
export function formatValue(v: BadValue): string {
  if (v instanceof GoValue) return v.text;
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

function withDetail(body: string, detail: string): string {
  return detail ? `${body}: ${detail}` : body;
}

export function required(field: string, detail = ''): FieldError {
  return { field, type: 'FieldValueRequired', message: withDetail('Required value', detail) };
}

export function forbidden(field: string, detail: string): FieldError {
  return { field, type: 'FieldValueForbidden', message: withDetail('Forbidden', detail) };
}

export function invalid(field: string, value: BadValue, detail: string): FieldError {
  const body = value === OMIT ? 'Invalid value' : `Invalid value: ${formatValue(value)}`;
  return { field, type: 'FieldValueInvalid', message: withDetail(body, detail) };
}

export function notSupported(field: string, value: BadValue, validValues: readonly string[]): FieldError {
  const detail = validValues.length ? `supported values: ${validValues.map(goQuote).join(', ')}` : '';
  return { field, type: 'FieldValueNotSupported', message: withDetail(`Unsupported value: ${formatValue(value)}`, detail) };
}

export function duplicate(field: string, value: BadValue): FieldError {
  return { field, type: 'FieldValueDuplicate', message: `Duplicate value: ${formatValue(value)}` };
}

export function notFound(field: string, value: BadValue): FieldError {
  return { field, type: 'FieldValueNotFound', message: `Not found: ${formatValue(value)}` };
}

/** field.TooLong as of Kubernetes 1.31 (the version this cluster reports). */
export function tooLong(field: string, maxLength: number): FieldError {
  return { field, type: 'FieldValueTooLong', message: `Too long: must have at most ${maxLength} bytes` };
}

export function tooMany(field: string, actual: number, max: number): FieldError {
  return { field, type: 'FieldValueTooMany', message: `Too many: ${actual}: must have at most ${max} items` };
}

/** One Invalid error per message, as the validation helpers return lists of strings. */
export function invalidEach(field: string, value: BadValue, messages: readonly string[]): FieldError[] {
  return messages.map((m) => invalid(field, value, m));
}

/** apimachinery's ErrorList.ToAggregate drops errors whose text repeats; kubectl never sees duplicates. */
export function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.field}: ${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
