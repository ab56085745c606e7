// The kubelet's local ephemeral-storage eviction (pkg/kubelet/eviction localStorageEviction), for the docker
// runtime. Docker's `--storage-opt size` needs overlay2 on xfs with project quotas, which a classroom machine rarely
// has (ours: overlay2 on ext4), so writes cannot be capped in the kernel; instead the kubelet measures, as a real
// kubelet does: every few seconds each running pod's writable layers (Docker's SizeRw) and emptyDir volumes (du of
// the volume's directory, when this process can read it), and a pod over its limits is evicted — phase Failed,
// reason Evicted, with the kubelet's own messages. What is written between two looks is bounded by the machine's
// disk speed (about 250 MB/s here) times the period. Pure verdict + the measuring helpers.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { parseQuantity } from '../lib/quantity';

/** How often a running pod's storage is looked at (the kubelet's housekeeping is 10 s; we look more often). */
export const STORAGE_CHECK_MS = 2000;

export interface StorageUsage {
  /** Writable-layer bytes and the ephemeral-storage cap, per running container. */
  containers: { name: string; used: number; limit: number; limitText: string }[];
  /** Bytes used by each emptyDir volume (on disk) that could be measured, with its sizeLimit. */
  emptyDirs: { name: string; used: number; sizeLimit?: string | number }[];
}

/** Quantity text as the kubelet prints a limit (%q of resource.Quantity.String()). */
function quantityText(bytes: number): string {
  for (const [suffix, size] of [['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) {
    if (bytes !== 0 && bytes % size === 0) return `${bytes / size}${suffix}`;
  }
  return String(bytes);
}

/** The eviction message for a pod over its ephemeral-storage limits, or undefined; checks in the kubelet's order. */
export function storageEvictionMessage(u: StorageUsage): string | undefined {
  for (const v of u.emptyDirs) {
    const limit = v.sizeLimit !== undefined ? parseQuantity(v.sizeLimit) : undefined;
    if (limit !== undefined && limit > 0 && v.used > limit) return `Usage of EmptyDir volume "${v.name}" exceeds the limit "${v.sizeLimit}". `;
  }
  const total = u.containers.reduce((s, c) => s + c.used, 0) + u.emptyDirs.reduce((s, v) => s + v.used, 0);
  const totalLimit = u.containers.reduce((s, c) => s + c.limit, 0);
  if (u.containers.length && total > totalLimit) return `Pod ephemeral local storage usage exceeds the total limit of containers ${quantityText(totalLimit)}. `;
  for (const c of u.containers) {
    if (c.used > c.limit) return `Container ${c.name} exceeded its local ephemeral storage limit "${c.limitText}". `;
  }
  return undefined;
}

/** Disk bytes under a directory (du), or undefined when this process cannot read it (remote engine, no rights). */
export function diskUsage(dir: string): Promise<number | undefined> {
  if (!dir) return Promise.resolve(undefined);
  try {
    fs.accessSync(dir, fs.constants.R_OK | fs.constants.X_OK);
  } catch {
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    execFile('du', ['-s', '-k', '-x', dir], { timeout: 10_000 }, (err, stdout) => {
      const kb = Number(/^(\d+)/.exec(String(stdout))?.[1]);
      resolve(err && !Number.isFinite(kb) ? undefined : Number.isFinite(kb) ? kb * 1024 : undefined);
    });
  });
}
