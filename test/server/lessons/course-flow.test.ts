// The course as a path: the home page's button starts lab 1, then goes back to the step last opened, then on to
// the lab after a finished one; prerequisites still open are named; the next lab follows the course order.
import type { Lab } from '../../../grader/lab-format';
import { labStatus, nextLab, openPrerequisites, resumePoint } from '../../../server/lessons/course-flow';
import type { StepProgress } from '../../../server/progress/progress-store';

const lab = (id: string, order: number, steps: string[], prerequisites: string[] = []): Lab =>
  ({ id, order, dir: id, title: { en: id }, summary: { en: id }, estimatedMinutes: 10, prerequisites, steps: steps.map((s) => ({ id: s, title: { en: s } })) }) as unknown as Lab;
const labs = [lab('02-b', 2, ['x', 'y'], ['01-a']), lab('01-a', 1, ['one', 'two'])];
const seen = (labId: string, stepId: string, at: number, passed = false): StepProgress => ({ labId, stepId, startedAt: at, lastSeenAt: at, attempts: 0, bestScore: 0, ...(passed ? { passedAt: at } : {}) });

it('starts a new learner at the first step of the first lab', () => {
  expect(resumePoint(labs, [])).toMatchObject({ lab: { id: '01-a' }, stepId: 'one', kind: 'start' });
});

it('continues at the step last opened, or the first one not passed when that one is done', () => {
  expect(resumePoint(labs, [seen('01-a', 'two', 5)])).toMatchObject({ lab: { id: '01-a' }, stepId: 'two', kind: 'continue' });
  expect(resumePoint(labs, [seen('01-a', 'two', 5, true)])).toMatchObject({ stepId: 'one', kind: 'continue' });
});

it('goes on to the next lab after a finished one, and nowhere after the last', () => {
  const done = [seen('01-a', 'one', 1, true), seen('01-a', 'two', 2, true)];
  expect(resumePoint(labs, done)).toMatchObject({ lab: { id: '02-b' }, stepId: 'x', kind: 'next' });
  expect(resumePoint(labs, [...done, seen('02-b', 'x', 3, true), seen('02-b', 'y', 4, true)])).toBeUndefined();
  expect(nextLab(labs, labs[1])?.id).toBe('02-b');
  expect(nextLab(labs, labs[0])).toBeUndefined();
});

it('names the prerequisites not completed yet, and counts steps done', () => {
  expect(openPrerequisites(labs, labs[0], []).map((l) => l.id)).toEqual(['01-a']);
  const done = [seen('01-a', 'one', 1, true), seen('01-a', 'two', 2, true)];
  expect(openPrerequisites(labs, labs[0], done)).toEqual([]);
  expect(labStatus(labs[1], done)).toMatchObject({ done: 2, total: 2, complete: true, started: true });
});
