// A custom object against its CRD's structural openAPIV3Schema, as apiextensions-apiserver treats it: unknown fields
// found (fieldValidation Strict/Warn) and pruned, `default`s filled in, then validated with kube-openapi's wording
// (`spec.replicas in body must be of type integer: "string"`), which kubectl prints after `The CronTab "x" is invalid:`.
// apiVersion, kind and metadata are the API's own and never checked against the schema. CEL rules
// (x-kubernetes-validations), formats and oneOf/anyOf/not are not evaluated (docs/COMPATIBILITY.md).
import type { IJSONSchemaProps } from 'kubernetes-models/apiextensions.k8s.io/v1/JSONSchemaProps';
import type { FieldError } from '../../api/errors';
import { isObject, type JsonObject } from '../../api/unchecked';
import { goQuote } from '../../lib/go-quote';
import { GoValue, invalid, notSupported, required, tooLong, tooMany, type BadValue } from '../admission/field-errors';

export type Schema = IJSONSchemaProps;

/** Fields of an object's root the API server owns; the schema never prunes or validates them. */
const API_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

function join(at: string, key: string): string {
  return at ? `${at}.${key}` : key;
}

function preserves(s: Schema): boolean {
  return s['x-kubernetes-preserve-unknown-fields'] === true;
}

/** The schema of `key` in an object described by `s`, or undefined when the key is unknown there. */
function childSchema(s: Schema, key: string): Schema | undefined {
  if (s.properties && key in s.properties) return s.properties[key];
  if (isObject(s.additionalProperties)) return s.additionalProperties as Schema;
  if (s.additionalProperties === true) return {};
  return undefined;
}

function isMapLike(s: Schema): boolean {
  return !!s.properties || s.additionalProperties !== undefined;
}

/** Paths of the fields pruning would drop (for fieldValidation Strict/Warn), spelled `spec.foo` as kubectl shows them. */
export function unknownFields(schema: Schema, obj: unknown): string[] {
  const found: string[] = [];
  walkUnknown(schema, obj, '', found, true);
  return found;
}

function walkUnknown(s: Schema, value: unknown, at: string, found: string[], root = false): void {
  if (Array.isArray(value)) {
    if (s.items && isObject(s.items)) value.forEach((v, i) => walkUnknown(s.items as Schema, v, `${at}[${i}]`, found));
    return;
  }
  if (!isObject(value)) return;
  for (const [key, v] of Object.entries(value)) {
    if (root && API_FIELDS.has(key)) continue;
    const child = childSchema(s, key);
    if (child) walkUnknown(child, v, join(at, key), found);
    else if (!preserves(s)) found.push(join(at, key));
  }
}

/** Drops unknown fields and fills in defaults, in place (structural pruning, then defaulting). */
export function pruneAndDefault(schema: Schema, obj: JsonObject): void {
  walkPrune(schema, obj, true);
}

function walkPrune(s: Schema, value: unknown, root = false): void {
  if (Array.isArray(value)) {
    if (s.items && isObject(s.items)) for (const v of value) walkPrune(s.items as Schema, v);
    return;
  }
  if (!isObject(value)) return;
  for (const key of Object.keys(value)) {
    if (root && API_FIELDS.has(key)) continue;
    const child = childSchema(s, key);
    if (child) walkPrune(child, value[key]);
    else if (!preserves(s) && (isMapLike(s) || s.type === 'object')) delete value[key];
  }
  for (const [key, child] of Object.entries(s.properties ?? {})) {
    if (root && API_FIELDS.has(key)) continue;
    if (child.default !== undefined && (value[key] === undefined || (value[key] === null && !child.nullable))) {
      value[key] = structuredClone(child.default);
      walkPrune(child, value[key]);
    }
  }
}

/** kube-openapi's name for the JSON type of a value, as in `must be of type integer: "string"`. */
function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function hasType(type: string, v: unknown): boolean {
  switch (type) {
    case 'object':
      return isObject(v);
    case 'array':
      return Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    default:
      return true;
  }
}

function scalar(v: unknown): BadValue {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : undefined;
}

/** Validation errors of `obj` against the schema, in the order kube-openapi reports them. */
export function validateAgainstSchema(schema: Schema, obj: unknown): FieldError[] {
  const errs: FieldError[] = [];
  walkValidate(schema, obj, '', errs, true);
  return errs;
}

function walkValidate(s: Schema, value: unknown, at: string, errs: FieldError[], root = false): void {
  const name = at || '<root>';
  if (value === null && s.nullable) return;
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  if (intOrString) {
    if (!(typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)))) {
      errs.push(invalid(at, typeName(value), `${name} in body must be of type integer,string: ${goQuote(typeName(value))}`));
      return;
    }
  } else if (s.type && !hasType(s.type, value)) {
    errs.push(invalid(at, typeName(value), `${name} in body must be of type ${s.type}: ${goQuote(typeName(value))}`));
    return;
  }
  if (s.enum && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    errs.push(notSupported(at, scalar(value), s.enum.map((e) => (typeof e === 'string' ? e : JSON.stringify(e)))));
  }
  if (typeof value === 'number') numberChecks(s, value, at, name, errs);
  if (typeof value === 'string') stringChecks(s, value, at, name, errs);
  if (Array.isArray(value)) {
    if (s.maxItems !== undefined && value.length > s.maxItems) errs.push(tooMany(at, value.length, s.maxItems));
    if (s.minItems !== undefined && value.length < s.minItems) {
      errs.push(invalid(at, goSlice(value), `${name} in body should have at least ${s.minItems} items`));
    }
    if (s.items && isObject(s.items)) value.forEach((v, i) => walkValidate(s.items as Schema, v, `${at}[${i}]`, errs));
    return;
  }
  if (!isObject(value)) return;
  for (const key of s.required ?? []) {
    if (value[key] === undefined) errs.push(required(join(at, key)));
  }
  const count = Object.keys(value).filter((k) => !(root && API_FIELDS.has(k))).length;
  if (s.maxProperties !== undefined && count > s.maxProperties) {
    errs.push(tooMany(at, count, s.maxProperties));
  }
  for (const [key, v] of Object.entries(value)) {
    if (root && API_FIELDS.has(key)) continue;
    const child = childSchema(s, key);
    if (child && v !== undefined) walkValidate(child, v, join(at, key), errs);
  }
}

function numberChecks(s: Schema, v: number, at: string, name: string, errs: FieldError[]): void {
  if (s.minimum !== undefined) {
    if (s.exclusiveMinimum ? v <= s.minimum : v < s.minimum) {
      errs.push(invalid(at, v, `${name} in body should be greater than ${s.exclusiveMinimum ? '' : 'or equal to '}${s.minimum}`));
    }
  }
  if (s.maximum !== undefined) {
    if (s.exclusiveMaximum ? v >= s.maximum : v > s.maximum) {
      errs.push(invalid(at, v, `${name} in body should be less than ${s.exclusiveMaximum ? '' : 'or equal to '}${s.maximum}`));
    }
  }
  if (s.multipleOf !== undefined && s.multipleOf > 0 && !Number.isInteger(v / s.multipleOf)) {
    errs.push(invalid(at, v, `${name} in body should be a multiple of ${s.multipleOf}`));
  }
}

function stringChecks(s: Schema, v: string, at: string, name: string, errs: FieldError[]): void {
  const length = [...v].length;
  if (s.maxLength !== undefined && length > s.maxLength) errs.push(tooLong(at, s.maxLength));
  if (s.minLength !== undefined && length < s.minLength) {
    errs.push(invalid(at, v, `${name} in body should be at least ${s.minLength} chars long`));
  }
  if (s.pattern !== undefined) {
    let re: RegExp | undefined;
    try {
      re = new RegExp(s.pattern, 'u');
    } catch {
      re = undefined;
    }
    if (re && !re.test(v)) errs.push(invalid(at, v, `${name} in body should match '${s.pattern}'`));
  }
}

/** A list as Go's %#v prints the []interface{} in a minItems error (`[]interface {}{"a", 1}`). */
function goSlice(items: unknown[]): GoValue {
  const item = (v: unknown): string => (typeof v === 'string' ? goQuote(v) : v === null ? '<nil>' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  return new GoValue(`[]interface {}{${items.map(item).join(', ')}}`);
}
