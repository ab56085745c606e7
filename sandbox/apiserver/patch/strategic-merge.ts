// Strategic merge patch, what `kubectl apply` and `kubectl patch` send by default. Lists merge by the keys the
// Kubernetes types declare (containers by name, ports by containerPort, …): we read those declarations from the same
// OpenAPI schema kubectl 1.29+ computes its patches from (x-kubernetes-patch-merge-key / -patch-strategy), so both
// sides agree. Directives: null deletes; `$patch: replace|delete|merge`; `$setElementOrder/<list>`;
// `$deleteFromPrimitiveList/<list>`; `$retainKeys`. Lists with no strategy (args, command) are replaced whole.
import { badRequest } from '../../api/errors';
import { resolve, type SchemaNode } from '../openapi/schema-store';
import { isPlainObject } from './merge-patch';
import { deepEqual } from '../../util/deep-equal';

type Obj = Record<string, unknown>;

const ORDER = '$setElementOrder/';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';

function fieldSchema(schema: SchemaNode | undefined, key: string): SchemaNode | undefined {
  if (!schema) return undefined;
  const s = resolve(schema);
  return s.properties?.[key] ?? s.additionalProperties;
}

function strategyOf(field: SchemaNode | undefined): { merge: boolean; retainKeys: boolean; key?: string } {
  const strategy = String(field?.['x-kubernetes-patch-strategy'] ?? '');
  return {
    merge: strategy.split(',').includes('merge'),
    retainKeys: strategy.split(',').includes('retainKeys'),
    key: field?.['x-kubernetes-patch-merge-key'] as string | undefined,
  };
}

function stripDirectives(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter((x) => !(isPlainObject(x) && x.$patch === 'replace')).map(stripDirectives);
  if (!isPlainObject(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) {
    if (k.startsWith('$')) continue;
    if (x === null) continue;
    out[k] = stripDirectives(x);
  }
  return out;
}

export function mergeMap(original: unknown, patch: Obj, schema: SchemaNode | undefined): unknown {
  const directive = patch.$patch;
  if (directive === 'replace') return stripDirectives(patch);
  if (directive === 'delete') return undefined;
  if (directive !== undefined && directive !== 'merge') throw badRequest(`Unknown patch type: ${String(directive)}`);
  const out: Obj = isPlainObject(original) ? { ...original } : {};
  if (Array.isArray(patch.$retainKeys)) {
    const keep = new Set(patch.$retainKeys as string[]);
    for (const k of Object.keys(out)) if (!keep.has(k)) delete out[k];
  }
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith(DELETE_PRIMITIVE)) {
      const field = k.slice(DELETE_PRIMITIVE.length);
      if (Array.isArray(out[field]) && Array.isArray(v)) out[field] = (out[field] as unknown[]).filter((x) => !v.some((d) => deepEqual(d, x)));
      continue;
    }
    if (k.startsWith('$')) continue;
    if (v === null) {
      delete out[k];
      continue;
    }
    const field = fieldSchema(schema, k);
    if (Array.isArray(v)) out[k] = mergeList(out[k], v, field);
    else if (isPlainObject(v)) {
      const merged = mergeMap(out[k], v, field);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    } else out[k] = v;
  }
  for (const [k, order] of Object.entries(patch)) {
    if (!k.startsWith(ORDER) || !Array.isArray(order)) continue;
    const field = k.slice(ORDER.length);
    if (Array.isArray(out[field])) out[field] = reorder(out[field] as unknown[], order, strategyOf(fieldSchema(schema, field)).key);
  }
  return out;
}

function mergeList(original: unknown, patch: unknown[], field: SchemaNode | undefined): unknown[] {
  const { merge, key } = strategyOf(field);
  if (!merge) return stripDirectives(patch) as unknown[];
  const orig = Array.isArray(original) ? original : [];
  if (patch.some((p) => isPlainObject(p) && p.$patch === 'replace')) return stripDirectives(patch) as unknown[];
  if (!key) {
    // A merged list of primitives is a set union, new values after the old ones.
    const out = [...orig];
    for (const p of patch) if (!out.some((o) => deepEqual(o, p))) out.push(p);
    return out;
  }
  const item = field?.items;
  const out = orig.map((o) => structuredClone(o));
  for (const p of patch) {
    if (!isPlainObject(p)) throw badRequest(`unable to find merge key "${key}" in a list element that is not an object`);
    if (!(key in p)) throw badRequest(`map: ${JSON.stringify(p)} does not contain declared merge key: ${key}`);
    const i = out.findIndex((o) => isPlainObject(o) && deepEqual(o[key], p[key]));
    if (p.$patch === 'delete') {
      if (i >= 0) out.splice(i, 1);
      continue;
    }
    if (i >= 0) out[i] = mergeMap(out[i], p, item);
    else out.push(stripDirectives(p));
  }
  return out;
}

/** $setElementOrder: listed elements first in the given order, others after in their current order. */
function reorder(list: unknown[], order: unknown[], key: string | undefined): unknown[] {
  const id = (x: unknown) => (key && isPlainObject(x) ? JSON.stringify(x[key]) : JSON.stringify(x));
  const rank = new Map(order.map((o, i) => [id(o), i]));
  return list
    .map((x, i) => ({ x, i, r: rank.get(id(x)) }))
    .sort((a, b) => (a.r ?? Infinity) - (b.r ?? Infinity) || a.i - b.i)
    .map((e) => e.x);
}
