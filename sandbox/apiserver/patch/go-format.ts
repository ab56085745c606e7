// kube-apiserver builds its patch error messages with Go's fmt (`%v` of a decoded JSON map prints `map[image:x name:y]`)
// and reflect type names (`expected a []interface {}, but received a string`). Learners compare what our server says
// with what they read online, so these helpers print JSON values the way Go prints them after encoding/json decoded
// them: objects as map[string]interface{} (keys sorted), arrays as []interface{}, integers as int64, others as float64.

export type JsonMap = Record<string, unknown>;

export function isJsonMap(v: unknown): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value's own property (never one inherited from Object.prototype, e.g. a patch key `constructor`). */
export function own(m: JsonMap, key: string): unknown {
  return Object.hasOwn(m, key) ? m[key] : undefined;
}

/** Sets an own property, also for the key `__proto__`, which plain assignment would treat as the prototype. */
export function put(m: JsonMap, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(m, key, { value, writable: true, enumerable: true, configurable: true });
  else m[key] = value;
}

/** reflect.Kind of a decoded JSON value, with int64 and float64 told apart as encoding/json (UseNumber) does. */
export type GoKind = 'map' | 'slice' | 'string' | 'int64' | 'float64' | 'bool' | 'nil';

export function goKind(v: unknown): GoKind {
  if (v === null || v === undefined) return 'nil';
  if (Array.isArray(v)) return 'slice';
  if (typeof v === 'object') return 'map';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  return typeof v === 'boolean' ? 'bool' : 'string';
}

/** Go `%v` of a decoded JSON value. */
export function goSprint(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : goFloat(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goSprint).join(' ')}]`;
  const m = v as JsonMap;
  return `map[${Object.keys(m).sort().map((k) => `${k}:${goSprint(m[k])}`).join(' ')}]`;
}

/** Go `%s`: strings as they are, other scalars as `%!s(type=value)`. */
export function goSprintS(v: unknown): string {
  if (v === null || v === undefined) return '%!s(<nil>)';
  if (typeof v === 'string' || typeof v === 'object') return goSprint(v);
  return `%!s(${goTypeName(v)}=${goSprint(v)})`;
}

/** reflect.TypeOf(v).String() of a decoded JSON value, as `%s` prints it (nil prints `%!s(<nil>)`). */
export function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return '%!s(<nil>)';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  if (typeof v === 'boolean') return 'bool';
  return Array.isArray(v) ? '[]interface {}' : 'map[string]interface {}';
}

/** The JSON kind encoding/json names in `json: cannot unmarshal <kind> into Go value of type …`. */
export function jsonKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v; // object, number, string
}

/** strconv.FormatFloat(f, 'g', -1, 64): shortest digits, exponent form below 1e-4 or from 1e+06 (`%v` of a float64). */
function goFloat(f: number): string {
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : f < 0 ? '-Inf' : 'NaN';
  const [mantissa, exponent] = f.toExponential().split('e');
  const exp = Number(exponent);
  if (exp < -4 || exp >= 6) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(f);
}
