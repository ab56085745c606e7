// Just enough of resource.Quantity to compare requests with limits and to spot negative or zero sizes: parse the
// suffixes Kubernetes accepts (m, k, M, Gi, e3…) into a number. Malformed quantities are the body decoder's business
// (it refuses them before validation), so they parse as undefined here and are left alone.

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

export function parseQuantity(q: unknown): number | undefined {
  if (typeof q === 'number') return Number.isFinite(q) ? q : undefined;
  if (typeof q !== 'string') return undefined;
  const m = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(.*)$/.exec(q.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const suffix = m[2];
  if (suffix in BINARY) return n * BINARY[suffix];
  if (suffix in DECIMAL) return n * DECIMAL[suffix];
  const exp = /^[eE]([+-]?[0-9]+)$/.exec(suffix);
  return exp ? n * 10 ** Number(exp[1]) : undefined;
}

/** How the quantity reads back in messages: as the user wrote it (numbers in JSON print bare). */
export function quantityString(q: unknown): string {
  return typeof q === 'number' ? String(q) : String(q ?? '');
}
