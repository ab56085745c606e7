// JSON patch (RFC 6902), `kubectl patch --type json` and what `kubectl rollout undo` sends: add, remove, replace,
// move, copy and test on JSON pointers (~0 / ~1 escapes, `-` appends). Operations apply in order to a copy; the first
// that cannot apply fails the whole patch, so nothing is half-applied.
import { badRequest, StatusError } from '../../api/errors';
import { isPlainObject } from './merge-patch';
import { deepEqual } from '../../util/deep-equal';

function fail(message: string): never {
  throw new StatusError(422, 'Invalid', message);
}

function parsePointer(path: unknown): string[] {
  if (typeof path !== 'string') fail('the server rejected our request due to an error in our request: missing path');
  if (path === '') return [];
  if (!path.startsWith('/')) fail(`the server rejected our request due to an error in our request: invalid path "${path}"`);
  return path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

interface Location {
  parent: any;
  key: string;
}

function locate(doc: unknown, parts: string[], op: string, path: string): Location {
  let node: any = doc;
  for (const part of parts.slice(0, -1)) {
    node = Array.isArray(node) ? node[Number(part)] : isPlainObject(node) ? node[part] : undefined;
    if (node === undefined || node === null) fail(`jsonpatch ${op} operation does not apply: doc is missing path: "${path}": missing value`);
  }
  return { parent: node, key: parts[parts.length - 1] };
}

function index(arr: unknown[], key: string, op: string, path: string, allowEnd: boolean): number {
  if (key === '-' && allowEnd) return arr.length;
  if (!/^\d+$/.test(key)) fail(`jsonpatch ${op} operation does not apply: doc is missing path: "${path}": invalid index`);
  const i = Number(key);
  if (i > arr.length || (!allowEnd && i === arr.length)) fail(`jsonpatch ${op} operation does not apply: doc is missing path: "${path}": index out of range`);
  return i;
}

function get(doc: unknown, path: string, op: string): unknown {
  const parts = parsePointer(path);
  if (!parts.length) return doc;
  const { parent, key } = locate(doc, parts, op, path);
  const v = Array.isArray(parent) ? parent[index(parent, key, op, path, false)] : parent?.[key];
  if (v === undefined) fail(`jsonpatch ${op} operation does not apply: doc is missing path: "${path}": missing value`);
  return v;
}

function remove(doc: unknown, path: string, op: string): unknown {
  const parts = parsePointer(path);
  const { parent, key } = locate(doc, parts, op, path);
  if (Array.isArray(parent)) return parent.splice(index(parent, key, op, path, false), 1)[0];
  if (!isPlainObject(parent) || !(key in parent)) fail(`jsonpatch ${op} operation does not apply: doc is missing path: "${path}": missing value`);
  const v = parent[key];
  delete parent[key];
  return v;
}

function add(doc: unknown, path: string, value: unknown, op: string): unknown {
  const parts = parsePointer(path);
  if (!parts.length) return value;
  const { parent, key } = locate(doc, parts, op, path);
  if (Array.isArray(parent)) parent.splice(index(parent, key, op, path, true), 0, value);
  else if (isPlainObject(parent)) parent[key] = value;
  else fail(`jsonpatch ${op} operation does not apply: doc is missing path: "${path}": missing value`);
  return doc;
}

export function applyJsonPatch(original: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let doc = structuredClone(original);
  for (const raw of patch) {
    if (!isPlainObject(raw)) throw badRequest('json: cannot unmarshal a non-object operation into jsonpatch.Operation');
    const op = String(raw.op);
    const path = raw.path as string;
    switch (op) {
      case 'add':
        doc = add(doc, path, structuredClone(raw.value), op);
        break;
      case 'remove':
        remove(doc, path, op);
        break;
      case 'replace': {
        get(doc, path, op);
        const parts = parsePointer(path);
        if (!parts.length) doc = structuredClone(raw.value);
        else {
          const { parent, key } = locate(doc, parts, op, path);
          if (Array.isArray(parent)) parent[index(parent, key, op, path, false)] = structuredClone(raw.value);
          else parent[key] = structuredClone(raw.value);
        }
        break;
      }
      case 'move': {
        const v = remove(doc, raw.from as string, op);
        doc = add(doc, path, v, op);
        break;
      }
      case 'copy':
        doc = add(doc, path, structuredClone(get(doc, raw.from as string, op)), op);
        break;
      case 'test':
        if (!deepEqual(get(doc, path, op), raw.value)) fail(`testing value ${path} failed: test failed`);
        break;
      default:
        throw badRequest(`Unexpected kind: ${op}`);
    }
  }
  return doc;
}
