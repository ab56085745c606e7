// The course as a path: how far a learner is in each lab, which lab comes next, where to carry on, and which
// prerequisites are still open. Pure functions over the labs and the learner's step progress, so the home page,
// the catalogue cards, the lesson page and the lab-complete page all tell the same story.
import type { Lab } from '../../grader/lab-format';
import type { StepProgress } from '../progress/progress-store';

export interface LabStatus {
  lab: Lab;
  done: number;
  total: number;
  started: boolean;
  complete: boolean;
  /** Ids of the steps passed. */
  passed: Set<string>;
}

export function labStatus(lab: Lab, steps: StepProgress[]): LabStatus {
  const mine = steps.filter((p) => p.labId === lab.id);
  const passed = new Set(mine.filter((p) => p.passedAt !== undefined).map((p) => p.stepId));
  const done = lab.steps.filter((s) => passed.has(s.id)).length;
  return { lab, done, total: lab.steps.length, started: mine.length > 0, complete: done === lab.steps.length && lab.steps.length > 0, passed };
}

/** The lab after this one in the course order. */
export function nextLab(labs: Lab[], lab: Lab): Lab | undefined {
  const sorted = [...labs].sort((a, b) => a.order - b.order);
  return sorted[sorted.findIndex((l) => l.id === lab.id) + 1];
}

/** Prerequisites of a lab the learner has not completed yet. */
export function openPrerequisites(labs: Lab[], lab: Lab, steps: StepProgress[]): Lab[] {
  return lab.prerequisites.map((id) => labs.find((l) => l.id === id)).filter((l): l is Lab => !!l && !labStatus(l, steps).complete);
}

export interface ResumePoint {
  lab: Lab;
  stepId: string;
  /** `start`: nothing done yet; `continue`: back to the step last opened; `next`: the last lab opened is done. */
  kind: 'start' | 'continue' | 'next';
}

/** Where the home page's big button leads: the first lab, the step last opened, or the lab after a finished one. */
export function resumePoint(labs: Lab[], steps: StepProgress[]): ResumePoint | undefined {
  const sorted = [...labs].sort((a, b) => a.order - b.order);
  if (!sorted.length) return undefined;
  const last = [...steps].filter((p) => sorted.some((l) => l.id === p.labId)).sort((a, b) => b.lastSeenAt - a.lastSeenAt)[0];
  if (!last) return { lab: sorted[0], stepId: sorted[0].steps[0].id, kind: 'start' };
  const lab = sorted.find((l) => l.id === last.labId)!;
  const status = labStatus(lab, steps);
  if (!status.complete) {
    // The step last opened, unless it is passed: then the first step not yet passed.
    const open = lab.steps.find((s) => s.id === last.stepId && !status.passed.has(s.id)) ?? lab.steps.find((s) => !status.passed.has(s.id)) ?? lab.steps[0];
    return { lab, stepId: open.id, kind: 'continue' };
  }
  const next = sorted.find((l) => !labStatus(l, steps).complete && l.order > lab.order) ?? sorted.find((l) => !labStatus(l, steps).complete);
  return next ? { lab: next, stepId: next.steps[0].id, kind: 'next' } : undefined;
}
