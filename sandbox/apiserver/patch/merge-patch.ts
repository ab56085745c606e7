// JSON merge patch (RFC 7386) as kube-apiserver applies it (evanphx/json-patch v4 MergePatch): `kubectl patch
// --type merge` and `kubectl scale`. Objects merge recursively and `null` deletes a key; anything else — lists
// included — replaces. Values new to the document lose their null fields, as the library prunes them.
import { badRequest } from '../../api/errors';
import { isJsonMap, own, put, jsonKind, type JsonMap } from './go-format';

/** Applies `patch` to a copy of `original`; neither argument is changed. */
export function applyMergePatch(original: object, patch: unknown): JsonMap {
  // The server first decodes the body into a Go map (fieldValidation Warn/Strict, the default), then merges.
  if (patch === null) throw badRequest('Invalid JSON Patch');
  if (!isJsonMap(patch)) {
    throw badRequest(`error decoding patch: json: cannot unmarshal ${jsonKind(patch)} into Go value of type map[string]interface {}`);
  }
  const doc = structuredClone(original) as JsonMap;
  mergeInto(doc, structuredClone(patch));
  return doc;
}

function mergeInto(doc: JsonMap, patch: JsonMap): void {
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete doc[key];
      continue;
    }
    const current = own(doc, key);
    if (current === undefined || current === null) {
      pruneNulls(value);
      put(doc, key, value);
    } else {
      put(doc, key, merge(current, value));
    }
  }
}

function merge(current: unknown, patch: unknown): unknown {
  if (!isJsonMap(current)) {
    pruneNulls(patch);
    return patch;
  }
  // A non-object replaces an object as sent, nulls inside it included (the library prunes only the cases above).
  if (!isJsonMap(patch)) return patch;
  mergeInto(current, patch);
  return current;
}

/** Removes null fields of objects, recursively; null elements of lists stay. */
function pruneNulls(v: unknown): void {
  if (Array.isArray(v)) {
    for (const x of v) if (x !== null) pruneNulls(x);
  } else if (isJsonMap(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (x === null) delete v[k];
      else pruneNulls(x);
    }
  }
}
