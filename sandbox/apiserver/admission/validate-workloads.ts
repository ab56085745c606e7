// apps/v1 workloads (apps ValidateDeploymentSpec, ValidateReplicaSetSpec, ValidateStatefulSetSpec,
// ValidateDaemonSetSpec and their strategies' update rules). The lesson everyone meets first lives here: the
// selector must match the template's labels (`selector` does not match template `labels`), and in apps/v1 the
// selector is required and immutable.
import type { FieldError } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import { fieldOf, itemsOf, objectOf, pathOf, type JsonObject } from '../../api/unchecked';
import { badValue, forbidden, GoValue, invalid, invalidEach, isOneOf, notSupported, required } from './field-errors';
import { goIntOrString, goLabels, goLabelSelector, goPointer } from './go-values';
import { isValidPercent, nameIsDNSLabel, nameIsDNSSubdomain } from '../../lib/names';
import { semanticEqual } from './semantic';
import { asSelector, validateAnnotations, validateLabels, validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate } from './validate-meta';
import { validatePodTemplateSpec } from './validate-pod';

const NON_NEGATIVE = 'must be greater than or equal to 0';
const absent = (v: unknown) => v === undefined || v === null;

function nonNegative(value: unknown, path: string): FieldError[] {
  return typeof value === 'number' && value < 0 ? [invalid(path, value, NON_NEGATIVE)] : [];
}

/** The selector checks every apps/v1 controller shares: required, well-formed, not empty. */
function validateSelector(selector: unknown, path: string, kindWord: string): FieldError[] {
  if (absent(selector)) return [required(path)];
  const errs = validateLabelSelector(selector, path);
  const count = Object.keys(fieldOf(selector, 'matchLabels') ?? {}).length + itemsOf(fieldOf(selector, 'matchExpressions')).length;
  if (!count) errs.push(invalid(path, goLabelSelector(selector), `empty selector is invalid for ${kindWord}`));
  return errs;
}

function templateMatches(selector: unknown, template: unknown, path: string): FieldError[] {
  const sel = asSelector(selector);
  const labels = pathOf(template, 'metadata', 'labels');
  if (sel.kind === 'nothing' || (sel.kind === 'match' && !sel.matches(labels))) {
    return [invalid(`${path}.metadata.labels`, goLabels(labels), '`selector` does not match template `labels`')];
  }
  return [];
}

/** ValidatePodTemplateSpecForReplicaSet (Deployments and ReplicaSets). */
function validateReplicaSetTemplate(spec: JsonObject, path: string, kind: string): FieldError[] {
  const sel = asSelector(spec.selector);
  if (sel.kind === 'error') return [invalid('spec.selector', goLabelSelector(spec.selector), 'invalid label selector')];
  const template = spec.template ?? {};
  const errs = templateMatches(spec.selector, template, path);
  errs.push(...validatePodTemplateSpec(template, path));
  const restartPolicy = pathOf(template, 'spec', 'restartPolicy');
  if (restartPolicy !== 'Always') errs.push(notSupported(`${path}.spec.restartPolicy`, String(restartPolicy ?? ''), ['Always']));
  if (!absent(pathOf(template, 'spec', 'activeDeadlineSeconds'))) errs.push(forbidden(`${path}.spec.activeDeadlineSeconds`, `activeDeadlineSeconds in ${kind} is not Supported`));
  return errs;
}

export function validatePositiveIntOrPercent(v: unknown, path: string): FieldError[] {
  if (typeof v === 'string') return invalidEach(path, goIntOrString(v), isValidPercent(v));
  return nonNegative(Number(v ?? 0), path);
}

function intOrPercentValue(v: unknown): number {
  if (typeof v === 'string') return isValidPercent(v).length ? 0 : Number(v.slice(0, -1));
  return Number(v ?? 0);
}

export function notMoreThan100Percent(v: unknown, path: string): FieldError[] {
  return typeof v === 'string' && !isValidPercent(v).length && intOrPercentValue(v) > 100 ? [invalid(path, goIntOrString(v), 'must not be greater than 100%')] : [];
}

function validateDeploymentStrategy(input: unknown, path: string): FieldError[] {
  const strategy = objectOf(input);
  switch (strategy.type) {
    case 'Recreate':
      return strategy.rollingUpdate ? [forbidden(`${path}.rollingUpdate`, "may not be specified when strategy `type` is 'Recreate'")] : [];
    case 'RollingUpdate': {
      if (!strategy.rollingUpdate) return [required(`${path}.rollingUpdate`, 'this should be defaulted and never be nil')];
      const ru = objectOf(strategy.rollingUpdate);
      const p = `${path}.rollingUpdate`;
      const errs = [...validatePositiveIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`), ...validatePositiveIntOrPercent(ru.maxSurge, `${p}.maxSurge`)];
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
        errs.push(invalid(`${p}.maxUnavailable`, goIntOrString(ru.maxUnavailable), 'may not be 0 when `maxSurge` is 0'));
      }
      errs.push(...notMoreThan100Percent(ru.maxUnavailable, `${p}.maxUnavailable`));
      return errs;
    }
    default: {
      const value = new GoValue(`apps.DeploymentStrategy{Type:${JSON.stringify(String(strategy.type ?? ''))}, RollingUpdate:${goPointer('apps.RollingUpdateDeployment', !!strategy.rollingUpdate)}}`);
      return [notSupported(path, value, ['Recreate', 'RollingUpdate'])];
    }
  }
}

function validateDeploymentSpec(spec: JsonObject): FieldError[] {
  const errs = [...nonNegative(spec.replicas, 'spec.replicas'), ...validateSelector(spec.selector, 'spec.selector', 'deployment')];
  errs.push(...validateReplicaSetTemplate(spec, 'spec.template', 'ReplicaSet'));
  errs.push(...validateDeploymentStrategy(spec.strategy, 'spec.strategy'));
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  if (!absent(spec.progressDeadlineSeconds)) {
    errs.push(...nonNegative(spec.progressDeadlineSeconds, 'spec.progressDeadlineSeconds'));
    if (Number(spec.progressDeadlineSeconds) <= Number(spec.minReadySeconds ?? 0)) {
      errs.push(invalid('spec.progressDeadlineSeconds', badValue(spec.progressDeadlineSeconds), 'must be greater than minReadySeconds'));
    }
  }
  return errs;
}

function validateReplicaSetSpec(spec: JsonObject): FieldError[] {
  const errs = [...nonNegative(spec.replicas, 'spec.replicas'), ...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds')];
  // The real code says "deployment" here too.
  errs.push(...validateSelector(spec.selector, 'spec.selector', 'deployment'));
  errs.push(...validateReplicaSetTemplate(spec, 'spec.template', 'ReplicaSet'));
  return errs;
}

function validateStatefulSetSpec(spec: JsonObject): FieldError[] {
  const errs: FieldError[] = [];
  const policy = spec.podManagementPolicy;
  if (!policy) errs.push(required('spec.podManagementPolicy'));
  else if (policy !== 'OrderedReady' && policy !== 'Parallel') errs.push(invalid('spec.podManagementPolicy', String(policy), "must be 'OrderedReady' or 'Parallel'"));
  const strategy = objectOf(spec.updateStrategy ?? {});
  if (!strategy.type) errs.push(required('spec.updateStrategy'));
  else if (strategy.type === 'OnDelete') {
    if (strategy.rollingUpdate) errs.push(invalid('spec.updateStrategy.rollingUpdate', new GoValue('apps.RollingUpdateStatefulSetStrategy{…}'), "only allowed for updateStrategy 'RollingUpdate'"));
  } else if (strategy.type === 'RollingUpdate') {
    errs.push(...nonNegative(fieldOf(strategy.rollingUpdate, 'partition'), 'spec.updateStrategy.rollingUpdate.partition'));
  } else {
    errs.push(invalid('spec.updateStrategy', new GoValue(`apps.StatefulSetUpdateStrategy{Type:${JSON.stringify(String(strategy.type))}}`), "must be 'RollingUpdate' or 'OnDelete'"));
  }
  const retention = spec.persistentVolumeClaimRetentionPolicy;
  for (const k of ['whenDeleted', 'whenScaled']) {
    if (retention && !isOneOf(['Retain', 'Delete'], fieldOf(retention, k))) {
      errs.push(notSupported(`spec.persistentVolumeClaimRetentionPolicy.${k}`, String(fieldOf(retention, k) ?? ''), ['Retain', 'Delete']));
    }
  }
  errs.push(...nonNegative(spec.replicas, 'spec.replicas'), ...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...validateSelector(spec.selector, 'spec.selector', 'statefulset'));
  const sel = asSelector(spec.selector);
  if (sel.kind === 'error') errs.push(invalid('spec.selector', goLabelSelector(spec.selector), ''));
  else {
    // StatefulSets do not validate their template's pod spec (volumeClaimTemplates would fail it): Pods that cannot
    // be created show up as FailedCreate events instead.
    errs.push(...templateMatches(spec.selector, spec.template, 'spec.template'));
    errs.push(...validateLabels(pathOf(spec.template, 'metadata', 'labels'), 'spec.template.labels'));
    errs.push(...validateAnnotations(pathOf(spec.template, 'metadata', 'annotations'), 'spec.template.annotations'));
  }
  const restartPolicy = pathOf(spec.template, 'spec', 'restartPolicy');
  if (restartPolicy !== 'Always') errs.push(notSupported('spec.template.spec.restartPolicy', String(restartPolicy ?? ''), ['Always']));
  if (!absent(pathOf(spec.template, 'spec', 'activeDeadlineSeconds'))) errs.push(forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in StatefulSet is not Supported'));
  return errs;
}

function validateDaemonSetSpec(spec: JsonObject): FieldError[] {
  const errs = validateLabelSelector(spec.selector, 'spec.selector');
  const sel = asSelector(spec.selector);
  if (sel.kind !== 'error') errs.push(...templateMatches(spec.selector, spec.template, 'spec.template'));
  if (spec.selector && !Object.keys(fieldOf(spec.selector, 'matchLabels') ?? {}).length && !itemsOf(fieldOf(spec.selector, 'matchExpressions')).length) {
    errs.push(invalid('spec.selector', goLabelSelector(spec.selector), 'empty selector is invalid for daemonset'));
  }
  errs.push(...validatePodTemplateSpec(spec.template, 'spec.template'));
  const restartPolicy = pathOf(spec.template, 'spec', 'restartPolicy');
  if (restartPolicy !== 'Always') errs.push(notSupported('spec.template.spec.restartPolicy', String(restartPolicy ?? ''), ['Always']));
  if (!absent(pathOf(spec.template, 'spec', 'activeDeadlineSeconds'))) errs.push(forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in DaemonSet is not Supported'));
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  const strategy = objectOf(spec.updateStrategy ?? {});
  if (strategy.type === 'RollingUpdate') {
    if (!strategy.rollingUpdate) errs.push(required('spec.updateStrategy.rollingUpdate'));
    else {
      const ru = objectOf(strategy.rollingUpdate);
      const p = 'spec.updateStrategy.rollingUpdate';
      errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`), ...validatePositiveIntOrPercent(ru.maxSurge, `${p}.maxSurge`));
      errs.push(...notMoreThan100Percent(ru.maxUnavailable, `${p}.maxUnavailable`), ...notMoreThan100Percent(ru.maxSurge, `${p}.maxSurge`));
      const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
      const hasSurge = intOrPercentValue(ru.maxSurge) !== 0;
      if (hasUnavailable && hasSurge) errs.push(invalid(`${p}.maxSurge`, goIntOrString(ru.maxSurge), 'may not be set when maxUnavailable is non-zero'));
      if (!hasUnavailable && !hasSurge) errs.push(required(`${p}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
    }
  } else if (strategy.type !== 'OnDelete') {
    errs.push(notSupported('spec.updateStrategy', new GoValue(`apps.DaemonSetUpdateStrategy{Type:${JSON.stringify(String(strategy.type ?? ''))}}`), ['RollingUpdate', 'OnDelete']));
  }
  errs.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  return errs;
}

const SPEC_VALIDATORS: Record<string, (spec: JsonObject) => FieldError[]> = {
  Deployment: validateDeploymentSpec,
  ReplicaSet: validateReplicaSetSpec,
  StatefulSet: validateStatefulSetSpec,
  DaemonSet: validateDaemonSetSpec,
};

export function validateWorkloadCreate(obj: KubeObject): FieldError[] {
  const kind = String(obj.kind);
  const nameFn = kind === 'StatefulSet' ? nameIsDNSLabel : nameIsDNSSubdomain;
  const errs = validateObjectMeta(obj.metadata, true, nameFn);
  if (kind === 'ControllerRevision') {
    if (obj.data === undefined || obj.data === null) errs.push(required('data', 'data is mandatory'));
    return [...errs, ...nonNegative(obj.revision, 'revision')];
  }
  return [...errs, ...(SPEC_VALIDATORS[kind]?.(objectOf(obj.spec ?? {})) ?? [])];
}

const STS_MUTABLE = ['replicas', 'template', 'updateStrategy', 'minReadySeconds', 'ordinals', 'persistentVolumeClaimRetentionPolicy'];

export function validateWorkloadUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const kind = String(obj.kind);
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata);
  if (kind === 'ControllerRevision') {
    if (!semanticEqual(obj.data, old.data)) errs.push(invalid('data', new GoValue('runtime.RawExtension{…}'), 'field is immutable'));
    return errs;
  }
  const spec = objectOf(obj.spec ?? {});
  errs.push(...(SPEC_VALIDATORS[kind]?.(spec) ?? []));
  if (kind === 'StatefulSet') {
    const strip = (s: unknown) => Object.fromEntries(Object.entries(s ?? {}).filter(([k]) => !STS_MUTABLE.includes(k)));
    if (!semanticEqual(strip(spec), strip(old.spec))) {
      errs.push(forbidden('spec', "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
    }
  } else if (!semanticEqual(spec.selector, fieldOf(old.spec, 'selector'))) {
    // apps/v1 strategies: a controller's selector can never change, or it would lose its Pods.
    errs.push(invalid('spec.selector', goLabelSelector(spec.selector), 'field is immutable'));
  }
  return errs;
}

const STATUS_COUNTERS: Record<string, string[]> = {
  Deployment: ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas', 'collisionCount'],
  ReplicaSet: ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration'],
  StatefulSet: ['replicas', 'readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas', 'observedGeneration', 'collisionCount'],
  DaemonSet: ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady', 'observedGeneration', 'updatedNumberScheduled', 'numberAvailable', 'numberUnavailable', 'collisionCount'],
};

/** The status rules controllers must keep: counters never negative, never more ready than there are replicas. */
export function validateWorkloadStatus(obj: KubeObject, old: KubeObject): FieldError[] {
  const kind = String(obj.kind);
  const s = objectOf(obj.status ?? {});
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata);
  for (const k of STATUS_COUNTERS[kind] ?? []) errs.push(...nonNegative(s[k], `status.${k}`));
  if (kind !== 'DaemonSet') {
    const replicas = Number(s.replicas ?? 0);
    const subs = kind === 'ReplicaSet' ? ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas'] : kind === 'Deployment' ? ['updatedReplicas', 'readyReplicas', 'availableReplicas'] : ['readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas'];
    for (const k of subs) if (Number(s[k] ?? 0) > replicas) errs.push(invalid(`status.${k}`, Number(s[k]), 'cannot be greater than status.replicas'));
    if (Number(s.availableReplicas ?? 0) > Number(s.readyReplicas ?? 0)) {
      errs.push(invalid('status.availableReplicas', Number(s.availableReplicas), kind === 'StatefulSet' ? 'cannot be greater than status.readyReplicas' : 'cannot be greater than readyReplicas'));
    }
  }
  const oldCollisions = fieldOf(old.status, 'collisionCount');
  if (typeof oldCollisions === 'number' && Number(s.collisionCount ?? 0) < oldCollisions) {
    errs.push(invalid('status.collisionCount', Number(s.collisionCount ?? 0), 'cannot be decremented'));
  }
  return errs;
}
