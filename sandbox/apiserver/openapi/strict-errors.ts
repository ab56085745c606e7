// The exact words kube-apiserver uses when fieldValidation finds unknown fields (k8s.io/apiserver
// pkg/endpoints/handlers/{create,update,patch,rest}.go, apimachinery runtime.strictDecodingError), so that kubectl
// prints what a learner would see on a real cluster:
//   POST/PUT, Strict → 400 BadRequest `Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.x"`
//   PATCH, Strict    → 422 Invalid ` "" is invalid: patch: Invalid value: "map[…]": strict decoding error: unknown field "spec.x"`
//   Warn             → one `Warning: 299 - "unknown field \"spec.x\""` header per field; kubectl prints `Warning: unknown field "spec.x"`
import { StatusError } from '../../api/errors';
import { parseApiVersion } from './schema-store';

/** `strict decoding error: unknown field "a", unknown field "b"` */
export function strictDecodingMessage(paths: string[]): string {
  return `strict decoding error: ${paths.map((p) => `unknown field "${p}"`).join(', ')}`;
}

/** 400 for a create/update body with unknown fields under fieldValidation=Strict (transformDecodeError). */
export function strictDecodingError(apiVersion: string, kind: string, paths: string[]): StatusError {
  const { version } = parseApiVersion(apiVersion);
  return new StatusError(400, 'BadRequest', `${kind} in version "${version}" cannot be handled as a ${kind}: ${strictDecodingMessage(paths)}`);
}

/** 422 for a patch whose result has unknown fields under fieldValidation=Strict: an Invalid with no kind or name, whose
 *  one cause is the field `patch`, its value printed as Go prints the decoded patch (`map[spec:map[replicas:3]]`). */
export function strictPatchError(patch: unknown, paths: string[]): StatusError {
  const detail = `Invalid value: ${JSON.stringify(goValue(patch))}: ${strictDecodingMessage(paths)}`;
  return new StatusError(422, 'Invalid', ` "" is invalid: patch: ${detail}`, {
    name: '',
    kind: '',
    causes: [{ reason: 'FieldValueInvalid', message: detail, field: 'patch' }],
  });
}

/** Values for `Warning` response headers under fieldValidation=Warn, one per unknown field. */
export function unknownFieldWarnings(paths: string[]): string[] {
  return paths.map((p) => `299 - "${`unknown field "${p}"`.replace(/["\\]/g, (c) => `\\${c}`)}"`);
}

/** Go's `%+v` of a decoded JSON value: maps with sorted keys as `map[k:v]`, slices as `[a b]`, null as `<nil>`. */
function goValue(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goValue).join(' ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[${entries.map(([k, v]) => `${k}:${goValue(v)}`).join(' ')}]`;
  }
  return String(value);
}
