// `kubelab grade` (grade a lab against any cluster from a kubeconfig, in text, JSON, JUnit or Gradescope form) and
// `kubelab labs check` (validate every lab and prove its checks with its solutions and wrong attempts).
import { chooseRuntime } from '../sandbox/runtime/choose';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { HttpObjectClient } from '../sandbox/api/http-client';
import type { Lang } from './checks/types';
import { detectRuntime, findStep, gradeChecks, type LabGrade } from './engine';
import { defaultHttpProber } from './http-prober';
import { listLabDirs, readLabFile } from './lab-files';
import { planLab } from './lab-plan';
import { LocalShellRunner } from './script-runner';
import { checkSolutions, type LabPlan } from './solution-check';
import { formatText } from './report/text';
import { formatJUnit } from './report/junit';
import { toGradescope } from './report/gradescope';
import { exitCodeOf } from './report/summary';
import { validateLabContent } from './lab-content';
import { scaffoldLab } from './scaffold';
import { loadLab } from './lab-format';

const FORMATS = ['text', 'json', 'junit', 'gradescope'] as const;
type Format = (typeof FORMATS)[number];

export const GRADE_HELP = `Usage: kubelab grade --lab <id> [--step <n|id>] [--kubeconfig <file>] [--context <name>] [--namespace <ns>]
                    [--labs-dir labs] [--format text|json|junit|gradescope] [--output <file>] [--lang en|ko]
                    [--settle-ms 5000] [--since <RFC 3339 time>] [--ingress-url <url>]
Grades a lab (or one step) against the cluster the kubeconfig points at.
Exit code: 0 every check passed, 1 a check failed or could not run, 3 only checks needing real containers are left, 2 usage.`;

export const LABS_HELP = `Usage: kubelab labs check [<id>] [--labs-dir labs] [--lab <id>] [--no-solutions] [--lang en|ko] [--runtime auto|docker|sim]
                        [--step-timeout 240] [--lab-timeout 1200]
       kubelab labs new <id> [--labs-dir labs] [--title-ko <text>] [--title-en <text>] [--order <n>]
check: validates every lab, or the one named (schema, both languages, hints, unique ids, markdown blocks, links),
then runs each step's solution against a fresh in-process cluster (all checks must pass) and each wrong attempt (the
step must fail). Exit 1 on any problem, each as file:line: message. \`labs check <id> --runtime sim\` proves one
lab in seconds.
new: writes labs/<id>/ — lab.yaml and one step in Korean and English — that passes labs check; a running app
shows it without a restart. Writing labs: docs/AUTHORING.md.
--runtime: the cluster's pods as real containers (docker; HTTP checks run too), simulated (sim), or docker when an
engine answers (auto, the default).
--step-timeout, --lab-timeout: seconds one step (solution and checks) and one lab may take; past them the lab fails,
naming the step and what it waited for, and its cluster is removed.`;

interface Flags {
  [flag: string]: string | true;
}

function parseFlags(argv: string[], known: Record<string, 'value' | 'switch'>): Flags {
  const out: Flags = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const kind = known[flag];
    if (!kind) throw new UsageError(`unknown argument ${argv[i]}`);
    if (kind === 'switch') out[flag] = true;
    else {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      out[flag] = v;
    }
  }
  return out;
}

class UsageError extends Error {}

function str(flags: Flags, name: string): string | undefined {
  const v = flags[name];
  return typeof v === 'string' ? v : undefined;
}

function defaultKubeconfig(): string {
  const env = process.env.KUBECONFIG?.split(path.delimiter).find(Boolean);
  return env ?? path.join(os.homedir(), '.kube', 'config');
}

function lang(flags: Flags): Lang {
  const l = str(flags, '--lang') ?? 'en';
  if (l !== 'en' && l !== 'ko') throw new UsageError('--lang must be en or ko');
  return l;
}

function loadPlan(labsDir: string, id: string): LabPlan {
  const dir = path.join(labsDir, id);
  if (!fs.existsSync(path.join(dir, 'lab.yaml'))) throw new UsageError(`no lab "${id}" in ${labsDir} (expected ${path.join(dir, 'lab.yaml')})`);
  const { plan, errors } = planLab(readLabFile(dir));
  if (errors.length) throw new Error(`lab ${id} is invalid (run kubelab labs check):\n${errors.join('\n')}`);
  return plan;
}

export function render(grades: LabGrade[], format: Format, l: Lang): string {
  switch (format) {
    case 'text':
      return formatText(grades, l);
    case 'junit':
      return formatJUnit(grades, l);
    case 'gradescope':
      return `${JSON.stringify(toGradescope(grades, l), null, 2)}\n`;
    case 'json':
      return `${JSON.stringify(grades.length === 1 ? grades[0] : grades, null, 2)}\n`;
  }
}

export async function runGradeCommand(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) return void console.log(GRADE_HELP);
  try {
    const flags = parseFlags(argv, {
      '--lab': 'value', '--step': 'value', '--kubeconfig': 'value', '--context': 'value', '--namespace': 'value', '--labs-dir': 'value',
      '--format': 'value', '--output': 'value', '--lang': 'value', '--settle-ms': 'value', '--since': 'value', '--ingress-url': 'value',
    });
    const labId = str(flags, '--lab');
    if (!labId) throw new UsageError('--lab is required');
    const format = (str(flags, '--format') ?? 'text') as Format;
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
    const settleMs = str(flags, '--settle-ms') !== undefined ? Number(str(flags, '--settle-ms')) : undefined;
    if (settleMs !== undefined && !(settleMs >= 0)) throw new UsageError('--settle-ms must be a number ≥ 0');
    const since = str(flags, '--since') ? new Date(str(flags, '--since')!) : undefined;
    if (since && Number.isNaN(since.getTime())) throw new UsageError('--since must be a time such as 2026-01-01T10:00:00Z');
    const l = lang(flags);
    const plan = loadPlan(str(flags, '--labs-dir') ?? 'labs', labId);
    const kubeconfig = str(flags, '--kubeconfig') ?? defaultKubeconfig();
    const client = HttpObjectClient.fromKubeconfigFile(kubeconfig, { context: str(flags, '--context') });
    try {
      const steps = str(flags, '--step') ? [findStep(plan, str(flags, '--step')!)] : plan.steps;
      const started = performance.now();
      const runtime = await detectRuntime(client);
      const scripts = new LocalShellRunner({ kubeconfig: path.resolve(kubeconfig), cwd: plan.dir });
      const http = defaultHttpProber(client, { ingressUrl: str(flags, '--ingress-url') });
      const graded = await Promise.all(
        steps.map(async (s) => {
          const t = performance.now();
          const results = await gradeChecks(client, s.checks, {
            namespace: str(flags, '--namespace'), settleMs, startedAt: since, runtime, scripts, http,
          });
          return { labId: plan.id, stepId: s.id, passed: results.every((r) => r.status === 'passed'), results, durationMs: performance.now() - t };
        }),
      );
      const grade: LabGrade = { labId: plan.id, passed: graded.every((s) => s.passed), steps: graded, durationMs: performance.now() - started };
      const text = render([grade], format, l);
      const out = str(flags, '--output');
      if (out) fs.writeFileSync(out, text);
      else process.stdout.write(text);
      process.exitCode = exitCodeOf([grade]);
    } finally {
      client.dispose();
    }
  } catch (e) {
    console.error(`kubelab grade: ${e instanceof Error ? e.message : e}`);
    if (e instanceof UsageError) console.error(GRADE_HELP);
    process.exitCode = e instanceof UsageError ? 2 : 1;
  }
}

function runLabsNew(argv: string[]): void {
  const id = argv[0] && !argv[0].startsWith('--') ? argv.shift()! : undefined;
  if (!id) throw new UsageError('labs new needs a lab id, e.g. kubelab labs new 11-configmaps');
  const flags = parseFlags(argv, { '--labs-dir': 'value', '--title-ko': 'value', '--title-en': 'value', '--order': 'value' });
  const order = str(flags, '--order') !== undefined ? Number(str(flags, '--order')) : undefined;
  if (order !== undefined && !Number.isFinite(order)) throw new UsageError('--order must be a number');
  const labsDir = str(flags, '--labs-dir') ?? 'labs';
  const files = scaffoldLab({ labsDir, id, titleKo: str(flags, '--title-ko'), titleEn: str(flags, '--title-en'), order });
  for (const f of files) console.log(`wrote ${f}`);
  console.log(`next: edit them, then prove the lab with: kubelab labs check ${id} --runtime sim${labsDir !== 'labs' ? ` --labs-dir ${labsDir}` : ''}`);
  process.exitCode = 0;
}

export async function runLabsCommand(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h' || rest.includes('--help')) return void console.log(LABS_HELP);
  try {
    if (sub === 'new') return runLabsNew(rest);
    if (sub !== 'check') throw new UsageError(`unknown labs command "${sub}"`);
    // `labs check <id>`: one lab, as --lab <id> says.
    const positional = rest[0] && !rest[0].startsWith('--') ? rest.shift() : undefined;
    if (positional) rest.push('--lab', positional);
    const flags = parseFlags(rest, {
      '--labs-dir': 'value', '--lab': 'value', '--no-solutions': 'switch', '--lang': 'value', '--runtime': 'value', '--step-timeout': 'value', '--lab-timeout': 'value',
    });
    const seconds = (name: string) => {
      const v = str(flags, name);
      if (v === undefined) return undefined;
      if (!(Number(v) > 0)) throw new UsageError(`${name} must be a number of seconds > 0`);
      return Number(v) * 1000;
    };
    const stepTimeoutMs = seconds('--step-timeout');
    const labTimeoutMs = seconds('--lab-timeout');
    const wanted = str(flags, '--runtime') ?? 'auto';
    if (wanted !== 'auto' && wanted !== 'docker' && wanted !== 'sim') throw new UsageError(`--runtime must be auto, docker or sim, not ${wanted}`);
    const labsDir = str(flags, '--labs-dir') ?? 'labs';
    const l = lang(flags);
    const only = str(flags, '--lab');
    const dirs = listLabDirs(labsDir).filter((d) => !only || path.basename(d) === only);
    if (!dirs.length) throw new UsageError(only ? `no lab "${only}" in ${labsDir}` : `no labs (folders with lab.yaml) in ${labsDir}`);
    const problems: string[] = [];
    const plans: LabPlan[] = [];
    for (const dir of dirs) {
      const lab = readLabFile(dir);
      const { plan, errors } = planLab(lab);
      // A field the web app does not know (a typo such as `prerequisite:`) is ignored by nobody: a problem here too.
      // (Fields only the web app needs, such as order and summary, stay optional: grader-only labs go without.)
      const app = loadLab(dir).errors.filter((e) => /: unknown (step )?field "/.test(e) && !errors.includes(e));
      const content = [...app, ...validateLabContent(lab, labsDir).filter((e) => !app.includes(e))];
      problems.push(...errors, ...content);
      if (!errors.length && !content.length) plans.push(plan);
    }
    for (const p of problems) console.error(p);
    if (!flags['--no-solutions']) {
      // Chosen once for every lab of the run.
      const runtime = await chooseRuntime(wanted);
      for (const plan of plans) {
        console.log(`lab ${plan.id}`);
        const found = await checkSolutions(plan, { lang: l, runtime, stepTimeoutMs, labTimeoutMs, log: (line) => console.log(line) });
        for (const p of found) console.error(p);
        problems.push(...found);
      }
    }
    console.log(problems.length ? `${problems.length} problem(s) in ${dirs.length} lab(s)` : `${dirs.length} lab(s) OK`);
    process.exitCode = problems.length ? 1 : 0;
  } catch (e) {
    console.error(`kubelab labs: ${e instanceof Error ? e.message : e}`);
    if (e instanceof UsageError) console.error(LABS_HELP);
    process.exitCode = e instanceof UsageError ? 2 : 1;
  }
}
