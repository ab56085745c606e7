// batch/v1 Jobs and CronJobs (batch ValidateJob, ValidateJobSpecUpdate, validateCronJobSpec): a Job's pods must
// not restart forever (`restartPolicy: Required value: valid values: "OnFailure", "Never"`), its generated selector
// and template are fixed once created, and a CronJob's schedule must be a standard cron line.
import type { FieldError } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import { fieldOf, objectOf, pathOf, type JsonObject } from '../../api/unchecked';
import { badValue, GoValue, invalid, isOneOf, notSupported, required, type BadValue } from './field-errors';
import { cronScheduleError, knownTimeZone } from '../../lib/cron';
import { goLabels, goLabelSelector, goStruct } from './go-values';
import { isDNS1123Label, nameIsDNSSubdomain } from '../../lib/names';
import { semanticEqual } from './semantic';
import { asSelector, validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate } from './validate-meta';
import { validatePodTemplateSpec } from './validate-pod';

const NON_NEGATIVE = 'must be greater than or equal to 0';
const absent = (v: unknown) => v === undefined || v === null;
const nonNegative = (v: unknown, path: string): FieldError[] => (typeof v === 'number' && v < 0 ? [invalid(path, v, NON_NEGATIVE)] : []);

/** validateJobSpec: what Jobs and CronJob job templates share. */
function validateJobSpec(input: unknown, path: string): FieldError[] {
  const spec = objectOf(input);
  const errs: FieldError[] = [];
  for (const k of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes']) {
    errs.push(...nonNegative(spec[k], `${path}.${k}`));
  }
  const mode = spec.completionMode;
  if (!absent(mode)) {
    if (mode !== 'NonIndexed' && mode !== 'Indexed') errs.push(notSupported(`${path}.completionMode`, String(mode), ['NonIndexed', 'Indexed']));
    if (mode === 'Indexed' && absent(spec.completions)) errs.push(required(`${path}.completions`, 'when completion mode is Indexed'));
  }
  if (absent(mode) || mode === 'NonIndexed') {
    if (!absent(spec.backoffLimitPerIndex)) errs.push(invalid(`${path}.backoffLimitPerIndex`, badValue(spec.backoffLimitPerIndex), 'requires indexed completion mode'));
    if (!absent(spec.maxFailedIndexes)) errs.push(invalid(`${path}.maxFailedIndexes`, badValue(spec.maxFailedIndexes), 'requires indexed completion mode'));
  }
  const replacement = spec.podReplacementPolicy;
  if (!absent(replacement)) {
    if (spec.podFailurePolicy) {
      if (replacement !== 'Failed') errs.push(notSupported(`${path}.podReplacementPolicy`, String(replacement), ['Failed']));
    } else if (!isOneOf(['Failed', 'TerminatingOrFailed'], replacement)) {
      errs.push(notSupported(`${path}.podReplacementPolicy`, String(replacement), ['Failed', 'TerminatingOrFailed']));
    }
  }
  errs.push(...validatePodTemplateSpec(spec.template, `${path}.template`));
  // The pod template defaulted restartPolicy to Always, which a Job cannot use.
  const restart = pathOf(spec.template, 'spec', 'restartPolicy');
  if (restart === 'Always' || !restart) {
    errs.push(required(`${path}.template.spec.restartPolicy`, 'valid values: "OnFailure", "Never"'));
  } else if (restart !== 'OnFailure' && restart !== 'Never') {
    errs.push(notSupported(`${path}.template.spec.restartPolicy`, String(restart), ['OnFailure', 'Never']));
  } else if (spec.podFailurePolicy && restart !== 'Never') {
    errs.push(invalid(`${path}.template.spec.restartPolicy`, String(restart), 'only "Never" is supported when podFailurePolicy is specified'));
  }
  return errs;
}

/** ValidateHasLabel: the generated labels must be there with the generated values. */
function hasLabel(template: unknown, key: string, expected: string): FieldError[] {
  const labels = objectOf(pathOf(template, 'metadata', 'labels') ?? {});
  const path = `spec.template.metadata.labels[${key}]`;
  if (!(key in labels)) return [required(path, `must be '${expected}'`)];
  return labels[key] === expected ? [] : [invalid(path, goLabels(labels), `must be '${expected}'`)];
}

function validateGeneratedSelector(job: KubeObject): FieldError[] {
  const spec = objectOf(job.spec);
  if (spec.manualSelector === true || absent(spec.selector)) return [];
  const uid = String(job.metadata.uid ?? '');
  const name = String(job.metadata.name ?? '');
  const errs = uid ? [] : [required('metadata.uid')];
  errs.push(...hasLabel(spec.template, 'controller-uid', uid), ...hasLabel(spec.template, 'job-name', name));
  errs.push(...hasLabel(spec.template, 'batch.kubernetes.io/controller-uid', uid), ...hasLabel(spec.template, 'batch.kubernetes.io/job-name', name));
  const expected = { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': name, 'controller-uid': uid, 'job-name': name };
  const sel = asSelector(spec.selector);
  if (sel.kind === 'match' && !sel.matches(expected)) errs.push(invalid('spec.selector', goLabelSelector(spec.selector), '`selector` not auto-generated'));
  return errs;
}

function validateJob(job: KubeObject): FieldError[] {
  const spec = objectOf(job.spec);
  const errs = [...validateObjectMeta(job.metadata, true, nameIsDNSSubdomain), ...validateGeneratedSelector(job)];
  errs.push(...validateJobSpec(job.spec ?? {}, 'spec'));
  if (absent(spec.selector)) errs.push(required('spec.selector'));
  else errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  const sel = asSelector(spec.selector);
  const templateLabels = pathOf(spec.template, 'metadata', 'labels');
  if (sel.kind === 'nothing' || (sel.kind === 'match' && !sel.matches(templateLabels))) {
    errs.push(invalid('spec.template.metadata.labels', goLabels(templateLabels), '`selector` does not match template `labels`'));
  }
  const completions = spec.completions;
  if (spec.completionMode === 'Indexed' && typeof completions === 'number' && completions > 0) {
    const hostname = `${job.metadata.name}-${completions - 1}`;
    if (isDNS1123Label(hostname).length) {
      errs.push(invalid('metadata.name', String(job.metadata.name), `will not able to create pod with invalid DNS label: ${hostname}`));
    }
  }
  return errs;
}

export function validateJobCreate(job: KubeObject): FieldError[] {
  return validateJob(job);
}

/** A suspended Job that never started may still have its scheduling directives changed (Kueue-style admission). */
function mutableSchedulingTemplate(template: unknown, old: unknown): JsonObject {
  const t = objectOf(structuredClone(old ?? {}));
  t.metadata = { ...objectOf(t.metadata), labels: pathOf(template, 'metadata', 'labels'), annotations: pathOf(template, 'metadata', 'annotations') };
  const spec: JsonObject = { ...objectOf(t.spec) };
  t.spec = spec;
  for (const k of ['nodeSelector', 'tolerations', 'schedulingGates']) spec[k] = pathOf(template, 'spec', k);
  const affinity = pathOf(template, 'spec', 'affinity');
  spec.affinity = affinity || spec.affinity ? { ...objectOf(spec.affinity), nodeAffinity: fieldOf(affinity, 'nodeAffinity') } : undefined;
  return t;
}

function immutable(path: string, next: unknown, prev: unknown, value: BadValue): FieldError[] {
  return semanticEqual(next, prev) ? [] : [invalid(path, value, 'field is immutable')];
}

export function validateJobUpdate(job: KubeObject, old: KubeObject): FieldError[] {
  const spec = objectOf(job.spec);
  const oldSpec = objectOf(old.spec);
  const errs = [...validateJob(job), ...validateObjectMetaUpdate(job.metadata, old.metadata)];
  if (spec.completionMode !== 'Indexed') errs.push(...immutable('spec.completions', spec.completions, oldSpec.completions, badValue(spec.completions ?? null)));
  else if (!semanticEqual(spec.completions, oldSpec.completions) && !absent(spec.completions) && spec.completions !== spec.parallelism) {
    errs.push(invalid('spec.completions', badValue(spec.completions), 'can only be modified in tandem with spec.parallelism'));
  }
  errs.push(...immutable('spec.selector', spec.selector, oldSpec.selector, goLabelSelector(spec.selector)));
  const suspendedNotStarted = oldSpec.suspend === true && !fieldOf(old.status, 'startTime');
  const oldTemplate = suspendedNotStarted ? mutableSchedulingTemplate(spec.template, oldSpec.template) : oldSpec.template;
  errs.push(...immutable('spec.template', spec.template, oldTemplate, new GoValue(goStruct('core.PodTemplateSpec', spec.template))));
  errs.push(...immutable('spec.completionMode', spec.completionMode, oldSpec.completionMode, badValue(spec.completionMode ?? null)));
  for (const k of ['podFailurePolicy', 'backoffLimitPerIndex', 'managedBy', 'successPolicy']) {
    const v = spec[k];
    errs.push(...immutable(`spec.${k}`, v, oldSpec[k], typeof v === 'object' && v !== null ? new GoValue(goStruct(`batch.${k.charAt(0).toUpperCase()}${k.slice(1)}`, v)) : badValue(v ?? null)));
  }
  return errs;
}

const TZ_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

function validateTimeZone(tz: unknown, path: string): FieldError[] {
  if (absent(tz)) return [];
  const s = String(tz);
  if (!s) return [invalid(path, s, 'timeZone must be nil or non-empty string')];
  if (s.split('/').some((p) => p === '.' || p === '..' || p.startsWith('-') || !TZ_PART.test(p))) return [invalid(path, s, `unknown time zone ${s}`)];
  if (s.toLowerCase() === 'local') return [invalid(path, s, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones')];
  return knownTimeZone(s) ? [] : [invalid(path, s, `unknown time zone ${s}`)];
}

function validateCronJobSpec(input: unknown, previous: unknown | undefined): FieldError[] {
  const spec = objectOf(input);
  const oldSpec = previous === undefined ? undefined : objectOf(previous);
  const errs: FieldError[] = [];
  const schedule = String(spec.schedule ?? '');
  if (!schedule) errs.push(required('spec.schedule'));
  else {
    const parseError = cronScheduleError(schedule);
    if (parseError) errs.push(invalid('spec.schedule', schedule, parseError));
    const allowTZ = !!oldSpec && String(oldSpec.schedule ?? '').includes('TZ');
    if (allowTZ && schedule.includes('TZ') && !absent(spec.timeZone)) {
      errs.push(invalid('spec.schedule', schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
    } else if (!allowTZ && schedule.includes('TZ')) {
      errs.push(invalid('spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
    }
  }
  errs.push(...nonNegative(spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'));
  if (!oldSpec || oldSpec.timeZone !== spec.timeZone) errs.push(...validateTimeZone(spec.timeZone, 'spec.timeZone'));
  const policy = spec.concurrencyPolicy;
  if (!policy) errs.push(required('spec.concurrencyPolicy'));
  else if (!isOneOf(['Allow', 'Forbid', 'Replace'], policy)) errs.push(notSupported('spec.concurrencyPolicy', String(policy), ['Allow', 'Forbid', 'Replace']));
  const jobSpec = objectOf(pathOf(spec.jobTemplate, 'spec') ?? {});
  errs.push(...validateJobSpec(pathOf(spec.jobTemplate, 'spec') ?? {}, 'spec.jobTemplate.spec'));
  if (!absent(jobSpec.selector)) errs.push(invalid('spec.jobTemplate.spec.selector', goLabelSelector(jobSpec.selector), '`selector` will be auto-generated'));
  if (jobSpec.manualSelector === true) errs.push(notSupported('spec.jobTemplate.spec.manualSelector', true, ['nil', 'false']));
  errs.push(...nonNegative(spec.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit'));
  errs.push(...nonNegative(spec.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit'));
  return errs;
}

export function validateCronJobCreate(cj: KubeObject): FieldError[] {
  const errs = [...validateObjectMeta(cj.metadata, true, nameIsDNSSubdomain), ...validateCronJobSpec(cj.spec ?? {}, undefined)];
  // Its Jobs are named <cronjob>-<11-character timestamp>, and Job names are at most 63 characters.
  const name = String(cj.metadata.name ?? '');
  if (name.length > 52) errs.push(invalid('metadata.name', name, 'must be no more than 52 characters'));
  return errs;
}

export function validateCronJobUpdate(cj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(cj.metadata, old.metadata), ...validateCronJobSpec(cj.spec ?? {}, old.spec ?? {})];
}
