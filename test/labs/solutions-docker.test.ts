// The labs whose checks send HTTP requests (a Service, a NodePort, an Ingress rule answering) or grade what the
// learner ran inside a container (exec, logs -f) proven on real containers, as `kubelab labs check --runtime docker`
// proves them: under sim HTTP checks are "needs real containers" and exec/logs are refused (but still on record), so
// only here do they meet pods that answer.
import { chooseRuntime } from '../../sandbox/runtime/choose';
import path from 'node:path';
import { readLabFile } from '../../grader/lab-files';
import { planLab } from '../../grader/lab-plan';
import { checkSolutions } from '../../grader/solution-check';
import { kubectlBinaries, requireOrSkip } from '../helpers/kubectl-bin';
import { describeDocker } from '../sandbox/docker/docker-env';
import { LABS_DIR, readCourse } from './lab-corpus';
import { isStreamRequest } from '../../grader/checks/did';

const withHttpChecks = readCourse()
  .map((l) => planLab(readLabFile(path.join(LABS_DIR, l.lab.id))).plan)
  .filter((plan) => plan.steps.some((s) => s.checks.some((c) => c.type === 'http' || (c.type === 'did' && isStreamRequest(c)))));

(requireOrSkip('kubectl', !!kubectlBinaries().newest) ? describeDocker : describe.skip)('course solutions on real containers', () => {
  it('has labs with HTTP checks to prove', () => {
    expect(withHttpChecks.map((p) => p.id)).toEqual(expect.arrayContaining(['04-pods', '07-services', '08-ingress']));
  });

  it.each(withHttpChecks.map((p) => [p.id, p] as const))('passes every solution of %s, HTTP and exec/logs checks included', async (_id, plan) => {
    expect(await checkSolutions(plan, { runtime: await chooseRuntime('docker') })).toEqual([]);
  }, 600_000);
});
