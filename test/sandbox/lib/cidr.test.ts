// CIDR blocks as kube-apiserver parses them (sloppy IPv4, host bits allowed) and the block arithmetic ipBlock
// `except` needs when a NetworkPolicy is enforced.
import { containsCidr, formatCidr, hostCidr, isStrictSubset, parseCidr, subtractCidrs } from '../../../sandbox/lib/cidr';

const cidr = (s: string) => {
  const c = parseCidr(s);
  if (!c) throw new Error(`bad test CIDR ${s}`);
  return c;
};

describe('parseCidr', () => {
  it('reads IPv4 and IPv6 blocks, clearing host bits and allowing leading zeros as ParseCIDRSloppy does', () => {
    expect(formatCidr(cidr('10.224.1.7/22'))).toBe('10.224.0.0/22');
    expect(formatCidr(cidr('010.001.0.0/16'))).toBe('10.1.0.0/16');
    expect(formatCidr(cidr('0.0.0.0/0'))).toBe('0.0.0.0/0');
    expect(cidr('2001:db8::1/64').family).toBe(6);
  });

  it('refuses what is not address/prefix', () => {
    for (const bad of ['10.0.0.0', '10.0.0/8', '10.0.0.0/33', '256.0.0.0/8', '10.0.0.0/-1', 'fe80::/129', 'x/8', '']) expect(parseCidr(bad)).toBeUndefined();
  });
});

describe('block arithmetic', () => {
  it('tells strict subsets from equal or outside blocks', () => {
    expect(isStrictSubset(cidr('10.0.1.0/24'), cidr('10.0.0.0/16'))).toBe(true);
    expect(isStrictSubset(cidr('10.0.0.0/16'), cidr('10.0.0.0/16'))).toBe(false);
    expect(isStrictSubset(cidr('192.168.0.0/24'), cidr('10.0.0.0/16'))).toBe(false);
    expect(isStrictSubset(cidr('2001:db8::/96'), cidr('10.0.0.0/8'))).toBe(false);
    expect(containsCidr(cidr('10.0.0.0/8'), hostCidr('10.3.4.5')!)).toBe(true);
  });

  it('takes except blocks out of a block as the fewest blocks covering the rest', () => {
    expect(subtractCidrs(cidr('10.224.0.0/30'), [hostCidr('10.224.0.2')!]).map((c) => formatCidr(c))).toEqual(['10.224.0.0/31', '10.224.0.3/32']);
    expect(subtractCidrs(cidr('0.0.0.0/0'), [cidr('10.0.0.0/8')]).length).toBe(8);
    expect(subtractCidrs(cidr('10.0.0.0/24'), [cidr('10.0.0.0/16')])).toEqual([]);
    expect(subtractCidrs(cidr('10.0.0.0/24'), [cidr('192.168.0.0/16')]).map((c) => formatCidr(c))).toEqual(['10.0.0.0/24']);
  });
});
