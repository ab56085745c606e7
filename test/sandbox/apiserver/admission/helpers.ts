// Shared fixtures for the admission tests: seed manifests from disk, and create/update the way the object API
// drives defaulting and validation (uid and namespace assigned first, errors printed as kubectl shows them).
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { findKind } from '../../../../sandbox/apiserver/kinds/registry';
import type { FieldError } from '../../../../sandbox/api/errors';
import type { KubeObject } from '../../../../sandbox/api/types';
import { applyDefaults, validateCreate, validateStatusUpdate, validateUpdate } from '../../../../sandbox/apiserver/kinds/strategy';

export const UID = '6a1f2c3d-0000-4000-8000-000000000001';

/** A manifest as a test edits it: any kind, fields read and written freely (admission itself sees unknown). */
export type Manifest = KubeObject<any, any>;

export function seed(name: string): Manifest {
  return parse(fs.readFileSync(path.join(__dirname, '../../../fixtures/seed001', name), 'utf8')) as Manifest;
}

/** `field: message`, the way kubectl prints each cause. */
export function lines(errors: FieldError[]): string[] {
  return errors.map((e) => `${e.field}: ${e.message}`);
}

function resource(obj: KubeObject) {
  const res = findKind(String(obj.kind));
  if (!res) throw new Error(`unknown kind ${obj.kind}`);
  return res;
}

/** Defaults then create-validates a copy, as ObjectApi.create does; returns the stored shape and the errors. */
export function create(input: KubeObject): { obj: Manifest; errors: string[] } {
  const obj = structuredClone(input);
  obj.metadata ??= {};
  const res = resource(obj);
  if (res.namespaced) obj.metadata.namespace ??= 'default';
  obj.metadata.uid ??= UID;
  applyDefaults(res, obj);
  return { obj, errors: lines(validateCreate(res, obj)) };
}

/** Defaults then update-validates `next` against the stored `old`, as ObjectApi.update does. */
export function update(old: KubeObject, input: KubeObject): { obj: Manifest; errors: string[] } {
  const obj = structuredClone(input);
  obj.metadata = { ...(obj.metadata ?? {}), uid: old.metadata.uid, namespace: old.metadata.namespace, resourceVersion: '1' };
  const res = resource(obj);
  applyDefaults(res, obj);
  return { obj, errors: lines(validateUpdate(res, obj, old)) };
}

export function updateStatus(old: KubeObject, status: unknown): string[] {
  const obj = structuredClone(old);
  obj.status = structuredClone(status);
  return lines(validateStatusUpdate(resource(old), obj, old));
}
