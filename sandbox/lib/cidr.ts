// CIDR blocks as Kubernetes reads them (k8s.io/utils/net ParseCIDRSloppy: IPv4 octets may carry leading zeros, the
// host bits may be set) and the arithmetic NetworkPolicy ipBlocks need: containment, "strict subset" (validation),
// and, for enforcement, a block minus its `except` blocks as the smallest list of blocks that covers the rest.
// IPv6 is parsed so validation accepts what kube-apiserver accepts; only IPv4 is ever enforced (the cluster network
// is IPv4).

export interface Cidr {
  family: 4 | 6;
  /** The network address (host bits cleared), as an unsigned integer. */
  base: bigint;
  bits: number;
}

function parseIPv4Sloppy(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

function parseIPv6(s: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(s)) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): number[] | undefined => {
    if (!h) return [];
    const out: number[] = [];
    const items = h.split(':');
    for (const [i, g] of items.entries()) {
      if (g.includes('.') && i === items.length - 1) {
        const v4 = parseIPv4Sloppy(g);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) out.push(parseInt(g, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const total = head.length + tail.length;
  if (halves.length === 2 ? total > 7 : total !== 8) return undefined;
  const all = [...head, ...new Array<number>(8 - total).fill(0), ...tail];
  return all.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

const width = (family: 4 | 6): number => (family === 4 ? 32 : 128);

function hostMask(family: 4 | 6, bits: number): bigint {
  return (1n << BigInt(width(family) - bits)) - 1n;
}

/** ParseCIDRSloppy: undefined when `s` is not an address/prefix. */
export function parseCidr(s: string): Cidr | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const v4 = parseIPv4Sloppy(m[1]);
  const family: 4 | 6 = v4 !== undefined ? 4 : 6;
  const ip = v4 ?? parseIPv6(m[1]);
  const bits = Number(m[2]);
  if (ip === undefined || bits > width(family)) return undefined;
  return { family, base: ip & ~hostMask(family, bits), bits };
}

/** An IPv4 address as a /32 block. */
export function hostCidr(ip: string): Cidr | undefined {
  const v4 = parseIPv4Sloppy(ip);
  return v4 === undefined ? undefined : { family: 4, base: v4, bits: 32 };
}

/** net.IPNet.Contains for an address, given as the base of a block. */
export function containsAddress(net: Cidr, family: 4 | 6, address: bigint): boolean {
  return net.family === family && (address & ~hostMask(net.family, net.bits)) === net.base;
}

/** `inner` lies inside `outer` (equal blocks included). */
export function containsCidr(outer: Cidr, inner: Cidr): boolean {
  return outer.family === inner.family && inner.bits >= outer.bits && containsAddress(outer, inner.family, inner.base);
}

/** NetworkPolicy validation's test for an `except` block: inside `cidr` and strictly smaller. */
export function isStrictSubset(inner: Cidr, outer: Cidr): boolean {
  return containsAddress(outer, inner.family, inner.base) && outer.bits < inner.bits;
}

/** `block` minus every block of `except`, as the fewest CIDR blocks that cover what is left. */
export function subtractCidrs(block: Cidr, except: readonly Cidr[]): Cidr[] {
  const cuts = except.filter((e) => e.family === block.family && (containsCidr(block, e) || containsCidr(e, block)));
  if (cuts.some((e) => containsCidr(e, block))) return [];
  if (!cuts.length) return [block];
  const half = BigInt(1) << BigInt(width(block.family) - block.bits - 1);
  const lower: Cidr = { family: block.family, base: block.base, bits: block.bits + 1 };
  const upper: Cidr = { family: block.family, base: block.base | half, bits: block.bits + 1 };
  return [...subtractCidrs(lower, cuts), ...subtractCidrs(upper, cuts)];
}

/** The dotted-quad form of an IPv4 block's network address. */
export function ipv4Text(n: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join('.');
}

/** `10.224.0.0/22`; a /32 prints as its address alone when `bareHost` is set. */
export function formatCidr(c: Cidr, bareHost = false): string {
  if (c.family === 4) return bareHost && c.bits === 32 ? ipv4Text(c.base) : `${ipv4Text(c.base)}/${c.bits}`;
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((c.base >> BigInt(i * 16)) & 0xffffn).toString(16));
  return `${groups.join(':')}/${c.bits}`;
}

/** The network mask of an IPv4 block as an unsigned 32-bit number. */
export function ipv4Mask(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}
