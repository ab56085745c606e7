// The five problems a learner met grading labs 04, 06, 07 and 08 in Korean, each reproduced in the real web app with
// the real kubectl on the learner's own cluster (simulated pods):
//  1. a later lab passed from an earlier lab's leftovers — now the cluster serves one lab at a time;
//  2. following lab 06's hint (rollout undo) could not finish the step — now active ReplicaSets are counted;
//  3. the revision quiz accepted only "3" while the learner's history said 5 — now the answer is read from their cluster;
//  4. exec and logs were quizzes whose answer was in the lesson — now the API server's record says what they ran;
//  5. feedback read like debug output — now a selector typo is named in Korean, with no raw JSON or JSONPath.
// Also: "jump to step N" prepares the earlier steps as the grader (they are not counted as done), and the
// instructor's drill-down lists what the learner asked their cluster.
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_LABS_DIR } from '../../server/app';
import { kubectlBinaries, requireOrSkip } from '../helpers/kubectl-bin';
import { runKubectl } from '../helpers/test-cluster';
import { startApp, type Harness, type WebClient } from './app-harness';

const bin = kubectlBinaries().newest;
const suite = requireOrSkip('kubectl', !!bin) ? describe : describe.skip;

suite('grading what the learner really did, on their own cluster', () => {
  jest.setTimeout(120_000);
  let app: Harness;
  let teacher: WebClient;
  let ann: WebClient;
  let annId: string;
  let kubeconfig: string;

  /** The learner's kubectl, in the lab's folder (so `kubectl apply -f manifests/...` works as in the lesson). */
  const kubectl = (lab: string, ...args: string[]) =>
    runKubectl(bin!, ['--kubeconfig', kubeconfig, ...args], path.join(DEFAULT_LABS_DIR, lab), { timeoutMs: 90_000, env: { HOME: app.dataDir } });
  const ok = async (lab: string, ...args: string[]) => {
    const r = await kubectl(lab, ...args);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };

  async function check(lab: string, step: string, answers: Record<string, unknown> = {}) {
    await ann.get(`/ko/labs/${lab}/${step}`);
    const res = await fetch(`${ann.base}/api/labs/${lab}/steps/${step}/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': ann.csrf, cookie: ann.cookieHeader() },
      body: JSON.stringify({ answers }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as any;
  }

  async function start(lab: string, step?: string) {
    const res = await fetch(`${ann.base}/api/labs/${lab}/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': ann.csrf, cookie: ann.cookieHeader() },
      body: JSON.stringify(step ? { step } : {}),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as any;
  }

  const result = (body: any, id: string) => body.results.find((r: any) => r.id === id);

  beforeAll(async () => {
    app = await startApp({ labsDir: DEFAULT_LABS_DIR, workers: 2, checkSettleMs: 1500 });
    teacher = app.client();
    await teacher.signUp('teacher@example.com');
    ann = app.client();
    await ann.signUp('ann@example.com');
    const page = await ann.get('/ko/labs/01-why-kubernetes/manual-problems');
    annId = /data-cluster-map data-owner="([^"]+)"/.exec(page.text)![1];
    kubeconfig = path.join(app.dataDir, 'ann.kubeconfig');
    fs.writeFileSync(kubeconfig, (await ann.get(`/api/clusters/${annId}/kubeconfig`)).text);
  }, 60_000);

  afterAll(() => app?.close());

  it('1. does not grade a lab on another lab\'s leftovers, and starts it on a fresh cluster', async () => {
    await ann.get('/ko/labs/07-services/backend');
    await ok('07-services', 'apply', '-f', 'manifests/echo-release.yaml');
    await ok('07-services', 'rollout', 'status', 'deployment', 'echo-summer', '--timeout=60s');
    await ok('07-services', 'rollout', 'status', 'deployment', 'echo-spring', '--timeout=60s');

    const page = await ann.get('/ko/labs/06-deployments/create');
    expect(page.text).toContain('data-scope-notice');
    expect(page.text).toContain('다른 실습(서비스)의 오브젝트가 남아 있어');
    const refused = await check('06-deployments', 'create');
    expect(refused).toMatchObject({ passed: false, results: [], scope: { labId: '07-services' } });

    expect(await start('06-deployments')).toMatchObject({ ok: true, stepId: 'create', prepared: [] });
    expect(await ok('06-deployments', 'get', 'pods', '-o', 'name')).toBe('');
    const fresh = await check('06-deployments', 'create');
    expect(fresh.scope).toBeUndefined();
    expect(result(fresh, 'echo-three-ready')).toMatchObject({ status: 'failed', found: { ko: 'app=echo 조건의 파드 없음' } });
  });

  it('2. lets the learner finish lab 06\'s replicas step by following its hint (rollout undo)', async () => {
    // Jump to the step: the earlier steps' solutions run as the grader and do not count as done.
    expect(await start('06-deployments', 'replicas-only')).toMatchObject({ ok: true, stepId: 'replicas-only', prepared: ['create', 'history'] });
    const history = await check('06-deployments', 'history');
    expect(result(history, 'read-history')).toMatchObject({ status: 'failed' });

    await check('06-deployments', 'replicas-only'); // opens the step
    await ok('06-deployments', 'set', 'image', 'deployment/echo', 'echo1=gihyodocker/echo:v2');
    const wrong = await check('06-deployments', 'replicas-only');
    expect(result(wrong, 'echo-image-unchanged').status).toBe('failed');
    // The hint: roll back, then change only replicas.
    await ok('06-deployments', 'rollout', 'undo', 'deployment', 'echo');
    await ok('06-deployments', 'apply', '-f', 'manifests/dep-test.yaml');
    await ok('06-deployments', 'scale', 'deployment', 'echo', '--replicas=4');
    await ok('06-deployments', 'rollout', 'status', 'deployment', 'echo', '--timeout=60s');
    expect((await ok('06-deployments', 'get', 'rs', '-l', 'app=echo', '-o', 'name')).trim().split('\n')).toHaveLength(2);
    const fixed = await check('06-deployments', 'replicas-only');
    expect(result(fixed, 'echo-one-replicaset')).toMatchObject({ status: 'passed', found: { ko: '활성 1개, 0개로 줄어든 것 1개' } });
    expect(fixed.passed).toBe(true);
  });

  it('3. accepts the revision the learner\'s own history shows, not a hard-coded 3', async () => {
    expect(await start('06-deployments', 'undo')).toMatchObject({ ok: true, stepId: 'undo' });
    await check('06-deployments', 'undo'); // opens the step
    await ok('06-deployments', 'rollout', 'undo', 'deployment', 'echo'); // revision 3
    await ok('06-deployments', 'set', 'image', 'deployment/echo', 'echo1=gihyodocker/echo:v2'); // 4
    await ok('06-deployments', 'rollout', 'undo', 'deployment', 'echo'); // 5
    await ok('06-deployments', 'rollout', 'status', 'deployment', 'echo', '--timeout=60s');
    expect(await ok('06-deployments', 'rollout', 'history', 'deployment', 'echo')).toMatch(/^5\s/m);
    expect(result(await check('06-deployments', 'undo', { 'newest-revision': '3' }), 'newest-revision')).toMatchObject({
      status: 'failed',
      found: { ko: '맞지 않는 답: "3" (지금 클러스터의 값과 다름)' },
    });
    const right = await check('06-deployments', 'undo', { 'newest-revision': '5' });
    expect(result(right, 'newest-revision').status).toBe('passed');
    expect(result(right, 'ran-undo').status).toBe('passed');
  });

  it('4. grades exec and logs by what the learner ran, naming the command still missing', async () => {
    await start('04-pods', 'exec');
    const before = await check('04-pods', 'exec');
    expect(result(before, 'exec-nginx')).toMatchObject({
      status: 'failed',
      diagnosis: { ko: '아직 터미널에서 실행하지 않은 명령: `kubectl exec -it simple-echo -c nginx -- sh`' },
    });
    await kubectl('04-pods', 'exec', 'simple-echo', '-c', 'echo', '--', 'sh'); // the wrong container
    expect(result(await check('04-pods', 'exec'), 'exec-nginx').diagnosis.ko).toContain('컨테이너: echo (요구: nginx)');
    await kubectl('04-pods', 'exec', 'simple-echo', '-c', 'nginx', '--', 'sh'); // refused by the simulated runtime, but done
    const done = await check('04-pods', 'exec', { 'double-dash': 'end-of-flags', 'old-form': 'error' });
    expect(result(done, 'exec-nginx')).toMatchObject({ status: 'passed' });
    expect(result(done, 'exec-nginx').found.ko).toContain('시뮬레이션 런타임이라 실제로 실행되지는 않았지만 요청은 했음');

    await check('04-pods', 'logs');
    await kubectl('04-pods', 'logs', 'simple-echo', '-c', 'echo');
    const noFollow = await check('04-pods', 'logs');
    expect(result(noFollow, 'echo-logs').status).toBe('passed');
    expect(result(noFollow, 'echo-logs-follow').found.ko).toContain('-f(follow) 없음');
    await kubectl('04-pods', 'logs', '-f', 'simple-echo', '-c', 'echo');
    expect((await check('04-pods', 'logs')).passed).toBe(true);
  });

  it('5. names a selector typo in Korean, with no raw JSON or JSONPath in what the learner reads', async () => {
    await start('07-services', 'clusterip');
    await check('07-services', 'clusterip');
    const typo = fs.readFileSync(path.join(DEFAULT_LABS_DIR, '07-services', 'manifests', 'simple-service.yaml'), 'utf8').replace('release: summer', 'release: sumer');
    await runKubectl(bin!, ['--kubeconfig', kubeconfig, 'apply', '-f', '-'], app.dataDir, { input: typo });
    const body = await check('07-services', 'clusterip');
    const svc = result(body, 'echo-clusterip');
    expect(svc.status).toBe('failed');
    expect(svc.diagnosis.ko).toMatch(/셀렉터 release=sumer ≠ 파드 레이블 release=summer \(파드 echo-summer-/);
    expect(result(body, 'echo-one-endpoint').diagnosis.ko).toContain('release=sumer ≠ 파드 레이블 release=summer');
    const shown = body.results.flatMap((r: any) => [r.expected.ko, r.found.ko, r.diagnosis?.ko ?? '', r.hint.ko]).join('\n');
    expect(shown).not.toMatch(/\{\s*"|\{\.|\[\?\(|present\b/);
  });

  it('shows the instructor what the learner asked their cluster, and never the grader\'s own requests', async () => {
    const page = await teacher.get(`/learners/${annId}/attempts`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('클러스터에 보낸 요청');
    expect(page.text).toContain('<code>kubectl logs -f simple-echo -c echo</code>');
    expect(page.text).toContain('<code>kubectl exec simple-echo -c nginx -- sh</code>');
    expect(page.text).toContain('kubectl rollout undo (patch deployments echo)');
    // The solutions run for "jump to step" act as the grader: lab 06's `kubectl describe pods` was theirs, not Ann's.
    expect(page.text).not.toContain('kubectl describe');
    expect((await ann.get(`/learners/${annId}/attempts`)).status).toBe(200);
  });
});
