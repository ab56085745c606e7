// Validates instructor-written checks (plain YAML data) into typed Check values. Every kind lists its fields here,
// so this file is also the reference of what a lab may write; errors carry field paths for `kubelab labs check`.
import { FieldReader, isMapping, type FieldPath, type SchemaError } from './fields';
import type { Check, CheckType, LiveAnswer, QuizChoice, ServicePortExpectation, Text } from './types';

export type { SchemaError, FieldPath } from './fields';

const WORKLOAD_KINDS = ['Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'];

export const CHECK_TYPES: readonly CheckType[] = [
  'exists', 'absent', 'field', 'count', 'selector-matches-template', 'rollout-history', 'service', 'ingress',
  'data-keys', 'probe', 'containers', 'http', 'event', 'replaced', 'script', 'did', 'quiz',
];

const DID_REQUESTS = ['exec', 'attach', 'logs', 'port-forward', 'get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] as const;

type Parser = (r: FieldReader, base: { id: string; title: Text; hint: Text; namespace?: string }) => Check | undefined;

/** A target is one object by name or a set by selector; at least one way to pick. */
function target(r: FieldReader, kinds?: string[]) {
  const resource = r.resource('resource', kinds);
  const name = r.string('name');
  const selector = r.labelSelector('selector');
  const fieldSelector = r.string('fieldSelector');
  if (name && (selector || fieldSelector)) r.error('name', 'give either name or selector/fieldSelector, not both');
  return { resource: resource!, name, selector, fieldSelector };
}

const PARSERS: Record<CheckType, Parser> = {
  exists: (r, base) => ({ ...base, type: 'exists', ...target(r) }),
  absent: (r, base) => ({ ...base, type: 'absent', ...target(r) }),

  field: (r, base) => {
    const t = target(r);
    if (!t.name && !t.selector && !t.fieldSelector) r.error(undefined, 'a field check needs name or selector to pick objects');
    const path = r.jsonPath('path');
    const equals = r.has('equals') ? r.obj.equals : undefined;
    const matches = r.regex('matches');
    const range = r.range('range');
    let oneOf: unknown[] | undefined;
    if (r.has('oneOf')) {
      oneOf = Array.isArray(r.obj.oneOf) && r.obj.oneOf.length ? r.obj.oneOf : undefined;
      if (!oneOf) r.error('oneOf', 'oneOf must be a non-empty list');
    }
    const present = r.boolean('present');
    const conditions = [equals !== undefined, !!matches, !!range, !!oneOf, present !== undefined].filter(Boolean).length;
    if (conditions !== 1) r.error(undefined, 'a field check needs exactly one of equals, matches, range, oneOf, present');
    const match = r.oneOf('match', ['all', 'any'] as const) ?? 'all';
    return { ...base, type: 'field', ...t, path: path!, equals, matches, range, oneOf, present, match };
  },

  count: (r, base) => {
    const resource = r.resource();
    const selector = r.labelSelector('selector');
    const fieldSelector = r.string('fieldSelector');
    const phase = r.string('phase');
    const ready = r.boolean('ready');
    const active = r.boolean('active');
    const count = r.range('count', true);
    return { ...base, type: 'count', resource: resource!, selector, fieldSelector, phase, ready, active, count: count! };
  },

  'selector-matches-template': (r, base) => {
    const resource = r.resource('resource', ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job']);
    return { ...base, type: 'selector-matches-template', resource: resource!, name: r.string('name', true)! };
  },

  'rollout-history': (r, base) => {
    const name = r.string('name', true, 'the Deployment name');
    const rolledBack = r.boolean('rolledBack');
    const minRevisions = r.number('minRevisions', { integer: true, min: 1 });
    let changeCause: boolean | string | undefined;
    if (r.has('changeCause')) changeCause = typeof r.obj.changeCause === 'boolean' ? r.boolean('changeCause') : r.regex('changeCause');
    if (rolledBack === undefined && minRevisions === undefined && changeCause === undefined) {
      r.error(undefined, 'a rollout-history check needs rolledBack, minRevisions and/or changeCause');
    }
    return { ...base, type: 'rollout-history', name: name!, rolledBack, minRevisions, changeCause };
  },

  service: (r, base) => {
    const name = r.string('name', true, 'the Service name');
    const serviceType = r.oneOf('serviceType', ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const);
    const selector = r.stringMap('selector');
    const endpoints = typeof r.obj.endpoints === 'boolean' || r.obj.endpoints === undefined ? r.boolean('endpoints') : r.range('endpoints');
    let ports: ServicePortExpectation[] | undefined;
    if (r.has('ports')) {
      if (!Array.isArray(r.obj.ports) || !r.obj.ports.length) r.error('ports', 'ports must be a non-empty list');
      else {
        ports = r.obj.ports.map((p, i) => {
          if (!isMapping(p)) {
            r.error('ports', `ports[${i}] must be a mapping`);
            return {};
          }
          const pr = new FieldReader(p, [...r.path, 'ports', i], r.errors);
          const nodePort = p.nodePort === true ? true : pr.number('nodePort', { integer: true, min: 1 });
          pr.accept('nodePort');
          const out: ServicePortExpectation = {
            name: pr.string('name'),
            port: pr.number('port', { integer: true, min: 1 }),
            targetPort: pr.portRef('targetPort'),
            nodePort,
            protocol: pr.oneOf('protocol', ['TCP', 'UDP', 'SCTP'] as const),
          };
          pr.finish();
          return out;
        });
      }
    }
    return { ...base, type: 'service', name: name!, serviceType, selector, ports, endpoints };
  },

  ingress: (r, base) => ({
    ...base,
    type: 'ingress',
    name: r.string('name'),
    host: r.string('host'),
    path: r.string('path'),
    service: r.string('service', true, 'the backend Service name')!,
    port: r.portRef('port'),
  }),

  'data-keys': (r, base) => {
    const resource = r.resource('resource', ['ConfigMap', 'Secret']);
    const values = r.stringMap('values');
    const keys = r.stringList('keys', !values) ?? Object.keys(values ?? {});
    const plural = resource === undefined ? 'configmaps' : /^(secret|secrets)$/i.test(resource) ? 'secrets' : 'configmaps';
    return { ...base, type: 'data-keys', resource: plural, name: r.string('name', true)!, keys, values };
  },

  probe: (r, base) => ({
    ...base,
    type: 'probe',
    resource: r.resource('resource', WORKLOAD_KINDS)!,
    name: r.string('name', true)!,
    container: r.string('container'),
    probe: r.oneOf('probe', ['readiness', 'liveness', 'startup'] as const, true)!,
    action: r.oneOf('action', ['httpGet', 'tcpSocket', 'exec', 'grpc'] as const),
    path: r.string('path'),
    port: r.portRef('port'),
  }),

  containers: (r, base) => {
    const resource = r.resource('resource', WORKLOAD_KINDS);
    const count = r.range('count');
    const names = r.stringList('names');
    if (!count && !names) r.error(undefined, 'a containers check needs count and/or names');
    return { ...base, type: 'containers', resource: resource!, name: r.string('name', true)!, count, names };
  },

  http: (r, base) => {
    const via = r.oneOf('via', ['service', 'nodeport', 'ingress'] as const, true);
    const service = r.string('service');
    if ((via === 'service' || via === 'nodeport') && !service) r.error('service', `service is required with via: ${via}`);
    const path = r.string('path') ?? '/';
    if (!path.startsWith('/')) r.error('path', 'path must start with /');
    const from = r.string('from');
    if (from && via !== 'service') r.error('from', 'from (a pod to send the request from) works with via: service');
    const blocked = r.boolean('blocked');
    if (blocked !== undefined && !from) r.error('blocked', 'blocked needs from: only a pod\'s request can be held back by a NetworkPolicy');
    return {
      ...base,
      type: 'http',
      ...(from ? { from } : {}),
      ...(blocked !== undefined ? { blocked } : {}),
      via: via!,
      service,
      port: r.portRef('port'),
      host: r.string('host'),
      path,
      status: r.number('status', { integer: true, min: 100 }) ?? 200,
      bodyContains: r.string('bodyContains'),
      bodyMatches: r.regex('bodyMatches'),
    };
  },

  event: (r, base) => ({
    ...base,
    type: 'event',
    reason: r.string('reason', true, 'an event reason such as SuccessfulCreate')!,
    involvedKind: r.string('involvedKind'),
    involvedName: r.regex('involvedName'),
    messageMatches: r.regex('messageMatches'),
    eventType: r.oneOf('eventType', ['Normal', 'Warning'] as const),
    since: r.oneOf('since', ['step', 'any'] as const) ?? 'step',
  }),

  replaced: (r, base) => ({ ...base, type: 'replaced', selector: r.labelSelector('selector', true)! }),

  script: (r, base) => ({
    ...base,
    type: 'script',
    run: r.string('run', true, 'a shell command')!,
    timeoutSeconds: r.number('timeoutSeconds', { min: 1 }) ?? 20,
  }),

  did: (r, base) => {
    const request = r.oneOf('request', DID_REQUESTS);
    const stream = request === 'exec' || request === 'attach' || request === 'logs' || request === 'port-forward';
    const resource = r.has('resource') ? r.resource('resource', stream ? ['Pod'] : undefined) : undefined;
    const kubectl = r.string('kubectl');
    if (kubectl?.startsWith('kubectl ')) r.error('kubectl', 'write the command without "kubectl ", e.g. kubectl: rollout undo');
    if (!request && !kubectl) r.error(undefined, 'a did check needs request (exec, logs, get, ...) and/or kubectl (e.g. rollout undo)');
    const name = r.string('name');
    const namePattern = r.regex('namePattern');
    if (name && namePattern) r.error('name', 'give either name or namePattern, not both');
    const container = r.string('container');
    if (container && !['exec', 'attach', 'logs'].includes(request ?? '')) r.error('container', 'container goes with request: exec, attach or logs');
    const command = r.regex('command');
    if (command && request !== 'exec') r.error('command', 'command goes with request: exec');
    const follow = r.boolean('follow');
    if (follow !== undefined && request !== 'logs') r.error('follow', 'follow goes with request: logs');
    const output = r.oneOf('output', ['table', 'object'] as const);
    if (output && !['get', 'list', 'watch'].includes(request ?? '')) r.error('output', 'output goes with request: get, list or watch');
    return {
      ...base,
      type: 'did',
      request,
      resource,
      subresource: r.string('subresource'),
      name,
      namePattern,
      container,
      command,
      follow,
      output,
      kubectl,
      refused: r.boolean('refused'),
      since: r.oneOf('since', ['step', 'any'] as const) ?? 'step',
      example: r.text('example', { lenient: true }),
    };
  },

  quiz: (r, base) => {
    const question = r.text('question', { required: true });
    const multiple = r.boolean('multiple') ?? false;
    const answers = r.stringList('answers');
    const patterns = r.has('patterns') ? r.stringList('patterns') : undefined;
    for (const [i, p] of (patterns ?? []).entries()) {
      try {
        new RegExp(p);
      } catch (e) {
        r.errors.push({ path: [...r.path, 'patterns', i], message: (e as Error).message });
      }
    }
    let choices: QuizChoice[] | undefined;
    if (r.has('choices')) {
      if (!Array.isArray(r.obj.choices) || r.obj.choices.length < 2) r.error('choices', 'choices must list at least two choices');
      else {
        choices = r.obj.choices.map((c, i) => {
          const cr = new FieldReader(isMapping(c) ? c : {}, [...r.path, 'choices', i], r.errors);
          if (!isMapping(c)) cr.error(undefined, 'a choice is a mapping with id, text and correct');
          const choice = { id: cr.string('id', true)!, text: cr.text('text', { required: true })!, correct: cr.boolean('correct') ?? false };
          cr.finish();
          return choice;
        });
        const correct = choices.filter((c) => c.correct).length;
        if (correct === 0) r.error('choices', 'mark at least one choice correct: true');
        if (correct > 1 && !multiple) r.error('choices', 'several choices are correct: set multiple: true');
        const ids = choices.map((c) => c.id);
        if (new Set(ids).size !== ids.length) r.error('choices', 'choice ids must be unique');
      }
    }
    let answerFrom: LiveAnswer | undefined;
    if (r.has('answerFrom')) {
      if (!isMapping(r.obj.answerFrom)) r.error('answerFrom', 'answerFrom is a mapping with resource, name or selector, and path');
      else {
        const ar = new FieldReader(r.obj.answerFrom, [...r.path, 'answerFrom'], r.errors);
        const t = target(ar);
        if (!t.name && !t.selector) ar.error(undefined, 'answerFrom needs name or selector');
        answerFrom = { ...t, namespace: ar.string('namespace'), path: ar.jsonPath('path')! };
        ar.finish();
      }
    }
    if (!choices === !(answers || patterns || answerFrom)) r.error(undefined, 'a quiz has either choices or answers/patterns/answerFrom (short answer)');
    return { ...base, type: 'quiz', question: question!, choices, multiple, answers, patterns, caseSensitive: r.boolean('caseSensitive') ?? false, answerFrom };
  },
};

export interface ParsedChecks {
  checks: Check[];
  errors: SchemaError[];
}

/** Validates one check definition. The result is usable only when no errors were added. */
export function parseCheck(raw: unknown, path: FieldPath, errors: SchemaError[]): Check | undefined {
  if (!isMapping(raw)) {
    errors.push({ path, message: 'a check is a mapping with id, type, title, hint and the fields of its type' });
    return undefined;
  }
  const before = errors.length;
  const r = new FieldReader(raw, path, errors);
  const id = r.string('id', true, 'a short identifier, unique in the lab');
  if (id && !/^[a-z0-9][a-z0-9-]*$/.test(id)) r.error('id', `id "${id}" must be lowercase letters, digits and dashes`);
  const type = r.oneOf('type', CHECK_TYPES, true);
  const title = r.text('title', { required: true, lenient: true });
  const hint = r.text('hint', { required: true });
  const namespace = r.string('namespace');
  if (!type) return undefined;
  const check = PARSERS[type](r, { id: id ?? '', title: title!, hint: hint!, namespace });
  r.finish();
  return errors.length === before ? check : undefined;
}

/** Validates a step's `checks:` list; ids must be unique within it. */
export function parseChecks(raw: unknown, path: FieldPath = ['checks']): ParsedChecks {
  const errors: SchemaError[] = [];
  if (raw === undefined || raw === null) return { checks: [], errors };
  if (!Array.isArray(raw)) return { checks: [], errors: [{ path, message: 'checks must be a list' }] };
  const checks: Check[] = [];
  const seen = new Set<string>();
  raw.forEach((item, i) => {
    const c = parseCheck(item, [...path, i], errors);
    if (!c) return;
    if (seen.has(c.id)) errors.push({ path: [...path, i, 'id'], message: `duplicate check id "${c.id}"` });
    seen.add(c.id);
    checks.push(c);
  });
  return { checks, errors };
}

/** For callers that trust their input (tests, already-checked labs): throws with every problem listed. */
export function checksOrThrow(raw: unknown, where = 'checks'): Check[] {
  const { checks, errors } = parseChecks(raw, [where]);
  if (errors.length) throw new Error(errors.map((e) => `${e.path.join('.')}: ${e.message}`).join('\n'));
  return checks;
}
