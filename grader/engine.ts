// The grading engine: runs a step's checks against a cluster and decides, fairly, when the answer is final. A
// check that fails is re-evaluated until it passes or the settle bound runs out (no false fail mid-rollout); a
// check that passes must pass again on a fresh read (no false pass on a transient state). Failures stop early only
// when nothing they read is moving and none of them expects to fix itself.
import { setTimeout as delay } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import type { ObjectClient } from '../sandbox/api/client';
import { findKind } from '../sandbox/apiserver/kinds/registry';
import { evaluateCheck, readsCluster } from './checks/evaluate';
import { parseChecks } from './checks/schema';
import type { Check, CheckContext, CheckResult, HttpProber, Outcome } from './checks/types';
import { RecordingClient } from './recording-client';
import type { ScriptRunner } from './script-runner';
import { t } from './checks/words';

/** What the engine needs of a lab: the web app's Lab type (grader/lab-format.ts) satisfies it. */
export interface GradableStep {
  id: string;
  checks?: unknown[];
}

export interface GradableLab {
  id: string;
  steps: GradableStep[];
}

export interface GradeOptions {
  /** Namespace for namespaced checks; default: the client's kubeconfig namespace, else `default`. */
  namespace?: string;
  /** How long failing checks may take to settle (default 5000 ms). */
  settleMs?: number;
  /** Pause between re-reads of failing checks (default 100 ms). */
  pollMs?: number;
  /** Pause before the confirming re-read of a check that just passed (default 25 ms). */
  confirmMs?: number;
  /** Failing checks whose reads stayed unchanged this long, none expecting to settle, are final (default 1000 ms). */
  quietMs?: number;
  /** When the learner started the step: events and replacements must be newer. */
  startedAt?: Date;
  /** Quiz answers by check id. */
  answers?: Record<string, unknown>;
  scripts?: ScriptRunner;
  http?: HttpProber;
  /** Skip runtime detection (tests, or a caller that knows). */
  runtime?: 'sim' | 'containers';
  /** The API server's record of the learner's requests (did checks). */
  requests?: CheckContext['requests'];
}

export interface StepGrade {
  labId: string;
  stepId: string;
  passed: boolean;
  results: CheckResult[];
  durationMs: number;
}

export interface LabGrade {
  labId: string;
  passed: boolean;
  steps: StepGrade[];
  durationMs: number;
}

/** Under `sim` pods have no processes: read from the nodes' runtime version, as kubectl get nodes -o wide shows. */
export async function detectRuntime(client: ObjectClient): Promise<'sim' | 'containers'> {
  try {
    const nodes = await client.list(findKind('Node')!, undefined);
    const sim = nodes.items.some((n) => String(n.status?.nodeInfo?.containerRuntimeVersion ?? '').startsWith('kubelab-sim'));
    return sim ? 'sim' : 'containers';
  } catch {
    return 'containers'; // nodes unreadable (RBAC on a real cluster): assume real containers
  }
}

function defaultNamespace(client: ObjectClient): string {
  const ns = (client as { namespace?: unknown }).namespace;
  return typeof ns === 'string' && ns ? ns : 'default';
}

interface CheckState {
  check: Check;
  outcome?: Outcome;
  error?: string;
  passes: number;
  done: boolean;
}

function toResult(s: CheckState): CheckResult {
  const { check } = s;
  if (s.error !== undefined || !s.outcome) {
    return {
      id: check.id,
      title: check.title,
      status: 'error',
      expected: t('the check to run', '검사가 실행됨'),
      found: t('the check could not run (see the details; tell your instructor if it persists)', '검사를 실행하지 못했습니다 (자세한 내용을 보고, 계속되면 강사에게 알려 주세요)'),
      hint: check.hint,
      details: t(String(s.error), String(s.error)),
    };
  }
  // A pass seen once but never confirmed is not a pass.
  const status = s.outcome.status === 'passed' && !s.done ? 'failed' : s.outcome.status;
  const { diagnosis, details } = s.outcome;
  return {
    id: check.id,
    title: check.title,
    status,
    expected: s.outcome.expected,
    found: s.outcome.found,
    hint: check.hint,
    ...(diagnosis && status !== 'passed' ? { diagnosis } : {}),
    ...(details ? { details } : {}),
  };
}

/** Grades validated checks with the settle/confirm rules above; results keep the checks' order. */
export async function gradeChecks(client: ObjectClient, checks: Check[], opts: GradeOptions = {}): Promise<CheckResult[]> {
  const settleMs = opts.settleMs ?? 5000;
  const pollMs = opts.pollMs ?? 100;
  const confirmMs = opts.confirmMs ?? 25;
  const quietMs = opts.quietMs ?? 1000;
  const deadline = performance.now() + settleMs;
  let runtime: Promise<'sim' | 'containers'> | undefined = opts.runtime ? Promise.resolve(opts.runtime) : undefined;
  const states: CheckState[] = checks.map((check) => ({ check, passes: 0, done: false }));
  let lastPrint: string | undefined;
  let stableSince = performance.now();

  for (;;) {
    const recorder = new RecordingClient(client);
    const ctx: CheckContext = {
      client: recorder,
      namespace: opts.namespace ?? defaultNamespace(client),
      startedAt: opts.startedAt,
      answers: opts.answers,
      scripts: opts.scripts,
      http: opts.http,
      runtime: () => (runtime ??= detectRuntime(client)),
      requests: opts.requests,
    };
    const pending = states.filter((s) => !s.done);
    await Promise.all(
      pending.map(async (s) => {
        try {
          s.outcome = await evaluateCheck(s.check, ctx);
          s.error = undefined;
        } catch (e) {
          s.outcome = undefined;
          s.error = e instanceof Error ? e.message : String(e);
        }
        const passed = s.outcome?.status === 'passed';
        s.passes = passed ? s.passes + 1 : 0;
        if (s.outcome?.status === 'needs-docker' || (passed && (s.passes >= 2 || !readsCluster(s.check)))) s.done = true;
      }),
    );
    const open = states.filter((s) => !s.done);
    if (!open.length) break;
    const awaitingConfirm = open.some((s) => s.passes === 1);
    const now = performance.now();
    const print = recorder.fingerprint();
    if (print !== lastPrint) {
      lastPrint = print;
      stableSince = now;
    }
    if (now >= deadline && !awaitingConfirm) break;
    const mayStillSettle = open.some((s) => s.passes === 1 || s.outcome?.settling);
    if (!mayStillSettle && now - stableSince >= quietMs) break;
    await delay(awaitingConfirm ? confirmMs : Math.min(pollMs, Math.max(0, deadline - now)));
  }
  return states.map(toResult);
}

export function findStep<S extends GradableStep>(lab: { id: string; steps: S[] }, stepId: string | number): S {
  const byId = lab.steps.find((s) => s.id === String(stepId));
  if (byId) return byId;
  const n = Number(stepId);
  if (Number.isInteger(n) && n >= 1 && n <= lab.steps.length) return lab.steps[n - 1];
  throw new Error(`lab ${lab.id} has no step "${stepId}" (steps: ${lab.steps.map((s, i) => `${i + 1}=${s.id}`).join(', ')})`);
}

/** The validated checks of a step; a lab with invalid checks is a lab bug, reported in full. */
export function stepChecks(lab: GradableLab, step: GradableStep): Check[] {
  const { checks, errors } = parseChecks(step.checks ?? [], ['steps', step.id, 'checks']);
  if (errors.length) {
    throw new Error(`lab ${lab.id}, step ${step.id} has invalid checks:\n${errors.map((e) => `  ${e.path.join('.')}: ${e.message}`).join('\n')}`);
  }
  return checks;
}

export async function gradeStep(client: ObjectClient, lab: GradableLab, stepId: string | number, opts: GradeOptions = {}): Promise<StepGrade> {
  const started = performance.now();
  const step = findStep(lab, stepId);
  const results = await gradeChecks(client, stepChecks(lab, step), opts);
  return {
    labId: lab.id,
    stepId: step.id,
    passed: results.every((r) => r.status === 'passed'),
    results,
    durationMs: performance.now() - started,
  };
}

/** Every step, graded side by side (they only read); `startedAtByStep` gives each step its own start. */
export async function gradeLab(
  client: ObjectClient,
  lab: GradableLab,
  opts: GradeOptions & { startedAtByStep?: Record<string, Date> } = {},
): Promise<LabGrade> {
  const started = performance.now();
  const runtime = opts.runtime ?? (await detectRuntime(client));
  const steps = await Promise.all(
    lab.steps.map((s) => gradeStep(client, lab, s.id, { ...opts, runtime, startedAt: opts.startedAtByStep?.[s.id] ?? opts.startedAt })),
  );
  return { labId: lab.id, passed: steps.every((s) => s.passed), steps, durationMs: performance.now() - started };
}
