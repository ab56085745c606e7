// Checks on workloads: a controller's selector matches its pod template, a Deployment's revision history (how many
// revisions, rolled back, change-cause recorded) read the way `kubectl rollout history` reads it, and probes
// configured on a container.
import type { ResourceInfo } from '../../sandbox/api/registry';
import type { KubeObject } from '../../sandbox/api/types';
import type { Deployment, PodTemplateSpec, Probe, ReplicaSet } from '../../sandbox/api/objects';
import { deepEqual } from '../../sandbox/util/deep-equal';
import { findKind } from '../../sandbox/apiserver/kinds/registry';
import { selectorMatches } from '../../sandbox/lib/label-selector';
import { formatLabels, formatSelectorObject } from '../label-selector';
import { namespaceFor, getOrUndefined, podSpecOf, podTemplateOf, readTargets, selectorOf, timeOf } from './read';
import type { CheckContext, Outcome, ProbeCheck, RolloutHistoryCheck, SelectorTemplateCheck, Text } from './types';
import { joinTexts, objectRef, t } from './words';

const REVISION = 'deployment.kubernetes.io/revision';
const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
const CHANGE_CAUSE = 'kubernetes.io/change-cause';
const HASH_LABEL = 'pod-template-hash';

function verdict(passed: boolean, expected: Text, found: Text, settling = false): Outcome {
  return { status: passed ? 'passed' : 'failed', expected, found, ...(passed ? {} : { settling }) };
}

function notFound(what: Text): Text {
  return t(`${what.en} not found`, `${what.ko}을(를) 찾을 수 없음`);
}

export function judgeSelectorMatchesTemplate(c: SelectorTemplateCheck, res: ResourceInfo, obj: KubeObject | undefined): Outcome {
  const what = objectRef(res, c.name);
  const expected = t(`the selector of ${what.en} matches its pod template labels`, `${what.ko}의 셀렉터가 파드 템플릿 레이블과 일치`);
  if (!obj) return verdict(false, expected, notFound(what));
  const selector = selectorOf(obj);
  const labels = podTemplateOf(obj)?.metadata?.labels;
  const found = t(
    `selector ${formatSelectorObject(selector)}, template labels ${formatLabels(labels)}`,
    `셀렉터 ${formatSelectorObject(selector)}, 템플릿 레이블 ${formatLabels(labels)}`,
  );
  const empty = !selector || (!Object.keys(selector.matchLabels ?? {}).length && !(selector.matchExpressions ?? []).length);
  return verdict(!empty && selectorMatches(selector, labels), expected, found);
}

export async function evaluateSelectorMatchesTemplate(c: SelectorTemplateCheck, ctx: CheckContext): Promise<Outcome> {
  const { res, objects } = await readTargets(ctx, { resource: c.resource, name: c.name, namespace: c.namespace });
  return judgeSelectorMatchesTemplate(c, res, objects[0]);
}

function revisionOf(rs: ReplicaSet | Deployment): number {
  const n = Number(rs.metadata.annotations?.[REVISION]);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/** A pod template without what the controller adds (the hash label) or serialisation noise. */
function comparableTemplate(template: PodTemplateSpec | undefined): unknown {
  const copy: PodTemplateSpec = structuredClone(template ?? {});
  if (copy.metadata) {
    if (copy.metadata.labels) delete copy.metadata.labels[HASH_LABEL];
    delete copy.metadata.creationTimestamp;
  }
  return copy;
}

export function judgeRolloutHistory(c: RolloutHistoryCheck, deployment: Deployment | undefined, replicaSets: ReplicaSet[]): Outcome {
  const res = findKind('Deployment')!;
  const what = objectRef(res, c.name);
  const wants: Text[] = [];
  if (c.minRevisions !== undefined) wants.push(t(`at least ${c.minRevisions} revisions`, `리비전 ${c.minRevisions}개 이상`));
  if (c.rolledBack === true) wants.push(t('rolled back to an earlier revision', '이전 리비전으로 롤백됨'));
  if (c.rolledBack === false) wants.push(t('not rolled back', '롤백되지 않음'));
  if (c.changeCause === true) wants.push(t('a change-cause on the current revision', '현재 리비전에 change-cause 기록'));
  if (typeof c.changeCause === 'string') wants.push(t(`a change-cause matching /${c.changeCause}/`, `/${c.changeCause}/ 패턴의 change-cause 기록`));
  const expected = t(`${what.en}: ${joinTexts(wants, ', ').en}`, `${what.ko}: ${joinTexts(wants, ', ').ko}`);
  if (!deployment) return verdict(false, expected, notFound(what));

  const owned = replicaSets
    .filter((rs) => (rs.metadata.ownerReferences ?? []).some((o) => o.controller && o.uid === deployment.metadata.uid))
    .filter((rs) => revisionOf(rs) > 0)
    .sort((a, b) => revisionOf(a) - revisionOf(b));
  const rolloutPending = (deployment.status?.observedGeneration ?? 0) < (deployment.metadata.generation ?? 1);
  if (!owned.length) {
    return verdict(false, expected, t('no revisions yet (no ReplicaSet created by the Deployment)', '아직 리비전 없음 (디플로이먼트가 만든 레플리카셋 없음)'), true);
  }
  const wantedRevision = Number(deployment.metadata.annotations?.[REVISION]);
  const current = owned.find((rs) => revisionOf(rs) === wantedRevision) ?? owned[owned.length - 1];
  const template = comparableTemplate(deployment.spec?.template);
  const others = owned.filter((rs) => rs !== current);
  // A rollback reuses the old ReplicaSet (revision-history remembers its old number), so the current revision is
  // older than some other one; a controller that instead copies the template leaves an earlier twin.
  const rolledBack =
    !!current.metadata.annotations?.[REVISION_HISTORY] ||
    others.some((rs) => timeOf(rs.metadata.creationTimestamp) > timeOf(current.metadata.creationTimestamp)) ||
    others.some((rs) => revisionOf(rs) < revisionOf(current) && deepEqual(comparableTemplate(rs.spec?.template), template));
  const causes = owned.map((rs) => rs.metadata.annotations?.[CHANGE_CAUSE]).filter((x): x is string => !!x);
  const currentCause = current.metadata.annotations?.[CHANGE_CAUSE];

  let passed = true;
  if (c.minRevisions !== undefined && owned.length < c.minRevisions) passed = false;
  if (c.rolledBack !== undefined && rolledBack !== c.rolledBack) passed = false;
  if (c.changeCause === true && !currentCause) passed = false;
  if (typeof c.changeCause === 'string' && !causes.some((x) => new RegExp(c.changeCause as string).test(x))) passed = false;

  const revs = owned.map((rs) => revisionOf(rs)).join(', ');
  const found: Text[] = [
    t(`revisions ${revs} (current ${revisionOf(current)})`, `리비전 ${revs} (현재 ${revisionOf(current)})`),
    rolledBack ? t('rolled back', '롤백됨') : t('not rolled back', '롤백되지 않음'),
  ];
  if (c.changeCause !== undefined) {
    found.push(currentCause ? t(`change-cause "${currentCause}"`, `change-cause "${currentCause}"`) : t('no change-cause on the current revision', '현재 리비전에 change-cause 없음'));
  }
  return verdict(passed, expected, joinTexts(found, '; '), rolloutPending);
}

export async function evaluateRolloutHistory(c: RolloutHistoryCheck, ctx: CheckContext): Promise<Outcome> {
  const dep = findKind('Deployment')!;
  const rsRes = findKind('ReplicaSet')!;
  const ns = namespaceFor(dep, ctx, c.namespace);
  const deployment = await getOrUndefined(ctx, dep, ns, c.name);
  const rs = deployment ? (await ctx.client.list(rsRes, ns)).items : [];
  return judgeRolloutHistory(c, deployment, rs);
}

const PROBE_FIELD = { readiness: 'readinessProbe', liveness: 'livenessProbe', startup: 'startupProbe' } as const;
const PROBE_KO = { readiness: '레디니스 프로브', liveness: '라이브니스 프로브', startup: '스타트업 프로브' } as const;

function describeProbe(p: Probe | undefined): string {
  if (p?.httpGet) return `httpGet ${p.httpGet.path ?? '/'} port ${p.httpGet.port}`;
  if (p?.tcpSocket) return `tcpSocket port ${p.tcpSocket.port}`;
  if (p?.exec) return `exec ${(p.exec.command ?? []).join(' ')}`;
  if (p?.grpc) return `grpc port ${p.grpc.port}`;
  return 'no action';
}

export function judgeProbe(c: ProbeCheck, res: ResourceInfo, obj: KubeObject | undefined): Outcome {
  const what = objectRef(res, c.name);
  const detail = [c.action, c.path, c.port !== undefined ? `port ${c.port}` : undefined].filter(Boolean).join(' ');
  const on = c.container ? t(` on container ${c.container}`, ` (컨테이너 ${c.container})`) : t('', '');
  const expected = t(
    `${what.en}: a ${c.probe} probe${on.en}${detail ? ` (${detail})` : ''}`,
    `${what.ko}: ${PROBE_KO[c.probe]}${on.ko}${detail ? ` (${detail})` : ''}`,
  );
  if (!obj) return verdict(false, expected, notFound(what));
  const containers = podSpecOf(obj)?.containers ?? [];
  const candidates = c.container ? containers.filter((x) => x?.name === c.container) : containers;
  if (!candidates.length) {
    const have = containers.map((x) => x?.name).join(', ') || '-';
    return verdict(false, expected, t(`no container named ${c.container} (containers: ${have})`, `${c.container} 컨테이너 없음 (컨테이너: ${have})`));
  }
  const field = PROBE_FIELD[c.probe];
  const fits = (p: Probe | undefined) => {
    if (!p) return false;
    if (c.action && !p[c.action]) return false;
    const handler = p.httpGet ?? p.tcpSocket ?? p.grpc;
    if (c.path !== undefined && p.httpGet?.path !== c.path) return false;
    if (c.port !== undefined && String(handler?.port) !== String(c.port)) return false;
    return true;
  };
  const passed = candidates.some((x) => fits(x[field]));
  const found = joinTexts(
    candidates.map((x) =>
      x[field]
        ? t(`${x.name}: ${c.probe} probe ${describeProbe(x[field])}`, `${x.name}: ${PROBE_KO[c.probe]} ${describeProbe(x[field])}`)
        : t(`${x.name}: no ${c.probe} probe`, `${x.name}: ${PROBE_KO[c.probe]} 없음`),
    ),
    '; ',
  );
  return verdict(passed, expected, found);
}

export async function evaluateProbe(c: ProbeCheck, ctx: CheckContext): Promise<Outcome> {
  const { res, objects } = await readTargets(ctx, { resource: c.resource, name: c.name, namespace: c.namespace });
  return judgeProbe(c, res, objects[0]);
}
