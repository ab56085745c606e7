// Query parameters as kube-apiserver decodes them into its option structs (ListOptions, PodLogOptions,
// PodExecOptions…): a boolean is false only when it is absent, "0" or "false" in any case, and true otherwise
// (apimachinery's Convert_Slice_string_To_bool) — so the Python client's `watch=True` and `tty=False` mean what they
// say, as do kubectl's `true`/`1`. Integers are Go's strconv.ParseInt, with the decoder's error wording.
import { badRequest } from '../../api/errors';

type Query = Record<string, unknown> | URLSearchParams;

function first(q: Query, name: string): string | undefined {
  if (q instanceof URLSearchParams) return q.has(name) ? q.get(name) ?? '' : undefined;
  const v = q[name];
  if (v === undefined) return undefined;
  return String(Array.isArray(v) ? v[0] : v);
}

/** A boolean query parameter: absent, "0" and "false" (any case) are false; anything else, even empty, is true. */
export function queryBool(q: Query, name: string): boolean {
  const v = first(q, name);
  if (v === undefined) return false;
  return !(v === '0' || v.toLowerCase() === 'false');
}

/** A 64-bit integer query parameter (undefined when absent or empty); a bad one is the decoder's 400. */
export function queryInt(q: Query, name: string): number | undefined {
  const v = first(q, name);
  if (v === undefined || v === '') return undefined;
  if (!/^[+-]?\d+$/.test(v)) throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(v)}: value out of range`);
  return n;
}
