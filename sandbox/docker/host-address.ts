// Where a container reaches the host its engine runs on. Current Docker reports the default bridge's gateway in
// its IPAM config; Debian's docker.io 20.10 reports none (`"Config":[{"Subnet":"172.17.0.0/16"}]`), although its
// bridge interface (docker0) still holds 172.17.0.1. So: the IPAM gateway when the engine gives one, else this
// host's own address inside the bridge's subnet (the bridge interface's address). Node's os.networkInterfaces()
// omits an interface that is not RUNNING, and docker0 is down (NO-CARRIER) while no container uses the default
// bridge, so the kernel's table of local addresses (/proc/net/fib_trie) is read as well.
// Either way it is the address Docker maps `host-gateway` to by default; callers hand it to containers explicitly
// (`--add-host name:<address>`), so what the app listens on and what a container dials are the same.
import fs from 'node:fs';
import os from 'node:os';
import type { DockerEngine } from './engine';

export interface HostAddress {
  address: string;
  /** How it was found, for the log: `IPAM gateway of network bridge` or `this host's address in 172.17.0.0/16`. */
  source: string;
}

/** What this host knows of its own IPv4 addresses (injected by tests). */
export interface LocalAddresses {
  list(): string[];
}

const DEFAULT_BRIDGE = 'bridge';

/** The local (`host LOCAL`) IPv4 addresses in a /proc/net/fib_trie text. */
export function parseFibTrieLocals(text: string): string[] {
  const out = new Set<string>();
  let last: string | undefined;
  for (const line of text.split('\n')) {
    const leaf = /\|-- (\d+\.\d+\.\d+\.\d+)\s*$/.exec(line);
    if (leaf) last = leaf[1];
    else if (last && /^\s*\/32 host LOCAL/.test(line)) out.add(last);
  }
  return [...out];
}

export const hostLocalAddresses: LocalAddresses = {
  list() {
    const fromInterfaces = Object.values(os.networkInterfaces()).flatMap((as) => (as ?? []).filter((a) => a.family === 'IPv4').map((a) => a.address));
    let fromKernel: string[] = [];
    try {
      fromKernel = parseFibTrieLocals(fs.readFileSync('/proc/net/fib_trie', 'utf8'));
    } catch {
      // not Linux: the interfaces Node lists are all there is
    }
    return [...new Set([...fromInterfaces, ...fromKernel])];
  },
};

const toInt = (ip: string) => ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);

export function inSubnet(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(ip) || !/^\d+\.\d+\.\d+\.\d+$/.test(base ?? '') || !(bits >= 0 && bits <= 32)) return false;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return ((toInt(ip) & mask) >>> 0) === ((toInt(base!) & mask) >>> 0);
}

/** The host's address as containers on this engine see it, or undefined when neither the engine nor this host says. */
export async function hostAddressForContainers(engine: DockerEngine, local: LocalAddresses = hostLocalAddresses): Promise<HostAddress | undefined> {
  const bridge = await engine.networks.inspect(DEFAULT_BRIDGE);
  if (bridge?.gateway) return { address: bridge.gateway, source: `IPAM gateway of network ${DEFAULT_BRIDGE}` };
  const subnet = bridge?.subnet;
  if (!subnet) return undefined;
  const address = local.list().find((ip) => inSubnet(ip, subnet));
  return address ? { address, source: `this host's address in ${subnet}, the subnet of network ${DEFAULT_BRIDGE}` } : undefined;
}
