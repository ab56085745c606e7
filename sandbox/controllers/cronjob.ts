// The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go): at each schedule time it creates a Job named
// `<cronjob>-<minutes since epoch>` (the name doubles as a lock, so a time is never run twice), honours suspend,
// startingDeadlineSeconds and the Allow/Forbid/Replace concurrency policies, keeps status.active, lastScheduleTime and
// lastSuccessfulTime, trims finished Jobs to the history limits, and asks to be woken 100 ms after the next run time
// (requeueAfterMs on the injected clock, so tests compress minutes). Events read as `kubectl describe cronjob` shows.
import { apiVersionOf } from '../api/registry';
import { findKind } from '../apiserver/kinds/registry';
import type { CronJob, CronJobStatus, Job, JobSpec, ObjectReference } from '../api/objects';
import type { ObjectApi } from '../apiserver/object-api';
import { knownTimeZone, parseCronSchedule, rfc3339InZone, type CronSchedule } from '../lib/cron';
import { rfc3339, type Clock } from '../util/clock';
import { deepEqual } from '../util/deep-equal';
import { objectKeyOf, splitKey, watchOf, type Controller, type ReconcileResult, type WatchSpec } from '../controller-runtime/controller';
import { mostRecentScheduleTime, nextScheduleDelayMs } from './cron-schedule';
import { recordEvent, type EventSource } from '../controller-runtime/events';
import { finishedCondition } from './job-util';
import { controllerRefOf, newControllerRef } from './owner-refs';

const cronRes = findKind('CronJob')!;
const jobRes = findKind('Job')!;
const SOURCE: EventSource = { component: 'cronjob-controller' };
export const SCHEDULED_TIMESTAMP = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

/** The Job name for a run: minutes since the epoch, as getJobName (the controller's granularity is one minute). */
export function jobNameFor(cronJobName: string, scheduled: Date): string {
  return `${cronJobName}-${Math.floor(scheduled.getTime() / 60_000)}`;
}

/** getJobFromTemplate2: the Job for one scheduled time, owned by the CronJob. */
export function jobFromTemplate(cj: CronJob, scheduled: Date): Job {
  const template = cj.spec?.jobTemplate;
  const labels = { ...(template?.metadata?.labels ?? {}) };
  const annotations = { ...(template?.metadata?.annotations ?? {}), [SCHEDULED_TIMESTAMP]: rfc3339InZone(scheduled, cj.spec?.timeZone) };
  return {
    apiVersion: apiVersionOf(jobRes),
    kind: 'Job',
    metadata: {
      name: jobNameFor(cj.metadata.name!, scheduled),
      namespace: cj.metadata.namespace,
      ...(Object.keys(labels).length ? { labels } : {}),
      annotations,
      ownerReferences: [newControllerRef(cj, apiVersionOf(cronRes), 'CronJob')],
    },
    // Validation requires a job template with a pod template; {} only keeps a broken stored CronJob from throwing here.
    spec: structuredClone(template?.spec ?? ({} as JobSpec)),
  };
}

function jobStatusType(job: Job): string | undefined {
  return finishedCondition(job)?.type;
}

/** byJobStartTime: jobs that started first go first, jobs that never started last, names break ties. */
function byStartTime(a: Job, b: Job): number {
  const sa = a.status?.startTime ? Date.parse(a.status.startTime) : Infinity;
  const sb = b.status?.startTime ? Date.parse(b.status.startTime) : Infinity;
  if (sa !== sb) return sa < sb ? -1 : 1;
  return String(a.metadata.name) < String(b.metadata.name) ? -1 : 1;
}

interface Sync {
  cj: CronJob;
  /** The status being worked out; `active` is there throughout the sync and dropped at the end when empty. */
  status: CronJobStatus & { active: ObjectReference[] };
  jobs: Job[];
}

export class CronJobController implements Controller {
  readonly name = 'cronjob';
  readonly watches: WatchSpec[];

  constructor(private readonly api: ObjectApi, private readonly clock: Clock) {
    this.watches = [
      watchOf(cronRes, (e) => [objectKeyOf(e.object)]),
      watchOf(jobRes, (e) => {
        const ref = controllerRefOf(e.object);
        return ref?.kind === 'CronJob' && ref.apiVersion.startsWith('batch/') ? [`${e.object.metadata.namespace}/${ref.name}`] : [];
      }),
    ];
  }

  reconcile(key: string): ReconcileResult | void {
    const { namespace, name } = splitKey(key);
    const cj = this.api.tryGet(cronRes, namespace, name);
    if (!cj) return;
    const jobs = this.api.list(jobRes, namespace).items.filter((j) => {
      const ref = controllerRefOf(j);
      return ref?.kind === 'CronJob' && ref.name === name;
    });
    const status: CronJobStatus = structuredClone(cj.status ?? {});
    status.active ??= [];
    const s: Sync = { cj, status: { ...status, active: status.active }, jobs };
    this.cleanupFinishedJobs(s);
    const requeueAfterMs = this.syncCronJob(s);
    if (!s.status.active.length) delete (s.status as CronJobStatus).active;
    if (!deepEqual(cj.status ?? {}, s.status)) this.api.updateStatus(cronRes, namespace, name, { ...cj, status: s.status });
    if (requeueAfterMs !== undefined) return { requeueAfterMs };
  }

  /** Deletes the oldest finished Jobs beyond successfulJobsHistoryLimit / failedJobsHistoryLimit. */
  private cleanupFinishedJobs(s: Sync): void {
    const spec = s.cj.spec;
    const trim = (jobs: Job[], limit: number | undefined) => {
      if (limit === undefined || limit === null) return;
      const sorted = [...jobs].sort(byStartTime);
      for (const job of sorted.slice(0, Math.max(0, sorted.length - limit))) this.deleteJob(s, job);
    };
    trim(s.jobs.filter((j) => jobStatusType(j) === 'Complete'), spec?.successfulJobsHistoryLimit);
    trim(s.jobs.filter((j) => jobStatusType(j) === 'Failed'), spec?.failedJobsHistoryLimit);
  }

  /** Reaps a Job (its pods go in the background) and drops it from status.active. */
  private deleteJob(s: Sync, job: Job): boolean {
    try {
      this.api.delete(jobRes, job.metadata.namespace, job.metadata.name!, { propagationPolicy: 'Background' });
    } catch (e) {
      recordEvent(this.api, s.cj, 'Warning', 'FailedDelete', `Deleted job: ${(e as Error).message}`, SOURCE);
      return false;
    }
    s.status.active = s.status.active.filter((r) => r.uid !== job.metadata.uid);
    recordEvent(this.api, s.cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`, SOURCE);
    return true;
  }

  /** Reconciles status.active with the Jobs, then starts the due run if any; returns when to look again. */
  private syncCronJob(s: Sync): number | undefined {
    const { cj, status } = s;
    const now = this.clock.now();
    const inActive = (uid?: string) => status.active.some((r) => r.uid === uid);
    const children = new Set<string>();
    for (const job of s.jobs) {
      children.add(job.metadata.uid!);
      const finished = jobStatusType(job);
      if (!inActive(job.metadata.uid) && !finished) {
        recordEvent(this.api, cj, 'Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${job.metadata.name}`, SOURCE);
      } else if (inActive(job.metadata.uid) && finished) {
        status.active = status.active.filter((r) => r.uid !== job.metadata.uid);
        recordEvent(this.api, cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${job.metadata.name}, status: ${finished}`, SOURCE);
      }
      const completed = job.status?.completionTime;
      if (finished === 'Complete' && completed && (!status.lastSuccessfulTime || Date.parse(completed) > Date.parse(status.lastSuccessfulTime))) {
        status.lastSuccessfulTime = completed;
      }
    }
    for (const ref of [...status.active]) {
      if (children.has(ref.uid ?? '') || this.api.tryGet(jobRes, ref.namespace, String(ref.name))) continue;
      recordEvent(this.api, cj, 'Normal', 'MissingJob', `Active job went missing: ${ref.name}`, SOURCE);
      status.active = status.active.filter((r) => r.uid !== ref.uid);
    }
    if (cj.metadata.deletionTimestamp) return undefined;
    const tz: string | undefined = cj.spec?.timeZone ?? undefined;
    if (tz !== undefined && !knownTimeZone(tz)) {
      recordEvent(this.api, cj, 'Warning', 'UnknownTimeZone', `invalid timeZone: "${tz}": unknown time zone ${tz}`, SOURCE);
      return undefined;
    }
    if (cj.spec?.suspend === true) return undefined;
    const spec = String(cj.spec?.schedule ?? '');
    if (spec.includes('TZ')) {
      recordEvent(this.api, cj, 'Warning', 'UnsupportedSchedule', `CRON_TZ or TZ used in schedule "${spec}" is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`, SOURCE);
    }
    let schedule: CronSchedule;
    try {
      schedule = parseCronSchedule(spec, spec.includes('TZ') ? undefined : tz);
    } catch (e) {
      recordEvent(this.api, cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: "${spec}" : ${(e as Error).message}`, SOURCE);
      return undefined;
    }
    const earliest = () => new Date(Date.parse(status.lastScheduleTime ?? cj.metadata.creationTimestamp ?? ''));
    const next = () => nextScheduleDelayMs(schedule, earliest(), now);
    let due: Date | undefined;
    try {
      const r = mostRecentScheduleTime(schedule, earliest(), now, cj.spec?.startingDeadlineSeconds ?? undefined);
      if (r.missed === 'many') {
        recordEvent(this.api, cj, 'Warning', 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew', SOURCE);
      }
      due = r.mostRecent;
    } catch (e) {
      recordEvent(this.api, cj, 'Warning', 'InvalidSchedule', `invalid schedule: ${spec} : ${(e as Error).message}`, SOURCE);
      return undefined;
    }
    if (!due) return next();
    const deadline = cj.spec?.startingDeadlineSeconds;
    if (deadline !== undefined && deadline !== null && due.getTime() + deadline * 1000 < now.getTime()) {
      const when = due.toUTCString().replace('GMT', '+0000');
      recordEvent(this.api, cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${when}`, SOURCE);
      return next();
    }
    const jobName = jobNameFor(cj.metadata.name!, due);
    if (status.active.some((r) => r.name === jobName) || (status.lastScheduleTime && Date.parse(status.lastScheduleTime) === due.getTime())) return next();
    const policy = cj.spec?.concurrencyPolicy ?? 'Allow';
    if (policy === 'Forbid' && status.active.length) {
      recordEvent(this.api, cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid', SOURCE);
      return next();
    }
    if (policy === 'Replace') {
      for (const ref of [...status.active]) {
        const job = this.api.tryGet(jobRes, ref.namespace, String(ref.name));
        if (!job) {
          recordEvent(this.api, cj, 'Warning', 'FailedGet', `Get job: jobs.batch "${ref.name}" not found`, SOURCE);
          throw new Error(`could not replace job ${ref.namespace}/${ref.name}`);
        }
        if (!this.deleteJob(s, job)) throw new Error(`could not replace job ${ref.namespace}/${ref.name}`);
      }
    }
    const job = this.createJob(cj, due);
    if (!job) return undefined;
    status.active.push({
      apiVersion: job.apiVersion,
      kind: 'Job',
      name: job.metadata.name,
      namespace: job.metadata.namespace,
      resourceVersion: job.metadata.resourceVersion,
      uid: job.metadata.uid,
    });
    status.lastScheduleTime = rfc3339(due);
    return next();
  }

  /** Creates the run's Job; one that already exists and is ours is taken as created by an earlier attempt. */
  private createJob(cj: CronJob, due: Date): Job | undefined {
    const wanted = jobFromTemplate(cj, due);
    try {
      const job = this.api.create(jobRes, cj.metadata.namespace, wanted);
      recordEvent(this.api, cj, 'Normal', 'SuccessfulCreate', `Created job ${job.metadata.name}`, SOURCE);
      return job;
    } catch (e) {
      if ((e as { reason?: string }).reason !== 'AlreadyExists') {
        // A namespace being torn down refuses every create; that is no news worth an event.
        if (/being terminated/.test((e as Error).message)) throw e;
        recordEvent(this.api, cj, 'Warning', 'FailedCreate', `Error creating job: ${(e as Error).message}`, SOURCE);
        throw e;
      }
      const existing = this.api.tryGet(jobRes, cj.metadata.namespace, wanted.metadata.name!);
      return existing && controllerRefOf(existing)?.uid === cj.metadata.uid ? existing : undefined;
    }
  }
}
