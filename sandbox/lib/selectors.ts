// Label and field selectors as kube-apiserver understands them: the `?labelSelector=` grammar of apimachinery's
// labels.Parse (with its exact error wording, since kubectl prints it after "Unable to find …"), metav1.LabelSelector
// objects from specs, and `?fieldSelector=` with the per-kind list of selectable fields the real scheme registers.
// Everything here is pure; errors are thrown as 400 BadRequest StatusErrors.
import { badRequest } from '../api/errors';
import type { KubeObject } from '../api/types';
import type { Event, Job, Namespace, Node, Pod, Secret, Service } from '../api/objects';
import { goQuote } from './go-quote';
import { isQualifiedName, isValidLabelValue } from './names';

export interface LabelSelector {
  /** True when the selector does not restrict anything. */
  readonly empty: boolean;
  matches(labels: Record<string, string> | undefined): boolean;
  /** The canonical string form (requirements sorted by key), as labels.Selector.String(). */
  toString(): string;
}

type Operator = 'in' | 'notin' | '=' | '==' | '!=' | 'gt' | 'lt' | 'exists' | '!';

interface Requirement {
  key: string;
  op: Operator;
  values: string[];
}

const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';

function requirementMatches(r: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? String(labels[r.key]) : undefined;
  switch (r.op) {
    case 'in': case '=': case '==': return has && r.values.includes(value!);
    case 'notin': case '!=': return !has || !r.values.includes(value!);
    case 'exists': return has;
    case '!': return !has;
    case 'gt': case 'lt': {
      if (!has || !/^[+-]?\d+$/.test(value!)) return false;
      const int = (v: string) => BigInt(v.replace(/^\+/, ''));
      const [a, b] = [int(value!), int(r.values[0])];
      return r.op === 'gt' ? a > b : a < b;
    }
  }
}

function requirementString(r: Requirement): string {
  if (r.op === '!') return `!${r.key}`;
  if (r.op === 'exists') return r.key;
  const values = [...r.values].sort().join(',');
  if (r.op === 'in' || r.op === 'notin') return `${r.key} ${r.op} (${values})`;
  return `${r.key}${r.op === 'gt' ? '>' : r.op === 'lt' ? '<' : r.op}${values}`;
}

function selectorOf(reqs: Requirement[]): LabelSelector {
  // Go sorts requirements by key so String() is deterministic; a stable sort keeps equal keys in input order.
  const sorted = [...reqs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    empty: sorted.length === 0,
    matches: (labels) => sorted.every((r) => requirementMatches(r, labels ?? {})),
    toString: () => sorted.map(requirementString).join(','),
  };
}

/** Go's %#v of a []string value inside a field error. */
function goSlice(values: string[]): string {
  return values.length ? `[]string{${values.map(goQuote).join(', ')}}` : '[]string(nil)';
}

/** labels.NewRequirement's checks; returns the aggregated message or undefined. */
function requirementError(r: Requirement): string | undefined {
  const errs: string[] = [];
  const keyErrs = isQualifiedName(r.key);
  if (keyErrs.length) errs.push(`key: Invalid value: ${goQuote(r.key)}: ${keyErrs.join('; ')}`);
  if ((r.op === 'in' || r.op === 'notin') && !r.values.length) {
    errs.push(`values: Invalid value: ${goSlice(r.values)}: for 'in', 'notin' operators, values set can't be empty`);
  } else if ((r.op === 'exists' || r.op === '!') && r.values.length) {
    errs.push(`values: Invalid value: ${goSlice(r.values)}: values set must be empty for exists and does not exist`);
  } else if (r.op === 'gt' || r.op === 'lt') {
    r.values.forEach((v, i) => {
      if (!/^[+-]?\d+$/.test(v)) errs.push(`values[${i}]: Invalid value: ${goQuote(v)}: for 'Gt', 'Lt' operators, the value must be an integer`);
    });
  }
  r.values.forEach((v, i) => {
    const valueErrs = isValidLabelValue(v);
    if (valueErrs.length) errs.push(`values[${i}][${r.key}]: Invalid value: ${goQuote(v)}: ${valueErrs.join('; ')}`);
  });
  const unique = [...new Set(errs)];
  if (!unique.length) return undefined;
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

// ---- the query-string grammar (labels.Parse) ----

type Tok = 'id' | 'eos' | '(' | ')' | ',' | '!' | '=' | '==' | '!=' | '>' | '<' | 'in' | 'notin';
interface Item { tok: Tok; lit: string }

const SYMBOLS = new Set(['(', ')', ',', '!', '=', '==', '!=', '>', '<']);
const isSpecial = (ch: string) => '=!(),><'.includes(ch);
const isSpace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';

function lex(s: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isSpace(s[pos])) pos++;
    if (pos >= s.length) {
      items.push({ tok: 'eos', lit: '' });
      return items;
    }
    if (isSpecial(s[pos])) {
      // Longest run of symbol characters that still forms a known operator ("!=", "==", "!").
      let buffer = '';
      let last: string | undefined;
      while (pos < s.length && isSpecial(s[pos])) {
        buffer += s[pos];
        if (SYMBOLS.has(buffer)) last = buffer;
        else if (last) break;
        pos++;
      }
      items.push({ tok: last as Tok, lit: last! });
      continue;
    }
    const start = pos;
    while (pos < s.length && !isSpecial(s[pos]) && !isSpace(s[pos])) pos++;
    const lit = s.slice(start, pos);
    items.push({ tok: lit === 'in' || lit === 'notin' ? lit : 'id', lit });
  }
}

class Parser {
  private pos = 0;
  constructor(private readonly items: Item[]) {}

  /** In value position the keywords `in`/`notin` are plain identifiers ("x in (in)"). */
  private peek(values = true): Item {
    const it = this.items[this.pos];
    return values && (it.tok === 'in' || it.tok === 'notin') ? { tok: 'id', lit: it.lit } : it;
  }
  private next(values = true): Item {
    const it = this.peek(values);
    this.pos++;
    return it;
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.peek();
      if (tok === 'eos') return reqs;
      if (tok !== 'id' && tok !== '!') throw new Error(`found '${lit}', expected: !, identifier, or 'end of string'`);
      try {
        reqs.push(this.requirement());
      } catch (e) {
        throw new Error(`unable to parse requirement: ${(e as Error).message}`, { cause: e });
      }
      const after = this.next();
      if (after.tok === 'eos') return reqs;
      if (after.tok !== ',') throw new Error(`found '${after.lit}', expected: ',' or 'end of string'`);
      const following = this.peek();
      if (following.tok !== 'id' && following.tok !== '!') throw new Error(`found '${following.lit}', expected: identifier after ','`);
    }
  }

  private requirement(): Requirement {
    let op: Operator | undefined;
    let it = this.next();
    if (it.tok === '!') {
      op = '!';
      it = this.next();
    }
    if (it.tok !== 'id') throw new Error(`found '${it.lit}', expected: identifier`);
    const key = it.lit;
    const keyErrs = isQualifiedName(key);
    if (keyErrs.length) throw new Error(`<nil>: Invalid value: ${goQuote(key)}: ${keyErrs.join('; ')}`);
    const ahead = this.peek().tok;
    if (op !== '!' && (ahead === 'eos' || ahead === ',')) op = 'exists';
    if (op === undefined) {
      const o = this.next(false);
      const ops: Partial<Record<Tok, Operator>> = { in: 'in', notin: 'notin', '=': '=', '==': '==', '!=': '!=', '>': 'gt', '<': 'lt' };
      op = ops[o.tok];
      if (!op) throw new Error(`found '${o.lit}', expected: ${BINARY_OPERATORS}`);
    }
    let values: Set<string> = new Set();
    if (op === 'in' || op === 'notin') values = this.valueSet();
    else if (op !== 'exists' && op !== '!') values = this.exactValue();
    const req: Requirement = { key, op, values: [...values].sort() };
    const err = requirementError(req);
    if (err) throw new Error(err);
    return req;
  }

  private valueSet(): Set<string> {
    const open = this.next();
    if (open.tok !== '(') throw new Error(`found '${open.lit}' expected: '('`);
    const first = this.peek();
    if (first.tok === ')') {
      this.next();
      return new Set(['']);
    }
    if (first.tok !== 'id' && first.tok !== ',') throw new Error(`found '${first.lit}', expected: ',', ')' or identifier`);
    const set = this.identifiers();
    // kube-apiserver names the token seen before the list here, not the offending one; kept for fidelity.
    if (this.next().tok !== ')') throw new Error(`found '${first.lit}', expected: ')'`);
    return set;
  }

  private identifiers(): Set<string> {
    const set = new Set<string>();
    for (;;) {
      const it = this.next();
      if (it.tok === 'id') {
        set.add(it.lit);
        const ahead = this.peek();
        if (ahead.tok === ',') continue;
        if (ahead.tok === ')') return set;
        throw new Error(`found '${ahead.lit}', expected: ',' or ')'`);
      }
      if (it.tok !== ',') throw new Error(`found '${it.lit}', expected: ',', or identifier`);
      if (!set.size) set.add(''); // "(,a)" has an empty value first
      const ahead = this.peek().tok;
      if (ahead === ')') {
        set.add('');
        return set;
      }
      if (ahead === ',') set.add('');
    }
  }

  private exactValue(): Set<string> {
    const ahead = this.peek().tok;
    if (ahead === 'eos' || ahead === ',') return new Set(['']);
    const it = this.next();
    if (it.tok === 'id') return new Set([it.lit]);
    throw new Error(`found '${it.lit}', expected: identifier`);
  }
}

/** The selector text: a query parameter given twice arrives as an array, and the first one counts. */
function firstValue(text: string | undefined): string {
  const raw: unknown = text;
  return Array.isArray(raw) ? String((raw as unknown[])[0] ?? '') : (text ?? '');
}

/** Parses `app=echo,tier!=db,env in (a,b),x notin (c),has,!missing` (also `==`, `>`, `<`). */
export function parseLabelSelector(text: string | undefined): LabelSelector {
  const s = firstValue(text);
  try {
    return selectorOf(new Parser(lex(s)).parse());
  } catch (e) {
    throw badRequest((e as Error).message);
  }
}

export interface LabelSelectorSpec {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

const SPEC_OPERATORS: Record<string, Operator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/** metav1.LabelSelectorAsSelector, except that a missing selector also matches everything (see header of callers). */
export function labelSelectorFromSpec(spec: LabelSelectorSpec | null | undefined): LabelSelector {
  const reqs: Requirement[] = [];
  for (const [key, value] of Object.entries(spec?.matchLabels ?? {})) reqs.push({ key, op: '=', values: [String(value)] });
  for (const expr of spec?.matchExpressions ?? []) {
    const op = SPEC_OPERATORS[expr.operator];
    if (!op) throw badRequest(`${goQuote(String(expr.operator))} is not a valid label selector operator`);
    reqs.push({ key: expr.key, op, values: (expr.values ?? []).map(String) });
  }
  for (const r of reqs) {
    const err = requirementError(r);
    if (err) throw badRequest(err);
  }
  return selectorOf(reqs);
}

/** metav1.FormatLabelSelector: `app=echo`, `<none>` when empty or missing, `<error>` when invalid. */
export function formatLabelSelector(spec: LabelSelectorSpec | null | undefined): string {
  try {
    return labelSelectorFromSpec(spec).toString() || '<none>';
  } catch {
    return '<error>';
  }
}

// ---- field selectors ----

export interface FieldSelector {
  readonly empty: boolean;
  matches(obj: KubeObject): boolean;
  /** The value a `field=value` term pins, for callers that can look an object up directly (metadata.name). */
  requiresExactMatch(field: string): string | undefined;
}

interface FieldRules {
  /** Field labels the scheme's conversion function accepts (renames map old labels to new ones). */
  accept: readonly string[];
  renames?: Record<string, string>;
  error: (label: string) => string;
  /** The selectable fields of an object of the rule's kind (each rule below takes its own kind's type). */
  fields(o: KubeObject): Record<string, string>;
}

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const notSupported = (label: string) => `field label not supported: ${label}`;

function metaFields(o: KubeObject, namespaced = true): Record<string, string> {
  const f: Record<string, string> = { 'metadata.name': str(o.metadata?.name) };
  if (namespaced) f['metadata.namespace'] = str(o.metadata?.namespace);
  return f;
}

const INVOLVED = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'] as const;

const DEFAULT_RULES: FieldRules = {
  accept: ['metadata.name', 'metadata.namespace'],
  error: (label) => `${goQuote(label)} is not a known field selector: only "metadata.name", "metadata.namespace"`,
  fields: (o) => metaFields(o),
};

// Per kind, what kube-apiserver's scheme registers (pkg/apis/*/v1/conversion.go) and selects (registry strategies).
const FIELD_RULES: Record<string, FieldRules> = {
  Pod: {
    accept: ['metadata.name', 'metadata.namespace', 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName',
      'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.podIPs', 'status.nominatedNodeName'],
    renames: { 'spec.host': 'spec.nodeName' },
    error: notSupported,
    fields: (o: Pod) => ({
      ...metaFields(o),
      'spec.nodeName': str(o.spec?.nodeName),
      'spec.restartPolicy': str(o.spec?.restartPolicy),
      'spec.schedulerName': str(o.spec?.schedulerName),
      'spec.serviceAccountName': str(o.spec?.serviceAccountName),
      'spec.hostNetwork': String(o.spec?.hostNetwork === true),
      'status.phase': str(o.status?.phase),
      'status.podIP': str(o.status?.podIPs?.[0]?.ip ?? o.status?.podIP),
      'status.nominatedNodeName': str(o.status?.nominatedNodeName),
    }),
  },
  Node: {
    accept: ['metadata.name', 'spec.unschedulable'],
    error: notSupported,
    fields: (o: Node) => ({ ...metaFields(o, false), 'spec.unschedulable': String(o.spec?.unschedulable === true) }),
  },
  Namespace: {
    accept: ['metadata.name', 'status.phase'],
    error: notSupported,
    fields: (o: Namespace) => ({ ...metaFields(o, false), 'status.phase': str(o.status?.phase) }),
  },
  Secret: {
    accept: ['metadata.name', 'metadata.namespace', 'type'],
    error: notSupported,
    fields: (o: Secret) => ({ ...metaFields(o), type: str(o.type) }),
  },
  Service: {
    accept: ['metadata.name', 'metadata.namespace', 'spec.clusterIP', 'spec.type'],
    error: notSupported,
    fields: (o: Service) => ({ ...metaFields(o), 'spec.clusterIP': str(o.spec?.clusterIP), 'spec.type': str(o.spec?.type) }),
  },
  Event: {
    accept: ['metadata.name', 'metadata.namespace', ...INVOLVED.map((k) => `involvedObject.${k}`), 'reason', 'reportingComponent', 'source', 'type'],
    error: notSupported,
    fields: (o: Event) => ({
      ...metaFields(o),
      ...Object.fromEntries(INVOLVED.map((k) => [`involvedObject.${k}`, str(o.involvedObject?.[k])])),
      reason: str(o.reason),
      reportingComponent: str(o.reportingComponent),
      source: str(o.source?.component || o.reportingComponent),
      type: str(o.type),
    }),
  },
  Job: {
    accept: ['metadata.name', 'metadata.namespace', 'status.successful'],
    error: (label) => `field label ${goQuote(label)} not supported for batchv1.Job`,
    fields: (o: Job) => ({ ...metaFields(o), 'status.successful': String(o.status?.succeeded ?? 0) }),
  },
};

/** fields.splitTerms: commas split terms unless backslash-escaped. */
function splitTerms(s: string): string[] {
  if (!s) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < s.length; i++) {
    if (inSlash) inSlash = false;
    else if (s[i] === '\\') inSlash = true;
    else if (s[i] === ',') {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

function unescapeValue(s: string): string {
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') throw new Error(`invalid field selector: invalid escape sequence: \\${c}`);
      out += c;
      inSlash = false;
    } else if (c === '\\') inSlash = true;
    else if (c === ',' || c === '=') throw new Error(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    else out += c;
  }
  if (inSlash) throw new Error('invalid field selector: invalid escape sequence: \\');
  return out;
}

interface Term { field: string; value: string; negate: boolean }

/** `metadata.name=x,metadata.namespace!=y,spec.nodeName==n`, checked against the fields `kind` supports. */
export function parseFieldSelector(text: string | undefined, kind: string): FieldSelector {
  const s = firstValue(text);
  const rules = FIELD_RULES[kind] ?? DEFAULT_RULES;
  const terms: Term[] = [];
  try {
    const parsed: Term[] = [];
    for (const part of splitTerms(s).sort()) {
      if (!part) continue;
      // The first operator occurrence splits the term; at each position "!=" and "==" win over "=".
      const m = /^(.*?)(!=|==|=)(.*)$/s.exec(part);
      if (!m) throw new Error(`invalid selector: '${s}'; can't understand '${part}'`);
      parsed.push({ field: m[1], negate: m[2] === '!=', value: unescapeValue(m[3]) });
    }
    for (const t of parsed) {
      const field = rules.renames?.[t.field] ?? t.field;
      if (!rules.accept.includes(t.field) && !rules.renames?.[t.field]) throw new Error(rules.error(t.field));
      terms.push({ ...t, field });
    }
  } catch (e) {
    throw badRequest((e as Error).message);
  }
  return {
    empty: terms.length === 0,
    matches(obj) {
      if (!terms.length) return true;
      const f = rules.fields(obj);
      return terms.every((t) => ((f[t.field] ?? '') === t.value) !== t.negate);
    },
    requiresExactMatch: (field) => terms.find((t) => t.field === field && !t.negate)?.value,
  };
}
