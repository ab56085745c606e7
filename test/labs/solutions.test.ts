// Every lab of the course proven the way `kubelab labs check` proves it: each step's solution, run in order against a
// fresh in-process cluster with the real kubectl, passes all of the step's checks, and each deliberate wrong attempt
// fails the checks it names. Every step of every lab is proven; none is left out.
import path from 'node:path';
import { readLabFile } from '../../grader/lab-files';
import { planLab } from '../../grader/lab-plan';
import { checkSolutions } from '../../grader/solution-check';
import { kubectlBinaries, requireOrSkip } from '../helpers/kubectl-bin';
import { LABS_DIR, readCourse } from './lab-corpus';

/** Runs at most `limit` labs at once: each lab starts its own clusters, and the machine has a few cores. */
async function inPool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i]);
      }
    }),
  );
  return out;
}

describe('course solutions', () => {
  const run = requireOrSkip('kubectl', !!kubectlBinaries().newest) ? it : it.skip;

  run('passes every solution and catches every wrong attempt', async () => {
    const plans = readCourse().map((l) => {
      const { plan, errors } = planLab(readLabFile(path.join(LABS_DIR, l.lab.id)));
      expect(errors).toEqual([]);
      return plan;
    });
    const problems = (await inPool(plans, 3, (plan) => checkSolutions(plan))).flat();
    expect(problems).toEqual([]);
  }, 900_000);
});
