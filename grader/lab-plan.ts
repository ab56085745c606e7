// The grader's view of a lab.yaml: its steps with validated checks, solution scripts and deliberate wrong attempts,
// plus every problem found as `file:line: message`. Other parts of a lab (titles, markdown, links) are the lab
// format's business; this reads only what grading needs and ignores the rest.
import { parseChecks } from './checks/schema';
import { isMapping, type FieldPath } from './checks/fields';
import type { Check } from './checks/types';
import { at, type LabFile } from './lab-files';
import type { LabPlan, StepPlan, WrongAttempt } from './solution-check';

export interface PlannedLab {
  plan: LabPlan;
  errors: string[];
}

function wrongAttempts(lab: LabFile, raw: unknown, where: FieldPath, errors: string[]): WrongAttempt[] {
  if (raw === undefined || raw === null) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  const out: WrongAttempt[] = [];
  list.forEach((w, i) => {
    const p = Array.isArray(raw) ? [...where, i] : where;
    if (typeof w === 'string' && w.trim()) {
      errors.push(at(lab, p, 'a wrong attempt needs a fix: { run: <the mistake>, fails: [check ids], fix: <what the hint tells the learner to do> }'));
      out.push({ run: w, fails: [] });
    } else if (isMapping(w) && typeof w.run === 'string' && w.run.trim()) {
      const fails = w.fails === undefined ? [] : Array.isArray(w.fails) ? w.fails.map(String) : [String(w.fails)];
      for (const k of Object.keys(w)) if (k !== 'run' && k !== 'fails' && k !== 'fix') errors.push(at(lab, [...p, k], `unknown field "${k}" in a wrong attempt (use run, fails and fix)`));
      const fix = typeof w.fix === 'string' && w.fix.trim() ? w.fix : undefined;
      if (!fix) errors.push(at(lab, p, 'a wrong attempt needs fix: the commands its hint tells the learner to run (labs check proves the step passes after them)'));
      out.push({ run: w.run, fails, fix });
    } else errors.push(at(lab, p, 'a wrong attempt is { run: <script>, fails: [check ids], fix: <script> }'));
  });
  return out;
}

export function planLab(lab: LabFile): PlannedLab {
  const errors = [...lab.syntaxErrors];
  const plan: LabPlan = { id: lab.id, dir: lab.dir, steps: [] };
  if (errors.length) return { plan, errors };
  if (!isMapping(lab.data)) return { plan, errors: [at(lab, [], 'lab.yaml must be a mapping')] };
  if (lab.data.id !== undefined && lab.data.id !== lab.id) {
    errors.push(at(lab, ['id'], `id "${lab.data.id}" differs from the folder name "${lab.id}"`));
  }
  const steps = lab.data.steps;
  if (!Array.isArray(steps) || !steps.length) return { plan, errors: [...errors, at(lab, ['steps'], 'steps must be a non-empty list')] };
  const stepIds = new Set<string>();
  const checkIds = new Map<string, string>();
  steps.forEach((s: unknown, i: number) => {
    const where: FieldPath = ['steps', i];
    if (!isMapping(s)) {
      errors.push(at(lab, where, 'a step is a mapping with at least an id'));
      return;
    }
    const id = typeof s.id === 'string' || typeof s.id === 'number' ? String(s.id) : '';
    if (!id) errors.push(at(lab, where, 'step id is required'));
    else if (stepIds.has(id)) errors.push(at(lab, [...where, 'id'], `duplicate step id "${id}"`));
    stepIds.add(id);
    const parsed = parseChecks(s.checks, [...where, 'checks']);
    for (const e of parsed.errors) errors.push(at(lab, e.path, e.message));
    const checks: Check[] = parsed.checks;
    for (const [j, c] of checks.entries()) {
      const other = checkIds.get(c.id);
      if (other && other !== id) errors.push(at(lab, [...where, 'checks', j, 'id'], `check id "${c.id}" is already used in step ${other}`));
      checkIds.set(c.id, id);
    }
    if (s.solution !== undefined && (typeof s.solution !== 'string' || !s.solution.trim())) {
      errors.push(at(lab, [...where, 'solution'], 'solution must be a shell script (a string)'));
    }
    const step: StepPlan = {
      id,
      checks,
      solution: typeof s.solution === 'string' ? s.solution : undefined,
      wrong: wrongAttempts(lab, s.wrong, [...where, 'wrong'], errors),
    };
    const ids = new Set(checks.map((c) => c.id));
    step.wrong.forEach((w, k) => {
      for (const f of w.fails) if (!ids.has(f)) errors.push(at(lab, [...where, 'wrong', k], `fails names check "${f}", which this step does not have`));
    });
    if (step.wrong.length && !step.checks.some((c) => c.type !== 'quiz')) {
      errors.push(at(lab, [...where, 'wrong'], 'a wrong attempt needs checks that read the cluster to catch it'));
    }
    plan.steps.push(step);
  });
  return { plan, errors };
}
