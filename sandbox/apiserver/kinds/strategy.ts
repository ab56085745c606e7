// The generic strategy kube-apiserver applies around every write (its registry's Create/Update/Delete strategies),
// with each kind's own rules read from its record: defaulting, the initial status, generation, validation (turned
// into `invalid(group, kind, name, errors)` — 422 — by the object API, which kubectl prints as
// `The Deployment "echo" is invalid: spec.template.metadata.labels: Invalid value: …`).
import type { FieldError } from '../../api/errors';
import type { ResourceInfo } from '../../api/registry';
import type { KubeObject } from '../../api/types';
import { dedupe } from '../admission/field-errors';
import { nameIsDNSSubdomain } from '../../lib/names';
import { validateObjectMeta, validateObjectMetaUpdate } from '../admission/validate-meta';
import { defaultPrinter, tableOf, type IncludeObject } from '../tables';
import { kindNamed, kindOf, recordOf } from './registry';

/** Kinds whose main endpoint ignores status (it is written through /status). */
export function hasStatusSubresource(res: ResourceInfo): boolean {
  return res.subresources.includes('status');
}

/** Whether metadata.generation counts spec changes (workloads read observedGeneration against it). */
export function tracksGeneration(res: ResourceInfo): boolean {
  return kindOf(res).tracksGeneration !== false;
}

/** The status a freshly created (and defaulted) object starts with; what the user sent is dropped unless kept. */
export function initialStatus(res: ResourceInfo, obj: KubeObject): unknown {
  const own = kindOf(res).initialStatus;
  if (own) return own(obj);
  return hasStatusSubresource(res) ? {} : obj.status;
}

/** The kind is the registry's (the caller already checked apiVersion/kind); metadata is always an object here. */
function withKind(res: ResourceInfo, obj: KubeObject): KubeObject {
  if (!obj.metadata || typeof obj.metadata !== 'object') obj.metadata = {};
  if (obj.kind !== res.kind) obj.kind = res.kind;
  return obj;
}

/** Fills in the defaults a real API server fills in, mutating obj (it is already a private copy). */
export function applyDefaults(res: ResourceInfo, obj: KubeObject): void {
  if (!obj.metadata || typeof obj.metadata !== 'object') obj.metadata = {};
  kindOf(res).defaults?.(obj);
}

/** Kinds without rules of their own still get ObjectMeta validation (DNS-subdomain names). */
const metaOnly = (res: ResourceInfo) => (obj: KubeObject) => validateObjectMeta(obj.metadata, res.namespaced, nameIsDNSSubdomain);

/** Validation on create; [] means valid. */
export function validateCreate(res: ResourceInfo, obj: KubeObject): FieldError[] {
  withKind(res, obj);
  return dedupe((kindOf(res).validate?.create ?? metaOnly(res))(obj));
}

/** Validation on update (everything validateCreate checks, plus immutable fields against `old`), after PrepareForUpdate. */
export function validateUpdate(res: ResourceInfo, obj: KubeObject, old: KubeObject): FieldError[] {
  withKind(res, obj);
  const kind = kindOf(res);
  kind.prepareForUpdate?.(obj, old);
  const update = kind.validate?.update ?? ((o: KubeObject, prev: KubeObject) => [...validateObjectMetaUpdate(o.metadata, prev.metadata), ...metaOnly(res)(o)]);
  return dedupe(update(obj, old));
}

/** Status-subresource updates validate only status-relevant rules. */
export function validateStatusUpdate(res: ResourceInfo, obj: KubeObject, old: KubeObject): FieldError[] {
  withKind(res, obj);
  const update = kindOf(res).validate?.status ?? ((o: KubeObject, prev: KubeObject) => validateObjectMetaUpdate(o.metadata, prev.metadata));
  return dedupe(update(obj, old));
}

/** The Table `kubectl get` receives for objects of a resource (or built-in kind): its printer's columns, or NAME and CREATED AT. */
export function tableFor(res: ResourceInfo | string, objects: KubeObject[], now: Date, includeObject: IncludeObject = 'Metadata') {
  const record = typeof res === 'string' ? kindNamed(res) : recordOf(res);
  return tableOf(record?.printer ?? defaultPrinter, objects, now, includeObject);
}
