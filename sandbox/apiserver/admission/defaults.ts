// The defaulting functions of the kinds (their records in ../kinds pick them): what kube-apiserver fills in before
// validating (pkg/apis/*/v1/defaults.go, the strategies' PrepareForCreate, and the default admission plugins), so
// `kubectl get -o yaml` shows what a real cluster shows.
// Allocation of cluster IPs and node ports is the ServiceAllocation plugin's job, not this module's.
import type { KubeObject } from '../../api/types';
import { fieldOf, itemsOf, objectOf, pathOf } from '../../api/unchecked';
import { isOneOf } from './field-errors';
import { defaultTemplate, obj } from './defaults-pod';

const absent = (v: unknown): boolean => v === undefined || v === null;
const list = itemsOf;

export function defaultService(svc: KubeObject): void {
  const spec = obj(svc, 'spec');
  if (!spec.sessionAffinity) spec.sessionAffinity = 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP' && absent(pathOf(spec.sessionAffinityConfig, 'clientIP', 'timeoutSeconds'))) {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  if (!spec.type) spec.type = 'ClusterIP';
  for (const entry of list(spec.ports)) {
    if (!entry || typeof entry !== 'object') continue;
    const p = objectOf(entry);
    if (!p.protocol) p.protocol = 'TCP';
    if (absent(p.targetPort) || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  const externallyAccessible = spec.type === 'NodePort' || spec.type === 'LoadBalancer' || (spec.type === 'ClusterIP' && list(spec.externalIPs).length > 0);
  if (externallyAccessible && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster';
  if (absent(spec.internalTrafficPolicy) && isOneOf(['NodePort', 'LoadBalancer', 'ClusterIP'], spec.type)) spec.internalTrafficPolicy = 'Cluster';
  if (spec.type === 'LoadBalancer' && absent(spec.allocateLoadBalancerNodePorts)) spec.allocateLoadBalancerNodePorts = true;
  // The IP-family allocator's choice on a single-stack IPv4 cluster.
  if (spec.type !== 'ExternalName') {
    if (absent(spec.ipFamilyPolicy)) spec.ipFamilyPolicy = 'SingleStack';
    if (!list(spec.ipFamilies).length) spec.ipFamilies = ['IPv4'];
  }
}

/** `stringData` is write-only: merged into base64 `data` (winning over it) and never stored. */
export function defaultSecret(secret: KubeObject): void {
  if (!secret.type) secret.type = 'Opaque';
  const stringData = secret.stringData;
  if (stringData && typeof stringData === 'object') {
    const data = obj(secret, 'data');
    for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(String(v ?? ''), 'utf8').toString('base64');
  }
  delete secret.stringData;
}

export function defaultNamespace(ns: KubeObject): void {
  if (ns.metadata.name) ns.metadata.labels = { ...(ns.metadata.labels ?? {}), 'kubernetes.io/metadata.name': String(ns.metadata.name) };
  const spec = obj(ns, 'spec');
  if (absent(spec.finalizers)) spec.finalizers = ['kubernetes'];
  const status = obj(ns, 'status');
  if (!status.phase) status.phase = 'Active';
}

export function defaultClaimSpec(spec: unknown): void {
  if (spec && typeof spec === 'object' && !fieldOf(spec, 'volumeMode')) objectOf(spec).volumeMode = 'Filesystem';
}

export function defaultPersistentVolumeClaim(pvc: KubeObject): void {
  defaultClaimSpec(obj(pvc, 'spec'));
  const status = obj(pvc, 'status');
  if (!status.phase) status.phase = 'Pending';
}

export function defaultPersistentVolume(pv: KubeObject): void {
  const spec = obj(pv, 'spec');
  if (!spec.persistentVolumeReclaimPolicy) spec.persistentVolumeReclaimPolicy = 'Retain';
  if (!spec.volumeMode) spec.volumeMode = 'Filesystem';
  if (spec.hostPath && typeof spec.hostPath === 'object' && fieldOf(spec.hostPath, 'type') === undefined) objectOf(spec.hostPath).type = '';
  const status = obj(pv, 'status');
  if (!status.phase) status.phase = 'Pending';
}

export function defaultDeployment(d: KubeObject): void {
  const spec = obj(d, 'spec');
  if (absent(spec.replicas)) spec.replicas = 1;
  const strategy = obj(spec, 'strategy');
  if (!strategy.type) strategy.type = 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = obj(strategy, 'rollingUpdate');
    if (absent(ru.maxUnavailable)) ru.maxUnavailable = '25%';
    if (absent(ru.maxSurge)) ru.maxSurge = '25%';
  }
  if (absent(spec.revisionHistoryLimit)) spec.revisionHistoryLimit = 10;
  if (absent(spec.progressDeadlineSeconds)) spec.progressDeadlineSeconds = 600;
  defaultTemplate(obj(spec, 'template'));
}

export function defaultReplicaSet(rs: KubeObject): void {
  const spec = obj(rs, 'spec');
  if (absent(spec.replicas)) spec.replicas = 1;
  defaultTemplate(obj(spec, 'template'));
}

export function defaultStatefulSet(sts: KubeObject): void {
  const spec = obj(sts, 'spec');
  if (!spec.podManagementPolicy) spec.podManagementPolicy = 'OrderedReady';
  const strategy = obj(spec, 'updateStrategy');
  if (!strategy.type) {
    strategy.type = 'RollingUpdate';
    obj(strategy, 'rollingUpdate');
  }
  if (strategy.type === 'RollingUpdate' && strategy.rollingUpdate && typeof strategy.rollingUpdate === 'object' && absent(fieldOf(strategy.rollingUpdate, 'partition'))) {
    objectOf(strategy.rollingUpdate).partition = 0;
  }
  const retention = obj(spec, 'persistentVolumeClaimRetentionPolicy');
  if (!retention.whenDeleted) retention.whenDeleted = 'Retain';
  if (!retention.whenScaled) retention.whenScaled = 'Retain';
  if (absent(spec.replicas)) spec.replicas = 1;
  if (absent(spec.revisionHistoryLimit)) spec.revisionHistoryLimit = 10;
  defaultTemplate(obj(spec, 'template'));
  for (const entry of list(spec.volumeClaimTemplates)) {
    if (!entry || typeof entry !== 'object') continue;
    const claim = objectOf(entry);
    claim.apiVersion ??= 'v1';
    claim.kind ??= 'PersistentVolumeClaim';
    const meta = obj(claim, 'metadata');
    if (!('creationTimestamp' in meta)) meta.creationTimestamp = null;
    defaultClaimSpec(obj(claim, 'spec'));
    const status = obj(claim, 'status');
    if (!status.phase) status.phase = 'Pending';
  }
}

export function defaultDaemonSet(ds: KubeObject): void {
  const spec = obj(ds, 'spec');
  const strategy = obj(spec, 'updateStrategy');
  if (!strategy.type) strategy.type = 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = obj(strategy, 'rollingUpdate');
    if (absent(ru.maxUnavailable)) ru.maxUnavailable = 1;
    if (absent(ru.maxSurge)) ru.maxSurge = 0;
  }
  if (absent(spec.revisionHistoryLimit)) spec.revisionHistoryLimit = 10;
  defaultTemplate(obj(spec, 'template'));
}

/**
 * The job strategy's generateSelector: pods of this Job, and only of it, carry its uid. Needs metadata.uid, which
 * the object API assigns before defaulting.
 */
function generateJobSelector(job: KubeObject): void {
  const uid = job.metadata.uid;
  if (!uid) return;
  const template = obj(objectOf(job.spec), 'template');
  const labels = obj(obj(template, 'metadata'), 'labels');
  for (const key of ['job-name', 'batch.kubernetes.io/job-name']) if (labels[key] === undefined) labels[key] = job.metadata.name;
  for (const key of ['controller-uid', 'batch.kubernetes.io/controller-uid']) if (labels[key] === undefined) labels[key] = uid;
  const selector = obj(objectOf(job.spec), 'selector');
  const matchLabels = obj(selector, 'matchLabels');
  if (matchLabels['batch.kubernetes.io/controller-uid'] === undefined) matchLabels['batch.kubernetes.io/controller-uid'] = uid;
}

function copyTemplateLabels(job: KubeObject): void {
  const labels = pathOf(job.spec, 'template', 'metadata', 'labels');
  // Label values that are not strings never pass validation, which comes next.
  if (labels && typeof labels === 'object' && !Object.keys(job.metadata.labels ?? {}).length) job.metadata.labels = { ...(labels as Record<string, string>) };
}

export function defaultJob(job: KubeObject): void {
  const spec = obj(job, 'spec');
  if (absent(spec.completions) && absent(spec.parallelism)) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  if (absent(spec.parallelism)) spec.parallelism = 1;
  if (absent(spec.backoffLimit)) spec.backoffLimit = absent(spec.backoffLimitPerIndex) ? 6 : 2147483647;
  // Decoding defaults the Job's labels from the user's template labels; later reads do it again after the strategy
  // added the generated ones, which is what `kubectl get job -o yaml` ends up showing when the user set none.
  copyTemplateLabels(job);
  if (!spec.completionMode) spec.completionMode = 'NonIndexed';
  if (absent(spec.suspend)) spec.suspend = false;
  if (absent(spec.podReplacementPolicy)) spec.podReplacementPolicy = spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  if (absent(spec.manualSelector)) spec.manualSelector = false;
  defaultTemplate(obj(spec, 'template'));
  if (spec.manualSelector !== true) generateJobSelector(job);
  copyTemplateLabels(job);
}

export function defaultCronJob(cj: KubeObject): void {
  const spec = obj(cj, 'spec');
  if (!spec.concurrencyPolicy) spec.concurrencyPolicy = 'Allow';
  if (absent(spec.suspend)) spec.suspend = false;
  if (absent(spec.successfulJobsHistoryLimit)) spec.successfulJobsHistoryLimit = 3;
  if (absent(spec.failedJobsHistoryLimit)) spec.failedJobsHistoryLimit = 1;
  const jobTemplate = obj(spec, 'jobTemplate');
  const meta = obj(jobTemplate, 'metadata');
  if (!('creationTimestamp' in meta)) meta.creationTimestamp = null;
  defaultTemplate(obj(obj(jobTemplate, 'spec'), 'template'));
}

export function defaultPorts(ports: unknown): void {
  for (const p of list(ports)) if (p && typeof p === 'object' && !fieldOf(p, 'protocol')) objectOf(p).protocol = 'TCP';
}
