// The three patch formats kube-apiserver accepts, chosen by Content-Type, applied to a copy of the stored object.
import type { PatchType } from '../../api/client';
import { badRequest } from '../../api/errors';
import { apiVersionOf, findKind } from '../../api/registry';
import { schemaFor } from '../openapi/schema-store';
import { applyJsonPatch } from './json-patch';
import { applyMergePatch, isPlainObject } from './merge-patch';
import { mergeMap } from './strategic-merge';

export type { PatchType };

export function patchTypeFromContentType(contentType: string): PatchType | undefined {
  switch (contentType.split(';')[0].trim().toLowerCase()) {
    case 'application/strategic-merge-patch+json':
      return 'strategic';
    case 'application/merge-patch+json':
      return 'merge';
    case 'application/json-patch+json':
      return 'json';
    default:
      return undefined;
  }
}

function schemaOfKind(kind: string) {
  if (kind === 'Scale') return schemaFor('autoscaling/v1', 'Scale');
  const res = findKind(kind);
  return res ? schemaFor(apiVersionOf(res), kind) : undefined;
}

/** Returns a new object; `original` is never changed. Malformed patches throw a StatusError. */
export function applyPatch(original: object, patch: unknown, type: PatchType, kind: string): any {
  switch (type) {
    case 'json':
      return applyJsonPatch(original, patch);
    case 'merge':
      if (!isPlainObject(patch)) throw badRequest('the merge patch must be a JSON object');
      return applyMergePatch(original, patch);
    case 'strategic':
      if (!isPlainObject(patch)) throw badRequest('the strategic merge patch must be a JSON object');
      return mergeMap(structuredClone(original), patch, schemaOfKind(kind)) ?? {};
  }
}
