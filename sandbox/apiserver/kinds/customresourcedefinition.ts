// CustomResourceDefinitions: a learner's own kinds. The record is the CRD object itself — v1 defaults, validation
// (custom/crd-validation.ts), and the status the naming and establishing controllers would write (NamesAccepted and
// Established True, acceptedNames, storedVersions), set at once since nothing here can conflict slowly. Serving the
// kinds a CRD defines is custom/served-resources.ts's job.
import type { KubeObject } from '../../api/types';
import { fieldOf, isObject, itemsOf, objectOf } from '../../api/unchecked';
import { validateCustomResourceDefinition, validateCustomResourceDefinitionUpdate } from '../custom/crd-validation';
import { resource, type KindRecord } from './kind';

function defaults(obj: KubeObject): void {
  if (!isObject(obj.spec)) return;
  const spec = obj.spec;
  const names = fieldOf(spec, 'names');
  if (isObject(names)) {
    if (!names.singular && typeof names.kind === 'string') names.singular = names.kind.toLowerCase();
    if (!names.listKind && typeof names.kind === 'string' && names.kind) names.listKind = `${names.kind}List`;
  }
  if (spec.conversion === undefined) spec.conversion = { strategy: 'None' };
}

/** spec.names as status.acceptedNames shows them (empty lists left out, as the naming controller's JSON does). */
function acceptedNames(obj: KubeObject): Record<string, unknown> {
  const names = objectOf(fieldOf(obj.spec, 'names'));
  const out: Record<string, unknown> = {};
  for (const key of ['categories', 'kind', 'listKind', 'plural', 'shortNames', 'singular']) {
    const v = names[key];
    if (v !== undefined && !(Array.isArray(v) && !v.length)) out[key] = v;
  }
  return out;
}

function storageVersion(obj: KubeObject): string | undefined {
  const v = itemsOf(fieldOf(obj.spec, 'versions')).find((x) => fieldOf(x, 'storage') === true);
  const name = fieldOf(v, 'name');
  return typeof name === 'string' ? name : undefined;
}

function initialStatus(obj: KubeObject): unknown {
  const at = obj.metadata.creationTimestamp ?? null;
  const storage = storageVersion(obj);
  return {
    conditions: [
      { type: 'NamesAccepted', status: 'True', lastTransitionTime: at, reason: 'NoConflicts', message: 'no conflicts found' },
      { type: 'Established', status: 'True', lastTransitionTime: at, reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
    ],
    acceptedNames: acceptedNames(obj),
    storedVersions: storage ? [storage] : [],
  };
}

/** The naming controller follows spec.names, and a new storage version joins storedVersions. */
function prepareForUpdate(obj: KubeObject): void {
  const status = objectOf(structuredClone(obj.status ?? {}));
  status.acceptedNames = acceptedNames(obj);
  const stored = itemsOf(status.storedVersions).filter((v): v is string => typeof v === 'string');
  const storage = storageVersion(obj);
  if (storage && !stored.includes(storage)) stored.push(storage);
  status.storedVersions = stored;
  obj.status = status;
}

export const customResourceDefinition: KindRecord = {
  resource: {
    ...resource('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false, ['crd', 'crds'], { subresources: ['status'] }),
    categories: ['api-extensions'],
  },
  defaults,
  initialStatus,
  prepareForUpdate,
  validate: { create: validateCustomResourceDefinition, update: validateCustomResourceDefinitionUpdate },
};
