// How kube-apiserver answers a patch that cannot be applied (k8s.io/apiserver pkg/endpoints/handlers/patch.go). The
// status code depends on where the failure happened, and some answers hide the library's words: a JSON patch that
// does not apply becomes a bare 422 "the server rejected our request…", which kubectl prints as "The request is
// invalid: …". We keep the library's own message as the error's `cause` so logs and tests can still see it.
import { StatusError, invalid, tooLarge } from '../../api/errors';
import { goSprint, goTypeName } from './go-format';

/** errors.NewGenericServerResponse(422, …) replaces whatever the library said with this sentence. */
export const REJECTED_MESSAGE = 'the server rejected our request due to an error in our request';

/** 422 Invalid with the generic sentence; `detail` (the library's message) travels as `cause` only. */
export function notApplicable(detail: string): StatusError {
  const err = new StatusError(422, 'Invalid', REJECTED_MESSAGE, {});
  err.cause = detail;
  return err;
}

/**
 * An error the strategic merge code returns as a plain Go error: the API server turns it into a 500 whose reason is
 * empty and whose message is the error text, and kubectl prints "Error from server: <message>".
 */
export function patchFailure(message: string): StatusError {
  return new StatusError(500, '', message);
}

/** 413 for JSON patches with more operations than kube-apiserver accepts (maxJSONPatchOperations). */
export function tooManyOperations(max: number, got: number): StatusError {
  return tooLarge(`Request entity too large: The allowed maximum operations in a JSON patch is ${max}, got ${got}`);
}

/** 422 when the patched document no longer decodes into an object, e.g. a JSON patch that replaced it by an array. */
export function undecodableResult(patched: unknown): StatusError {
  const why =
    'couldn\'t get version/kind; json parse error: json: cannot unmarshal array into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';
  return invalid('', '', '', [
    { field: 'patch', type: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(JSON.stringify(patched))}: ${why}` },
  ]);
}

/** mergepatch.ErrNoMergeKey */
export function noMergeKey(m: unknown, key: string): StatusError {
  return patchFailure(`map: ${goSprint(m)} does not contain declared merge key: ${key}`);
}

/** mergepatch.ErrBadArgType: `expected` is the Go type name the code asserted. */
export function badArgType(expected: string, actual: unknown): StatusError {
  return patchFailure(`expected a ${expected}, but received a ${goTypeName(actual)}`);
}

export const MAP_TYPE = 'map[string]interface {}';
export const LIST_TYPE = '[]interface {}';
