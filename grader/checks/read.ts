// The reads checks share: one object by name (absent is an answer, not an error) or a list by selectors, in the
// check's namespace; plus the small object facts several checks ask (terminating? ready? which pod spec?).
import { isStatusError } from '../../sandbox/api/errors';
import type { Resource, ResourceInfo } from '../../sandbox/api/registry';
import type { KubeObject } from '../../sandbox/api/types';
import type { LabelSelector, PodSpec, PodTemplateSpec } from '../../sandbox/api/objects';
import { isKind } from '../../sandbox/api/object-kind';
import { fieldOf, isObject, itemsOf } from '../../sandbox/api/unchecked';
import { resourceInfo } from './fields';
import type { CheckContext } from './types';

export function namespaceFor(res: ResourceInfo, ctx: CheckContext, override?: string): string | undefined {
  return res.namespaced ? override ?? ctx.namespace : undefined;
}

/** GET that answers undefined for 404 (a missing object is what many checks look for). */
export async function getOrUndefined<T extends KubeObject>(ctx: CheckContext, res: Resource<T>, namespace: string | undefined, name: string): Promise<T | undefined> {
  try {
    return await ctx.client.get(res, namespace, name);
  } catch (e) {
    if (isStatusError(e) && e.code === 404) return undefined;
    throw e;
  }
}

export interface Targets {
  res: ResourceInfo;
  namespace: string | undefined;
  objects: KubeObject[];
}

/** The objects a check names: one by name, or every object matching its selectors (sorted by name). */
export async function readTargets(
  ctx: CheckContext,
  c: { resource: string; name?: string; selector?: string; fieldSelector?: string; namespace?: string },
): Promise<Targets> {
  const res = resourceInfo(c.resource);
  const namespace = namespaceFor(res, ctx, c.namespace);
  if (c.name) {
    const obj = await getOrUndefined(ctx, res, namespace, c.name);
    return { res, namespace, objects: obj ? [obj] : [] };
  }
  const list = await ctx.client.list(res, namespace, { labelSelector: c.selector, fieldSelector: c.fieldSelector });
  const objects = [...list.items].sort((a, b) => String(a.metadata.name).localeCompare(String(b.metadata.name)));
  return { res, namespace, objects };
}

export function isTerminating(obj: KubeObject): boolean {
  return !!obj.metadata.deletionTimestamp;
}

/** Any kind's condition of this type is True (conditions are read as they come: kinds differ in their shape). */
export function conditionTrue(obj: KubeObject, type: string): boolean {
  return itemsOf(fieldOf(obj.status, 'conditions')).some((c) => fieldOf(c, 'type') === type && fieldOf(c, 'status') === 'True');
}

/** Ready as `kubectl get` shows it: pods and nodes by their Ready condition, workloads by ready replicas. */
export function isReady(obj: KubeObject): boolean {
  if (isKind(obj, 'Pod') || isKind(obj, 'Node')) return conditionTrue(obj, 'Ready');
  if (isKind(obj, 'Deployment') || isKind(obj, 'ReplicaSet') || isKind(obj, 'StatefulSet')) {
    const want = obj.spec?.replicas ?? 1;
    return (obj.status?.readyReplicas ?? 0) >= want && (obj.status?.replicas ?? 0) >= want;
  }
  if (isKind(obj, 'DaemonSet')) return (obj.status?.numberReady ?? 0) >= (obj.status?.desiredNumberScheduled ?? 0);
  return conditionTrue(obj, 'Ready') || conditionTrue(obj, 'Available');
}

/** The pod spec a workload runs: the pod's own, or its template's (CronJob: through the job template). */
export function podSpecOf(obj: KubeObject): PodSpec | undefined {
  if (isKind(obj, 'Pod')) return obj.spec;
  if (isKind(obj, 'CronJob')) return obj.spec?.jobTemplate?.spec?.template?.spec;
  return podTemplateOf(obj)?.spec;
}

/**
 * The pod template of a workload of any kind, where every workload keeps it (spec.template): the kinds kubelab types
 * and the ones it does not (ReplicationController, custom workloads) alike.
 */
export function podTemplateOf(obj: KubeObject): PodTemplateSpec | undefined {
  const template = fieldOf(obj.spec, 'template');
  return isObject(template) ? (template as PodTemplateSpec) : undefined;
}

/** A workload's pod selector (spec.selector), whatever its kind. */
export function selectorOf(obj: KubeObject): LabelSelector | undefined {
  const selector = fieldOf(obj.spec, 'selector');
  return isObject(selector) ? (selector as LabelSelector) : undefined;
}

export function containerNames(spec: PodSpec | undefined): string[] {
  return (Array.isArray(spec?.containers) ? spec.containers : []).map((c) => String(c?.name ?? ''));
}

/** RFC 3339 timestamp → ms, or NaN. */
export function timeOf(s: unknown): number {
  return typeof s === 'string' ? Date.parse(s) : NaN;
}
