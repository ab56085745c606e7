// Label selectors the grader evaluates itself: the string form instructors write in checks (`app=echo,tier!=db`,
// `env in (a,b)`, `!legacy`) for matching pod templates, and metav1.LabelSelector objects (a Deployment's
// spec.selector) for "does the selector match the template labels". The API server filters lists; this is for the
// cases where the objects to match are not what the server lists.

export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

type Requirement =
  | { key: string; op: 'eq' | 'neq'; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'absent' };

export class SelectorSyntaxError extends Error {}

const KEY = /^([a-z0-9A-Z][-a-zA-Z0-9_.]*\/)?[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Splits on commas that are not inside `( … )`. */
function splitTop(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of s) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  return parts.map((p) => p.trim()).filter(Boolean);
}

function checkKey(key: string, whole: string): string {
  if (!KEY.test(key)) throw new SelectorSyntaxError(`label selector "${whole}": "${key}" is not a valid label key`);
  return key;
}

function checkValue(value: string, whole: string): string {
  if (!VALUE.test(value) || value.length > 63) throw new SelectorSyntaxError(`label selector "${whole}": "${value}" is not a valid label value`);
  return value;
}

export function parseLabelSelectorString(selector: string): Requirement[] {
  const out: Requirement[] = [];
  for (const part of splitTop(selector)) {
    let m: RegExpExecArray | null;
    if ((m = /^!\s*(\S+)$/.exec(part))) out.push({ key: checkKey(m[1], selector), op: 'absent' });
    else if ((m = /^(\S+?)\s+(in|notin)\s*\(([^)]*)\)$/.exec(part))) {
      const values = m[3].split(',').map((v) => checkValue(v.trim(), selector));
      out.push({ key: checkKey(m[1], selector), op: m[2] as 'in' | 'notin', values });
    } else if ((m = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(part))) {
      out.push({ key: checkKey(m[1], selector), op: m[2] === '!=' ? 'neq' : 'eq', value: checkValue(m[3], selector) });
    } else if ((m = /^(\S+)$/.exec(part))) out.push({ key: checkKey(m[1], selector), op: 'exists' });
    else throw new SelectorSyntaxError(`label selector "${selector}": cannot read "${part}"`);
  }
  return out;
}

function requirementMatches(r: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.op) {
    case 'eq':
      return has && labels[r.key] === r.value;
    case 'neq':
      return !has || labels[r.key] !== r.value;
    case 'in':
      return has && r.values.includes(labels[r.key]);
    case 'notin':
      return !has || !r.values.includes(labels[r.key]);
    case 'exists':
      return has;
    case 'absent':
      return !has;
  }
}

/** A string selector against a label map; the empty selector matches everything. */
export function labelsMatchString(selector: string, labels: Record<string, string> | undefined): boolean {
  return parseLabelSelectorString(selector).every((r) => requirementMatches(r, labels ?? {}));
}

/** A metav1.LabelSelector against a label map: `{}` matches everything, a missing selector nothing. */
export function labelsMatchObject(selector: LabelSelectorObject | undefined | null, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  const l = labels ?? {};
  const reqs: Requirement[] = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => ({ key, op: 'eq' as const, value }));
  for (const e of selector.matchExpressions ?? []) {
    const values = e.values ?? [];
    if (e.operator === 'In') reqs.push({ key: e.key, op: 'in', values });
    else if (e.operator === 'NotIn') reqs.push({ key: e.key, op: 'notin', values });
    else if (e.operator === 'Exists') reqs.push({ key: e.key, op: 'exists' });
    else if (e.operator === 'DoesNotExist') reqs.push({ key: e.key, op: 'absent' });
    else return false;
  }
  return reqs.every((r) => requirementMatches(r, l));
}

/** `app=echo,tier=web` for messages (matchExpressions in kubectl's own wording). */
export function formatSelectorObject(selector: LabelSelectorObject | undefined | null): string {
  if (!selector) return '<none>';
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector.matchExpressions ?? []) {
    if (e.operator === 'In') parts.push(`${e.key} in (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',') || '<everything>';
}

export function formatLabels(labels: Record<string, string> | undefined): string {
  const parts = Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`);
  return parts.length ? parts.join(',') : '<no labels>';
}
