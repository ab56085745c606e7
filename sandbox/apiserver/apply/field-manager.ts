// The object API's door to field management: records the Update entry of an ordinary create/update/patch, and turns
// an apply request into the object to write. Resource facts (the kind's root Go type for list keys, its API version,
// whether status is a subresource) are looked up here so the object API only passes the request through.
import { apiVersionOf, type ResourceInfo } from '../../api/registry';
import type { WriteOptions } from '../../api/client';
import type { KubeObject } from '../../api/types';
import { invalid } from '../../api/errors';
import { hasStatusSubresource } from '../kinds/strategy';
import { rootTypeOf } from '../patch/patch-strategies';
import { applyConfiguration, checkApplyConfiguration } from './apply-patch';
import { managedFieldsAfterUpdate } from './managed-fields';
import { checkDeclaredFields } from './schema-errors';

/** Write options as the object API sees them: which subresource wrote, and whether apply already set managedFields. */
export interface TrackedWriteOptions extends WriteOptions {
  /** The subresource that made an Update (`scale`), recorded on its entry. */
  fieldSubresource?: string;
  /** Set by apply: metadata.managedFields are already computed and must be kept as they are. */
  applied?: boolean;
  /** Apply only: take fields other managers own (the `force` query parameter). */
  force?: boolean;
}

/**
 * Sets `obj.metadata.managedFields` for an Update operation from `old` (undefined on create). Without a field manager
 * (in-process writers) the stored entries are kept as they are.
 */
export function recordUpdate(res: ResourceInfo, old: KubeObject | undefined, obj: KubeObject, opts: TrackedWriteOptions, now: string): void {
  if (opts.applied) return;
  const meta = obj.metadata;
  if (!opts.fieldManager) {
    if (old?.metadata.managedFields) meta.managedFields = old.metadata.managedFields;
    else delete meta.managedFields;
    return;
  }
  const managed = managedFieldsAfterUpdate(old, obj, {
    manager: opts.fieldManager,
    apiVersion: apiVersionOf(res),
    subresource: opts.fieldSubresource,
    rootType: rootTypeOf(res.kind),
    statusIsSubresource: hasStatusSubresource(res),
    now,
  });
  if (managed) meta.managedFields = managed;
  else delete meta.managedFields;
}

/** kube-apiserver's answer to an apply request without ?fieldManager= (ValidatePatchOptions). */
export function requireApplyManager(fieldManager: string | undefined): string {
  if (!fieldManager) {
    throw invalid('meta.k8s.io', 'PatchOptions', '', [
      { field: 'fieldManager', type: 'FieldValueRequired', message: 'Required value: is required for apply patch' },
    ]);
  }
  return fieldManager;
}

/** kube-apiserver's answer to ?force= on a patch that is not an apply (ValidatePatchOptions). */
export function refuseForce(force: string | undefined): void {
  if (force === undefined) return;
  throw invalid('meta.k8s.io', 'PatchOptions', '', [
    { field: 'force', type: 'FieldValueForbidden', message: 'Forbidden: may not be specified for non-apply patch' },
  ]);
}

/** The object an apply of `body` to `live` (undefined: the apply creates it) writes, managedFields included. */
export function appliedObject(res: ResourceInfo, live: KubeObject | undefined, body: unknown, opts: TrackedWriteOptions, now: string): KubeObject {
  checkApplyConfiguration(body);
  const manager = requireApplyManager(opts.fieldManager);
  if (opts.fieldValidation === 'Strict') {
    checkDeclaredFields({ ...body, apiVersion: body.apiVersion ?? apiVersionOf(res), kind: body.kind ?? res.kind }, rootTypeOf(res.kind));
  }
  return applyConfiguration(live, body, {
    manager,
    force: !!opts.force,
    apiVersion: apiVersionOf(res),
    rootType: rootTypeOf(res.kind),
    statusIsSubresource: hasStatusSubresource(res),
    now,
  });
}
