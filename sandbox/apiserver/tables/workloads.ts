// Rows for the workload controllers (ReplicaSet, Deployment, StatefulSet, DaemonSet, Job, CronJob) and their
// ControllerRevisions, as kube-apiserver prints them: replica counts, READY `3/3`, job STATUS/COMPLETIONS/DURATION,
// and the wide CONTAINERS/IMAGES/SELECTOR columns.
import type { KubeObject } from '../../api/types';
import type { ControllerRevision, CronJob, DaemonSet, Deployment, Job, LabelSelector, ReplicaSet, StatefulSet } from '../../api/objects';
import { formatLabelSelector, labelSelectorFromSpec } from '../../lib/label-selector-spec';
import {
  age, ageColumn, column, containerCells, containersColumn, formatLabels, humanDuration, imagesColumn, int, nameColumn, parseTime,
  selectorColumn, since, text, type Printer,
} from './format';

const SELECTOR_DESCRIPTION = 'A label query over pods that should match the replica count. Label keys and values that must match in order to be controlled by this controller.';

const templateContainers = (obj: ReplicaSet | Deployment | StatefulSet | DaemonSet | Job) => containerCells(obj.spec?.template?.spec?.containers);

export const replicaSetPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Desired', 'integer', 'Replicas is the number of desired replicas.'),
    column('Current', 'integer', 'Replicas is the most recently observed number of replicas.'),
    column('Ready', 'integer', 'The number of ready replicas for this replica set.'),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    selectorColumn(SELECTOR_DESCRIPTION),
  ],
  cells: (rs: ReplicaSet, now) => [
    rs.metadata.name,
    int(rs.spec?.replicas ?? 1),
    int(rs.status?.replicas),
    int(rs.status?.readyReplicas),
    age(rs, now),
    ...templateContainers(rs),
    formatLabelSelector(rs.spec?.selector),
  ],
};

/** printDeployment uses LabelSelectorAsSelector(...).String(): empty (not `<none>`) for an empty selector. */
function selectorString(selector: LabelSelector | undefined): string {
  try {
    return labelSelectorFromSpec(selector).toString();
  } catch {
    return '<invalid>';
  }
}

export const deploymentPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Ready', 'string', 'Number of the pod with ready state'),
    column('Up-to-date', 'string', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    column('Available', 'string', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    selectorColumn('Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.'),
  ],
  cells: (d: Deployment, now) => [
    d.metadata.name,
    `${int(d.status?.readyReplicas)}/${int(d.spec?.replicas ?? 1)}`,
    int(d.status?.updatedReplicas),
    int(d.status?.availableReplicas),
    age(d, now),
    ...templateContainers(d),
    selectorString(d.spec?.selector),
  ],
};

export const statefulSetPrinter: Printer = {
  columns: [nameColumn(), column('Ready', 'string', 'Number of the pod with ready state'), ageColumn(), containersColumn(), imagesColumn()],
  cells: (s: StatefulSet, now) => [s.metadata.name, `${int(s.status?.readyReplicas)}/${int(s.spec?.replicas ?? 1)}`, age(s, now), ...templateContainers(s)],
};

export const daemonSetPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Desired', 'integer', 'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).'),
    column('Current', 'integer', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.'),
    column('Ready', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.'),
    column('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod'),
    column('Available', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least minReadySeconds)'),
    column('Node Selector', 'string', "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node."),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    selectorColumn('A label query over pods that are managed by the daemon set. Must match in order to be controlled.'),
  ],
  cells: (ds: DaemonSet, now) => [
    ds.metadata.name,
    int(ds.status?.desiredNumberScheduled),
    int(ds.status?.currentNumberScheduled),
    int(ds.status?.numberReady),
    int(ds.status?.updatedNumberScheduled),
    int(ds.status?.numberAvailable),
    formatLabels(ds.spec?.template?.spec?.nodeSelector),
    age(ds, now),
    ...templateContainers(ds),
    formatLabelSelector(ds.spec?.selector),
  ],
};

/** hasJobCondition: the first condition of that type decides. */
function jobCondition(job: Job, type: string): boolean {
  const c = (job.status?.conditions ?? []).find((x) => x?.type === type);
  return c?.status === 'True';
}

function jobStatus(job: Job): string {
  if (jobCondition(job, 'Complete')) return 'Complete';
  if (jobCondition(job, 'Failed')) return 'Failed';
  if (job.metadata.deletionTimestamp) return 'Terminating';
  if (jobCondition(job, 'Suspended')) return 'Suspended';
  if (jobCondition(job, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

function jobCompletions(job: Job): string {
  const succeeded = int(job.status?.succeeded);
  if (job.spec?.completions !== undefined && job.spec?.completions !== null) return `${succeeded}/${int(job.spec.completions)}`;
  const parallelism = int(job.spec?.parallelism);
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(job: Job, now: Date): string {
  const start = parseTime(job.status?.startTime);
  if (!start) return '';
  const end = parseTime(job.status?.completionTime) ?? now;
  return humanDuration(end.getTime() - start.getTime());
}

export const jobPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Status', 'string', 'Status of the job.'),
    column('Completions', 'string', 'The number of pods which reached phase Succeeded.'),
    column('Duration', 'string', 'Time required to complete the job.'),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    selectorColumn('A label query over pods that should match the pod count.'),
  ],
  cells: (job: Job, now) => [
    job.metadata.name,
    jobStatus(job),
    jobCompletions(job),
    jobDuration(job, now),
    age(job, now),
    ...templateContainers(job),
    formatLabelSelector(job.spec?.selector),
  ],
};

/** printBoolPtr */
function boolPtr(v: unknown): string {
  if (typeof v !== 'boolean') return '<unset>';
  return v ? 'True' : 'False';
}

export const cronJobPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Schedule', 'string', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    column('Timezone', 'string', 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.'),
    column('Suspend', 'boolean', 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.'),
    column('Active', 'integer', 'A list of pointers to currently running jobs.'),
    column('Last Schedule', 'string', 'Information when was the last time the job was successfully scheduled.'),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    selectorColumn('A label query over pods that should match the pod count.'),
  ],
  cells: (cj: CronJob, now) => {
    const template = cj.spec?.jobTemplate?.spec;
    return [
      cj.metadata.name,
      text(cj.spec?.schedule),
      text(cj.spec?.timeZone) || '<none>',
      boolPtr(cj.spec?.suspend),
      Array.isArray(cj.status?.active) ? cj.status.active.length : 0,
      cj.status?.lastScheduleTime ? since(cj.status.lastScheduleTime, now) : '<none>',
      age(cj, now),
      ...containerCells(template?.template?.spec?.containers),
      formatLabelSelector(template?.selector),
    ];
  },
};

/** `statefulset.apps/web`: the controlling owner as a lower-case group-qualified kind and name. */
function controllerName(obj: KubeObject): string {
  const ref = (obj.metadata.ownerReferences ?? []).find((r) => r.controller === true);
  if (!ref) return '<none>';
  const group = String(ref.apiVersion ?? '').includes('/') ? String(ref.apiVersion).split('/')[0] : '';
  if (!ref.kind) return ref.name;
  return `${(group ? `${ref.kind}.${group}` : ref.kind).toLowerCase()}/${ref.name}`;
}

export const controllerRevisionPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Controller', 'string', 'Controller of the object'),
    column('Revision', 'string', 'Revision indicates the revision of the state represented by Data.'),
    ageColumn(),
  ],
  cells: (cr: ControllerRevision, now) => [cr.metadata.name, controllerName(cr), int(cr.revision), age(cr, now)],
};
