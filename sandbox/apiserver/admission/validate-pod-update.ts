// What may change on a running Pod (core ValidatePodUpdate): images, activeDeadlineSeconds (down only), added
// tolerations and a negative grace period raised to 1. Anything else is refused with the famous
// `spec: Forbidden: pod updates may not change fields other than …` followed by a diff. Also the status rules the
// kubelet's writes must obey (ValidatePodStatusUpdate).
import type { FieldError } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import { fieldOf, itemsOf, objectOf, pathOf } from '../../api/unchecked';
import { badValue, forbidden, invalid, required } from './field-errors';
import { inclusiveRangeError, isQualifiedName, nameIsDNSSubdomain } from '../../lib/names';
import { semanticEqual, specDiff } from './semantic';
import { validateObjectMetaUpdate } from './validate-meta';
import { validatePodMetadataAndSpec, validateTolerations } from './validate-pod';

const list = itemsOf;
const MAX_INT32 = 2147483647;

/** The 1.31 wording: the InPlacePodVerticalScaling gate (which would add resources) is off by default. */
const UPDATABLE_POD_SPEC_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
].join(',');

function validateContainerUpdates(next: unknown, prev: unknown, path: string): { errs: FieldError[]; stop: boolean } {
  const a = list(next);
  if (a.length !== list(prev).length) return { errs: [forbidden(path, 'pod updates may not add or remove containers')], stop: true };
  const errs: FieldError[] = [];
  a.forEach((c, i) => {
    const image = String(fieldOf(c, 'image') ?? '');
    if (!image) errs.push(required(`${path}[${i}].image`));
    if (image.trim() !== image) errs.push(invalid(`${path}[${i}].image`, image, 'must not have leading or trailing whitespace'));
  });
  return { errs, stop: false };
}

function validateOnlyAddedTolerations(next: unknown, prev: unknown, path: string): FieldError[] {
  const withoutSeconds = (t: unknown) => {
    const { tolerationSeconds: _s, ...rest } = objectOf(t);
    return rest;
  };
  for (const old of list(prev)) {
    if (!list(next).some((t) => semanticEqual(withoutSeconds(old), withoutSeconds(t)))) {
      return [forbidden(path, 'existing toleration can not be modified except its tolerationSeconds')];
    }
  }
  return validateTolerations(next, path);
}

/** qos.ComputePodQOS, enough to notice a change of class. */
export function podQOS(spec: unknown): string {
  let anySet = false;
  let guaranteed = true;
  for (const c of [...list(fieldOf(spec, 'containers')), ...list(fieldOf(spec, 'initContainers'))]) {
    const req = objectOf(pathOf(c, 'resources', 'requests'));
    const lim = objectOf(pathOf(c, 'resources', 'limits'));
    for (const r of ['cpu', 'memory']) {
      if (req[r] !== undefined || lim[r] !== undefined) anySet = true;
      if (lim[r] === undefined || (req[r] !== undefined && String(req[r]) !== String(lim[r]))) guaranteed = false;
    }
  }
  if (!anySet) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export function validatePodUpdate(pod: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(pod.metadata, old.metadata), ...validatePodMetadataAndSpec(pod)];
  const spec = objectOf(pod.spec);
  const oldSpec = objectOf(old.spec);
  for (const kind of ['containers', 'initContainers']) {
    const r = validateContainerUpdates(spec[kind], oldSpec[kind], `spec.${kind}`);
    errs.push(...r.errs);
    if (r.stop) return errs;
  }
  const ads = spec.activeDeadlineSeconds;
  if (ads !== undefined && ads !== null) {
    // Compared as JavaScript compares (a number, or what the value converts to), as this always has.
    if (Number(ads) < 0 || Number(ads) > MAX_INT32) return [...errs, invalid('spec.activeDeadlineSeconds', badValue(ads), inclusiveRangeError(0, MAX_INT32))];
    if (typeof oldSpec.activeDeadlineSeconds === 'number' && oldSpec.activeDeadlineSeconds < Number(ads)) {
      return [...errs, invalid('spec.activeDeadlineSeconds', badValue(ads), 'must be less than or equal to previous value')];
    }
  } else if (oldSpec.activeDeadlineSeconds !== undefined && oldSpec.activeDeadlineSeconds !== null) {
    errs.push(invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
  }
  errs.push(...validateOnlyAddedTolerations(spec.tolerations, oldSpec.tolerations, 'spec.tolerations'));
  if (semanticEqual(spec, oldSpec)) return errs;

  // Copy what may change from the old spec; whatever still differs was not allowed to.
  const munged = structuredClone(spec);
  for (const kind of ['containers', 'initContainers']) {
    list(munged[kind]).forEach((c, i) => {
      if (c && typeof c === 'object') objectOf(c).image = pathOf(oldSpec, kind, String(i), 'image');
    });
  }
  munged.activeDeadlineSeconds = oldSpec.activeDeadlineSeconds;
  munged.schedulingGates = oldSpec.schedulingGates;
  munged.tolerations = oldSpec.tolerations;
  if (typeof oldSpec.terminationGracePeriodSeconds === 'number' && oldSpec.terminationGracePeriodSeconds < 0 && munged.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = oldSpec.terminationGracePeriodSeconds;
  }
  if (!semanticEqual(munged, oldSpec)) {
    // Only resources can move a pod between QoS classes, and those changes are refused just below anyway.
    const oldQOS = fieldOf(old.status, 'qosClass');
    if (oldQOS && podQOS(spec) !== oldQOS) errs.push(invalid('metadata', badValue(fieldOf(pod.status, 'qosClass') ?? oldQOS), 'Pod QoS is immutable'));
    errs.push(forbidden('spec', `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS}\n${specDiff('core.PodSpec', oldSpec, munged)}`));
  }
  return errs;
}

const SYSTEM_CONDITIONS = new Set(['PodScheduled', 'Ready', 'Initialized']);

function validateStateTransitions(next: unknown, prev: unknown, path: string, restartPolicy: string): FieldError[] {
  if (restartPolicy === 'Always') return [];
  const errs: FieldError[] = [];
  list(prev).forEach((old, i) => {
    const terminated = pathOf(old, 'state', 'terminated');
    if (!terminated) return;
    if (fieldOf(terminated, 'exitCode') !== 0 && restartPolicy === 'OnFailure') return;
    for (const s of list(next)) {
      if (fieldOf(s, 'name') === fieldOf(old, 'name') && !pathOf(s, 'state', 'terminated')) errs.push(forbidden(`${path}[${i}].state`, 'may not be transitioned to non-terminated state'));
    }
  });
  return errs;
}

/** ValidatePodStatusUpdate (the /status subresource: kubelet and scheduler writes). */
export function validatePodStatusUpdate(pod: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(pod.metadata, old.metadata);
  const status = objectOf(pod.status);
  list(status.conditions).forEach((c, i) => {
    const type = fieldOf(c, 'type');
    if (!(typeof type === 'string' && SYSTEM_CONDITIONS.has(type))) errs.push(...validateConditionType(String(type ?? ''), `metadata.conditions[${i}].Type`));
  });
  if ((fieldOf(pod.spec, 'nodeName') ?? '') !== (fieldOf(old.spec, 'nodeName') ?? '')) errs.push(forbidden('status.nodeName', 'may not be changed directly'));
  const nominated = status.nominatedNodeName;
  if (nominated && nominated !== fieldOf(old.status, 'nominatedNodeName')) {
    for (const m of nameIsDNSSubdomain(String(nominated), false)) errs.push(invalid('status.nominatedNodeName', String(nominated), m));
  }
  const restartPolicy = String(fieldOf(old.spec, 'restartPolicy') ?? 'Always');
  errs.push(...validateStateTransitions(status.containerStatuses, fieldOf(old.status, 'containerStatuses'), 'status.containerStatuses', restartPolicy));
  return errs;
}


function validateConditionType(type: string, path: string): FieldError[] {
  return isQualifiedName(type).map((m) => invalid(path, type, m));
}
