// Networks: one user-defined bridge per cluster, created/found/removed by name and label.
import type Docker from 'dockerode';
import { isNotFound, toEngineError } from '../errors';
import { labelFilters } from '../labels';
import type { NetworkInfo, NetworkSpec } from '../types';

function toNetworkInfo(raw: any): NetworkInfo {
  const ipam = raw.IPAM?.Config?.[0] ?? {};
  const containers: NetworkInfo['containers'] = {};
  for (const [id, c] of Object.entries<any>(raw.Containers ?? {})) {
    containers[id] = { name: c.Name, ipv4Address: String(c.IPv4Address ?? '').replace(/\/\d+$/, '') };
  }
  return {
    id: raw.Id,
    name: raw.Name,
    labels: raw.Labels ?? {},
    subnet: ipam.Subnet,
    ipRange: ipam.IPRange,
    gateway: ipam.Gateway,
    internal: !!raw.Internal,
    containers,
  };
}

export class Networks {
  constructor(private readonly docker: Docker) {}

  async create(spec: NetworkSpec): Promise<NetworkInfo> {
    const ipam = spec.subnet ? { Driver: 'default', Config: [{ Subnet: spec.subnet, IPRange: spec.ipRange, Gateway: spec.gateway }] } : undefined;
    try {
      const net = await this.docker.createNetwork({
        Name: spec.name,
        Driver: 'bridge',
        CheckDuplicate: true,
        Internal: spec.internal,
        Labels: spec.labels,
        Options: spec.driverOptions,
        IPAM: ipam,
      } as never);
      return toNetworkInfo(await net.inspect());
    } catch (e) {
      throw toEngineError(e, `create network ${spec.name}`);
    }
  }

  async inspect(nameOrId: string): Promise<NetworkInfo | undefined> {
    try {
      return toNetworkInfo(await this.docker.getNetwork(nameOrId).inspect());
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw toEngineError(e, `inspect network ${nameOrId}`);
    }
  }

  async list(labels: Record<string, string | true> = {}): Promise<NetworkInfo[]> {
    try {
      const raw = await this.docker.listNetworks({ filters: { label: labelFilters(labels) } });
      return raw.map(toNetworkInfo);
    } catch (e) {
      throw toEngineError(e, 'list networks');
    }
  }

  /** Removes a network; a missing one is not an error. Containers still attached make the engine refuse (409). */
  async remove(nameOrId: string): Promise<void> {
    try {
      await this.docker.getNetwork(nameOrId).remove();
    } catch (e) {
      if (isNotFound(e)) return;
      throw toEngineError(e, `remove network ${nameOrId}`);
    }
  }

  async connect(network: string, container: string, opts: { ipv4Address?: string; aliases?: string[] } = {}): Promise<void> {
    try {
      await this.docker.getNetwork(network).connect({
        Container: container,
        EndpointConfig: { Aliases: opts.aliases, IPAMConfig: opts.ipv4Address ? { IPv4Address: opts.ipv4Address } : undefined },
      } as never);
    } catch (e) {
      throw toEngineError(e, `connect ${container} to ${network}`);
    }
  }

  async disconnect(network: string, container: string): Promise<void> {
    try {
      await this.docker.getNetwork(network).disconnect({ Container: container, Force: true } as never);
    } catch (e) {
      if (isNotFound(e)) return;
      throw toEngineError(e, `disconnect ${container} from ${network}`);
    }
  }
}
