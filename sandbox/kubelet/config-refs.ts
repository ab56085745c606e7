// What a pod needs from its namespace before its containers can start: ConfigMaps and Secrets named by volumes
// (else FailedMount, the pod stays ContainerCreating) and by env/envFrom (else CreateContainerConfigError). The
// messages are the kubelet's, because "configmap "x" not found" is the first thing a learner should read.
import type { KubeObject } from '../api/types';

/** Looks an object up in the pod's namespace. */
export type Lookup = (kind: 'ConfigMap' | 'Secret', name: string) => KubeObject | undefined;

const noun = (kind: 'ConfigMap' | 'Secret') => (kind === 'ConfigMap' ? 'configmap' : 'secret');

/** The FailedMount message of the first volume that cannot be set up, if any. */
export function volumeMountError(pod: KubeObject, lookup: Lookup): string | undefined {
  for (const v of pod.spec?.volumes ?? []) {
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

function hasKey(obj: KubeObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj.data ?? {}, key) || Object.prototype.hasOwnProperty.call(obj.binaryData ?? {}, key) || Object.prototype.hasOwnProperty.call(obj.stringData ?? {}, key);
}

/** The CreateContainerConfigError message for a container whose env refers to something missing, if any. */
export function containerConfigError(pod: KubeObject, container: any, lookup: Lookup): string | undefined {
  const ns = pod.metadata.namespace ?? 'default';
  for (const from of container.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    const kind = from.configMapRef ? 'ConfigMap' : 'Secret';
    if (ref && !ref.optional && ref.name && !lookup(kind, ref.name)) return `${noun(kind)} "${ref.name}" not found`;
  }
  for (const e of container.env ?? []) {
    const ref = e.valueFrom?.configMapKeyRef ?? e.valueFrom?.secretKeyRef;
    if (!ref || ref.optional) continue;
    const kind = e.valueFrom.configMapKeyRef ? 'ConfigMap' : 'Secret';
    const obj = lookup(kind, ref.name);
    if (!obj) return `${noun(kind)} "${ref.name}" not found`;
    if (!hasKey(obj, ref.key)) return `couldn't find key ${ref.key} in ${kind} ${ns}/${ref.name}`;
  }
  return undefined;
}
