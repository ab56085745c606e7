// Proves a lab's checks mean what they say: every step's `solution` script, run in order against a fresh cluster,
// must make all of that step's checks pass; every `wrong:` attempt (run after the earlier steps' solutions, on its
// own fresh cluster) must make the step fail — with the named checks failing, so the learner gets their hints —
// and then the `fix` those hints advise must make the step pass, so following a hint always works. Each cluster
// keeps its API server's request record, as the web app keeps a learner's, for did checks.
import { SIM, type RuntimeChoice } from '../sandbox/runtime/choose';
import { setTimeout as delay } from 'node:timers/promises';
import type { Check, CheckResult, Lang, QuizCheck } from './checks/types';
import { gradeChecks, type GradeOptions } from './engine';
import { startLocalCluster, type LocalCluster } from './local-cluster';
import { LocalShellRunner, firstLine, graderKubeconfig } from './script-runner';
import type { RequestRecord } from '../sandbox/apiserver/http/audit';
import type { ObjectClient } from '../sandbox/api/client';
import { liveAnswers } from './checks/quiz';
import { defaultHttpProber } from './http-prober';
import { localize } from './report/summary';
import { Deadline, DeadlineError } from './deadline';

export interface WrongAttempt {
  run: string;
  /** Check ids that must fail (their hints are what the learner would read); empty: any failure will do. */
  fails: string[];
  /** What the failing checks' hints tell the learner to do: after it, the step must pass. */
  fix?: string;
}

export interface StepPlan {
  id: string;
  checks: Check[];
  solution?: string;
  wrong: WrongAttempt[];
}

export interface LabPlan {
  id: string;
  /** Scripts run here, so solutions can `kubectl apply -f` files of the lab folder. */
  dir: string;
  steps: StepPlan[];
}

export interface SolutionCheckOptions {
  settleMs?: number;
  /** Where the solutions' pods run (default sim; `docker` proves the checks that need real containers too). */
  runtime?: RuntimeChoice;
  scriptTimeoutMs?: number;
  /** Longest one step (its solution and checks) may take (default 4 minutes). */
  stepTimeoutMs?: number;
  /** Longest the whole lab may take, wrong attempts included (default 20 minutes). */
  labTimeoutMs?: number;
  lang?: Lang;
  /** Progress lines (one per step / attempt). */
  log?: (line: string) => void;
}

/**
 * What a learner who knows the answers would send: the correct choices, the first accepted short answer, and for a
 * quiz answered from the cluster what `client` reads there now.
 */
export async function correctAnswers(checks: Check[], client?: ObjectClient, namespace = 'default'): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const c of checks.filter((x): x is QuizCheck => x.type === 'quiz')) {
    if (c.choices) {
      const right = c.choices.filter((x) => x.correct).map((x) => x.id);
      out[c.id] = c.multiple ? right : right[0];
    } else if (c.answerFrom && client) {
      out[c.id] = (await liveAnswers(c, { client, namespace })).values[0];
    } else {
      out[c.id] = c.answers?.[0];
    }
  }
  return out;
}

/** Events and creation times have whole seconds: a step that compares against its start begins on a fresh second. */
async function startStep(checks: Check[]): Promise<Date> {
  if (checks.some((c) => c.type === 'event' || c.type === 'replaced')) await delay(1000 - (Date.now() % 1000) + 5);
  return new Date();
}

function describe(r: CheckResult, lang: Lang): string {
  return `${r.id} ${r.status}: expected ${localize(r.expected, lang)}; found ${localize(r.found, lang)}`;
}

async function runScript(cluster: LocalCluster, plan: LabPlan, script: string, timeoutMs: number) {
  const runner = new LocalShellRunner({ kubeconfig: cluster.kubeconfig, cwd: plan.dir, home: cluster.dir });
  return runner.run(`set -e\n${script}`, { timeoutMs });
}

/** A fresh local cluster with its API server's request record kept (did checks read it). */
type RecordedCluster = LocalCluster & { records: RequestRecord[] };

async function gradeOptions(cluster: RecordedCluster, plan: LabPlan, step: StepPlan, startedAt: Date, o: SolutionCheckOptions): Promise<GradeOptions> {
  return {
    startedAt,
    settleMs: o.settleMs,
    answers: await correctAnswers(step.checks, cluster.client),
    requests: async () => cluster.records,
    // The grader's own scripts act as the grader, so they never count as something the learner did.
    scripts: new LocalShellRunner({ kubeconfig: graderKubeconfig(cluster.kubeconfig), cwd: plan.dir, home: cluster.dir }),
    // HTTP checks need pods that answer: only real containers do.
    ...(cluster.cluster.runtimeName === 'docker' ? { http: defaultHttpProber(cluster.client) } : {}),
  };
}

const STEP_TIMEOUT_MS = 240_000;
const LAB_TIMEOUT_MS = 20 * 60_000;
/** Removing a cluster's containers takes seconds; past this the engine is not answering. */
const CLEANUP_TIMEOUT_MS = 60_000;

const checkIds = (checks: Check[]) => checks.map((c) => c.id).join(', ');

/** A fresh cluster for `work`, always removed afterwards (within its own deadline); a deadline passed is a problem. */
async function onFreshCluster(where: string, o: SolutionCheckOptions, deadline: Deadline, work: (c: RecordedCluster) => Promise<string[]>): Promise<string[]> {
  const problems: string[] = [];
  let cluster: RecordedCluster | undefined;
  try {
    const records: RequestRecord[] = [];
    const started = await deadline.within(CLEANUP_TIMEOUT_MS, where, 'a fresh cluster to start', startLocalCluster({ runtime: o.runtime ?? SIM, audit: (r) => records.push(r) }));
    cluster = Object.assign(started, { records });
    problems.push(...(await work(cluster)));
  } catch (e) {
    if (!(e instanceof DeadlineError)) throw e;
    problems.push(e.problem);
  } finally {
    // Cleanup gets its own time even when the lab's time is up: nothing of the check may stay behind.
    if (cluster) await new Deadline(CLEANUP_TIMEOUT_MS).within(CLEANUP_TIMEOUT_MS, where, 'its cluster to be removed', cluster.close()).catch((e) => problems.push(e instanceof DeadlineError ? e.problem : `${where}: removing its cluster failed: ${(e as Error).message}`));
  }
  return problems;
}

/** Runs the plan; answers the problems found (empty: the lab's checks are proven). */
export async function checkSolutions(plan: LabPlan, o: SolutionCheckOptions = {}): Promise<string[]> {
  const lang = o.lang ?? 'en';
  const log = o.log ?? (() => undefined);
  const timeoutMs = o.scriptTimeoutMs ?? 120_000;
  const stepMs = o.stepTimeoutMs ?? STEP_TIMEOUT_MS;
  const deadline = new Deadline(o.labTimeoutMs ?? LAB_TIMEOUT_MS);
  const problems = await onFreshCluster(`lab ${plan.id}`, o, deadline, async (cluster) => {
    const found: string[] = [];
    for (const step of plan.steps) {
      const where = `lab ${plan.id}, step ${step.id}`;
      const startedAt = await startStep(step.checks);
      if (step.solution) {
        const r = await deadline.within(stepMs, where, 'the solution script', runScript(cluster, plan, step.solution, Math.min(timeoutMs, stepMs)));
        if (r.timedOut) {
          found.push(`${where}: timed out after ${Math.round(Math.min(timeoutMs, stepMs) / 1000)} s waiting for the solution script`);
          return found;
        }
        if (r.code !== 0) {
          found.push(`${where}: the solution script failed (exit ${r.code}): ${firstLine({ stdout: r.stderr, stderr: r.stdout })}`);
          return found; // later steps build on this one
        }
      }
      const results = await deadline.within(stepMs, where, `the checks ${checkIds(step.checks)}`, gradeChecks(cluster.client, step.checks, await gradeOptions(cluster, plan, step, startedAt, o)));
      const bad = results.filter((r) => r.status === 'failed' || r.status === 'error');
      const skipped = results.filter((r) => r.status === 'needs-docker');
      for (const r of bad) found.push(`${where}: the solution does not pass check ${describe(r, lang)}`);
      log(`  step ${step.id}: ${step.solution ? 'solution' : 'checks'} ${bad.length ? '✗' : '✓'} (${results.length - bad.length - skipped.length}/${results.length} passed${skipped.length ? `, ${skipped.length} need real containers` : ''})`);
    }
    return found;
  });
  for (const [k, step] of plan.steps.entries()) {
    for (const [i, wrong] of step.wrong.entries()) {
      const where = `lab ${plan.id}, step ${step.id}, wrong attempt ${i + 1}`;
      problems.push(...(await onFreshCluster(where, o, deadline, (cluster) => checkWrongAttempt(cluster, plan, k, i, wrong, { ...o, lang, log, timeoutMs, stepMs, deadline }))));
    }
  }
  return problems;
}

interface AttemptContext extends SolutionCheckOptions {
  lang: Lang;
  log: (l: string) => void;
  timeoutMs: number;
  stepMs: number;
  deadline: Deadline;
}

async function checkWrongAttempt(cluster: RecordedCluster, plan: LabPlan, k: number, i: number, wrong: WrongAttempt, o: AttemptContext): Promise<string[]> {
  const { lang, log, timeoutMs, stepMs, deadline } = o;
  const step = plan.steps[k];
  const where = `lab ${plan.id}, step ${step.id}, wrong attempt ${i + 1}`;
  for (const earlier of plan.steps.slice(0, k)) {
    if (!earlier.solution) continue;
    const r = await deadline.within(stepMs, where, `the solution of step ${earlier.id} (preparing)`, runScript(cluster, plan, earlier.solution, Math.min(timeoutMs, stepMs)));
    if (r.code !== 0) return [`${where}: the solution of step ${earlier.id} ${r.timedOut ? 'timed out' : 'failed'} while preparing (exit ${r.code})`];
  }
  const startedAt = await startStep(step.checks);
  // A wrong attempt may well fail: only the grade matters.
  await deadline.within(stepMs, where, 'the wrong attempt', runScript(cluster, plan, wrong.run, Math.min(timeoutMs, stepMs)));
  const results = await deadline.within(stepMs, where, `the checks ${checkIds(step.checks)}`, gradeChecks(cluster.client, step.checks, await gradeOptions(cluster, plan, step, startedAt, o)));
  const failed = results.filter((r) => r.status === 'failed');
  const problems: string[] = [];
  if (!failed.length) problems.push(`${where}: the step still passes — no check catches this mistake`);
  for (const id of wrong.fails) {
    const r = results.find((x) => x.id === id);
    if (!r) problems.push(`${where}: fails names check "${id}", which the step does not have`);
    else if (r.status !== 'failed') problems.push(`${where}: check ${id} should fail but is ${r.status} (${localize(r.found, lang)})`);
  }
  for (const r of failed) {
    log(`  step ${step.id}: wrong attempt ${i + 1} → ✗ ${r.id}: ${localize(r.found, lang)}${r.diagnosis ? ` — ${localize(r.diagnosis, lang)}` : ''} — hint: ${localize(r.hint, lang)}`);
  }
  if (!wrong.fix) return problems;
  // Following the hint must finish the step: run what it advises, then every check must pass.
  const fixed = await deadline.within(stepMs, where, 'the fix its hint advises', runScript(cluster, plan, wrong.fix, Math.min(timeoutMs, stepMs)));
  if (fixed.code !== 0) {
    problems.push(`${where}: the fix its hint advises ${fixed.timedOut ? 'timed out' : 'failed'} (exit ${fixed.code}): ${firstLine({ stdout: fixed.stderr, stderr: fixed.stdout })}`);
    return problems;
  }
  const after = await deadline.within(stepMs, where, `the checks ${checkIds(step.checks)} after the fix`, gradeChecks(cluster.client, step.checks, await gradeOptions(cluster, plan, step, startedAt, o)));
  const still = after.filter((r) => r.status === 'failed' || r.status === 'error');
  for (const r of still) problems.push(`${where}: after the fix its hint advises, the step still fails check ${describe(r, lang)}`);
  log(`  step ${step.id}: wrong attempt ${i + 1} + fix → ${still.length ? '✗' : '✓'}`);
  return problems;
}
