// Checks on objects in general: exists / absent, a field's value by JSONPath, how many objects match selectors in
// which phase and readiness, a pod's containers, and ConfigMap/Secret keys. Each kind is a pure `judge…` over what
// was read (unit-tested without I/O) plus a thin `evaluate…` that reads it.
import type { ResourceInfo } from '../../sandbox/api/registry';
import type { KubeObject } from '../../sandbox/api/types';
import type { Pod } from '../../sandbox/api/objects';
import { isKind } from '../../sandbox/api/object-kind';
import { fieldOf } from '../../sandbox/api/unchecked';
import { deepEqual } from '../../sandbox/util/deep-equal';
import { compileJsonPath, formatJsonPathValue } from '../jsonpath';
import { containerNames, isReady, isTerminating, podSpecOf, readTargets } from './read';
import { isActive, tallyWords, waitingReason } from './states';
import { pathWords } from './field-words';
import { podSetProblem } from './diagnose';
import type { CheckContext, ContainersCheck, CountCheck, DataKeysCheck, ExistsCheck, FieldCheck, Outcome, Text } from './types';
import { inRange, joinTexts, kindWord, objectRef, quote, rangeWords, same, setRef, t } from './words';
import { findKind } from '../../sandbox/apiserver/kinds/registry';
import { budgetDiagnosis } from './budget';

function verdict(passed: boolean, expected: Text, found: Text, settling = false): Outcome {
  return { status: passed ? 'passed' : 'failed', expected, found, ...(passed ? {} : { settling }) };
}

function whatRef(res: ResourceInfo, c: { name?: string; selector?: string; fieldSelector?: string }): Text {
  return c.name ? objectRef(res, c.name) : setRef(res, c.selector, c.fieldSelector);
}

function names(objects: KubeObject[]): string {
  const n = objects.map((o) => o.metadata.name);
  return n.length > 5 ? `${n.slice(0, 5).join(', ')}, … (${n.length})` : n.join(', ');
}

export function judgeExists(c: ExistsCheck, res: ResourceInfo, objects: KubeObject[]): Outcome {
  const what = whatRef(res, c);
  const alive = objects.filter((o) => !isTerminating(o));
  const dying = objects.filter(isTerminating);
  if (c.type === 'exists') {
    const expected = t(`${what.en} exists`, `${what.ko} 있음`);
    if (alive.length) return verdict(true, expected, c.name ? t('it exists', '있음') : t(`found: ${names(alive)}`, `찾음: ${names(alive)}`));
    if (dying.length) return verdict(false, expected, t(`only terminating: ${names(dying)}`, `삭제 중인 것만 있음: ${names(dying)}`), true);
    return verdict(false, expected, t('not found', '찾을 수 없음'));
  }
  const expected = t(`no ${what.en}`, `${what.ko} 없음`);
  if (!objects.length) return verdict(true, expected, t('none left', '남은 것 없음'));
  if (!alive.length) return verdict(false, expected, t(`still terminating: ${names(dying)}`, `아직 삭제 중: ${names(dying)}`), true);
  return verdict(false, expected, t(`still there: ${names(alive)}`, `아직 있음: ${names(alive)}`));
}

export async function evaluateExists(c: ExistsCheck, ctx: CheckContext): Promise<Outcome> {
  const { res, objects } = await readTargets(ctx, c);
  return judgeExists(c, res, objects);
}

function looseEqual(a: unknown, b: unknown): boolean {
  if (deepEqual(a, b)) return true;
  const scalar = (v: unknown) => v !== null && v !== undefined && typeof v !== 'object';
  return scalar(a) && scalar(b) && String(a) === String(b);
}

function conditionWords(c: FieldCheck): Text {
  if (c.equals !== undefined) return t(`= ${quote(c.equals)}`, `= ${quote(c.equals)}`);
  if (c.matches !== undefined) return t(`matching /${c.matches}/`, `/${c.matches}/ 패턴과 일치`);
  if (c.range) {
    const { min, max } = c.range;
    if (min !== undefined && min === max) return same(`= ${min}`);
    if (min !== undefined && max !== undefined) return t(`between ${min} and ${max}`, `${min} 이상 ${max} 이하`);
    return min !== undefined ? t(`≥ ${min}`, `${min} 이상`) : t(`≤ ${max}`, `${max} 이하`);
  }
  if (c.oneOf) return t(`one of ${c.oneOf.map(quote).join(', ')}`, `${c.oneOf.map(quote).join(', ')} 중 하나`);
  return c.present ? t('set', '값이 있음') : t('not set', '값이 없음');
}

function satisfies(c: FieldCheck, v: unknown): boolean {
  if (c.equals !== undefined) return looseEqual(v, c.equals);
  if (c.matches !== undefined) return new RegExp(c.matches).test(formatJsonPathValue(v));
  if (c.range) {
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    return !Number.isNaN(n) && inRange(n, c.range);
  }
  if (c.oneOf) return c.oneOf.some((x) => looseEqual(v, x));
  return true;
}

export function judgeField(c: FieldCheck, res: ResourceInfo, objects: KubeObject[]): Outcome {
  const what = whatRef(res, c);
  const cond = conditionWords(c);
  const field = pathWords(c.path);
  const expected = t(`${field.en} of ${what.en}: ${cond.en}`, `${what.ko}의 ${field.ko}: ${cond.ko}`);
  const details = same(`JSONPath ${c.path}`);
  if (!objects.length) return { ...verdict(false, expected, t(`${what.en} not found`, `${what.ko}을(를) 찾을 수 없음`)), details };
  const path = compileJsonPath(c.path);
  const perObject = objects.map((o) => ({ obj: o, values: path.evaluate(o) }));
  const show = (p: { obj: KubeObject; values: unknown[] }) => {
    const v = p.values.length ? p.values.map(formatJsonPathValue).join(' ') : null;
    const prefix = objects.length > 1 ? `${p.obj.metadata.name}: ` : '';
    return t(`${prefix}${v ?? '(no value)'}`, `${prefix}${v ?? '(값 없음)'}`);
  };
  const found = joinTexts(perObject.map(show), '; ');
  let ok: (p: { values: unknown[] }) => boolean;
  if (c.present !== undefined) ok = (p) => (p.values.length > 0) === c.present;
  else if (c.match === 'all') ok = (p) => p.values.length > 0 && p.values.every((v) => satisfies(c, v));
  else ok = (p) => p.values.some((v) => satisfies(c, v));
  const passed = c.match === 'all' ? perObject.every(ok) : perObject.some(ok);
  return { ...verdict(passed, expected, found, objects.some(isTerminating)), details };
}

export async function evaluateField(c: FieldCheck, ctx: CheckContext): Promise<Outcome> {
  const { res, objects } = await readTargets(ctx, c);
  return judgeField(c, res, objects);
}

/** The objects a count check counts. */
export function countedObjects(c: CountCheck, objects: KubeObject[]): KubeObject[] {
  return objects.filter(
    (o) =>
      !isTerminating(o) &&
      (!c.active || isActive(o)) &&
      (!c.phase || fieldOf(o.status, 'phase') === c.phase) &&
      (c.ready === undefined || isReady(o) === c.ready),
  );
}

export function judgeCount(c: CountCheck, res: ResourceInfo, objects: KubeObject[]): Outcome {
  const conditions: Text[] = [];
  if (c.active) conditions.push(t('active', '활성'));
  if (c.phase) conditions.push(same(c.phase));
  if (c.ready === true) conditions.push(t('Ready', 'Ready'));
  if (c.ready === false) conditions.push(t('not Ready', 'Ready 아님'));
  const cond = conditions.length ? joinTexts(conditions, ' and ') : undefined;
  const want = rangeWords(c.count);
  const group = setRef(res, c.selector, c.fieldSelector, c.count.max ?? 2);
  const expected = cond
    ? t(`${want.en} ${group.en} ${cond.en}`, `${cond.ko.replace(/ and /g, ', ')} 상태인 ${group.ko} ${want.ko}${/\d$/.test(want.ko) ? '개' : ''}`)
    : t(`${want.en} ${group.en}`, `${group.ko} ${want.ko}${/\d$/.test(want.ko) ? '개' : ''}`);
  const counted = countedObjects(c, objects);
  const breakdown = tallyWords(objects, c.ready !== undefined);
  const found = objects.length
    ? breakdown
    : t(`no ${kindWord(res, 2).en}${c.selector ? ` with ${c.selector}` : ''}`, `${c.selector ? `${c.selector} 조건의 ` : ''}${kindWord(res).ko} 없음`);
  const passed = inRange(counted.length, c.count);
  const transitional = objects.some(
    (o) =>
      isTerminating(o) ||
      (isKind(o, 'Pod') && !isReady(o) && ['Pending', 'Running'].includes(o.status?.phase ?? '') && !waitingReason(o)?.reason.match(/BackOff|ErrImagePull|InvalidImageName|CreateContainerConfigError/)) ||
      (c.active && o.kind !== 'Pod' && (fieldOf(o.spec, 'replicas') ?? 1) === 0 && Number(fieldOf(o.status, 'replicas') ?? 0) > 0),
  );
  return verdict(passed, expected, found, transitional);
}

export async function evaluateCount(c: CountCheck, ctx: CheckContext): Promise<Outcome> {
  const { res, namespace, objects } = await readTargets(ctx, { resource: c.resource, selector: c.selector, fieldSelector: c.fieldSelector, namespace: c.namespace });
  const out = judgeCount(c, res, objects);
  // Too few pods: say why, from the learner's own pods (labels that differ, an image that cannot be pulled).
  if (out.status === 'failed' && res.kind === 'Pod' && countedObjects(c, objects).length < (c.count.min ?? 0) && c.ready !== false) {
    // A controller whose creates the learner's budget refused: that is why, whatever the labels say.
    const budget = budgetDiagnosis((await ctx.client.list(findKind('Event')!, namespace)).items, ctx.startedAt);
    // The resource is pods: what was read are Pods.
    const all = c.selector && !objects.length && !budget ? ((await ctx.client.list(res, namespace)).items as Pod[]) : [];
    const why = budget ?? podSetProblem(c.selector, objects as Pod[], all);
    if (why) out.diagnosis = why;
  }
  return out;
}

export function judgeContainers(c: ContainersCheck, res: ResourceInfo, obj: KubeObject | undefined): Outcome {
  const what = objectRef(res, c.name);
  const parts: Text[] = [];
  if (c.count) parts.push(t(`${rangeWords(c.count).en} container(s)`, `컨테이너 ${rangeWords(c.count).ko}${/\d$/.test(rangeWords(c.count).ko) ? '개' : ''}`));
  if (c.names) parts.push(t(`containers named ${c.names.join(', ')}`, `이름이 ${c.names.join(', ')}인 컨테이너`));
  const expected = t(`${what.en} has ${joinTexts(parts, ' and ').en}`, `${what.ko}: ${joinTexts(parts, ', ').ko}`);
  if (!obj) return verdict(false, expected, t(`${what.en} not found`, `${what.ko}을(를) 찾을 수 없음`));
  const have = containerNames(podSpecOf(obj));
  const found = have.length
    ? t(`${have.length} container(s): ${have.join(', ')}`, `컨테이너 ${have.length}개: ${have.join(', ')}`)
    : t('no containers', '컨테이너 없음');
  const passed = (!c.count || inRange(have.length, c.count)) && (!c.names || c.names.every((n) => have.includes(n)));
  return verdict(passed, expected, found);
}

export async function evaluateContainers(c: ContainersCheck, ctx: CheckContext): Promise<Outcome> {
  const { res, objects } = await readTargets(ctx, { resource: c.resource, name: c.name, namespace: c.namespace });
  return judgeContainers(c, res, objects[0]);
}

function decode(v: unknown): string {
  return typeof v === 'string' ? Buffer.from(v, 'base64').toString('utf8') : '';
}

export function judgeDataKeys(c: DataKeysCheck, res: ResourceInfo, obj: KubeObject | undefined): Outcome {
  const what = objectRef(res, c.name);
  const wantValues = Object.entries(c.values ?? {});
  const keysText = c.keys.join(', ');
  const expected = wantValues.length
    ? t(`${what.en} with ${wantValues.map(([k, v]) => `${k}=${v}`).join(', ')}`, `${what.ko}: ${wantValues.map(([k, v]) => `${k}=${v}`).join(', ')}`)
    : t(`${what.en} with keys ${keysText}`, `${what.ko}에 키 ${keysText}`);
  if (!obj) return verdict(false, expected, t(`${what.en} not found`, `${what.ko}을(를) 찾을 수 없음`));
  const secret = obj.kind === 'Secret';
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj.data ?? {})) data[k] = secret ? decode(v) : String(v);
  for (const k of Object.keys(obj.binaryData ?? {})) data[k] ??= '';
  const have = Object.keys(data).sort();
  const missing = c.keys.filter((k) => !(k in data));
  const wrong = wantValues.filter(([k, v]) => k in data && data[k] !== v);
  if (!missing.length && !wrong.length) return verdict(true, expected, t(`keys: ${have.join(', ')}`, `키: ${have.join(', ')}`));
  const found: Text[] = [];
  if (missing.length) found.push(t(`missing ${missing.join(', ')} (has: ${have.join(', ') || 'none'})`, `${missing.join(', ')} 없음 (있는 키: ${have.join(', ') || '없음'})`));
  // Secret values are not echoed back: the learner sees which key differs, not its content.
  for (const [k] of wrong) found.push(secret ? t(`${k} has a different value`, `${k}의 값이 다름`) : t(`${k}=${data[k]}`, `${k}=${data[k]}`));
  return verdict(false, expected, joinTexts(found, '; '));
}

export async function evaluateDataKeys(c: DataKeysCheck, ctx: CheckContext): Promise<Outcome> {
  const { res, objects } = await readTargets(ctx, { resource: c.resource, name: c.name, namespace: c.namespace });
  return judgeDataKeys(c, res, objects[0]);
}
