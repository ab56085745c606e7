// How the docker runtime names and labels what it creates. Every container and volume carries the cluster, the
// pod's namespace, name and uid (and the container name and attempt), so a restarted kubelab adopts what runs,
// finds each pod's instances without a database, and a cluster's deletion or an orphan sweep finds everything.
// Names follow dockershim's `k8s_<container>_<pod>_<namespace>_<uid>_<attempt>` so `docker ps` reads well.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { CLUSTER_LABEL, LABEL_PREFIX } from '../docker/labels';
import type { KubeObject } from '../api/types';

export const NAMESPACE_LABEL = `${LABEL_PREFIX}.namespace`;
export const POD_LABEL = `${LABEL_PREFIX}.pod`;
export const POD_UID_LABEL = `${LABEL_PREFIX}.pod-uid`;
export const CONTAINER_LABEL = `${LABEL_PREFIX}.container`;
export const ATTEMPT_LABEL = `${LABEL_PREFIX}.attempt`;
export const INIT_LABEL = `${LABEL_PREFIX}.init`;
export const CLAIM_LABEL = `${LABEL_PREFIX}.claim`;
export const NODE_LABEL = `${LABEL_PREFIX}.node`;
export const HOST_PATH_LABEL = `${LABEL_PREFIX}.host-path`;
/** Where the cluster's state lives (an absolute file path, or `memory`): the orphan sweep's evidence. */
export const STATE_LABEL = `${LABEL_PREFIX}.state`;
/** The process that made the object (sandbox/docker/ownership.ts): boot, namespaces, PID and start time. */
export const OWNER_LABEL = `${LABEL_PREFIX}.owner`;

export const ROLE_INFRA = 'pod-infra';
export const ROLE_CONTAINER = 'pod-container';
export const ROLE_POD_VOLUME = 'pod-volume';
export const ROLE_CLAIM_VOLUME = 'claim-volume';
export const ROLE_HOST_PATH_VOLUME = 'host-path-volume';

/** Where the infra container mounts the pod's volumes (so files can be copied in through it). */
export const INFRA_VOLUME_DIR = '/kubelab/volumes';

/** Docker names allow [a-zA-Z0-9][a-zA-Z0-9_.-]; Kubernetes names are already within that, but be safe. */
const clean = (s: string) => s.replace(/[^a-zA-Z0-9_.-]/g, '-');

export function podLabels(clusterId: string, pod: KubeObject): Record<string, string> {
  return {
    [CLUSTER_LABEL]: clusterId,
    [NAMESPACE_LABEL]: String(pod.metadata.namespace ?? 'default'),
    [POD_LABEL]: String(pod.metadata.name),
    [POD_UID_LABEL]: String(pod.metadata.uid),
  };
}

export function infraName(clusterId: string, pod: KubeObject, attempt: number): string {
  return clean(`kl-${clusterId}_POD_${pod.metadata.name}_${pod.metadata.namespace}_${pod.metadata.uid}_${attempt}`);
}

export function containerName(clusterId: string, pod: KubeObject, container: string, attempt: number): string {
  return clean(`kl-${clusterId}_${container}_${pod.metadata.name}_${pod.metadata.namespace}_${pod.metadata.uid}_${attempt}`);
}

/** A pod volume (emptyDir, configMap, secret, downwardAPI, projected): lives and dies with the pod. */
export function podVolumeName(clusterId: string, podUid: string, volume: string): string {
  return clean(`kl-${clusterId}-${podUid}-${volume}`);
}

/** A PersistentVolumeClaim's volume: outlives its pods, goes with the claim's cluster. */
export function claimVolumeName(clusterId: string, namespace: string, claim: string): string {
  return clean(`kl-${clusterId}-pvc-${namespace}-${claim}`);
}

/** A hostPath as the directory `path` on one node of the cluster: shared by that node's pods, kept with the cluster. */
export function hostPathVolumeName(clusterId: string, node: string, hostPath: string): string {
  const digest = createHash('sha256').update(normalHostPath(hostPath)).digest('hex').slice(0, 16);
  return clean(`kl-${clusterId}-node-${node}-${digest}`);
}

/** `/mnt/data/`, `/mnt//data` and `/mnt/x/../data` are the same directory. */
export function normalHostPath(p: string): string {
  const n = path.posix.normalize(`/${p}`);
  return n.length > 1 ? n.replace(/\/+$/, '') : n;
}
