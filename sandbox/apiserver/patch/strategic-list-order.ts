// Element identity and element order for the lists strategic merge patch merges (apimachinery strategicpatch). The
// order rule surprises people, so it is worth stating: after a merge, the elements named in the patch keep the
// patch's order (or `$setElementOrder`'s), the server-only elements keep theirs, and the two are interleaved using
// the live list's order wherever both sides appear in it. An element new to the live list therefore lands before
// the server-only elements that follow it — `kubectl patch` adding a container puts it first, as the Kubernetes
// docs show; `kubectl apply` sends `$setElementOrder` so the manifest's order wins.
import { goKind, goSprint, isJsonMap, own, type GoKind } from './go-format';
import { LIST_TYPE, MAP_TYPE, badArgType, noMergeKey, notApplicable, patchFailure } from './patch-errors';

/** The kind of a list's elements (never a list: lists of lists are refused). */
export type ElementKind = Exclude<GoKind, 'slice'>;

/** The one element kind of all these lists; lists of lists, mixed kinds and no elements at all are errors. */
export function elementKind(...lists: unknown[][]): ElementKind {
  let seen: GoKind | undefined;
  for (const list of lists) {
    for (const v of list) {
      const kind = goKind(v);
      if (seen === undefined) {
        if (kind === 'slice') throw notApplicable('lists of lists are not supported');
        seen = kind;
      } else if (kind !== seen) {
        throw patchFailure(`list element types are not identical: ${goSprint(lists)}`);
      }
    }
  }
  if (seen === undefined || seen === 'slice') throw patchFailure('no elements in any of the given slices');
  return seen;
}

/** Go's "clever" in-place de-duplication of scalars (its order is repaired by normalizeElementOrder afterwards). */
export function dedupeScalars(list: unknown[]): unknown[] {
  let s = [...list];
  let last = s.length - 1;
  for (let i = 0; i < last; i++) {
    for (let j = i + 1; j <= last; j++) {
      if (s[i] === s[j]) {
        s[j] = s[last];
        s = s.slice(0, last);
        last--;
        j--;
      }
    }
  }
  return s;
}

/** `$deleteFromPrimitiveList`: every occurrence of the listed values goes. */
export function withoutValues(list: unknown[], values: unknown[]): unknown[] {
  const drop = new Set(values);
  return list.filter((v) => !drop.has(v));
}

/** Position of the object whose merge key equals `value`; -1 when none. Elements must be objects. */
export function indexByKey(list: unknown[], key: string, value: unknown): number {
  for (let i = 0; i < list.length; i++) {
    const el = list[i];
    if (!isJsonMap(el)) throw patchFailure(`value for key ${i} is not a map`);
    if (Object.hasOwn(el, key) && el[key] === value) return i;
  }
  return -1;
}

/**
 * The live list's storage as Go sees it while merging. Go deletes an element by shifting the rest left inside the
 * same array (`append(s[:i], s[i+1:]...)`) and appends new elements into the slots that frees, so the live list the
 * `$setElementOrder` step reads afterwards is that array, not the list as it was. Its final order depends on it
 * (upstream's test "add map and delete map from merging list"), so we replay those writes here.
 */
export class LiveArray {
  readonly slots: unknown[];
  private length: number;
  constructor(live: unknown[]) {
    this.slots = [...live];
    this.length = live.length;
  }
  removeAt(i: number): void {
    this.slots.copyWithin(i, i + 1, this.length);
    this.length--;
  }
  /** Appends land in freed slots; past the array's end they go to storage this view never sees. */
  append(v: unknown): void {
    if (this.length < this.slots.length) this.slots[this.length] = v;
    this.length++;
  }
}

/** `$patch: delete`: every element with that merge key value goes (also from `storage`, when given). */
export function withoutKey(list: unknown[], key: string, value: unknown, storage?: LiveArray): unknown[] {
  const out = [...list];
  for (let i = indexByKey(out, key, value); i >= 0; i = indexByKey(out, key, value)) {
    out.splice(i, 1);
    storage?.removeAt(i);
  }
  return out;
}

/** Splits merged elements into those the patch (or order list) names and those only the server has. */
export function partitionByPresence(merged: unknown[], by: unknown[], mergeKey: string): [unknown[], unknown[]] {
  const named: unknown[] = [];
  const serverOnly: unknown[] = [];
  if (!mergeKey) {
    const present = new Set(by);
    for (const v of merged) (present.has(v) ? named : serverOnly).push(v);
    return [named, serverOnly];
  }
  for (const v of merged) {
    if (!isJsonMap(v)) throw badArgType(MAP_TYPE, v);
    if (!Object.hasOwn(v, mergeKey)) throw noMergeKey(v, mergeKey);
    (indexByKey(by, mergeKey, v[mergeKey]) >= 0 ? named : serverOnly).push(v);
  }
  return [named, serverOnly];
}

/** Position of `item` in `list`, by merge key for objects and by value for scalars; -1 when absent. */
function positionIn(list: unknown[], item: unknown, mergeKey: string, kind: ElementKind): number {
  const id = (x: unknown) => (kind === 'map' ? (isJsonMap(x) ? own(x, mergeKey) : undefined) : x);
  const wanted = id(item);
  return list.findIndex((x) => id(x) === wanted);
}

function validateMergeKeys(mergeKey: string, ...lists: unknown[][]): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isJsonMap(item)) throw badArgType(MAP_TYPE, item);
      if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
    }
  }
}

function isDeleteElement(v: unknown): boolean {
  return isJsonMap(v) && own(v, '$patch') === 'delete';
}

/** Sorts `toSort` by position in `order` (insertion sort with Go's comparator); `$patch: delete` elements go last. */
function sortByOrder(toSort: unknown[], order: unknown[], mergeKey: string, kind: ElementKind): unknown[] {
  let items = toSort;
  let deletes: unknown[] = [];
  if (kind === 'map') {
    validateMergeKeys(mergeKey, toSort, order);
    items = toSort.filter((v) => !isDeleteElement(v));
    deletes = toSort.filter(isDeleteElement);
  }
  const out = [...items];
  const less = (a: unknown, b: unknown) => {
    const ia = positionIn(order, a, mergeKey, kind);
    const ib = positionIn(order, b, mergeKey, kind);
    return ia >= 0 && ib >= 0 ? ia < ib : true;
  };
  for (let i = 1; i < out.length; i++) {
    for (let j = i; j > 0 && less(out[j], out[j - 1]); j--) [out[j], out[j - 1]] = [out[j - 1], out[j]];
  }
  return [...out, ...deletes];
}

/** Interleaves server-only elements into the patch's elements, each side keeping its own relative order. */
function interleave(serverOnly: unknown[], named: unknown[], serverOrder: unknown[], mergeKey: string, kind: ElementKind): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length || j < named.length) {
    if (j >= named.length) out.push(serverOnly[i++]);
    else if (i >= serverOnly.length) out.push(named[j++]);
    else {
      // A server-only element goes first only when the live list shows it before the patch's next element.
      const li = positionIn(serverOrder, serverOnly[i], mergeKey, kind);
      const ri = positionIn(serverOrder, named[j], mergeKey, kind);
      out.push(li >= 0 && ri >= 0 && li < ri ? serverOnly[i++] : named[j++]);
    }
  }
  return out;
}

/** The merged list in its final order (apimachinery normalizeElementOrder). */
export function normalizeElementOrder(
  named: unknown[], serverOnly: unknown[], namedOrder: unknown[], serverOrder: unknown[], mergeKey: string, kind: ElementKind,
): unknown[] {
  const sortedNamed = sortByOrder(named, namedOrder, mergeKey, kind);
  const sortedServerOnly = sortByOrder(serverOnly, serverOrder, mergeKey, kind);
  return interleave(sortedServerOnly, sortedNamed, serverOrder, mergeKey, kind);
}

function sameElement(a: unknown, b: unknown, mergeKey: string): boolean {
  if (!mergeKey) return a === b;
  if (!isJsonMap(a)) throw badArgType(MAP_TYPE, a);
  if (!isJsonMap(b)) throw badArgType(MAP_TYPE, b);
  if (!Object.hasOwn(a, mergeKey)) throw noMergeKey(a, mergeKey);
  if (!Object.hasOwn(b, mergeKey)) throw noMergeKey(b, mergeKey);
  return a[mergeKey] === b[mergeKey];
}

/** `$setElementOrder` must name every element the patch lists (deletions aside), in the same relative order. */
export function validateSetElementOrder(patchList: unknown[], order: unknown[], mergeKey: string): void {
  if (!order.length || !patchList.length) return;
  let listed = patchList;
  if (mergeKey) {
    for (const v of patchList) if (!isJsonMap(v)) throw badArgType(MAP_TYPE, v);
    listed = patchList.filter((v) => !isDeleteElement(v));
  }
  let p = 0;
  let o = 0;
  while (p < listed.length && o < order.length) {
    const item = listed[p];
    if (isJsonMap(item) && Object.hasOwn(item, '$patch')) {
      p++;
      continue;
    }
    if (sameElement(item, order[o], mergeKey)) p++;
    o++;
  }
  if (p < listed.length && o >= order.length) {
    throw patchFailure(`The order in patch list:\n${goSprint(patchList)}\n doesn't match $setElementOrder list:\n${goSprint(order)}\n`);
  }
}

/** Asserts a value the patch says is a list really is one. */
export function asList(v: unknown): unknown[] {
  if (!Array.isArray(v)) throw badArgType(LIST_TYPE, v);
  return v;
}
