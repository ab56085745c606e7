// Wrong JSON types in a body (`replicas: two`, `args: "sleep 10"`, a ConfigMap value that YAML read as a number):
// kube-apiserver decodes built-in kinds into Go structs, so such a body never becomes an object — the request fails
// with the decoder's own words, whatever fieldValidation says:
//   400 `Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct
//        field DeploymentSpec.spec.replicas of type int32`
// The field is named as encoding/json names it: the innermost struct's Go name, then the JSON path from the root
// without list indexes or map keys; the type is the Go type decoded into (`[]string`, `map[string]string`,
// `v1.PodSpec`). Like the decoder, only the first mismatch (in the body's order) is reported.
import { StatusError } from '../../api/errors';
import { definition, definitionNameFor, parseApiVersion, type SchemaNode } from './schema-store';

/** Types with their own JSON decoding (IntOrString, Quantity, times, raw objects): not checked here. */
const CUSTOM = new Set([
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
  'io.k8s.apimachinery.pkg.api.resource.Quantity',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time',
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime',
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Patch',
  'io.k8s.apimachinery.pkg.runtime.RawExtension',
]);

/** What encoding/json calls a JSON value in `cannot unmarshal <value>`. */
function jsonValueName(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'number';
  return Array.isArray(v) ? 'array' : 'object';
}

/** `io.k8s.api.apps.v1.DeploymentSpec` → `v1.DeploymentSpec` (Go's package.Type). */
function goTypeOfRef(ref: string): string {
  const parts = ref.split('.');
  return `${parts[parts.length - 2]}.${parts[parts.length - 1]}`;
}

function goType(node: SchemaNode): string {
  if (node.$ref) return goTypeOfRef(node.$ref);
  switch (node.type) {
    case 'integer':
      return node.format === 'int32' ? 'int32' : 'int64';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    case 'array':
      return `[]${node.items ? goType(node.items) : 'interface {}'}`;
    case 'object':
      return node.additionalProperties ? `map[string]${goType(node.additionalProperties)}` : 'map[string]interface {}';
    default:
      return 'interface {}';
  }
}

interface Context {
  /** Go name of the innermost struct holding the field being decoded. */
  struct: string;
  /** JSON path from the root, dot-separated, without indexes or keys. */
  path: string;
}

class Mismatch {
  constructor(readonly message: string) {}
}

function mismatch(value: string, node: SchemaNode, ctx: Context): Mismatch {
  return new Mismatch(`json: cannot unmarshal ${value} into Go struct field ${ctx.struct}.${ctx.path} of type ${goType(node)}`);
}

function check(node: SchemaNode, value: unknown, ctx: Context): Mismatch | undefined {
  if (value === null || value === undefined) return undefined;
  if (node.$ref) {
    if (CUSTOM.has(node.$ref)) return undefined;
    const def = definition(node.$ref);
    if (!def) return undefined;
    if (def.properties) {
      if (typeof value !== 'object' || Array.isArray(value)) return mismatch(jsonValueName(value), node, ctx);
      return fields(def, value as Record<string, unknown>, node.$ref, ctx.path);
    }
    return check({ ...def, $ref: undefined }, value, ctx);
  }
  switch (node.type) {
    case 'integer': {
      if (typeof value !== 'number') return mismatch(jsonValueName(value), node, ctx);
      const [lo, hi] = node.format === 'int32' ? [-(2 ** 31), 2 ** 31 - 1] : [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
      if (!Number.isInteger(value) || value < lo || value > hi) return mismatch(`number ${value}`, node, ctx);
      return undefined;
    }
    case 'number':
      return typeof value === 'number' ? undefined : mismatch(jsonValueName(value), node, ctx);
    case 'boolean':
      return typeof value === 'boolean' ? undefined : mismatch(jsonValueName(value), node, ctx);
    case 'string':
      return typeof value === 'string' ? undefined : mismatch(jsonValueName(value), node, ctx);
    case 'array':
      if (!Array.isArray(value)) return mismatch(jsonValueName(value), node, ctx);
      if (!node.items) return undefined;
      for (const item of value) {
        const m = check(node.items, item, ctx);
        if (m) return m;
      }
      return undefined;
    case 'object':
      if (typeof value !== 'object' || Array.isArray(value)) return mismatch(jsonValueName(value), node, ctx);
      if (!node.additionalProperties) return undefined;
      for (const item of Object.values(value as Record<string, unknown>)) {
        const m = check(node.additionalProperties, item, ctx);
        if (m) return m;
      }
      return undefined;
    default:
      return undefined;
  }
}

function fields(def: SchemaNode, obj: Record<string, unknown>, ref: string, at: string): Mismatch | undefined {
  const struct = ref.slice(ref.lastIndexOf('.') + 1);
  for (const [key, value] of Object.entries(obj)) {
    const sub = def.properties?.[key];
    if (!sub) continue; // unknown fields are fieldValidation's business
    const m = check(sub, value, { struct, path: at ? `${at}.${key}` : key });
    if (m) return m;
  }
  return undefined;
}

/** The decoder's message for the first field of the wrong JSON type, or undefined when the body decodes. */
export function decodeTypeError(apiVersion: string, kind: string, obj: unknown): string | undefined {
  const name = definitionNameFor(apiVersion, kind);
  const def = name ? definition(name) : undefined;
  if (!name || !def?.properties || !obj || typeof obj !== 'object') return undefined;
  return fields(def, obj as Record<string, unknown>, name, '')?.message;
}

/** The 400 a create or update body with a wrongly typed field gets (transformDecodeError). */
export function decodeError(apiVersion: string, kind: string, message: string): StatusError {
  const { version } = parseApiVersion(apiVersion);
  return new StatusError(400, 'BadRequest', `${kind} in version "${version}" cannot be handled as a ${kind}: ${message}`);
}
