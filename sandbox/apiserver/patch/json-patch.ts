// JSON patch (RFC 6902) as kube-apiserver applies it (evanphx/json-patch v4): `kubectl patch --type json` and the
// replace operations `kubectl rollout undo` sends. Operations run in order on a copy; the first that fails fails the
// whole request with a bare 422 (kube-apiserver drops the library's message; we keep it as the error's cause).
// The library's leniencies are kept because clients rely on them: `replace` of a missing object key adds it,
// negative array indices count from the end, and `copy` from a missing key copies null.
import { badRequest, type StatusError } from '../../api/errors';
import { deepEqual } from '../../util/deep-equal';
import { isJsonMap, jsonKind, own, put, type JsonMap } from './go-format';
import { notApplicable, tooManyOperations, undecodableResult } from './patch-errors';

/** kube-apiserver's maxJSONPatchOperations. */
export const MAX_OPERATIONS = 10000;
/** kube-apiserver's default JSONPatchMaxCopyBytes: how much `copy` operations may grow a document in total. */
const MAX_COPY_BYTES = 3 * 1024 * 1024;

type Container = JsonMap | unknown[];

/** A failure of one operation; becomes the 422's cause. */
class OperationError extends Error {}

/** Applies `patch` (a list of operations) to a copy of `original`; neither argument is changed. */
export function applyJsonPatch(original: object, patch: unknown): JsonMap {
  const ops = decodeOperations(patch);
  if (ops.length > MAX_OPERATIONS) throw tooManyOperations(MAX_OPERATIONS, ops.length);
  let doc: unknown = structuredClone(original);
  const copied = { bytes: 0 };
  try {
    for (const op of ops) doc = applyOperation(doc as Container, op, copied);
  } catch (e) {
    if (e instanceof OperationError) throw notApplicable(e.message);
    throw e;
  }
  // The patched JSON is decoded into the kind's Go struct next: only an object can be.
  if (!isJsonMap(doc)) throw undecodableResult(doc);
  return doc;
}

/** The server decodes the body into []jsonPatchOp first (fieldValidation Warn/Strict, the default). */
function decodeOperations(patch: unknown): JsonMap[] {
  const fail = (message: string): StatusError => badRequest(`error decoding patch: json: ${message}`);
  if (patch === null) return [];
  if (!Array.isArray(patch)) throw fail(`cannot unmarshal ${jsonKind(patch)} into Go value of type []handlers.jsonPatchOp`);
  return patch.map((op) => {
    if (op === null) return {};
    if (!isJsonMap(op)) throw fail(`cannot unmarshal ${jsonKind(op)} into Go value of type handlers.jsonPatchOp`);
    for (const field of ['op', 'path', 'from']) {
      const v = own(op, field);
      if (v !== undefined && v !== null && typeof v !== 'string') {
        throw fail(`cannot unmarshal ${jsonKind(v)} into Go struct field jsonPatchOp.${field} of type string`);
      }
    }
    return structuredClone(op);
  });
}

/** Applies one operation; returns the (possibly replaced) document root. */
function applyOperation(doc: Container, op: JsonMap, copied: { bytes: number }): unknown {
  const kind = typeof own(op, 'op') === 'string' ? (op.op as string) : 'unknown';
  const path = stringField(op, 'path');
  const from = stringField(op, 'from');
  // A missing `value` is null to the library (a JSON null and an absent value look the same to it).
  const value = own(op, 'value') ?? null;
  switch (kind) {
    case 'add': {
      if (path === undefined) throw new OperationError('add operation failed to decode path: missing value');
      const [c, key] = locate(doc, path) ?? fail(`add operation does not apply: doc is missing path: "${path}": missing value`);
      attempt(() => insert(c, key, value), (e) => `error in add for path: '${path}': ${e}`);
      return doc;
    }
    case 'remove': {
      if (path === undefined) throw new OperationError('remove operation failed to decode path: missing value');
      const [c, key] = locate(doc, path) ?? fail(`remove operation does not apply: doc is missing path: "${path}": missing value`);
      attempt(() => removeChild(c, key), (e) => `error in remove for path: '${path}': ${e}`);
      return doc;
    }
    case 'replace': {
      if (path === undefined) throw new OperationError('replace operation failed to decode path: operation missing path field: missing value');
      if (path === '') {
        if (!isJsonMap(value) && !Array.isArray(value)) throw new OperationError('replace operation value must be object or array: %!w(<nil>)');
        return value;
      }
      const [c, key] = locate(doc, path) ?? fail(`replace operation does not apply: doc is missing path: ${path}: missing value`);
      attempt(() => child(c, key), () => `replace operation does not apply: doc is missing key: ${path}: missing value`);
      attempt(() => setChild(c, key, value), (e) => `error in remove for path: '${path}': ${e}`);
      return doc;
    }
    case 'move': {
      if (from === undefined) throw new OperationError('move operation failed to decode from: operation, missing from field: missing value');
      const [src, srcKey] = locate(doc, from) ?? fail(`move operation does not apply: doc is missing from path: ${from}: missing value`);
      const moved = attempt(() => child(src, srcKey), (e) => `error in move for path: '${srcKey}': ${e}`);
      attempt(() => removeChild(src, srcKey), (e) => `error in move for path: '${srcKey}': ${e}`);
      if (path === undefined) throw new OperationError('move operation failed to decode path: operation missing path field: missing value');
      const [dst, key] = locate(doc, path) ?? fail(`move operation does not apply: doc is missing destination path: ${path}: missing value`);
      attempt(() => insert(dst, key, moved ?? null), (e) => `error in move for path: '${path}': ${e}`);
      return doc;
    }
    case 'copy': {
      if (from === undefined) throw new OperationError('copy operation failed to decode from: operation, missing from field: missing value');
      const [src, srcKey] = locate(doc, from) ?? fail(`copy operation does not apply: doc is missing from path: ${from}: missing value`);
      const original = attempt(() => child(src, srcKey), (e) => `error in copy for from: '${from}': ${e}`);
      if (path === undefined) throw new OperationError('copy operation failed to decode path: missing value');
      const [dst, key] = locate(doc, path) ?? fail(`copy operation does not apply: doc is missing destination path: ${path}: missing value`);
      const copy = original === undefined ? null : structuredClone(original);
      copied.bytes += original === undefined ? 0 : JSON.stringify(copy).length;
      if (copied.bytes > MAX_COPY_BYTES) {
        throw new OperationError(`Unable to complete the copy, the accumulated size increase of copy is ${copied.bytes}, exceeding the limit ${MAX_COPY_BYTES}`);
      }
      attempt(() => insert(dst, key, copy), (e) => `error while adding value during copy: ${e}`);
      return doc;
    }
    case 'test':
      if (path === undefined) throw new OperationError('test operation failed to decode path: operation missing path field: missing value');
      test(doc, path, op, value);
      return doc;
    default:
      throw new OperationError(`Unexpected kind: ${kind}`);
  }
}

function test(doc: Container, path: string, op: JsonMap, value: unknown): void {
  const failed = new OperationError(`testing value ${path} failed: test failed`);
  if (path === '') {
    if (!deepEqual(doc, value)) throw failed;
    return;
  }
  const [c, key] = locate(doc, path) ?? fail(`test operation does not apply: is missing path: ${path}: missing value`);
  const actual = attempt(() => child(c, key), (e) => `error in test for path: '${path}': ${e}`);
  // A missing or null value passes a test for null (or one without a value); anything present needs a value.
  if (actual === undefined || actual === null) {
    if (value !== null) throw failed;
  } else if (!Object.hasOwn(op, 'value') || !deepEqual(actual, value)) {
    throw failed;
  }
}

function fail(message: string): never {
  throw new OperationError(message);
}

/** Runs a container operation, wrapping its error the way the library's caller words it. */
function attempt<T>(fn: () => T, wrap: (cause: string) => string): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ContainerError) throw new OperationError(wrap(e.message));
    throw e;
  }
}

function stringField(op: JsonMap, field: string): string | undefined {
  const v = own(op, field);
  return typeof v === 'string' ? v : undefined;
}

/**
 * The container holding the pointer's last token, and that token. Like the library, the first token is skipped
 * without being looked at (RFC 6901 wants it empty) and a path without any `/` points nowhere.
 */
function locate(doc: Container, path: string): [Container, string] | undefined {
  const tokens = path.split('/');
  if (tokens.length < 2) return undefined;
  let node: unknown = doc;
  for (const token of tokens.slice(1, -1)) {
    let next: unknown;
    try {
      next = child(node as Container, unescape(token));
    } catch {
      return undefined;
    }
    if (!isJsonMap(next) && !Array.isArray(next)) return undefined;
    node = next;
  }
  return [node as Container, unescape(tokens[tokens.length - 1])];
}

/** RFC 6901: `~1` is `/` and `~0` is `~`, decoded in one pass so `~01` means `~1`. */
function unescape(token: string): string {
  return token.replace(/~[01]/g, (m) => (m === '~1' ? '/' : '~'));
}

/** An error of a container operation, worded like the library's. */
class ContainerError extends Error {}

const invalidIndex = (i: number) => new ContainerError(`Unable to access invalid index: ${i}: invalid index referenced`);

/** strconv.Atoi, with its error text. */
function atoi(key: string): number {
  if (!/^[+-]?\d+$/.test(key)) throw new ContainerError(`strconv.Atoi: parsing ${JSON.stringify(key)}: invalid syntax`);
  return Number(key);
}

/** An array index, negative ones counting from the end; `size` is how far it may point. */
function arrayIndex(key: string, size: number): number {
  const i = atoi(key);
  if (i < -size) throw invalidIndex(i);
  return i < 0 ? i + size : i;
}

/** The child at `key`: undefined for a missing object key, an error for a bad array index. */
function child(c: Container, key: string): unknown {
  if (!Array.isArray(c)) return own(c, key);
  const i = arrayIndex(key, c.length);
  if (i >= c.length) throw invalidIndex(atoi(key));
  return c[i];
}

function insert(c: Container, key: string, value: unknown): void {
  if (!Array.isArray(c)) return put(c, key, value);
  if (key === '-') {
    c.push(value);
    return;
  }
  let i: number;
  try {
    i = atoi(key);
  } catch (e) {
    throw new ContainerError(`value was not a proper array index: '${key}': ${(e as Error).message}`);
  }
  if (i >= c.length + 1) throw invalidIndex(i);
  c.splice(arrayIndex(key, c.length + 1), 0, value);
}

function removeChild(c: Container, key: string): void {
  if (!Array.isArray(c)) {
    if (!Object.hasOwn(c, key)) throw new ContainerError(`Unable to remove nonexistent key: ${key}: missing value`);
    delete c[key];
    return;
  }
  const raw = atoi(key);
  if (raw >= c.length) throw invalidIndex(raw);
  c.splice(arrayIndex(key, c.length), 1);
}

function setChild(c: Container, key: string, value: unknown): void {
  if (!Array.isArray(c)) return put(c, key, value);
  c[arrayIndex(key, c.length)] = value;
}
