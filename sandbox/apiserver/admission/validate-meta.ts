// ObjectMeta rules every kind shares (apimachinery's ValidateObjectMeta and core's finalizer check), label and
// annotation syntax, and label selectors: both their validation and what they select, because workload validation
// asks "does the selector match the template's labels?".
import type { FieldError } from '../../api/errors';
import type { ObjectMeta } from '../../api/types';
import { fieldOf, itemsOf, objectOf } from '../../api/unchecked';
import { forbidden, GoValue, invalid, invalidEach, required, tooLong } from './field-errors';
import { goStringSlice } from './go-values';
import { isQualifiedName, isValidLabelValue, nameIsDNSLabel, type NameFn } from '../../lib/names';

export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

function entries(m: unknown): [string, string][] {
  if (!m || typeof m !== 'object') return [];
  return Object.entries(m as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : String(v ?? '')]);
}

export function validateLabelName(name: string, path: string): FieldError[] {
  return invalidEach(path, name, isQualifiedName(name));
}

/** Label keys and values; errors name the map, not the key, as apimachinery does. */
export function validateLabels(labels: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of entries(labels)) {
    errs.push(...validateLabelName(k, path));
    errs.push(...invalidEach(path, v, isValidLabelValue(v)));
  }
  return errs;
}

export function validateAnnotations(annotations: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of entries(annotations)) {
    errs.push(...invalidEach(path, k, isQualifiedName(k.toLowerCase())));
    size += Buffer.byteLength(k) + Buffer.byteLength(v);
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
  return errs;
}

function validateOwnerReferences(refs: unknown, path: string): FieldError[] {
  if (!Array.isArray(refs)) return [];
  const errs: FieldError[] = [];
  let firstController = '';
  for (const entry of refs) {
    const ref = objectOf(entry);
    const apiVersion = String(ref.apiVersion ?? '');
    const version = apiVersion.includes('/') ? apiVersion.split('/')[1] : apiVersion;
    if (!version) errs.push(invalid(`${path}.apiVersion`, apiVersion, 'version must not be empty'));
    if (!ref.kind) errs.push(invalid(`${path}.kind`, String(ref.kind ?? ''), 'kind must not be empty'));
    if (!ref.name) errs.push(invalid(`${path}.name`, String(ref.name ?? ''), 'name must not be empty'));
    if (!ref.uid) errs.push(invalid(`${path}.uid`, String(ref.uid ?? ''), 'uid must not be empty'));
    if (ref.controller === true) {
      const current = `${ref.kind}/${ref.name}`;
      if (firstController) {
        errs.push(
          invalid(path, new GoValue('[]v1.OwnerReference{…}'), `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`),
        );
      } else firstController = current;
    }
  }
  return errs;
}

function validateFinalizers(finalizers: unknown, path: string): FieldError[] {
  if (!Array.isArray(finalizers)) return [];
  const errs: FieldError[] = [];
  for (const f of finalizers) errs.push(...invalidEach(path, String(f), isQualifiedName(String(f))));
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    errs.push(invalid(path, new GoValue(goStringSlice(finalizers)), 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  return errs;
}

/** core's extra rule: a finalizer without a domain must be one Kubernetes itself defines. */
export function validateKubeFinalizerName(name: string, path: string): FieldError[] {
  if (name.split('/').length === 1 && !STANDARD_FINALIZERS.has(name)) {
    return [invalid(path, name, 'name is neither a standard finalizer name nor is it fully qualified')];
  }
  return [];
}

function kubeFinalizers(meta: ObjectMeta, path: string): FieldError[] {
  return (Array.isArray(meta.finalizers) ? meta.finalizers : []).flatMap((f, i) => validateKubeFinalizerName(String(f), `${path}.finalizers[${i}]`));
}

/** ValidateObjectMeta on create. Namespaces of cluster-scoped kinds were already dropped by the caller. */
export function validateObjectMeta(meta: ObjectMeta, requiresNamespace: boolean, nameFn: NameFn, path = 'metadata'): FieldError[] {
  const errs: FieldError[] = [];
  if (meta.generateName) errs.push(...invalidEach(`${path}.generateName`, meta.generateName, nameFn(meta.generateName, true)));
  if (!meta.name) errs.push(required(`${path}.name`, 'name or generateName is required'));
  else errs.push(...invalidEach(`${path}.name`, meta.name, nameFn(String(meta.name), false)));
  if (requiresNamespace) {
    if (!meta.namespace) errs.push(required(`${path}.namespace`));
    else errs.push(...invalidEach(`${path}.namespace`, meta.namespace, nameIsDNSLabel(meta.namespace, false)));
  }
  if (typeof meta.generation === 'number' && meta.generation < 0) {
    errs.push(invalid(`${path}.generation`, meta.generation, 'must be greater than or equal to 0'));
  }
  errs.push(...validateLabels(meta.labels, `${path}.labels`));
  errs.push(...validateAnnotations(meta.annotations, `${path}.annotations`));
  errs.push(...validateOwnerReferences(meta.ownerReferences, `${path}.ownerReferences`));
  errs.push(...validateFinalizers(meta.finalizers, `${path}.finalizers`));
  errs.push(...kubeFinalizers(meta, path));
  return errs;
}

/**
 * ValidateObjectMetaUpdate. uid, timestamps and generation are owned by the object API (it copies them from the
 * stored object before validating), so only what a user can still get wrong is checked here.
 */
export function validateObjectMetaUpdate(meta: ObjectMeta, old: ObjectMeta, path = 'metadata'): FieldError[] {
  const errs: FieldError[] = [];
  if (old.deletionTimestamp) {
    const before = new Set(old.finalizers ?? []);
    const added = [...new Set(meta.finalizers ?? [])].filter((f) => !before.has(f)).sort();
    if (added.length) {
      errs.push(forbidden(`${path}.finalizers`, `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSlice(added)}`));
    }
  }
  if ((meta.name ?? '') !== (old.name ?? '')) errs.push(invalid(`${path}.name`, meta.name ?? '', 'field is immutable'));
  if ((meta.namespace ?? '') !== (old.namespace ?? '')) errs.push(invalid(`${path}.namespace`, meta.namespace ?? '', 'field is immutable'));
  errs.push(...validateLabels(meta.labels, `${path}.labels`));
  errs.push(...validateAnnotations(meta.annotations, `${path}.annotations`));
  errs.push(...validateOwnerReferences(meta.ownerReferences, `${path}.ownerReferences`));
  errs.push(...kubeFinalizers(meta, path));
  return errs;
}

/** metav1 ValidateLabelSelector. */
export function validateLabelSelector(sel: unknown, path: string): FieldError[] {
  if (sel === null || sel === undefined) return [];
  const errs = validateLabels(fieldOf(sel, 'matchLabels'), `${path}.matchLabels`);
  itemsOf(fieldOf(sel, 'matchExpressions')).forEach((expr, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const values = itemsOf(fieldOf(expr, 'values'));
    const operator = fieldOf(expr, 'operator');
    switch (operator) {
      case 'In':
      case 'NotIn':
        if (!values.length) errs.push(required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length) errs.push(forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        errs.push(invalid(`${p}.operator`, String(operator ?? ''), 'not a valid selector operator'));
    }
    errs.push(...validateLabelName(String(fieldOf(expr, 'key') ?? ''), `${p}.key`));
    values.forEach((v, j) => errs.push(...invalidEach(`${p}.values[${j}]`, String(v), isValidLabelValue(String(v)))));
  });
  return errs;
}

/**
 * metav1.LabelSelectorAsSelector: a missing selector selects nothing, an empty one everything, and a malformed one
 * cannot be turned into a selector at all (workload validation then says "invalid label selector").
 */
export type Selector = { kind: 'nothing' } | { kind: 'everything' } | { kind: 'error' } | { kind: 'match'; matches(labels: unknown): boolean };

export function asSelector(sel: unknown): Selector {
  if (sel === null || sel === undefined) return { kind: 'nothing' };
  const reqs: { key: string; op: string; values: string[] }[] = [];
  for (const [k, v] of entries(fieldOf(sel, 'matchLabels'))) reqs.push({ key: k, op: 'In', values: [v] });
  for (const e of itemsOf(fieldOf(sel, 'matchExpressions'))) {
    reqs.push({ key: String(fieldOf(e, 'key') ?? ''), op: String(fieldOf(e, 'operator') ?? ''), values: itemsOf(fieldOf(e, 'values')).map(String) });
  }
  if (!reqs.length) return { kind: 'everything' };
  for (const r of reqs) {
    if (isQualifiedName(r.key).length || r.values.some((v) => isValidLabelValue(v).length)) return { kind: 'error' };
    if ((r.op === 'In' || r.op === 'NotIn') && !r.values.length) return { kind: 'error' };
    if ((r.op === 'Exists' || r.op === 'DoesNotExist') && r.values.length) return { kind: 'error' };
    if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(r.op)) return { kind: 'error' };
  }
  return {
    kind: 'match',
    matches(labels: unknown) {
      const l = labels && typeof labels === 'object' ? (labels as Record<string, string>) : {};
      return reqs.every((r) => {
        const has = Object.prototype.hasOwnProperty.call(l, r.key);
        switch (r.op) {
          case 'In': return has && r.values.includes(String(l[r.key]));
          case 'NotIn': return !has || !r.values.includes(String(l[r.key]));
          case 'Exists': return has;
          default: return !has;
        }
      });
    },
  };
}

