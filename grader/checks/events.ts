// Checks on what happened, not just what is: an Event seen since the step started (e.g. SuccessfulCreate from a
// ReplicaSet), and "a pod was deleted and replaced" — proven by a matching pod created after the step started or by
// a SuccessfulCreate event from a controller whose pod template carries the selected labels.
import { findKind } from '../../sandbox/apiserver/kinds/registry';
import type { KubeObject } from '../../sandbox/api/types';
import type { Event, ObjectReference, Pod } from '../../sandbox/api/objects';
import { fieldOf } from '../../sandbox/api/unchecked';
import { labelsMatchString } from '../label-selector';
import { getOrUndefined, isTerminating, namespaceFor, podTemplateOf, timeOf } from './read';
import type { CheckContext, EventCheck, Outcome, ReplacedCheck, Text } from './types';
import { t } from './words';

/** The latest moment an Event speaks of (core/v1 carries several timestamps, some optional). */
export function eventTime(ev: Event): number {
  const times = [ev.lastTimestamp, ev.eventTime, ev.firstTimestamp, ev.metadata.creationTimestamp].map(timeOf).filter((n) => !Number.isNaN(n));
  return times.length ? Math.max(...times) : NaN;
}

/** API timestamps have whole seconds: anything in the start's own second counts as after it. */
function notBefore(ms: number, startedAt: Date): boolean {
  return ms >= Math.floor(startedAt.getTime() / 1000) * 1000;
}

function describeEvent(ev: Event): string {
  const io: ObjectReference = ev.involvedObject ?? {};
  return `${ev.reason} on ${io.kind}/${io.name}: ${ev.message ?? ''}`.trim();
}

export function judgeEvent(c: EventCheck, events: Event[], startedAt?: Date): Outcome {
  const about = [c.involvedKind, c.involvedName && `/${c.involvedName}/`].filter(Boolean).join(' ');
  const since = c.since === 'step' && startedAt;
  const expected = t(
    `a ${c.reason} event${about ? ` for ${about}` : ''}${c.messageMatches ? ` saying /${c.messageMatches}/` : ''}${since ? ' since the step started' : ''}`,
    `${since ? '단계 시작 이후 ' : ''}${about ? `${about}에 대한 ` : ''}${c.reason} 이벤트${c.messageMatches ? ` (메시지 /${c.messageMatches}/)` : ''}`,
  );
  const sameKind = events.filter(
    (ev) =>
      ev.reason === c.reason &&
      (!c.involvedKind || ev.involvedObject?.kind === c.involvedKind) &&
      (!c.involvedName || new RegExp(c.involvedName).test(String(ev.involvedObject?.name ?? ''))) &&
      (!c.messageMatches || new RegExp(c.messageMatches).test(String(ev.message ?? ''))) &&
      (!c.eventType || ev.type === c.eventType),
  );
  const recent = since ? sameKind.filter((ev) => notBefore(eventTime(ev), startedAt)) : sameKind;
  if (recent.length) {
    const latest = recent.reduce((a, b) => (eventTime(b) > eventTime(a) ? b : a));
    return { status: 'passed', expected, found: t(describeEvent(latest), describeEvent(latest)) };
  }
  const found: Text = sameKind.length
    ? t(`only older ${c.reason} events (before the step started)`, `단계 시작 전의 ${c.reason} 이벤트만 있음`)
    : t(`no matching ${c.reason} event`, `조건에 맞는 ${c.reason} 이벤트 없음`);
  return { status: 'failed', expected, found, settling: true };
}

export async function evaluateEvent(c: EventCheck, ctx: CheckContext): Promise<Outcome> {
  const res = findKind('Event')!;
  const list = await ctx.client.list(res, namespaceFor(res, ctx, c.namespace));
  return judgeEvent(c, list.items, ctx.startedAt);
}

export interface ReplacementEvidence {
  pods: Pod[];
  /** SuccessfulCreate events whose controller's template carries the selected labels. */
  creations: Event[];
  /** Owners (ReplicaSets, ...) of the pods, for the fallback when the step's start is unknown. */
  owners: KubeObject[];
}

export function judgeReplaced(c: ReplacedCheck, evidence: ReplacementEvidence, startedAt?: Date): Outcome {
  const expected = t(
    `a pod with ${c.selector} was deleted and replaced by a new one${startedAt ? ' since the step started' : ''}`,
    `${startedAt ? '단계 시작 이후 ' : ''}${c.selector} 레이블의 파드가 삭제되고 새 파드로 교체됨`,
  );
  const alive = evidence.pods.filter((p) => !isTerminating(p));
  const ownerTime = new Map(evidence.owners.map((o) => [o.metadata.uid, timeOf(o.metadata.creationTimestamp)]));
  const ownerOf = (p: Pod) => (p.metadata.ownerReferences ?? []).find((o) => o.controller);
  let fresh: Pod[];
  let creations: Event[] = [];
  if (startedAt) {
    // A replacement comes from a controller that existed before the step; a set created during the step is new.
    const olderOwner = (uid: string | undefined) => {
      const at = uid ? ownerTime.get(uid) : undefined;
      return at === undefined || !notBefore(at, startedAt);
    };
    // A set created during the step replaced a pod when it created more pods than it ever wanted at once.
    const made = new Map<string | undefined, number>();
    for (const ev of evidence.creations) if (notBefore(eventTime(ev), startedAt)) made.set(ev.involvedObject?.uid, (made.get(ev.involvedObject?.uid) ?? 0) + Math.max(1, Number(ev.count) || 1));
    const replacedByNew = (uid: string | undefined) => {
      const owner = evidence.owners.find((o) => o.metadata.uid === uid);
      return !!owner && (made.get(uid!) ?? 0) > Number(fieldOf(owner.spec, 'replicas') ?? 1);
    };
    fresh = alive.filter((p) => notBefore(timeOf(p.metadata.creationTimestamp), startedAt) && olderOwner(ownerOf(p)?.uid));
    creations = evidence.creations.filter((ev) => notBefore(eventTime(ev), startedAt) && (olderOwner(ev.involvedObject?.uid) || replacedByNew(ev.involvedObject?.uid)));
  } else {
    // Without a start time: a pod created well after its owner came up was created to replace (or add to) the set.
    fresh = alive.filter((p) => {
      const at = ownerTime.get(ownerOf(p)?.uid);
      return at !== undefined && timeOf(p.metadata.creationTimestamp) - at >= 2000;
    });
  }
  if (fresh.length) {
    const names = fresh.map((p) => p.metadata.name).join(', ');
    return { status: 'passed', expected, found: t(`new pod(s): ${names}`, `새 파드: ${names}`) };
  }
  if (creations.length) {
    const d = describeEvent(creations[creations.length - 1]);
    return { status: 'passed', expected, found: t(d, d) };
  }
  const names = alive.map((p) => `${p.metadata.name} (${p.metadata.creationTimestamp})`).join(', ');
  return {
    status: 'failed',
    expected,
    found: alive.length
      ? t(`every pod with ${c.selector} is older than the step: ${names}`, `${c.selector} 레이블의 파드가 모두 단계 시작 전에 만들어짐: ${names}`)
      : t(`no pods with ${c.selector}`, `${c.selector} 레이블의 파드 없음`),
    settling: true,
  };
}

const TEMPLATE_OWNERS = ['ReplicaSet', 'Job', 'StatefulSet', 'DaemonSet', 'ReplicationController'];

export async function evaluateReplaced(c: ReplacedCheck, ctx: CheckContext): Promise<Outcome> {
  const podRes = findKind('Pod')!;
  const ns = namespaceFor(podRes, ctx, c.namespace);
  const pods = (await ctx.client.list(podRes, ns, { labelSelector: c.selector })).items;
  const evidence: ReplacementEvidence = { pods, creations: [], owners: [] };
  const ownerIds = new Map<string, { kind: string; name: string }>();
  for (const p of pods) for (const o of p.metadata.ownerReferences ?? []) if (o.controller) ownerIds.set(`${o.kind}/${o.name}`, o);
  const events = (await ctx.client.list(findKind('Event')!, ns)).items.filter(
    (ev) => ev.reason === 'SuccessfulCreate' && TEMPLATE_OWNERS.includes(String(ev.involvedObject?.kind)),
  );
  for (const ev of events) ownerIds.set(`${ev.involvedObject.kind}/${ev.involvedObject.name}`, { kind: String(ev.involvedObject.kind), name: String(ev.involvedObject.name) });
  const owners = new Map<string, KubeObject>();
  for (const [key, ref] of ownerIds) {
    const res = findKind(ref.kind);
    const obj = res ? await getOrUndefined(ctx, res, ns, ref.name) : undefined;
    if (obj) owners.set(key, obj);
  }
  evidence.owners = [...owners.values()];
  evidence.creations = events.filter((ev) => {
    const owner = owners.get(`${ev.involvedObject.kind}/${ev.involvedObject.name}`);
    return !!owner && labelsMatchString(c.selector, podTemplateOf(owner)?.metadata?.labels);
  });
  return judgeReplaced(c, evidence, ctx.startedAt);
}
