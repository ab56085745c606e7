// Pod IPs from a node's podCIDR the way the host-local IPAM plugin hands them out on kind: the network address and
// the gateway (.1) are never given, allocation goes round-robin from the last address handed out (so a pod that
// just went away does not pass its IP straight to the next one), and an address is free again once released.

function toInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`not an IPv4 address: ${ip}`);
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

function toIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export class PodIpPool {
  private readonly first: number;
  private readonly last: number;
  private readonly used = new Set<number>();
  private cursor: number;

  constructor(readonly cidr: string) {
    const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(cidr.trim());
    if (!m || Number(m[2]) > 30) throw new Error(`not an IPv4 CIDR with room for pods: ${cidr}`);
    const bits = Number(m[2]);
    const size = 2 ** (32 - bits);
    const network = Math.floor(toInt(m[1]) / size) * size;
    this.first = network + 2;
    this.last = network + size - 2;
    this.cursor = this.last;
  }

  contains(ip: string): boolean {
    const n = toInt(ip);
    return n >= this.first && n <= this.last;
  }

  get available(): number {
    return this.last - this.first + 1 - this.used.size;
  }

  /** The next free address after the last one handed out; throws when the range is used up. */
  allocate(): string {
    const span = this.last - this.first + 1;
    for (let i = 1; i <= span; i++) {
      const n = this.first + ((this.cursor - this.first + i) % span);
      if (!this.used.has(n)) {
        this.used.add(n);
        this.cursor = n;
        return toIp(n);
      }
    }
    throw new Error(`failed to allocate for range 0: no IP addresses available in range set: ${toIp(this.first)}-${toIp(this.last)}`);
  }

  /** Marks an address as taken (a pod that already has it); false when it is outside the range or taken. */
  reserve(ip: string): boolean {
    if (!this.contains(ip)) return false;
    const n = toInt(ip);
    if (this.used.has(n)) return false;
    this.used.add(n);
    return true;
  }

  release(ip: string): void {
    if (this.contains(ip)) this.used.delete(toInt(ip));
  }
}
