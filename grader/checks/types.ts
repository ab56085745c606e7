// The vocabulary of grading: check definitions as instructors write them in YAML (one shape per `type`), what a
// check's evaluation returns, and the result a learner reads. Types only; behaviour lives next to each check kind.
import type { ObjectClient } from '../../sandbox/api/client';
import type { RequestRecord } from '../../sandbox/apiserver/http/audit';
import type { ScriptRunner } from '../script-runner';

/** Every learner-facing sentence exists in both languages of the course. */
export interface Text {
  ko: string;
  en: string;
}

export type Lang = keyof Text;

export type CheckStatus = 'passed' | 'failed' | 'needs-docker' | 'error';

/** What a learner sees for one check. */
export interface CheckResult {
  id: string;
  title: Text;
  status: CheckStatus;
  expected: Text;
  found: Text;
  hint: Text;
  /** The learner's own mistake, named from their cluster (a selector that differs from the pods' labels, the image
   * that cannot be pulled): shown before the hint, which stays for the general advice. */
  diagnosis?: Text;
  /** Raw detail (an API message, a response body) for the "details" toggle; never the main sentence. */
  details?: Text;
}

/** Numbers as exact (`3`) or bounds (`{min: 2}`); stored normalised. */
export interface Range {
  min?: number;
  max?: number;
}

interface Base {
  id: string;
  title: Text;
  hint: Text;
  /** Overrides the namespace grading runs in (namespaced resources only). */
  namespace?: string;
}

/** Which objects a check reads: one by name, or all matching selectors. */
interface Target {
  resource: string;
  name?: string;
  selector?: string;
  fieldSelector?: string;
}

export interface ExistsCheck extends Base, Target {
  type: 'exists' | 'absent';
}

export interface FieldCheck extends Base, Target {
  type: 'field';
  path: string;
  equals?: unknown;
  matches?: string;
  range?: Range;
  oneOf?: unknown[];
  /** true: the path must yield a value; false: it must yield none. */
  present?: boolean;
  /** With several values (several objects, or `[*]`): all of them must satisfy the condition, or any one. */
  match: 'all' | 'any';
}

export interface CountCheck extends Base {
  type: 'count';
  resource: string;
  selector?: string;
  fieldSelector?: string;
  phase?: string;
  ready?: boolean;
  /** Only active objects: ReplicaSets (Deployments, StatefulSets) wanting or still holding pods, pods not finished. */
  active?: boolean;
  count: Range;
}

export interface SelectorTemplateCheck extends Base {
  type: 'selector-matches-template';
  resource: string;
  name: string;
}

export interface RolloutHistoryCheck extends Base {
  type: 'rollout-history';
  name: string;
  rolledBack?: boolean;
  minRevisions?: number;
  /** true: every revision records a change-cause; a string: some revision's change-cause matches this regex. */
  changeCause?: boolean | string;
}

export interface ServicePortExpectation {
  name?: string;
  port?: number;
  targetPort?: number | string;
  /** A number: exactly that nodePort; true: any allocated nodePort. */
  nodePort?: number | true;
  protocol?: string;
}

export interface ServiceCheck extends Base {
  type: 'service';
  name: string;
  serviceType?: string;
  selector?: Record<string, string>;
  ports?: ServicePortExpectation[];
  /** true: at least one ready endpoint address; false: none; a number or { min, max }: that many. */
  endpoints?: boolean | Range;
}

export interface IngressCheck extends Base {
  type: 'ingress';
  name?: string;
  host?: string;
  path?: string;
  service: string;
  port?: number | string;
}

export interface DataKeysCheck extends Base {
  type: 'data-keys';
  resource: 'configmaps' | 'secrets';
  name: string;
  keys: string[];
  /** Exact values (Secret values compared after base64 decoding). */
  values?: Record<string, string>;
}

export type ProbeKind = 'readiness' | 'liveness' | 'startup';

export interface ProbeCheck extends Base {
  type: 'probe';
  resource: string;
  name: string;
  container?: string;
  probe: ProbeKind;
  action?: 'httpGet' | 'tcpSocket' | 'exec' | 'grpc';
  path?: string;
  port?: number | string;
}

export interface ContainersCheck extends Base {
  type: 'containers';
  resource: string;
  name: string;
  count?: Range;
  names?: string[];
}

export interface HttpCheck extends Base {
  type: 'http';
  via: 'service' | 'nodeport' | 'ingress';
  service?: string;
  port?: number | string;
  host?: string;
  path: string;
  status: number;
  bodyContains?: string;
  bodyMatches?: string;
  /** A pod of the namespace to send the request from (via service only): its NetworkPolicies and DNS apply. */
  from?: string;
  /** With `from`: the request must get no answer (a NetworkPolicy holds it back). */
  blocked?: boolean;
}

export interface EventCheck extends Base {
  type: 'event';
  reason: string;
  involvedKind?: string;
  involvedName?: string;
  messageMatches?: string;
  eventType?: 'Normal' | 'Warning';
  /** step: only events newer than the step's start (the default); any: whenever. */
  since: 'step' | 'any';
}

export interface ReplacedCheck extends Base {
  type: 'replaced';
  selector: string;
}

export interface ScriptCheck extends Base {
  type: 'script';
  run: string;
  timeoutSeconds: number;
}

/** A request the learner made (see grader/checks/did.ts). */
export interface DidCheck extends Base {
  type: 'did';
  /** A pod stream (exec, attach, logs, port-forward) or an API verb. */
  request?: 'exec' | 'attach' | 'logs' | 'port-forward' | 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete';
  resource?: string;
  subresource?: string;
  name?: string;
  namePattern?: string;
  container?: string;
  /** A regex over the exec command's words joined by spaces. */
  command?: string;
  follow?: boolean;
  /** Reads: kubectl's table, or objects (-o yaml/json/jsonpath/name). */
  output?: 'table' | 'object';
  /** kubectl's own command without "kubectl ", e.g. "rollout undo" (kubectl sends it with each request). */
  kubectl?: string;
  /** The API server must have refused it (e.g. an invalid object): the step is about the refusal. */
  refused?: boolean;
  /** step (default): since the step opened; any: ever. */
  since: 'step' | 'any';
  /** The command shown to a learner who has not run it yet (default: built from the fields above). */
  example?: Text;
}

export interface QuizChoice {
  id: string;
  text: Text;
  correct: boolean;
}

export interface QuizCheck extends Base {
  type: 'quiz';
  question: Text;
  /** single/multiple choice */
  choices?: QuizChoice[];
  multiple: boolean;
  /** short answer: accepted answers (trimmed, case-insensitive unless caseSensitive) and/or regexes */
  answers?: string[];
  patterns?: string[];
  caseSensitive: boolean;
  /** short answer read from the learner's own cluster at check time (their revision, their NodePort, their pod's IP). */
  answerFrom?: LiveAnswer;
}

/** Where a quiz's answer lives in the learner's cluster: a JSONPath on one object (or the first matching a selector). */
export interface LiveAnswer {
  resource: string;
  name?: string;
  selector?: string;
  fieldSelector?: string;
  namespace?: string;
  path: string;
}

export type Check =
  | ExistsCheck
  | FieldCheck
  | CountCheck
  | SelectorTemplateCheck
  | RolloutHistoryCheck
  | ServiceCheck
  | IngressCheck
  | DataKeysCheck
  | ProbeCheck
  | ContainersCheck
  | HttpCheck
  | EventCheck
  | ReplacedCheck
  | ScriptCheck
  | DidCheck
  | QuizCheck;

export type CheckType = Check['type'];

/** What evaluating a check against the world concluded, before the engine names it. */
export interface Outcome {
  status: 'passed' | 'failed' | 'needs-docker';
  expected: Text;
  found: Text;
  /** The failure may fix itself soon (a rollout under way, pods still starting): worth waiting for. */
  settling?: boolean;
  /** See CheckResult. */
  diagnosis?: Text;
  details?: Text;
}

/** Where an http check sends its request; the engine fills in node and ingress addresses it read. */
export interface HttpTarget {
  via: HttpCheck['via'];
  namespace: string;
  service?: string;
  port?: number | string;
  host?: string;
  path: string;
  nodeAddress?: string;
  nodePort?: number;
  ingressAddress?: string;
}

/** Reaches a Service, NodePort or Ingress over HTTP; only meaningful where containers really run. */
export interface HttpProber {
  fetch(target: HttpTarget): Promise<{ status: number; body: string }>;
}

/** Everything a check may use; passed in so checks stay free of globals. */
export interface CheckContext {
  client: ObjectClient;
  namespace: string;
  /** When the learner started the step (events and replaced pods must be newer). */
  startedAt?: Date;
  /** Quiz answers by check id: a choice id, a list of them, or free text. */
  answers?: Record<string, unknown>;
  scripts?: ScriptRunner;
  http?: HttpProber;
  /** The cluster's container runtime, read once per grading: `sim` has no processes behind pods. */
  runtime(): Promise<'sim' | 'containers'>;
  /** The API server's record of the learner's requests (did checks). */
  requests?: () => Promise<RequestRecord[]>;
}
