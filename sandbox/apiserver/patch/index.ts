// The three patch formats kube-apiserver accepts on PATCH, chosen by the request's Content-Type: strategic merge
// patch (kubectl's default, and what client-side apply sends), JSON merge patch and JSON patch. Each is applied to a
// copy of the stored object exactly as the real server's libraries would; failures throw the StatusError the real
// server answers with. Server-side apply (application/apply-patch+yaml) is not one of them.
import type { PatchType } from '../../api/client';
import { applyJsonPatch } from './json-patch';
import { applyMergePatch } from './merge-patch';
import { rootTypeOf } from './patch-strategies';
import { applyStrategicMergePatch } from './strategic-merge';

export type { PatchType };

/** The media types of the patch formats, as kube-apiserver lists them in a 415. */
export const PATCH_CONTENT_TYPES: Readonly<Record<PatchType, string>> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
};

/**
 * Maps a request Content-Type to a patch type; undefined for anything else. Like kube-apiserver, parameters after
 * the first `;` are dropped and the rest must match exactly (no case folding, no trimming).
 */
export function patchTypeFromContentType(contentType: string): PatchType | undefined {
  const semicolon = contentType.indexOf(';');
  const mediaType = semicolon > 0 ? contentType.slice(0, semicolon) : contentType;
  return (Object.keys(PATCH_CONTENT_TYPES) as PatchType[]).find((t) => PATCH_CONTENT_TYPES[t] === mediaType);
}

/**
 * Returns a NEW object (never mutates `original` or `patch`). `kind` is the object's kind (e.g. 'Deployment', or
 * 'Scale' for the scale subresource) and selects the merge keys of a strategic merge patch. Throws a StatusError
 * for a patch that does not decode or does not apply, with the code and message kube-apiserver would answer.
 */
export function applyPatch(original: object, patch: unknown, type: PatchType, kind: string): any {
  switch (type) {
    case 'json':
      return applyJsonPatch(original, patch);
    case 'merge':
      return applyMergePatch(original, patch);
    case 'strategic':
      return applyStrategicMergePatch(original, patch, rootTypeOf(kind));
  }
}
