// Reading JSON nobody has validated yet — a request body, a patch result, the spec of an object whose kind the code
// does not know. Each helper looks before it reads and says what it found, so code states what it expects without
// pretending the value already has that shape: a field of a non-object is undefined, items of a non-array are none.

/** A JSON object whose fields may be anything. */
export type JsonObject = { [key: string]: unknown };

/** A non-null, non-array object. */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `v[key]` when v is an object (arrays included, as `v?.[key]` would read them), else undefined. */
export function fieldOf(v: unknown, key: string): unknown {
  return typeof v === 'object' && v !== null ? (v as JsonObject)[key] : undefined;
}

/** `v?.a?.b…`: the value at a path of fields, undefined as soon as one step is not an object. */
export function pathOf(v: unknown, ...keys: string[]): unknown {
  let at = v;
  for (const key of keys) at = fieldOf(at, key);
  return at;
}

/** v itself when it is an object (arrays included), else an empty one: safe to read fields from. */
export function objectOf(v: unknown): JsonObject {
  return typeof v === 'object' && v !== null ? (v as JsonObject) : {};
}

/** v when it is an array, else no items. */
export function itemsOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
