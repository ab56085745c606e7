// Pod Security Admission as kube-apiserver runs it (kubernetes/pod-security-admission admission.go): each namespace's
// `pod-security.kubernetes.io/enforce|warn|audit` labels (with `-version`) choose privileged, baseline or restricted;
// a namespace without labels is privileged, as on a default cluster. A pod that breaks its namespace's enforce level
// is Forbidden ("violates PodSecurity "baseline:latest": …"); pods and workload templates that break the warn level
// are admitted with a "would violate PodSecurity …" warning; invalid labels make the namespace Invalid; raising a
// namespace's enforce level warns about the pods already there. None of this protects the machine: the docker
// runtime refuses what would reach the host whatever the labels say (sandbox/kubelet/host-refusals.ts).
import { findKind } from '../kinds/registry';
import { forbidden, invalid } from '../../api/errors';
import type { KubeObject, ObjectMeta } from '../../api/types';
import type { CronJob, DaemonSet, Deployment, Job, Pod, PodSpec, PodTemplateSpec, ReplicaSet, StatefulSet } from '../../api/objects';
import type { ObjectApi } from '../object-api';
import { admittedAs, type AdmissionPlugin } from './admission';
import { invalid as invalidField } from '../admission/field-errors';
import { evaluatePod, forbiddenDetail, forbiddenReason, type PodSecurityLevel } from './pod-security-checks';

export const LABEL_PREFIX = 'pod-security.kubernetes.io/';
const MODES = ['enforce', 'audit', 'warn'] as const;
type Mode = (typeof MODES)[number];
const LEVELS: PodSecurityLevel[] = ['privileged', 'baseline', 'restricted'];
const RANK: Record<PodSecurityLevel, number> = { privileged: 0, baseline: 1, restricted: 2 };

export interface LevelVersion {
  level: PodSecurityLevel;
  version: string;
}

export type Policy = Record<Mode, LevelVersion>;

const podRes = findKind('Pod')!;
const nsRes = findKind('Namespace')!;

/** Reads the pod template of one kind's (validated) objects; each entry below takes its own kind's type. */
interface TemplateReader {
  read(o: KubeObject): PodTemplateSpec | undefined;
}

/**
 * Kinds whose pod template is checked for warnings (never enforced), as ValidatePodController does (upstream also
 * lists ReplicationController and PodTemplate, which kubelab does not serve).
 */
const TEMPLATE_OF: Record<string, TemplateReader> = {
  Deployment: { read: (o: Deployment) => o.spec?.template },
  ReplicaSet: { read: (o: ReplicaSet) => o.spec?.template },
  StatefulSet: { read: (o: StatefulSet) => o.spec?.template },
  DaemonSet: { read: (o: DaemonSet) => o.spec?.template },
  Job: { read: (o: Job) => o.spec?.template },
  CronJob: { read: (o: CronJob) => o.spec?.jobTemplate?.spec?.template },
};

function parseVersion(v: string): string | undefined {
  if (v === 'latest') return v;
  const m = /^v1\.(0|[1-9][0-9]*)$/.exec(v);
  return m ? v : undefined;
}

/** PolicyToEvaluate: the namespace's policy from its labels, and the field errors of labels that do not parse. */
export function policyOf(labels: Record<string, string> | undefined): { policy: Policy; errors: ReturnType<typeof invalidField>[] } {
  const policy: Policy = {
    enforce: { level: 'privileged', version: 'latest' },
    audit: { level: 'privileged', version: 'latest' },
    warn: { level: 'privileged', version: 'latest' },
  };
  const errors: ReturnType<typeof invalidField>[] = [];
  const l = labels ?? {};
  const field = (key: string) => `metadata.labels[${key}]`;
  let enforceSet = false;
  for (const mode of MODES) {
    const key = `${LABEL_PREFIX}${mode}`;
    if (key in l) {
      const level = l[key] as PodSecurityLevel;
      if (LEVELS.includes(level)) {
        policy[mode].level = level;
        if (mode === 'enforce') enforceSet = true;
      } else {
        errors.push(invalidField(field(key), l[key], `must be one of ${LEVELS.join(', ')}`));
        // Enforce fails closed, audit and warn fail open.
        policy[mode].level = mode === 'enforce' ? 'restricted' : 'privileged';
      }
    }
    const vkey = `${key}-version`;
    if (vkey in l) {
      const version = parseVersion(l[vkey]);
      if (version) policy[mode].version = version;
      else errors.push(invalidField(field(vkey), l[vkey], 'must be "latest" or "v1.x"'));
    }
  }
  // Warn defaults to the enforce level when that is stricter and warn is not set.
  if (!(`${LABEL_PREFIX}warn` in l) && enforceSet && RANK[policy.enforce.level] > RANK[policy.warn.level]) {
    policy.warn = { level: policy.enforce.level, version: `${LABEL_PREFIX}warn-version` in l ? policy.warn.version : policy.enforce.version };
  }
  return { policy, errors };
}

const levelString = (lv: LevelVersion) => `${lv.level}:${lv.version}`;

function namespacePolicy(api: ObjectApi, namespace: string | undefined): Policy {
  return policyOf(api.tryGet(nsRes, undefined, String(namespace ?? 'default'))?.metadata?.labels).policy;
}

/** The warnings for the pods already in a namespace whose enforce level is being raised (EvaluatePodsInNamespace). */
function existingPodWarnings(api: ObjectApi, namespace: string, enforce: LevelVersion): string[] {
  const counts = new Map<string, { name: string; count: number }>();
  for (const pod of api.list(podRes, namespace).items) {
    const results = evaluatePod(enforce.level, pod.metadata, pod.spec);
    if (!results.length) continue;
    const warning = forbiddenReason(results);
    const seen = counts.get(warning);
    const name = String(pod.metadata.name);
    if (!seen) counts.set(warning, { name, count: 1 });
    else counts.set(warning, { name: name < seen.name ? name : seen.name, count: seen.count + 1 });
  }
  if (!counts.size) return [];
  const decorated = [...counts].map(([warning, { name, count }]) =>
    count === 1 ? `${name}: ${warning}` : count === 2 ? `${name} (and 1 other pod): ${warning}` : `${name} (and ${count - 1} other pods): ${warning}`,
  );
  return [`existing pods in namespace "${namespace}" violate the new PodSecurity enforce level "${levelString(enforce)}"`, ...decorated.sort()];
}

function admitNamespace(req: Parameters<AdmissionPlugin['admit']>[0], api: ObjectApi): void {
  const { policy, errors } = policyOf(req.obj.metadata?.labels);
  const name = String(req.obj.metadata?.name ?? '');
  if (req.operation === 'CREATE') {
    if (errors.length) throw invalid('', 'Namespace', name, errors);
    return;
  }
  if (req.operation !== 'UPDATE' || !req.old) return;
  const before = policyOf(req.old.metadata?.labels);
  if (errors.length && (!before.errors.length || JSON.stringify(errors) !== JSON.stringify(before.errors))) throw invalid('', 'Namespace', name, errors);
  const oldEnforce = before.policy.enforce;
  const next = policy.enforce;
  if (next.level === oldEnforce.level && next.version === oldEnforce.version) return;
  if (next.level === 'privileged') return;
  if (next.version === oldEnforce.version && RANK[next.level] <= RANK[oldEnforce.level]) return;
  req.warnings?.push(...existingPodWarnings(api, name, next));
}

export function podSecurity(): AdmissionPlugin {
  return {
    name: 'PodSecurity',
    admit(req, api) {
      const kind = req.res.kind;
      if (kind === 'Namespace') return admitNamespace(req, api);
      if (req.operation !== 'CREATE' && req.operation !== 'UPDATE') return;
      const admitted = admittedAs(req, 'Pod');
      if (admitted) {
        // Pod updates can only change images and a few fields: upstream re-checks nothing it cares about.
        if (req.operation !== 'CREATE') return;
        return enforcePodSecurity(api, admitted.obj, req);
      }
      const template = TEMPLATE_OF[kind];
      if (!template) return;
      const tpl = template.read(req.obj);
      if (!tpl?.spec) return;
      if (req.operation === 'UPDATE' && req.old && JSON.stringify(template.read(req.old)) === JSON.stringify(tpl)) return;
      warn(req, namespacePolicy(api, req.obj.metadata.namespace), tpl.metadata ?? {}, tpl.spec);
    },
  };
}

/**
 * A pod's whole spec against its namespace's enforce level (refused with kube-apiserver's Forbidden), then its warn
 * level. New pods, and the pods/ephemeralcontainers subresource (a debug container is checked like any container).
 */
export function enforcePodSecurity(api: ObjectApi, pod: Pod, req: { warnings?: string[] } = {}): void {
  const policy = namespacePolicy(api, pod.metadata.namespace);
  const enforced = evaluatePod(policy.enforce.level, pod.metadata, pod.spec);
  if (enforced.length) {
    throw forbidden('', 'pods', String(pod.metadata.name ?? ''), `violates PodSecurity "${levelString(policy.enforce)}": ${forbiddenDetail(enforced)}`);
  }
  warn(req, policy, pod.metadata, pod.spec);
}

function warn(req: { warnings?: string[] }, policy: Policy, meta: ObjectMeta, spec: PodSpec | undefined): void {
  const results = evaluatePod(policy.warn.level, meta, spec);
  if (results.length) req.warnings?.push(`would violate PodSecurity "${levelString(policy.warn)}": ${forbiddenDetail(results)}`);
}
