// Strategic merge patch as kube-apiserver applies it (apimachinery strategicpatch.StrategicMergeMapPatch): what
// `kubectl patch` sends by default and what client-side `kubectl apply` computes from last-applied-configuration.
// Maps merge key by key and `null` deletes a key. Lists merge only where the Go type says so (patch-strategies.ts):
// objects by their merge key (containers by name, ports by containerPort), primitives as a set; every other list is
// replaced whole. Directives: `$patch: replace|delete` on a map or list element, `$setElementOrder/<list>`,
// `$deleteFromPrimitiveList/<list>` and `$retainKeys`. `$patch: merge` is refused, as the real server refuses it.
// We mirror the library's quirks too (a map with `$patch: delete` becomes {}; list elements appended from the patch
// keep their nulls and nested directives), because learners compare our answers with a real cluster's.
import { badRequest } from '../../api/errors';
import { goKind, goSprint, goSprintS, isJsonMap, jsonKind, own, put, type JsonMap } from './go-format';
import { LIST_TYPE, badArgType, noMergeKey, patchFailure } from './patch-errors';
import { lookupPatchMeta, mergeStrategyOf, type FieldPatchMeta } from './patch-strategies';
import {
  LiveArray, asList, dedupeScalars, elementKind, indexByKey, normalizeElementOrder, partitionByPresence,
  validateSetElementOrder, withoutKey, withoutValues,
} from './strategic-list-order';

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ELEMENT_ORDER = '$setElementOrder';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';

/**
 * Applies `patch` to a copy of `original` (neither argument is changed). `rootType` is the Go type of the object —
 * its kind — or undefined for a kind we have no tags for (then no list merges).
 */
export function applyStrategicMergePatch(original: object, patch: unknown, rootType: string | undefined): JsonMap {
  // The server decodes the body into a Go map: `null` decodes to an empty patch, anything but an object fails.
  if (patch === null) return structuredClone(original) as JsonMap;
  if (!isJsonMap(patch)) throw badRequest(`json: cannot unmarshal ${jsonKind(patch)} into Go value of type map[string]interface {}`);
  return mergeMap(structuredClone(original) as JsonMap, structuredClone(patch), rootType);
}

/** Merges `patch` into `original` in place (both are our own copies) and returns the result. */
function mergeMap(original: JsonMap, patch: JsonMap, type: string | undefined): JsonMap {
  if (Object.hasOwn(patch, DIRECTIVE)) return mapDirective(patch);
  applyRetainKeys(original, patch);
  mergeOrderedLists(original, patch, type);
  for (const [key, value] of Object.entries(patch)) {
    const deleteList = key.startsWith(DELETE_FROM_PRIMITIVE_LIST);
    const field = deleteList ? listNameOf(key, DELETE_FROM_PRIMITIVE_LIST) : key;
    if (value === null) {
      delete original[field];
      continue;
    }
    const current = own(original, field);
    if (!Object.hasOwn(original, field) || goKind(current) !== goKind(value)) {
      // Nothing to merge with: the patch's value is taken (a deletion list for a missing list does nothing).
      if (!deleteList) takePatchValue(original, field, value);
      continue;
    }
    const meta = lookupPatchMeta(type, field);
    if (isJsonMap(value)) {
      put(original, field, mergeStrategyOf(meta) === 'replace' ? value : mergeMap(current as JsonMap, value, meta.type));
    } else if (Array.isArray(value)) {
      put(original, field, mergeListField(current as unknown[], value, meta, deleteList));
    } else {
      takePatchValue(original, field, value);
    }
  }
  return original;
}

/** `$patch` on a map: `replace` takes the patch's map as it is, `delete` leaves an empty map. */
function mapDirective(patch: JsonMap): JsonMap {
  const directive = patch[DIRECTIVE];
  if (directive === 'replace') {
    delete patch[DIRECTIVE];
    return patch;
  }
  if (directive === 'delete') return {};
  throw patchFailure(`unknown patch type: ${goSprintS(directive)} in map: ${goSprint(patch)}`);
}

/** `$retainKeys`: fields of the live map that are not listed are cleared; the patch may only set listed fields. */
function applyRetainKeys(original: JsonMap, patch: JsonMap): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS)) return;
  const keys = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(keys)) throw badRequest('invalid patch format of retainKeys');
  const keep = new Set(keys);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || key.startsWith(DELETE_FROM_PRIMITIVE_LIST) || key.startsWith(SET_ELEMENT_ORDER)) continue;
    if (!keep.has(key)) throw badRequest('invalid patch format of retainKeys');
  }
  for (const key of Object.keys(original)) if (!keep.has(key)) delete original[key];
}

/**
 * `$setElementOrder/<list>`: merges that list (if the patch has it) and then puts the elements the order list names
 * in its order, interleaving the server-only ones. Both keys leave the patch, so the main loop skips them.
 */
function mergeOrderedLists(original: JsonMap, patch: JsonMap, type: string | undefined): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    const order = patch[key];
    delete patch[key];
    if (!Array.isArray(order)) throw badArgType(LIST_TYPE, order);
    const field = listNameOf(key, SET_ELEMENT_ORDER);
    const inOriginal = Object.hasOwn(original, field);
    const inPatch = Object.hasOwn(patch, field);
    const live = inOriginal ? asList(original[field]) : [];
    const listed = inPatch ? asList(patch[field]) : [];
    const meta = lookupPatchMeta(type, field);
    const mergeKey = meta.mergeKey ?? '';
    validateSetElementOrder(listed, order, mergeKey);
    const storage = new LiveArray(live);
    let merged: unknown[];
    if (inOriginal && inPatch) merged = mergeListField(live, listed, meta, false, storage);
    else if (inPatch) merged = removeDirectives(listed)[0] as unknown[];
    else if (inOriginal) merged = live;
    else continue;
    const [named, serverOnly] = partitionByPresence(merged, order, mergeKey);
    const serverOrder = storage.slots;
    put(original, field, normalizeElementOrder(named, serverOnly, order, serverOrder, mergeKey, elementKind(serverOrder, listed)));
    delete patch[field];
  }
}

/** `$setElementOrder/containers` → `containers`; a directive key without the slash is malformed. */
function listNameOf(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw badRequest(prefix === SET_ELEMENT_ORDER ? 'invalid patch format of setElementOrder list' : 'invalid patch format of primitive list');
  }
  return key.slice(slash + 1);
}

/** A value the live object lacks (or has with another type): taken from the patch without nulls and directives. */
function takePatchValue(target: JsonMap, field: string, value: unknown): void {
  discardNulls(value);
  const [clean, keep] = removeDirectives(value);
  if (keep) put(target, field, clean);
  else delete target[field];
}

function discardNulls(v: unknown): void {
  if (Array.isArray(v)) v.forEach(discardNulls);
  else if (isJsonMap(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (x === null) delete v[k];
      else discardNulls(x);
    }
  }
}

/** Drops every map that carries `$patch` (and returns keep=false when `v` itself is one). */
function removeDirectives(v: unknown): [unknown, boolean] {
  if (Array.isArray(v)) {
    return [v.flatMap((x) => {
      const [clean, keep] = removeDirectives(x);
      return keep ? [clean] : [];
    }), true];
  }
  if (!isJsonMap(v)) return [v, true];
  if (Object.hasOwn(v, DIRECTIVE)) return [undefined, false];
  for (const [k, x] of Object.entries(v)) {
    const [clean, keep] = removeDirectives(x);
    if (keep) put(v, k, clean);
    else delete v[k];
  }
  return [v, true];
}

/** `storage`, when given, records how Go's merge rewrites the live list's array (see LiveArray). */
function mergeListField(live: unknown[], patch: unknown[], meta: FieldPatchMeta, deleteList: boolean, storage?: LiveArray): unknown[] {
  // A deletion list applies whatever the field's strategy; otherwise only `merge` lists merge.
  if (mergeStrategyOf(meta) === 'merge' || deleteList) return mergeList(live, patch, meta.mergeKey ?? '', meta.type, deleteList, storage);
  return patch;
}

function mergeList(
  live: unknown[], patch: unknown[], mergeKey: string, elementType: string | undefined, deleteList: boolean, storage?: LiveArray,
): unknown[] {
  if (!live.length && !patch.length) return live;
  const kind = elementKind(live, patch);
  let base = live;
  let named = patch;
  let merged: unknown[];
  if (kind !== 'map') {
    if (deleteList) return withoutValues(live, patch);
    merged = dedupeScalars([...live, ...patch]);
  } else {
    if (!mergeKey) throw patchFailure('cannot merge lists without merge key for struct');
    let replaced: boolean;
    [base, named, replaced] = applyElementDirectives(live, patch, mergeKey, storage);
    // After `$patch: replace` the merge appends to a new array, which the live storage no longer shares.
    merged = mergeElements(base, named, mergeKey, elementType, replaced ? undefined : storage);
  }
  const [inPatch, serverOnly] = partitionByPresence(merged, named, mergeKey);
  return normalizeElementOrder(inPatch, serverOnly, named, base, mergeKey, kind);
}

/**
 * Elements carrying `$patch`: `delete` removes the live elements with that merge key, `replace` makes the rest of
 * the patch list the whole list. Returns the live list, the patch list left to merge and whether it was replaced.
 */
function applyElementDirectives(
  live: unknown[], patch: unknown[], mergeKey: string, storage?: LiveArray,
): [unknown[], unknown[], boolean] {
  const rest: unknown[] = [];
  let replace = false;
  for (const element of patch as JsonMap[]) {
    if (!Object.hasOwn(element, DIRECTIVE)) {
      rest.push(element);
      continue;
    }
    const directive = element[DIRECTIVE];
    if (directive === 'delete') {
      if (!Object.hasOwn(element, mergeKey)) throw noMergeKey(element, mergeKey);
      live = withoutKey(live, mergeKey, element[mergeKey], storage);
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw patchFailure('merging lists cannot yet be specified in the patch');
    } else {
      throw patchFailure(`unknown patch type: ${goSprintS(directive)} in map: ${goSprint(element)}`);
    }
  }
  return replace ? [rest, [], true] : [live, rest, false];
}

/** Patch elements merge into the live element with the same key; new ones are appended (then ordered). */
function mergeElements(
  live: unknown[], patch: unknown[], mergeKey: string, elementType: string | undefined, storage?: LiveArray,
): unknown[] {
  const merged = [...live];
  for (const element of patch as JsonMap[]) {
    if (!Object.hasOwn(element, mergeKey)) throw noMergeKey(element, mergeKey);
    const i = indexByKey(merged, mergeKey, element[mergeKey]);
    if (i >= 0) merged[i] = mergeMap(merged[i] as JsonMap, element, elementType);
    else {
      merged.push(element);
      storage?.append(element);
    }
  }
  return merged;
}
