// resource.Quantity as quota and limit messages need it: exact sums and comparisons (milli-units as BigInt, so
// 2^60 bytes plus 500m still add up exactly) and Go's canonical String() — `1000m` prints as `1`, `1024Mi` as `1Gi`,
// `1.5k` as `1500` — because kube-apiserver prints every quantity through it ("exceeded quota: q, requested:
// requests.cpu=500m, used: requests.cpu=1, limited: requests.cpu=1").

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** The value in thousandths (cores → millicores, bytes → millibytes); fractions below a milli are rounded up. */
  milli: bigint;
  format: QuantityFormat;
}

const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const DECIMAL_SUFFIX: Record<number, string> = Object.fromEntries(Object.entries(DECIMAL).map(([s, e]) => [e, s]));
const BINARY_SUFFIX: Record<number, string> = Object.fromEntries(Object.entries(BINARY).map(([s, e]) => [e, s]));

/** Parses a quantity as the API accepts it (`500m`, `1.5Gi`, `2e3`, a JSON number); undefined when malformed. */
export function parseQuantityExact(q: unknown): Quantity | undefined {
  if (typeof q === 'number') q = String(q);
  if (typeof q !== 'string') return undefined;
  const m = /^([+-]?)([0-9]+)?(?:\.([0-9]*))?(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$/.exec(q.trim());
  if (!m || (m[2] === undefined && !m[3])) return undefined;
  const [, sign, whole = '0', frac = '', suffix = ''] = m;
  let format: QuantityFormat = 'DecimalSI';
  let exp10 = 0;
  let exp2 = 0;
  if (suffix in BINARY) {
    format = 'BinarySI';
    exp2 = BINARY[suffix];
  } else if (suffix in DECIMAL) exp10 = DECIMAL[suffix];
  else if (suffix) {
    format = 'DecimalExponent';
    exp10 = Number(suffix.slice(1));
  }
  // value = digits × 10^(exp10 - frac.length) × 2^exp2, in milli-units: × 10^3.
  let num = BigInt(`${whole}${frac}`) * 2n ** BigInt(exp2);
  const scale = exp10 - frac.length + 3;
  let den = 1n;
  if (scale >= 0) num *= 10n ** BigInt(scale);
  else den = 10n ** BigInt(-scale);
  const milli = (num + den - 1n) / den;
  return { milli: sign === '-' ? -milli : milli, format };
}

export const ZERO: Quantity = { milli: 0n, format: 'DecimalSI' };

/** Quantity.Add: the sum keeps the left operand's format (a missing left takes the right's). */
export function addQuantities(a: Quantity | undefined, b: Quantity | undefined): Quantity {
  if (!a) return b ?? ZERO;
  if (!b) return a;
  return { milli: a.milli + b.milli, format: a.format };
}

export function subtractQuantities(a: Quantity, b: Quantity): Quantity {
  return { milli: a.milli - b.milli, format: a.format };
}

export function compareQuantities(a: Quantity, b: Quantity): number {
  return a.milli < b.milli ? -1 : a.milli > b.milli ? 1 : 0;
}

/** Go's Quantity.String(): the canonical form of the value in its format. */
export function formatQuantity(q: Quantity): string {
  const neg = q.milli < 0n;
  const abs = neg ? -q.milli : q.milli;
  const sign = neg ? '-' : '';
  if (abs === 0n) return '0';
  if (q.format === 'BinarySI' && abs % 1000n === 0n && abs >= 1024n * 1000n) {
    let value = abs / 1000n;
    let exp = 0;
    while (exp < 60 && value % 1024n === 0n) {
      value /= 1024n;
      exp += 10;
    }
    return `${sign}${value}${BINARY_SUFFIX[exp] ?? ''}`;
  }
  // Decimal: the largest exponent (a multiple of 3, at least milli) that leaves an integer mantissa.
  let value = abs;
  let exp = -3;
  while (exp < 18 && value % 1000n === 0n) {
    value /= 1000n;
    exp += 3;
  }
  if (q.format === 'DecimalExponent') return `${sign}${value}${exp ? `e${exp}` : ''}`;
  return `${sign}${value}${DECIMAL_SUFFIX[exp]}`;
}

/** The canonical text of a quantity as written (`1000m` → `1`); malformed input is returned as it was. */
export function canonicalQuantity(q: unknown): string {
  const parsed = parseQuantityExact(q);
  return parsed ? formatQuantity(parsed) : String(q);
}

/** Value() as an integer (rounded up), as limit checks on whole units use it. */
export function quantityValue(q: Quantity): bigint {
  const whole = q.milli / 1000n;
  return q.milli % 1000n > 0n ? whole + 1n : whole;
}

/**
 * Go's `%#v` of a resource.Quantity decoded from `text`, which some field errors print instead of the value: the
 * digits as written and the suffix's power of ten (`500m` → value:500, scale:-3); the string is cached only when the
 * text was already canonical.
 */
export function goQuantityStruct(text: string): string {
  const q = parseQuantityExact(text);
  const m = /^[+-]?([0-9]*)(?:\.([0-9]*))?(.*)$/.exec(text.trim());
  if (!q || !m) return 'resource.Quantity{i:resource.int64Amount{value:0, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"", Format:""}';
  const [, whole = '', frac = '', suffix] = m;
  let value = BigInt(`${whole}${frac}` || '0');
  let scale = -frac.length;
  if (suffix in BINARY) value *= 2n ** BigInt(BINARY[suffix]);
  else if (suffix in DECIMAL) scale += DECIMAL[suffix];
  else if (suffix) scale += Number(suffix.slice(1));
  if (text.trim().startsWith('-')) value = -value;
  const canonical = formatQuantity(q);
  const cached = canonical === text.trim() ? canonical : '';
  return `resource.Quantity{i:resource.int64Amount{value:${value}, scale:${scale}}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"${cached}", Format:"${q.format}"}`;
}
