// The scale subresource in one place: what `kubectl scale`, `kubectl autoscale` and the HorizontalPodAutoscaler read
// and write of a Deployment, ReplicaSet or StatefulSet — an autoscaling/v1 Scale (spec.replicas, status.replicas and
// the selector as a string) — and how a new replica count is written back through the object's own update, so
// validation and admission (quota, the budget) apply to it as to any write.
import { badRequest } from '../api/errors';
import type { ResourceInfo } from '../api/registry';
import type { KubeObject } from '../api/types';
import { fieldOf, objectOf, pathOf } from '../api/unchecked';
import type { TrackedWriteOptions } from './apply/field-manager';
import { formatLabelSelector, type LabelSelectorSpec } from '../lib/label-selector-spec';
import type { ObjectApi } from './object-api';

/** An autoscaling/v1 Scale as kubelab builds it: replicas, and the selector as a string, always set. */
export interface Scale extends KubeObject<{ replicas: number }, { replicas: number; selector: string }> {
  spec: { replicas: number };
  status: { replicas: number; selector: string };
}

/**
 * The Scale of an object that has the scale subresource: a stored Deployment, ReplicaSet or StatefulSet, which
 * validation has seen, so its replicas are numbers and its selector a label selector.
 */
export function scaleOf(obj: KubeObject): Scale {
  const m = obj.metadata;
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: (fieldOf(obj.spec, 'replicas') ?? 1) as number },
    status: { replicas: (fieldOf(obj.status, 'replicas') ?? 0) as number, selector: formatLabelSelector(fieldOf(obj.spec, 'selector') as LabelSelectorSpec | undefined) },
  };
}

/**
 * Writes `wanted.spec.replicas` to the object; a resourceVersion in `wanted` must still be current. `wanted` is a
 * Scale as the client sent it (or the controller built it), read as it comes.
 */
export function updateScale(api: ObjectApi, res: ResourceInfo, namespace: string | undefined, name: string, wanted: unknown, opts: TrackedWriteOptions = {}): Scale {
  const replicas = pathOf(wanted, 'spec', 'replicas');
  if (!Number.isInteger(replicas)) throw badRequest('spec.replicas must be an integer');
  const next = structuredClone(api.get(res, namespace, name));
  next.spec = { ...objectOf(next.spec), replicas };
  const rv = pathOf(wanted, 'metadata', 'resourceVersion');
  if (rv) next.metadata.resourceVersion = String(rv);
  return scaleOf(api.update(res, namespace, name, next, opts));
}
