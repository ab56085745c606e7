// Pod volumes on Docker. Every volume is a named Docker volume: emptyDir, configMap, secret, downwardAPI and
// projected ones belong to the pod (labelled with its uid, removed with it); a persistentVolumeClaim's belongs to
// the claim and outlives its pods. configMap/secret/downwardAPI/projected files (ServiceAccount tokens included) are written into the volume
// through the infra container, which mounts them all. A hostPath — inline, or a PersistentVolume's that kubelab did
// not provision — is node-local as on a real cluster and never the machine's own directory: one Docker volume per
// (cluster, node, path), shared by that node's pods and kept until the cluster goes.
import path from 'node:path';
import type { ConfigMap, DownwardAPIVolumeFile, KeyToPath, PersistentVolume, Pod, Secret, Volume } from '../api/objects';
import { ROLE_LABEL } from '../docker/labels';
import type { TarEntry } from '../docker/tar';
import { keyMaps, type Lookup } from './config-refs';
import { fieldRefValue } from './docker-runtime-env';
import {
  CLAIM_LABEL, claimVolumeName, HOST_PATH_LABEL, hostPathVolumeName, NAMESPACE_LABEL, NODE_LABEL, normalHostPath, podLabels, podVolumeName, ROLE_CLAIM_VOLUME,
  ROLE_HOST_PATH_VOLUME, ROLE_POD_VOLUME,
} from './docker-runtime-names';
import { KUBELAB_PROVISIONER } from '../api/storage';
import type { PodVolume } from './docker-runtime-spec';
import { CLUSTER_LABEL } from '../docker/labels';

export type VolumeSource = 'emptyDir' | 'configMap' | 'secret' | 'downwardAPI' | 'projected' | 'persistentVolumeClaim' | 'hostPath';

export interface PlannedVolume extends PodVolume {
  source: VolumeSource;
  /** The spec entry (pod.spec.volumes[i]); `source` names the field of it that is set. */
  spec: Volume;
  labels: Record<string, string>;
}

const FILE_SOURCES: VolumeSource[] = ['configMap', 'secret', 'downwardAPI', 'projected'];

export function hasFiles(v: PlannedVolume): boolean {
  return FILE_SOURCES.includes(v.source);
}

/** The PersistentVolume bound to a claim in the pod's namespace, if any. */
export type ClaimVolumeLookup = (namespace: string, claim: string) => PersistentVolume | undefined;

/** A PersistentVolume whose data is a directory on the node it is used from (not one kubelab provisioned). */
function nodeHostPath(pv: PersistentVolume | undefined): string | undefined {
  if (!pv?.spec?.hostPath?.path) return undefined;
  if (pv.metadata.annotations?.['pv.kubernetes.io/provisioned-by'] === KUBELAB_PROVISIONER) return undefined;
  return String(pv.spec.hostPath.path);
}

function hostPathVolume(clusterId: string, pod: Pod, name: string, hostPath: string, readOnly: boolean, spec: Volume, extraLabels: Record<string, string>): PlannedVolume {
  const node = String(pod.spec?.nodeName ?? '');
  if (!node) throw new Error(`volume "${name}": a hostPath needs the pod's node, and the pod is not bound to one`);
  return {
    name,
    source: 'hostPath',
    spec,
    readOnly,
    dockerVolume: hostPathVolumeName(clusterId, node, hostPath),
    labels: { ...extraLabels, [CLUSTER_LABEL]: clusterId, [NODE_LABEL]: node, [HOST_PATH_LABEL]: normalHostPath(hostPath), [ROLE_LABEL]: ROLE_HOST_PATH_VOLUME },
  };
}

/** The Docker volumes a pod needs, or an error naming the volume kubelab will not provide. */
export function podVolumePlan(clusterId: string, pod: Pod, extraLabels: Record<string, string> = {}, claimVolume: ClaimVolumeLookup = () => undefined): PlannedVolume[] {
  const uid = String(pod.metadata.uid);
  const ns = String(pod.metadata.namespace ?? 'default');
  return (pod.spec?.volumes ?? []).map((v): PlannedVolume => {
    const source = FILE_SOURCES.concat(['emptyDir', 'persistentVolumeClaim', 'hostPath']).find((k) => v[k] !== undefined);
    if (!source) {
      const kind = Object.keys(v).find((k) => k !== 'name') ?? 'unknown';
      throw new Error(`volume "${v.name}": ${kind} volumes are not available in kubelab (use emptyDir, configMap, secret, downwardAPI, projected, hostPath or persistentVolumeClaim)`);
    }
    // `source` is the field that is set, so v[source] is there below.
    if (source === 'hostPath') return hostPathVolume(clusterId, pod, v.name, String(v.hostPath!.path ?? '/'), false, v, extraLabels);
    if (source === 'persistentVolumeClaim') {
      const pvc = v.persistentVolumeClaim!;
      const claim = String(pvc.claimName);
      const onNode = nodeHostPath(claimVolume(ns, claim));
      if (onNode !== undefined) return hostPathVolume(clusterId, pod, v.name, onNode, !!pvc.readOnly, v, extraLabels);
      return {
        name: v.name,
        source,
        spec: v,
        readOnly: !!pvc.readOnly,
        dockerVolume: claimVolumeName(clusterId, ns, claim),
        labels: { ...extraLabels, [CLUSTER_LABEL]: clusterId, [NAMESPACE_LABEL]: ns, [CLAIM_LABEL]: claim, [ROLE_LABEL]: ROLE_CLAIM_VOLUME },
      };
    }
    return {
      name: v.name,
      source,
      spec: v,
      readOnly: source !== 'emptyDir',
      dockerVolume: podVolumeName(clusterId, uid, v.name),
      labels: { ...extraLabels, ...podLabels(clusterId, pod), [ROLE_LABEL]: ROLE_POD_VOLUME },
    };
  });
}

const DEFAULT_MODE = 0o644;

function keyData(obj: ConfigMap | Secret, kind: 'ConfigMap' | 'Secret'): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const { data, binaryData, stringData } = keyMaps(obj);
  if (kind === 'Secret') {
    for (const [k, v] of Object.entries<string>(data ?? {})) out.set(k, Buffer.from(String(v), 'base64'));
    for (const [k, v] of Object.entries<string>(stringData ?? {})) out.set(k, Buffer.from(String(v)));
  } else {
    for (const [k, v] of Object.entries<string>(data ?? {})) out.set(k, Buffer.from(String(v)));
    for (const [k, v] of Object.entries<string>(binaryData ?? {})) out.set(k, Buffer.from(String(v), 'base64'));
  }
  return out;
}

/** A file path inside a volume: relative, no `..` (the API validates this too; never trust it twice). */
function safePath(p: string): string | undefined {
  const norm = path.posix.normalize(String(p)).replace(/^\/+/, '');
  return !norm || norm.startsWith('..') ? undefined : norm;
}

function keyFiles(obj: ConfigMap | Secret | undefined, kind: 'ConfigMap' | 'Secret', items: KeyToPath[] | undefined, mode: number): TarEntry[] {
  if (!obj) return [];
  const data = keyData(obj, kind);
  const chosen = items?.length
    ? items.filter((i) => data.has(i.key)).map((i) => ({ name: safePath(i.path), content: data.get(i.key)!, mode: i.mode ?? mode }))
    : [...data].map(([k, content]) => ({ name: safePath(k), content, mode }));
  return chosen.filter((f): f is { name: string; content: Buffer; mode: number } => !!f.name).map((f) => ({ type: 'file', ...f }));
}

function downwardFiles(pod: Pod, items: DownwardAPIVolumeFile[] | undefined, mode: number, ctx: { podIP: string; hostIP?: string }): TarEntry[] {
  const out: TarEntry[] = [];
  for (const i of items ?? []) {
    const name = safePath(i.path);
    if (!name || !i.fieldRef?.fieldPath) continue;
    out.push({ type: 'file', name, content: fieldRefValue(pod, i.fieldRef.fieldPath, ctx), mode: i.mode ?? mode });
  }
  return out;
}

export interface VolumeFileContext {
  podIP: string;
  hostIP?: string;
  /** The token of a projected serviceAccountToken source (the kubelet's token manager); none: no token file. */
  serviceAccountToken?: (source: { audience?: string; expirationSeconds?: number; path?: string }) => string;
}

/** The files of a configMap/secret/downwardAPI/projected volume, as tar entries relative to the volume root. */
export function volumeFiles(v: PlannedVolume, pod: Pod, lookup: Lookup, ctx: VolumeFileContext): TarEntry[] {
  const s = v.spec;
  // `source` names the field of the spec that is set (podVolumePlan).
  switch (v.source) {
    case 'configMap': {
      const cm = s.configMap!;
      return keyFiles(lookup('ConfigMap', String(cm.name)), 'ConfigMap', cm.items, cm.defaultMode ?? DEFAULT_MODE);
    }
    case 'secret': {
      const secret = s.secret!;
      return keyFiles(lookup('Secret', String(secret.secretName)), 'Secret', secret.items, secret.defaultMode ?? DEFAULT_MODE);
    }
    case 'downwardAPI':
      return downwardFiles(pod, s.downwardAPI!.items, s.downwardAPI!.defaultMode ?? DEFAULT_MODE, ctx);
    case 'projected': {
      const mode = s.projected!.defaultMode ?? DEFAULT_MODE;
      return (s.projected!.sources ?? []).flatMap((src) => {
        if (src.configMap) return keyFiles(lookup('ConfigMap', String(src.configMap.name)), 'ConfigMap', src.configMap.items, mode);
        if (src.secret) return keyFiles(lookup('Secret', String(src.secret.name)), 'Secret', src.secret.items, mode);
        if (src.downwardAPI) return downwardFiles(pod, src.downwardAPI.items, mode, ctx);
        if (src.serviceAccountToken && ctx.serviceAccountToken) {
          const name = safePath(src.serviceAccountToken.path);
          return name ? [{ type: 'file', name, content: Buffer.from(ctx.serviceAccountToken(src.serviceAccountToken)), mode }] : [];
        }
        return [];
      });
    }
    default:
      return [];
  }
}
