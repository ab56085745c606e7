// The web app on the docker runtime: a learner's pods are real containers. With the kubeconfig the app hands out,
// the real kubectl runs a pod, execs into it through the app's own port (the upgrade reaches the learner's cluster),
// and reads its logs; the pod calls the learner's cluster API with its own token; the learner's terminal is a toolbox container on their cluster network, with kubectl and
// Service names working and a home that keeps files; Reset removes the learner's containers.
import fs from 'node:fs';
import path from 'node:path';
import { kubectlBinaries, requireOrSkip } from '../helpers/kubectl-bin';
import { runKubectl } from '../helpers/test-cluster';
import { startApp, type Harness, type WebClient } from '../server/app-harness';
import { CLUSTER_LABEL } from '../../sandbox/docker/labels';
import { describeDocker, testEngine, waitFor } from '../sandbox/docker/docker-env';
import { removeNetwork } from '../../sandbox/network/docker-network';
import { openShell } from '../server/shell-socket';

const hasKubectl = requireOrSkip('kubectl', kubectlBinaries().all.length > 0);

(hasKubectl ? describeDocker : describe.skip)('the web app with real containers', () => {
  let app: Harness;
  let ann: WebClient;
  let annId: string;
  let kubeconfig: string;
  const kubectl = (...args: string[]) => runKubectl(kubectlBinaries().newest!, ['--kubeconfig', kubeconfig, ...args], app.dataDir, { timeoutMs: 60_000 });

  beforeAll(async () => {
    app = await startApp({ runtime: 'docker' });
    ann = app.client();
    await ann.signUp('ann@example.com');
    annId = await ann.userId();
    kubeconfig = path.join(app.dataDir, 'ann.kubeconfig');
    fs.writeFileSync(kubeconfig, (await ann.get(`/api/clusters/${annId}/kubeconfig`)).text);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    // What Reset or the app left (the running cluster is left for adoption when the app stops): remove it.
    const engine = testEngine();
    for (const c of await engine.containers.list({ [CLUSTER_LABEL]: true })) if (c.labels[CLUSTER_LABEL]?.startsWith(annId)) await engine.containers.remove(c.id, { force: true });
    for (const n of await engine.networks.list({ [CLUSTER_LABEL]: true })) if (n.labels[CLUSTER_LABEL]?.startsWith(annId)) await engine.networks.remove(n.id).catch(() => undefined);
    await engine.volumes.remove(`kubelab-home-${annId}`, { force: true }).catch(() => undefined);
  }, 60_000);

  it('runs a learner\'s pod as a container they can exec into and read logs from', async () => {
    expect(app.logs).toContain('kubelab: learners\' pods run as real containers (docker runtime)');
    const run = await kubectl('run', 'web', '--image=gihyodocker/echo:latest');
    expect(run.stdout).toContain('pod/web created');
    await waitFor('web Running', async () => (await kubectl('get', 'pod', 'web', '-o', 'jsonpath={.status.containerStatuses[0].ready}')).stdout === 'true', 60_000);
    const exec = await kubectl('exec', 'web', '--', 'wget', '-qO-', 'localhost:8080');
    expect(exec).toMatchObject({ code: 0, stdout: 'Hello Docker!!' });
    expect((await kubectl('logs', 'web')).stdout).toContain('received request');
    const containers = await testEngine().containers.list({ [CLUSTER_LABEL]: annId });
    expect(containers.length).toBeGreaterThanOrEqual(2); // the pod's infra and app containers (and the network agent)
  }, 120_000);

  it('lets the learner\'s pods call their own cluster\'s API server at kubernetes.default.svc with their token', async () => {
    await kubectl('create', 'rolebinding', 'default-view', '--clusterrole=view', '--serviceaccount=default:default');
    const r = await kubectl('exec', 'web', '--', 'sh', '-c', 'wget -qO- --no-check-certificate --header "Authorization: Bearer $(cat /var/run/secrets/kubernetes.io/serviceaccount/token)" https://kubernetes.default.svc/api/v1/namespaces/default/pods');
    expect(JSON.parse(r.stdout).items.map((p: any) => p.metadata.name)).toContain('web');
  }, 60_000);

  it('gives the learner a toolbox shell on their cluster network: kubectl, Service names, a home that keeps files', async () => {
    await kubectl('expose', 'pod', 'web', '--port=80', '--target-port=8080', '--name=echo');
    let term = await openShell(app, ann);
    try {
      term.type('id -u; kubectl get pods web -o name; wget -qO- http://echo; echo; echo kept > notes.txt; echo DONE-$((1+1))\n');
      await waitFor('the toolbox commands', () => /DONE-2/.test(term.screen()), 60_000);
      expect(term.screen()).toMatch(/\b1000\b/);
      expect(term.screen()).toContain('pod/web');
      expect(term.screen()).toContain('Hello Docker!!');
    } finally {
      term.close();
    }
    // A new connection (a reload) finds the file in the home folder.
    term = await openShell(app, ann);
    try {
      term.type('cat notes.txt; echo AGAIN-$((2+2))\n');
      await waitFor('the file read back', () => /kept[\s\S]*AGAIN-4/.test(term.screen()), 30_000);
    } finally {
      term.close();
    }
  }, 120_000);

  it('gives a new shell on the rebuilt network after the learner\'s network was removed', async () => {
    const network = app.server.ctx.clusters.ensure(annId).docker!.network;
    const before = (await testEngine().networks.inspect(network.networkName))!.id;
    await removeNetwork(testEngine(), network.networkName);
    await waitFor('the network rebuilt', async () => {
      const now = await testEngine().networks.inspect(network.networkName);
      return !!now && now.id !== before;
    }, 30_000);
    // The shell that ran on the old network ends; the next one gets a toolbox on the new network.
    let term = await openShell(app, ann);
    term.type('exit\n');
    await waitFor('the old shell to end', () => term.exited(), 30_000);
    term.close();
    term = await openShell(app, ann);
    try {
      await waitFor('echo answering again', async () => {
        term.type('wget -qO- http://echo; echo; echo TRY-$((3+3))\n');
        await waitFor('the try', () => /TRY-6/.test(term.screen()), 20_000);
        return term.screen().includes('Hello Docker!!');
      }, 60_000);
    } finally {
      term.close();
    }
  }, 120_000);

  it('removes the learner\'s containers on Reset and starts an empty cluster', async () => {
    await ann.get('/en/labs/01-first/nodes');
    const reset = await ann.post(`/api/clusters/${annId}/reset`);
    expect(reset.status).toBeLessThan(400);
    await waitFor('old containers removed', async () => (await testEngine().containers.list({ [CLUSTER_LABEL]: annId })).length === 0, 30_000);
    expect((await kubectl('get', 'pods', '-o', 'name')).stdout).toBe('');
    await waitFor('the new cluster on real containers', () => app.server.ctx.clusters.running(annId)?.runtimeName === 'docker', 30_000);
    await kubectl('run', 'again', '--image=gihyodocker/echo:latest');
    await waitFor('again Running', async () => (await kubectl('get', 'pod', 'again', '-o', 'jsonpath={.status.phase}')).stdout === 'Running', 60_000);
  }, 120_000);
});
