// "Did" checks judged from the API server's record of the learner's requests: the real kubectl makes them against a
// cluster whose record is kept; the check passes only after the learner made the request since the step opened,
// names the command still missing, and tells a near miss (another container, no -f) from nothing at all. The
// grader's own kubectl (script checks, impersonating kubelab:grader) never counts.
import type { RequestRecord } from '../../../sandbox/apiserver/http/audit';
import { checksOrThrow } from '../../../grader/checks/schema';
import type { DidCheck } from '../../../grader/checks/types';
import { judgeDid } from '../../../grader/checks/did';
import { gradeChecks } from '../../../grader/engine';
import { inProcessClient } from '../../../grader/in-process-client';
import { graderKubeconfig, LocalShellRunner } from '../../../grader/script-runner';
import { describeEachKubectl, kubectlRunners } from '../../helpers/kubectl-suite';
import { startTestCluster, waitFor, type TestCluster } from '../../helpers/test-cluster';

const hint = { ko: '힌트', en: 'hint' };
const did = (extra: Record<string, unknown>) => checksOrThrow([{ id: 'd', type: 'did', title: 't', hint, ...extra }])[0] as DidCheck;

const POD = `apiVersion: v1
kind: Pod
metadata: { name: simple-echo }
spec:
  containers:
    - { name: nginx, image: gihyodocker/nginx:latest }
    - { name: echo, image: gihyodocker/echo:latest }
`;

const rec = (extra: Partial<RequestRecord>): RequestRecord => ({ at: 2000, verb: 'create', resource: 'pods', group: '', namespace: 'default', code: 101, ...extra });

describe('judging a did check', () => {
  const execNginx = did({ request: 'exec', name: 'simple-echo', container: 'nginx' });

  it('names the command still missing when nothing was run', () => {
    const o = judgeDid(execNginx, [], 'containers', new Date(1000));
    expect(o.status).toBe('failed');
    expect(o.diagnosis?.ko).toBe('아직 터미널에서 실행하지 않은 명령: `kubectl exec -it simple-echo -c nginx -- sh`');
    expect(o.found.ko).toBe('이 단계를 연 뒤 아직 실행하지 않음');
  });

  it('does not count a request made before the step opened', () => {
    const early = rec({ at: 500, subresource: 'exec', name: 'simple-echo', container: 'nginx', command: ['sh'] });
    expect(judgeDid(execNginx, [early], 'containers', new Date(1000)).status).toBe('failed');
    expect(judgeDid({ ...execNginx, since: 'any' }, [early], 'containers').status).toBe('passed');
  });

  it('tells a near miss: another container', () => {
    const o = judgeDid(execNginx, [rec({ subresource: 'exec', name: 'simple-echo', container: 'echo', command: ['sh'] })], 'containers', new Date(1000));
    expect(o.status).toBe('failed');
    expect(o.found.en).toBe('you ran kubectl exec simple-echo -c echo -- sh: container echo instead of nginx');
    expect(o.diagnosis?.ko).toBe('거의 됐습니다. 컨테이너: echo (요구: nginx). 아직 실행하지 않은 명령: `kubectl exec -it simple-echo -c nginx -- sh`');
  });

  it('counts a stream the simulated runtime refused for want of processes, and says so', () => {
    const refused = rec({ subresource: 'exec', name: 'simple-echo', container: 'nginx', command: ['sh'], code: 400, message: 'exec for pod "simple-echo" need real containers: …' });
    const o = judgeDid(execNginx, [refused], 'sim', new Date(1000));
    expect(o.status).toBe('passed');
    expect(o.found.ko).toMatch(/시뮬레이션 런타임이라 실제로 실행되지는 않았지만 요청은 했음/);
    // On real containers the same refusal means it did not happen.
    expect(judgeDid(execNginx, [refused], 'containers', new Date(1000)).status).toBe('failed');
  });

  it('never counts the grader\'s own requests', () => {
    const graders = rec({ subresource: 'exec', name: 'simple-echo', container: 'nginx', impersonatedUser: 'kubelab:grader' });
    expect(judgeDid(execNginx, [graders], 'containers', new Date(1000)).status).toBe('failed');
  });

  it('never counts a request made with a ServiceAccount\'s token (a pod calling the API)', () => {
    const fromPod = rec({ subresource: 'exec', name: 'simple-echo', container: 'nginx', tokenUser: 'system:serviceaccount:default:default' });
    expect(judgeDid(execNginx, [fromPod], 'containers', new Date(1000)).status).toBe('failed');
  });

  it('asks for a refusal when the step is about one', () => {
    const check = did({ request: 'create', resource: 'replicasets', refused: true });
    expect(judgeDid(check, [rec({ resource: 'replicasets', group: 'apps', code: 422, message: 'ReplicaSet.apps "echo" is invalid' })], 'sim').status).toBe('passed');
    expect(judgeDid(check, [rec({ resource: 'replicasets', group: 'apps', code: 201 })], 'sim').status).toBe('failed');
  });

  it('rejects fields that do not go with the request', () => {
    expect(() => checksOrThrow([{ id: 'x', type: 'did', title: 't', hint, request: 'get', container: 'nginx' }])).toThrow(/container goes with request: exec/);
    expect(() => checksOrThrow([{ id: 'x', type: 'did', title: 't', hint, kubectl: 'kubectl scale' }])).toThrow(/without "kubectl "/);
    expect(() => checksOrThrow([{ id: 'x', type: 'did', title: 't', hint }])).toThrow(/needs request/);
  });
});

describeEachKubectl()('did checks on what %s really did', (bin) => {
  let tc: TestCluster;
  const records: RequestRecord[] = [];
  const { k, ok } = kubectlRunners(() => tc, bin);
  const grade = async (checks: DidCheck[], startedAt: Date) =>
    gradeChecks(inProcessClient(tc.cluster.api), checks, { startedAt, settleMs: 200, quietMs: 50, runtime: 'sim', requests: async () => records });

  beforeAll(async () => {
    tc = await startTestCluster({ audit: (r) => records.push(r) });
    await ok('apply', '-f', tc.file('pod.yaml', POD));
    await waitFor(async () => (await k('get', 'pod', 'simple-echo', '-o', 'jsonpath={.status.phase}')).stdout === 'Running', 'simple-echo Running');
  });
  afterAll(() => tc?.close());

  it('passes exec and logs -f only after the learner ran them, and not for the grader\'s scripts', async () => {
    const checks = checksOrThrow([
      { id: 'exec', type: 'did', title: 't', hint, request: 'exec', name: 'simple-echo', container: 'nginx' },
      { id: 'logs', type: 'did', title: 't', hint, request: 'logs', name: 'simple-echo', container: 'echo', follow: true },
      { id: 'undo', type: 'did', title: 't', hint, kubectl: 'rollout undo' },
    ]) as DidCheck[];
    const startedAt = new Date();
    // The grader's own kubectl, as a script check runs it.
    const grader = new LocalShellRunner({ kubeconfig: graderKubeconfig(tc.kubeconfig), home: tc.dir, env: { PATH: `${require('node:path').dirname(bin)}:${process.env.PATH}` } });
    await grader.run(`${bin} exec simple-echo -c nginx -- true; ${bin} logs -f simple-echo -c echo; true`);
    let results = await grade(checks, startedAt);
    expect(results.map((r) => r.status)).toEqual(['failed', 'failed', 'failed']);
    expect(results[0].diagnosis?.en).toBe('Still missing: run `kubectl exec -it simple-echo -c nginx -- sh` in the terminal.');

    await k('exec', 'simple-echo', '-c', 'nginx', '--', 'sh');
    await k('logs', 'simple-echo', '-c', 'echo');
    results = await grade(checks, startedAt);
    expect(results.map((r) => r.status)).toEqual(['passed', 'failed', 'failed']);
    expect(results[1].found.en).toBe('you ran kubectl logs simple-echo -c echo: without -f (follow)');

    await k('logs', '-f', 'simple-echo', '-c', 'echo');
    results = await grade(checks, startedAt);
    expect(results.map((r) => r.status)).toEqual(['passed', 'passed', 'failed']);
    expect(results[2].found.ko).toBe('이 단계를 연 뒤 아직 실행하지 않음');
  });
});
