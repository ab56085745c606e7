// What may change on a running Pod (core ValidatePodUpdate): images, activeDeadlineSeconds (down only), added
// tolerations and a negative grace period raised to 1. Anything else is refused with the famous
// `spec: Forbidden: pod updates may not change fields other than …` followed by a diff. Also the status rules the
// kubelet's writes must obey (ValidatePodStatusUpdate).
import type { FieldError } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import { forbidden, invalid, required } from './field-errors';
import { inclusiveRangeError, isQualifiedName, nameIsDNSSubdomain } from '../../lib/names';
import { semanticEqual, specDiff } from './semantic';
import { validateObjectMetaUpdate } from './validate-meta';
import { validatePodMetadataAndSpec, validateTolerations } from './validate-pod';

const list = (v: unknown): any[] => (Array.isArray(v) ? v : []);
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
    const image = String(c?.image ?? '');
    if (!image) errs.push(required(`${path}[${i}].image`));
    if (image.trim() !== image) errs.push(invalid(`${path}[${i}].image`, image, 'must not have leading or trailing whitespace'));
  });
  return { errs, stop: false };
}

function validateOnlyAddedTolerations(next: unknown, prev: unknown, path: string): FieldError[] {
  const withoutSeconds = ({ tolerationSeconds: _s, ...rest }: any) => rest;
  for (const old of list(prev)) {
    if (!list(next).some((t) => semanticEqual(withoutSeconds(old ?? {}), withoutSeconds(t ?? {})))) {
      return [forbidden(path, 'existing toleration can not be modified except its tolerationSeconds')];
    }
  }
  return validateTolerations(next, path);
}

/** qos.ComputePodQOS, enough to notice a change of class. */
export function podQOS(spec: any): string {
  let anySet = false;
  let guaranteed = true;
  for (const c of [...list(spec?.containers), ...list(spec?.initContainers)]) {
    const req = c?.resources?.requests ?? {};
    const lim = c?.resources?.limits ?? {};
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
  const spec = pod.spec ?? {};
  const oldSpec = old.spec ?? {};
  for (const kind of ['containers', 'initContainers']) {
    const r = validateContainerUpdates(spec[kind], oldSpec[kind], `spec.${kind}`);
    errs.push(...r.errs);
    if (r.stop) return errs;
  }
  const ads = spec.activeDeadlineSeconds;
  if (ads !== undefined && ads !== null) {
    if (ads < 0 || ads > MAX_INT32) return [...errs, invalid('spec.activeDeadlineSeconds', ads, inclusiveRangeError(0, MAX_INT32))];
    if (typeof oldSpec.activeDeadlineSeconds === 'number' && oldSpec.activeDeadlineSeconds < ads) {
      return [...errs, invalid('spec.activeDeadlineSeconds', ads, 'must be less than or equal to previous value')];
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
      if (c && typeof c === 'object') c.image = oldSpec[kind][i]?.image;
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
    const oldQOS = old.status?.qosClass;
    if (oldQOS && podQOS(spec) !== oldQOS) errs.push(invalid('metadata', pod.status?.qosClass ?? oldQOS, 'Pod QoS is immutable'));
    errs.push(forbidden('spec', `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS}\n${specDiff('core.PodSpec', oldSpec, munged)}`));
  }
  return errs;
}

const SYSTEM_CONDITIONS = new Set(['PodScheduled', 'Ready', 'Initialized']);

function validateStateTransitions(next: unknown, prev: unknown, path: string, restartPolicy: string): FieldError[] {
  if (restartPolicy === 'Always') return [];
  const errs: FieldError[] = [];
  list(prev).forEach((old, i) => {
    const terminated = old?.state?.terminated;
    if (!terminated) return;
    if (terminated.exitCode !== 0 && restartPolicy === 'OnFailure') return;
    for (const s of list(next)) {
      if (s?.name === old.name && !s?.state?.terminated) errs.push(forbidden(`${path}[${i}].state`, 'may not be transitioned to non-terminated state'));
    }
  });
  return errs;
}

/** ValidatePodStatusUpdate (the /status subresource: kubelet and scheduler writes). */
export function validatePodStatusUpdate(pod: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(pod.metadata, old.metadata);
  const status = pod.status ?? {};
  list(status.conditions).forEach((c, i) => {
    if (!SYSTEM_CONDITIONS.has(c?.type)) errs.push(...validateConditionType(String(c?.type ?? ''), `metadata.conditions[${i}].Type`));
  });
  if ((pod.spec?.nodeName ?? '') !== (old.spec?.nodeName ?? '')) errs.push(forbidden('status.nodeName', 'may not be changed directly'));
  const nominated = status.nominatedNodeName;
  if (nominated && nominated !== old.status?.nominatedNodeName) {
    for (const m of nameIsDNSSubdomain(String(nominated), false)) errs.push(invalid('status.nominatedNodeName', String(nominated), m));
  }
  const restartPolicy = String(old.spec?.restartPolicy ?? 'Always');
  errs.push(...validateStateTransitions(status.containerStatuses, old.status?.containerStatuses, 'status.containerStatuses', restartPolicy));
  return errs;
}


function validateConditionType(type: string, path: string): FieldError[] {
  return isQualifiedName(type).map((m) => invalid(path, type, m));
}
