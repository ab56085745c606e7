// What a pod needs from its namespace before its containers can start: ConfigMaps and Secrets named by volumes
// and hostPaths a node can serve (else FailedMount, the pod stays ContainerCreating) and by env/envFrom (else CreateContainerConfigError). The
// messages are the kubelet's, because "configmap "x" not found" is the first thing a learner should read.
import type { ConfigMap, Container, KindObjects, Pod, Secret } from '../api/objects';

/** Looks an object up in the pod's namespace. */
export type Lookup = <K extends 'ConfigMap' | 'Secret'>(kind: K, name: string) => KindObjects[K] | undefined;

/** The key maps of either kind: data, binaryData (ConfigMap) and stringData (a Secret as written, before the API folds it). */
export function keyMaps(obj: ConfigMap | Secret): { data?: Record<string, string>; binaryData?: Record<string, string>; stringData?: Record<string, string> } {
  return obj;
}

const noun = (kind: 'ConfigMap' | 'Secret') => (kind === 'ConfigMap' ? 'configmap' : 'secret');

/** The FailedMount message of the first volume that cannot be set up, if any. */
export function volumeMountError(pod: Pod, lookup: Lookup): string | undefined {
  for (const v of pod.spec?.volumes ?? []) {
    const hostPathError = v.hostPath ? hostPathTypeError(v.hostPath) : undefined;
    if (hostPathError) return `MountVolume.SetUp failed for volume "${v.name}" : ${hostPathError}`;
    const refs: [('ConfigMap' | 'Secret'), string | undefined, boolean][] = [];
    if (v.configMap) refs.push(['ConfigMap', v.configMap.name, !!v.configMap.optional]);
    if (v.secret) refs.push(['Secret', v.secret.secretName, !!v.secret.optional]);
    for (const src of v.projected?.sources ?? []) {
      if (src.configMap) refs.push(['ConfigMap', src.configMap.name, !!src.configMap.optional]);
      if (src.secret) refs.push(['Secret', src.secret.name, !!src.secret.optional]);
    }
    for (const [kind, name, optional] of refs) {
      if (!optional && name && !lookup(kind, name)) return `MountVolume.SetUp failed for volume "${v.name}" : ${noun(kind)} "${name}" not found`;
    }
  }
  return undefined;
}

/**
 * A hostPath whose type wants something a kubelab node never has: the kubelet's type check fails as on a node
 * without that socket or device (hostPath never reaches the machine's files, see docker-runtime-volumes.ts).
 */
export function hostPathTypeError(hostPath: { path?: string; type?: string }): string | undefined {
  const p = String(hostPath.path ?? '');
  switch (hostPath.type) {
    case 'Socket': return `hostPath type check failed: ${p} is not a socket file`;
    case 'CharDevice': return `hostPath type check failed: ${p} is not a character device`;
    case 'BlockDevice': return `hostPath type check failed: ${p} is not a block device`;
    case 'File': return `hostPath type check failed: ${p} is not a file`;
    case 'FileOrCreate': return `hostPath type FileOrCreate is not available in kubelab: a hostPath here is a directory on the node (use DirectoryOrCreate)`;
    default: return undefined;
  }
}

function hasKey(obj: ConfigMap | Secret, key: string): boolean {
  const { data, binaryData, stringData } = keyMaps(obj);
  return Object.prototype.hasOwnProperty.call(data ?? {}, key) || Object.prototype.hasOwnProperty.call(binaryData ?? {}, key) || Object.prototype.hasOwnProperty.call(stringData ?? {}, key);
}

/** The CreateContainerConfigError message for a container whose env refers to something missing, if any. */
export function containerConfigError(pod: Pod, container: Container, lookup: Lookup): string | undefined {
  const ns = pod.metadata.namespace ?? 'default';
  for (const from of container.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    const kind = from.configMapRef ? 'ConfigMap' : 'Secret';
    if (ref && !ref.optional && ref.name && !lookup(kind, ref.name)) return `${noun(kind)} "${ref.name}" not found`;
  }
  for (const e of container.env ?? []) {
    const ref = e.valueFrom?.configMapKeyRef ?? e.valueFrom?.secretKeyRef;
    if (!ref || ref.optional) continue;
    const kind = e.valueFrom?.configMapKeyRef ? 'ConfigMap' : 'Secret';
    const obj = lookup(kind, String(ref.name));
    if (!obj) return `${noun(kind)} "${ref.name}" not found`;
    if (!hasKey(obj, ref.key)) return `couldn't find key ${ref.key} in ${kind} ${ns}/${ref.name}`;
  }
  return undefined;
}
