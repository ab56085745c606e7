// What the docker runtime measures of a running pod (the kubelet's stats provider, pkg/kubelet/stats): each
// container's writable layer against its ephemeral-storage cap and each on-disk emptyDir's bytes, for the eviction
// manager's verdict (storage-eviction.ts), and the engine's CPU and memory readings (`docker stats`), for the metrics
// reader. Split from docker-runtime.ts: measuring is its own concern, apart from starting and stopping containers.
import type { Container, Pod } from '../api/objects';
import { effectiveLimits, type CapsCeiling, type ResourcePolicy } from '../apiserver/plugins/container-caps';
import type { DockerEngine } from '../docker/engine';
import type { ContainerUsage } from '../runtime/container-runtime';
import type { Instance } from './docker-runtime-state';
import type { PlannedVolume } from './docker-runtime-volumes';
import { diskUsage, type StorageUsage } from './storage-eviction';

/** The writable-layer bytes of each running instance, with the cap it really got (`ceiling`: its node's). */
export async function containerStorage(
  engine: DockerEngine, pod: Pod, instances: Instance[], policy: ResourcePolicy, ceiling: CapsCeiling,
): Promise<StorageUsage['containers']> {
  const specs = new Map<string, Container>([...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => [c.name, c]));
  const out: StorageUsage['containers'] = [];
  for (const inst of instances.filter((i) => i.state === 'running')) {
    const spec = specs.get(inst.name);
    const used = await engine.containers.writableLayerSize(inst.dockerId);
    if (!spec || used === undefined) continue;
    const limit = effectiveLimits(spec, policy, ceiling).ephemeralStorageBytes;
    const declared = spec.resources?.limits?.['ephemeral-storage'];
    out.push({ name: inst.name, used, limit, limitText: declared !== undefined ? String(declared) : policy.defaultEphemeralStorage });
  }
  return out;
}

/** The bytes on disk of each emptyDir volume that is not in memory and that this process can measure. */
export async function emptyDirStorage(engine: DockerEngine, volumes: PlannedVolume[]): Promise<StorageUsage['emptyDirs']> {
  const out: StorageUsage['emptyDirs'] = [];
  for (const v of volumes) {
    if (v.source !== 'emptyDir' || v.spec?.emptyDir?.medium === 'Memory') continue;
    const used = await diskUsage((await engine.volumes.inspect(v.dockerVolume))?.mountpoint ?? '');
    if (used !== undefined) out.push({ name: v.name, used, sizeLimit: v.spec?.emptyDir?.sizeLimit });
  }
  return out;
}

/** The engine's reading of each running instance (`docker stats`). */
export async function containerStats(engine: DockerEngine, instances: Instance[]): Promise<ContainerUsage[]> {
  const out: ContainerUsage[] = [];
  for (const inst of instances.filter((i) => i.state === 'running')) {
    const s = await engine.containers.stats(inst.dockerId);
    if (s) out.push({ name: inst.name, at: Date.parse(s.read), cpuUsageNanoseconds: s.cpuUsageNanoseconds, memoryWorkingSetBytes: s.memoryWorkingSetBytes });
  }
  return out;
}
