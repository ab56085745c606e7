// The schema-aware walks of server-side apply: which paths an object sets (structured-merge-diff's ToFieldSet), what
// changed between two versions of an object (its Compare: added, modified, removed), and taking one path out of an
// object (pruning). kube-apiserver reads list types from x-kubernetes-list-type/-map-keys; we read them from the
// strategic-merge table (patch-strategies.ts): a list merged by a key is a map-list keyed by it, a merged list without
// a key is a set, any other list is atomic. A few fields the real schemas mark atomic (label selectors, node
// selectors) are leaves here too.
import { deepEqual } from '../../util/deep-equal';
import { lookupPatchMeta, mergeStrategyOf } from '../patch/patch-strategies';
import { FieldSet, type PathElement } from './field-set';

type Obj = Record<string, unknown>;

/** How a field's value is tracked. */
export type Shape =
  | { kind: 'map'; type?: string }
  | { kind: 'atomic' }
  | { kind: 'assoc'; itemType?: string; keys: string[] }
  | { kind: 'set' };

/** Map-typed fields kube-apiserver's schemas mark x-kubernetes-map-type: atomic (LabelSelector, selectors). */
const ATOMIC_FIELDS = new Set(['selector', 'podSelector', 'namespaceSelector', 'nodeSelector', 'labelSelector', 'roleRef']);

/** Keys beyond the strategic merge key that kube-apiserver's list-map-keys add, with their defaults. */
const EXTRA_KEYS: Record<string, { field: string; default: unknown }> = {
  containerPort: { field: 'protocol', default: 'TCP' },
  port: { field: 'protocol', default: 'TCP' },
};

export function isObj(v: unknown): v is Obj {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** The shape of field `field` of a value of Go type `type` whose JSON value is `value`. */
export function shapeOf(type: string | undefined, field: string, value: unknown): Shape {
  const meta = lookupPatchMeta(type, field);
  if (Array.isArray(value)) {
    if (mergeStrategyOf(meta) !== 'merge') return { kind: 'atomic' };
    if (!meta.mergeKey) return { kind: 'set' };
    const extra = EXTRA_KEYS[meta.mergeKey];
    return { kind: 'assoc', itemType: meta.type, keys: extra ? [meta.mergeKey, extra.field] : [meta.mergeKey] };
  }
  if (isObj(value) && !ATOMIC_FIELDS.has(field)) return { kind: 'map', type: meta.type };
  return { kind: 'atomic' };
}

/** The path element of a map-list item: `k:{"name":"nginx"}` (keys in name order, defaults filled). */
export function keyElement(item: unknown, keys: string[]): PathElement {
  const o = isObj(item) ? item : {};
  const fields: Obj = {};
  for (const k of [...keys].sort()) {
    const extra = Object.values(EXTRA_KEYS).find((e) => e.field === k);
    const v = o[k] ?? (keys.length > 1 ? extra?.default : undefined);
    if (v !== undefined) fields[k] = v;
  }
  return `k:${JSON.stringify(fields)}`;
}

export const valueElement = (v: unknown): PathElement => `v:${JSON.stringify(v)}`;
const fieldElement = (name: string): PathElement => `f:${name}`;

/** The elements of a list as map-list or set items, paired with their values. */
function listItems(list: unknown[], shape: Shape): [PathElement, unknown][] {
  return list.map((item) => [shape.kind === 'assoc' ? keyElement(item, shape.keys) : valueElement(item), item]);
}

/** Every path `value` (of Go type `type`, at `path`) sets: leaves, atomic values and list items. */
export function toFieldSet(value: unknown, type: string | undefined, path: PathElement[] = [], into = new FieldSet()): FieldSet {
  if (!isObj(value)) return into;
  for (const [field, v] of Object.entries(value)) addValue(v, shapeOf(type, field, v), [...path, fieldElement(field)], into);
  return into;
}

function addValue(v: unknown, shape: Shape, path: PathElement[], into: FieldSet): void {
  if (shape.kind === 'map' && isObj(v) && Object.keys(v).length) {
    toFieldSet(v, shape.type, path, into);
  } else if ((shape.kind === 'assoc' || shape.kind === 'set') && Array.isArray(v)) {
    for (const [el, item] of listItems(v, shape)) {
      into.insert([...path, el]);
      if (shape.kind === 'assoc') toFieldSet(item, shape.itemType, [...path, el], into);
    }
  } else {
    into.insert(path);
  }
}

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/**
 * Fields that kube-apiserver's zero-value Go structs always carry (non-pointer structs, lists without omitempty):
 * when one appears it is not "added" itself, only what it holds. That is why `f:metadata`, `f:spec` and
 * `f:containers` never get a `.` entry while `f:labels`, `f:rollingUpdate` and `f:ports` do.
 */
const ALWAYS_PRESENT = new Set(['metadata', 'spec', 'status', 'template', 'strategy', 'updateStrategy', 'jobTemplate', 'resources', 'containers']);

/** What changed from `before` to `after` (both values of Go type `type`). */
export function compare(before: unknown, after: unknown, type: string | undefined): Comparison {
  const c: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  compareMaps(isObj(before) ? before : {}, isObj(after) ? after : {}, type, [], c);
  return c;
}

function compareMaps(a: Obj, b: Obj, type: string | undefined, path: PathElement[], c: Comparison): void {
  for (const field of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const p = [...path, fieldElement(field)];
    // A null is Go's zero value: the same as no field at all (a template's `creationTimestamp: null`).
    const inA = Object.hasOwn(a, field) && a[field] !== null;
    const inB = Object.hasOwn(b, field) && b[field] !== null;
    if (!inA && !inB) continue;
    if (!inB) {
      markAll(a[field], shapeOf(type, field, a[field]), p, c.removed, field);
    } else if (!inA) {
      markAll(b[field], shapeOf(type, field, b[field]), p, c.added, field);
    } else {
      compareValues(a[field], b[field], shapeOf(type, field, b[field]), p, c);
    }
  }
}

/** A whole value appearing or disappearing: every path in it, and every map or list in it that may be absent. */
function markAll(v: unknown, shape: Shape, path: PathElement[], into: FieldSet, field?: string): void {
  const markSelf = !(field && ALWAYS_PRESENT.has(field));
  if (shape.kind === 'map' && isObj(v) && Object.keys(v).length) {
    if (markSelf) into.insert(path);
    for (const [f, child] of Object.entries(v)) {
      if (child !== null) markAll(child, shapeOf(shape.type, f, child), [...path, fieldElement(f)], into, f);
    }
  } else if ((shape.kind === 'assoc' || shape.kind === 'set') && Array.isArray(v)) {
    if (markSelf) into.insert(path);
    for (const [el, item] of listItems(v, shape)) markItem(item, shape, [...path, el], into);
  } else {
    into.insert(path);
  }
}

/** A list item appearing or disappearing, with what it holds. */
function markItem(item: unknown, shape: Shape, path: PathElement[], into: FieldSet): void {
  into.insert(path);
  if (shape.kind !== 'assoc' || !isObj(item)) return;
  for (const [f, child] of Object.entries(item)) {
    if (child !== null) markAll(child, shapeOf(shape.itemType, f, child), [...path, fieldElement(f)], into, f);
  }
}

function compareValues(a: unknown, b: unknown, shape: Shape, path: PathElement[], c: Comparison): void {
  if (shape.kind === 'map' && isObj(a) && isObj(b)) {
    compareMaps(a, b, shape.type, path, c);
    return;
  }
  if ((shape.kind === 'assoc' || shape.kind === 'set') && Array.isArray(a) && Array.isArray(b)) {
    const before = new Map(listItems(a, shape));
    const after = new Map(listItems(b, shape));
    for (const [el, item] of after) {
      const p = [...path, el];
      if (!before.has(el)) {
        markItem(item, shape, p, c.added);
      } else if (shape.kind === 'assoc') {
        compareMaps(isObj(before.get(el)) ? (before.get(el) as Obj) : {}, isObj(item) ? item : {}, shape.itemType, p, c);
      }
    }
    for (const [el, item] of before) {
      if (!after.has(el)) markItem(item, shape, [...path, el], c.removed);
    }
    return;
  }
  if (!deepEqual(a, b)) c.modified.insert(path);
}

/** Removes the value at `path` from `obj` (in place), and the lists and maps it leaves empty; nothing when absent. */
export function removePath(obj: unknown, path: readonly PathElement[]): void {
  const chain: [Obj | unknown[], string | number][] = [];
  let node: unknown = obj;
  for (const el of path) {
    if (el.startsWith('f:') && isObj(node)) {
      chain.push([node, el.slice(2)]);
      node = node[el.slice(2)];
    } else if (Array.isArray(node)) {
      const index = node.findIndex((item) => elementMatches(el, item));
      if (index < 0) return;
      chain.push([node, index]);
      node = node[index];
    } else {
      return;
    }
  }
  // Go's omitempty drops a list or map that the removal emptied; the object's root and metadata stay.
  for (let i = chain.length - 1; i >= 0; i--) {
    const [container, at] = chain[i];
    if (Array.isArray(container)) container.splice(at as number, 1);
    else delete container[at as string];
    const empty = Array.isArray(container) ? !container.length : !Object.keys(container).length;
    if (!empty || (i === 1 && chain[0][1] === 'metadata')) return;
  }
}

function elementMatches(el: PathElement, item: unknown): boolean {
  if (el.startsWith('v:')) return deepEqual(JSON.parse(el.slice(2)), item);
  if (el.startsWith('k:')) {
    const keys = JSON.parse(el.slice(2)) as Obj;
    return isObj(item) && Object.keys(keys).every((k) => deepEqual(item[k] ?? EXTRA_KEYS_DEFAULT[k], keys[k]));
  }
  return false;
}

const EXTRA_KEYS_DEFAULT: Obj = Object.fromEntries(Object.values(EXTRA_KEYS).map((e) => [e.field, e.default]));
