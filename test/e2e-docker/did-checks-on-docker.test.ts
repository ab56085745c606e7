// "Did" checks on real containers in the web app: the learner's exec really runs (real output) and is graded from the
// API server's record; an exec the API server refuses (a container the pod does not have) does not count; and a
// `kubectl logs -f` typed in the learner's toolbox terminal — kubectl in a container reaching the app — is on record
// too, so Check passes while the logs may still be streaming.
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_LABS_DIR } from '../../server/app';
import { kubectlBinaries, requireOrSkip } from '../helpers/kubectl-bin';
import { runKubectl } from '../helpers/test-cluster';
import { startApp, type Harness, type WebClient } from '../server/app-harness';
import { openShell } from '../server/shell-socket';
import { CLUSTER_LABEL } from '../../sandbox/docker/labels';
import { describeDocker, testEngine, waitFor } from '../sandbox/docker/docker-env';

const hasKubectl = requireOrSkip('kubectl', kubectlBinaries().all.length > 0);

(hasKubectl ? describeDocker : describe.skip)('did checks on real containers in the web app', () => {
  let app: Harness;
  let ann: WebClient;
  let annId: string;
  let kubeconfig: string;
  const kubectl = (...args: string[]) => runKubectl(kubectlBinaries().newest!, ['--kubeconfig', kubeconfig, ...args], app.dataDir, { timeoutMs: 60_000 });

  async function post(p: string, body: unknown) {
    const res = await fetch(`${ann.base}${p}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': ann.csrf, cookie: ann.cookieHeader() },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as any;
  }

  async function check(step: string, answers: Record<string, unknown> = {}) {
    await ann.get(`/ko/labs/04-pods/${step}`);
    return post(`/api/labs/04-pods/steps/${step}/check`, { answers });
  }

  beforeAll(async () => {
    app = await startApp({ runtime: 'docker', labsDir: DEFAULT_LABS_DIR, checkSettleMs: 1000 });
    ann = app.client();
    await ann.signUp('ann@example.com');
    const page = await ann.get('/ko/labs/04-pods/manifest');
    annId = /data-cluster-map data-owner="([^"]+)"/.exec(page.text)![1];
    kubeconfig = path.join(app.dataDir, 'ann.kubeconfig');
    fs.writeFileSync(kubeconfig, (await ann.get(`/api/clusters/${annId}/kubeconfig`)).text);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    const engine = testEngine();
    for (const c of await engine.containers.list({ [CLUSTER_LABEL]: true })) if (c.labels[CLUSTER_LABEL]?.startsWith(annId)) await engine.containers.remove(c.id, { force: true });
    for (const n of await engine.networks.list({ [CLUSTER_LABEL]: true })) if (n.labels[CLUSTER_LABEL]?.startsWith(annId)) await engine.networks.remove(n.id).catch(() => undefined);
    await engine.volumes.remove(`kubelab-home-${annId}`, { force: true }).catch(() => undefined);
  }, 60_000);

  it('grades a real exec into nginx, and never one the API server refused', async () => {
    expect(await post('/api/labs/04-pods/start', { step: 'exec' })).toMatchObject({ ok: true, stepId: 'exec', prepared: ['manifest', 'get'] });
    await check('exec'); // opens the step
    const refused = await kubectl('exec', 'simple-echo', '-c', 'nope', '--', 'true');
    expect(refused.stderr).toMatch(/container nope is not valid for pod simple-echo/);
    const before = await check('exec');
    expect(before.results.find((r: any) => r.id === 'exec-nginx')).toMatchObject({ status: 'failed' });
    const exec = await kubectl('exec', 'simple-echo', '-c', 'nginx', '--', 'wget', '-qO-', 'http://localhost:8080');
    expect(exec).toMatchObject({ code: 0, stdout: 'Hello Docker!!' });
    const after = await check('exec');
    const did = after.results.find((r: any) => r.id === 'exec-nginx');
    expect(did.status).toBe('passed');
    expect(did.found.ko).toMatch(/실행함: kubectl exec simple-echo -c nginx -- wget -qO- http:\/\/localhost:8080$/);
  }, 180_000);

  it('records an exec into a container that is not running (crash loop) as refused', async () => {
    await kubectl('run', 'done', '--image=busybox', '--', 'sh', '-c', 'exit 1');
    await waitFor('the crash loop', async () => (await kubectl('get', 'pod', 'done', '-o', 'jsonpath={.status.containerStatuses[0].state.waiting.reason}')).stdout === 'CrashLoopBackOff', 60_000);
    const exec = await kubectl('exec', 'done', '--', 'true');
    expect(exec.code).not.toBe(0);
    const record = await waitFor('the exec on record', () => app.server.ctx.requests.recent(annId, 20).find((r) => r.subresource === 'exec' && r.name === 'done'), 10_000);
    expect(record.code).not.toBe(101);
  }, 120_000);

  it('records a kubectl logs -f typed in the toolbox terminal while it streams', async () => {
    await check('logs'); // opens the step
    const term = await openShell(app, ann);
    try {
      term.type('kubectl logs -f simple-echo -c echo\n');
      await waitFor('the logs request on record', () => app.server.ctx.requests.recent(annId, 20).some((r) => r.subresource === 'log' && r.follow), 60_000);
      const graded = await check('logs');
      expect(graded.passed).toBe(true);
      term.type('\u0003');
    } finally {
      term.close();
    }
  }, 120_000);
});
