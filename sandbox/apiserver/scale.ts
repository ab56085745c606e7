// The scale subresource in one place: what `kubectl scale`, `kubectl autoscale` and the HorizontalPodAutoscaler read
// and write of a Deployment, ReplicaSet or StatefulSet — an autoscaling/v1 Scale (spec.replicas, status.replicas and
// the selector as a string) — and how a new replica count is written back through the object's own update, so
// validation and admission (quota, the budget) apply to it as to any write.
import { badRequest } from '../api/errors';
import type { ResourceInfo } from '../api/registry';
import type { KubeObject } from '../api/types';
import type { TrackedWriteOptions } from './apply/field-manager';
import { formatLabelSelector } from '../lib/label-selector-spec';
import type { ObjectApi } from './object-api';

/** The Scale of an object that has the scale subresource. */
export function scaleOf(obj: KubeObject<any, any>): KubeObject<any, any> {
  const m = obj.metadata;
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: obj.spec?.replicas ?? 1 },
    status: { replicas: obj.status?.replicas ?? 0, selector: formatLabelSelector(obj.spec?.selector) },
  };
}

/** Writes `wanted.spec.replicas` (a Scale) to the object; a resourceVersion in `wanted` must still be current. */
export function updateScale(api: ObjectApi, res: ResourceInfo, namespace: string | undefined, name: string, wanted: KubeObject<any, any>, opts: TrackedWriteOptions = {}): KubeObject<any, any> {
  const replicas = wanted?.spec?.replicas;
  if (!Number.isInteger(replicas)) throw badRequest('spec.replicas must be an integer');
  const next = structuredClone(api.get(res, namespace, name));
  next.spec = { ...(next.spec ?? {}), replicas };
  const rv = wanted.metadata?.resourceVersion;
  if (rv) next.metadata.resourceVersion = rv;
  return scaleOf(api.update(res, namespace, name, next, opts));
}
