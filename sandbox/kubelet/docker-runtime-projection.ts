// configMap, secret, downwardAPI and projected volumes (ServiceAccount tokens too) laid out as the kubelet's atomic writer lays them out
// (pkg/volume/util/atomic_writer.go): the files live in a `..<timestamp>` directory, `..data` is a symlink to it, and
// each top-level name is a symlink through `..data`. A change of the ConfigMap, Secret or pod metadata writes a new
// timestamped directory and swaps `..data` with one rename, so a reader sees the old set of files or the new one,
// never a mix — the "files update, environment variables don't" lesson. The first write goes through the pod's infra
// container (a tar); later ones need a rename and removals, which a short-lived busybox container on the volume does.
// fsGroup gives every file and directory that group, as the kubelet's SetVolumeOwnership does.
import { createHash, randomInt } from 'node:crypto';
import type { Pod } from '../api/objects';
import type { DockerEngine } from '../docker/engine';
import { CLUSTER_LABEL, ROLE_LABEL } from '../docker/labels';
import { tarBuffer, type TarEntry } from '../docker/tar';
import { BUSYBOX_IMAGE } from '../images/catalog';
import { volumeMountError, type Lookup } from './config-refs';
import { INFRA_VOLUME_DIR } from './docker-runtime-names';
import type { SubPathLink } from './docker-runtime-spec';
import type { PodSandbox } from '../runtime/container-runtime';
import { hasFiles, volumeFiles, type PlannedVolume } from './docker-runtime-volumes';
import type { TokenManager } from './token-manager';

export const ROLE_VOLUME_WRITER = 'volume-writer';
const DATA_DIR = '..data';

/** Swaps `..data` to the directory $1, links new top-level names, drops links to keys that are gone and old directories. */
const SWAP_SCRIPT = [
  'set -e',
  'cd /v',
  'new="$1"',
  'ln -s "$new" ..data_tmp',
  'mv -T ..data_tmp ..data',
  'for f in "$new"/* "$new"/.[!.]*; do [ -e "$f" ] || [ -L "$f" ] || continue; n="${f#"$new"/}"; [ -L "$n" ] || ln -s "..data/$n" "$n"; done',
  'for l in * .[!.]*; do [ -L "$l" ] || continue; case "$(readlink "$l")" in ..data/*) [ -e "$l" ] || rm -f "$l";; esac; done',
  'for d in ..[0-9]*; do [ "$d" = "$new" ] || rm -rf "$d"; done',
].join('\n');

/** `..2006_01_02_15_04_05.<random>`: the name os.MkdirTemp gives the atomic writer's directories. */
export function timestampedDir(now: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const t = `${now.getUTCFullYear()}_${p(now.getUTCMonth() + 1)}_${p(now.getUTCDate())}_${p(now.getUTCHours())}_${p(now.getUTCMinutes())}_${p(now.getUTCSeconds())}`;
  return `..${t}.${randomInt(1, 2 ** 31)}`;
}

/** The files under `dir`, with the directories they need, group-owned by fsGroup when there is one. */
export function payloadEntries(files: TarEntry[], dir: string, fsGroup: number | undefined, readOnly = true): TarEntry[] {
  const dirMode = fsGroup === undefined ? 0o755 : 0o2755 | 0o010;
  const gid = fsGroup;
  const out: TarEntry[] = [{ type: 'dir', name: dir, mode: dirMode, gid }];
  const made = new Set<string>();
  for (const f of files) {
    if (f.type !== 'file') continue;
    const parts = f.name.split('/');
    for (let i = 1; i < parts.length; i++) {
      const sub = parts.slice(0, i).join('/');
      if (made.has(sub)) continue;
      out.push({ type: 'dir', name: `${dir}/${sub}`, mode: dirMode, gid });
      made.add(sub);
    }
    const mode = (f.mode ?? 0o644) | (fsGroup === undefined ? 0 : readOnly ? 0o440 : 0o660);
    out.push({ ...f, name: `${dir}/${f.name}`, mode, gid: gid ?? f.gid });
  }
  return out;
}

/** The names a volume shows at its top level (each a symlink through ..data). */
export function topLevelNames(files: TarEntry[]): string[] {
  return [...new Set(files.map((f) => f.name.split('/')[0]))].sort();
}

function digest(files: TarEntry[]): string {
  const h = createHash('sha256');
  for (const f of [...files].sort((a, b) => a.name.localeCompare(b.name))) {
    h.update(f.name).update('\0').update(String(f.type === 'file' ? f.mode ?? '' : '')).update('\0');
    if (f.type === 'file' && 'content' in f) h.update(f.content);
    h.update('\0');
  }
  return h.digest('hex');
}

export interface ProjectionDeps {
  engine: DockerEngine;
  clusterId: string;
  labels: Record<string, string>;
  lookup(namespace: string): Lookup;
  /** Projected ServiceAccount tokens (the kubelet's token manager); without it, no token file is written. */
  tokens?: TokenManager;
  now(): Date;
  log(message: string): void;
}

export class VolumeProjector {
  /** What was last written, per pod uid and volume name. */
  private readonly written = new Map<string, Map<string, string>>();

  constructor(private readonly deps: ProjectionDeps) {}

  private filesOf(pod: Pod, v: PlannedVolume, podIP: string): TarEntry[] {
    const tokens = this.deps.tokens;
    const serviceAccountToken = tokens
      ? (source: { audience?: string; expirationSeconds?: number }) => {
          try {
            return tokens.tokenFor(pod, source);
          } catch (e) {
            throw new MountError(`MountVolume.SetUp failed for volume "${v.name}" : failed to fetch token: ${(e as Error).message}`);
          }
        }
      : undefined;
    return volumeFiles(v, pod, this.deps.lookup(String(pod.metadata.namespace ?? 'default')), { podIP, hostIP: pod.status?.hostIP, serviceAccountToken });
  }

  private remember(uid: string, volume: string, hash: string): void {
    let m = this.written.get(uid);
    if (!m) this.written.set(uid, (m = new Map()));
    m.set(volume, hash);
  }

  /** A fresh sandbox: every file volume written whole (nothing reads it yet), emptyDir and claim roots opened up. */
  async writeInitial(pod: Pod, volumes: PlannedVolume[], infraId: string, podIP: string): Promise<void> {
    const fsGroup = fsGroupOf(pod);
    const roots: TarEntry[] = [];
    for (const v of volumes) {
      // A volume's root is world-writable (0777; ConfigMap and Secret volumes sit on an emptyDir too), and with
      // fsGroup group-owned with setgid, as the kubelet makes it.
      roots.push({ type: 'dir', name: v.name, mode: fsGroup === undefined ? 0o777 : 0o2777, gid: fsGroup });
      if (!hasFiles(v)) continue;
      const files = this.filesOf(pod, v, podIP);
      const dir = timestampedDir(this.deps.now());
      const entries = [
        ...payloadEntries(files, dir, fsGroup),
        { type: 'symlink' as const, name: DATA_DIR, target: dir },
        ...topLevelNames(files).map((n) => ({ type: 'symlink' as const, name: n, target: `${DATA_DIR}/${n}` })),
      ];
      await this.deps.engine.containers.putArchive(infraId, `${INFRA_VOLUME_DIR}/${v.name}`, await tarBuffer(entries));
      this.remember(String(pod.metadata.uid), v.name, digest(files));
    }
    if (roots.length) await this.deps.engine.containers.putArchive(infraId, INFRA_VOLUME_DIR, await tarBuffer(roots));
  }

  /** Rewrites the file volumes whose content changed (a ConfigMap or Secret update, new pod labels). */
  async refresh(pod: Pod, volumes: PlannedVolume[], infraId: string, podIP: string): Promise<void> {
    const uid = String(pod.metadata.uid);
    // A source deleted while the pod runs leaves the files as they were, with the kubelet's FailedMount complaint.
    const missing = volumeMountError(pod, this.deps.lookup(String(pod.metadata.namespace ?? 'default')));
    if (missing) throw new MountError(missing);
    for (const v of volumes.filter(hasFiles)) {
      const files = this.filesOf(pod, v, podIP);
      const hash = digest(files);
      if (this.written.get(uid)?.get(v.name) === hash) continue;
      const dir = timestampedDir(this.deps.now());
      await this.deps.engine.containers.putArchive(infraId, `${INFRA_VOLUME_DIR}/${v.name}`, await tarBuffer(payloadEntries(files, dir, fsGroupOf(pod))));
      await this.swap(v.dockerVolume, dir);
      this.remember(uid, v.name, hash);
    }
  }

  /** The files a subPath mount of a file volume shows: a copy made at container start, which never changes (as upstream). */
  subPathFiles(pod: Pod, v: PlannedVolume, subPath: string, mountPath: string, podIP: string): TarEntry[] {
    const sub = subPath.replace(/\/+$/, '');
    const target = mountPath.replace(/^\/+/, '').replace(/\/+$/, '');
    const fsGroup = fsGroupOf(pod);
    return this.filesOf(pod, v, podIP).flatMap((f): TarEntry[] => {
      if (f.type !== 'file') return [];
      if (f.name === sub) return [{ ...f, name: target, gid: fsGroup ?? f.gid }];
      if (f.name.startsWith(`${sub}/`)) return [{ ...f, name: `${target}/${f.name.slice(sub.length + 1)}`, gid: fsGroup ?? f.gid }];
      return [];
    });
  }

  /**
   * subPath mounts: into a writable volume, make sure the path exists and symlink the mount path to it; from a
   * ConfigMap, Secret or downward API volume, a copy of the files as they are now (a subPath never sees updates).
   */
  async linkSubPaths(pod: Pod, containerId: string, sandbox: PodSandbox, links: SubPathLink[], volumes: Map<string, PlannedVolume>): Promise<void> {
    const entries: TarEntry[] = [];
    for (const l of links) {
      const v = volumes.get(l.volume);
      if (v && hasFiles(v)) {
        entries.push(...this.subPathFiles(pod, v, l.subPath, l.mountPath, sandbox.ip));
        continue;
      }
      if (!v?.readOnly) {
        await this.deps.engine.containers.putArchive(sandbox.id, `${INFRA_VOLUME_DIR}/${l.volume}`, await tarBuffer([{ type: 'dir', name: l.subPath, mode: 0o777 }]));
      }
      entries.push({ type: 'symlink', name: l.mountPath.replace(/^\/+/, ''), target: l.target });
    }
    await this.deps.engine.containers.putArchive(containerId, '/', await tarBuffer(entries));
  }

  forget(uid: string): void {
    this.written.delete(uid);
    this.deps.tokens?.forget(uid);
  }

  /** Runs the swap in a throw-away busybox container that mounts the volume (no network, small limits). */
  private async swap(dockerVolume: string, dir: string): Promise<void> {
    const { engine, clusterId, labels } = this.deps;
    const id = await engine.containers.create({
      name: `kl-${clusterId}-volw-${randomInt(1, 2 ** 31)}`,
      image: BUSYBOX_IMAGE,
      entrypoint: ['sh', '-c', SWAP_SCRIPT, 'swap'],
      cmd: [dir],
      networkMode: 'none',
      memoryBytes: 16 * 1024 * 1024,
      pidsLimit: 16,
      mounts: [{ type: 'volume', source: dockerVolume, target: '/v' }],
      labels: { ...labels, [CLUSTER_LABEL]: clusterId, [ROLE_LABEL]: ROLE_VOLUME_WRITER },
      restartPolicy: 'no',
    });
    try {
      await engine.containers.start(id);
      const code = await engine.containers.wait(id);
      if (code !== 0) throw new Error(`updating volume ${dockerVolume} failed (exit code ${code})`);
    } finally {
      await engine.containers.remove(id, { force: true }).catch((e) => this.deps.log(`removing volume writer ${id}: ${e.message}`));
    }
  }
}

/** A volume that cannot be brought up to date; the message is the kubelet's FailedMount text. */
export class MountError extends Error {
  override readonly name = 'MountError';
}

export function fsGroupOf(pod: Pod): number | undefined {
  const g = pod.spec?.securityContext?.fsGroup;
  return g !== undefined && Number.isInteger(g) && g >= 0 ? g : undefined;
}
