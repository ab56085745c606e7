// Several kubelab processes share one Docker engine, as on a class server: the app serving a learner (started as
// `npm start` is, with the default relative `--data data`), an instructor's `kubelab labs check`, a `kubelab
// cluster`, the test suite. Each of them sweeps what vanished clusters left at start-up; none may take the
// learner's pod, network or terminal.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { CLUSTER_LABEL } from '../../sandbox/docker/labels';
import { sweepOrphanClusters } from '../../sandbox/docker-cluster/recovery';
import { kubectlBinaries, requireOrSkip } from '../helpers/kubectl-bin';
import { runKubectl } from '../helpers/test-cluster';
import { FIXTURE_LABS, WebClient } from '../server/app-harness';
import { openShell } from '../server/shell-socket';
import { describeDocker, testEngine, waitFor } from '../sandbox/docker/docker-env';

const root = path.join(__dirname, '../..');
const KUBELAB = path.join(root, 'bin/kubelab.js');

interface Cli {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

function kubelab(args: string[], cwd: string): Cli {
  const child = spawn(process.execPath, [KUBELAB, ...args], { cwd, env: { ...process.env, PORT: '' } });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

const hasKubectl = requireOrSkip('kubectl', kubectlBinaries().all.length > 0);

(hasKubectl ? describeDocker : describe.skip)('kubelab processes sharing one engine', () => {
  const engine = testEngine();
  const appDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-class-'));
  const otherDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-other-'));
  let app: Cli;
  let learnerId = '';

  afterAll(async () => {
    app?.child.kill('SIGTERM');
    await app?.exited;
    for (const c of await engine.containers.list({ [CLUSTER_LABEL]: learnerId })) await engine.containers.remove(c.id, { force: true });
    for (const n of await engine.networks.list({ [CLUSTER_LABEL]: learnerId })) await engine.networks.remove(n.id).catch(() => undefined);
    for (const v of await engine.volumes.list({ [CLUSTER_LABEL]: learnerId })) await engine.volumes.remove(v.name, { force: true });
    await engine.volumes.remove(`kubelab-home-${learnerId}`, { force: true }).catch(() => undefined);
    fs.rmSync(appDir, { recursive: true, force: true });
    fs.rmSync(otherDir, { recursive: true, force: true });
  }, 60_000);

  it('keeps a served learner\'s pod, network and terminal while labs check, kubelab cluster and a sweep run beside it', async () => {
    app = kubelab(['serve', '--port', '0', '--data', 'data', '--labs', FIXTURE_LABS, '--runtime', 'docker', '--workers', '1'], appDir);
    const url = await waitFor('the app\'s ready line', () => {
      if (app.child.exitCode !== null) throw new Error(`kubelab serve exited: ${app.output()}`);
      return /ready at (http:\/\/\S+)/.exec(app.output())?.[1];
    }, 60_000);
    const learner = new WebClient(url.replace('localhost', '127.0.0.1'));
    await learner.signUp('ann@example.com');
    learnerId = await learner.userId();
    const kubeconfig = path.join(appDir, 'ann.kubeconfig');
    fs.writeFileSync(kubeconfig, (await learner.get(`/api/clusters/${learnerId}/kubeconfig`)).text);
    const kubectl = (...args: string[]) => runKubectl(kubectlBinaries().newest!, ['--kubeconfig', kubeconfig, ...args], appDir, { timeoutMs: 60_000 });
    expect((await kubectl('run', 'web', '--image=gihyodocker/echo:latest')).stdout).toContain('pod/web created');
    await waitFor('the learner\'s pod running', async () => (await kubectl('get', 'pod', 'web', '-o', 'jsonpath={.status.phase}')).stdout === 'Running', 60_000);
    const shell = await openShell({ url: learner.base }, learner);
    // As a learner does: type once the prompt is there (a fresh engine builds the toolbox image first).
    await waitFor('the shell prompt', () => shell.screen().includes('$ '), 120_000).catch((e: Error) => {
      throw new Error(`${e.message}; the screen: ${JSON.stringify(shell.screen())}; the app: ${app.output().slice(-2000)}`);
    });
    shell.type('kubectl get pods -o name\r');
    await waitFor('kubectl in the terminal', () => shell.screen().includes('pod/web'), 30_000).catch((e: Error) => {
      throw new Error(`${e.message}; the screen: ${JSON.stringify(shell.screen())}`);
    });
    const network = (await engine.networks.list({ [CLUSTER_LABEL]: learnerId }))[0];
    const containers = (await engine.containers.list({ [CLUSTER_LABEL]: learnerId })).map((c) => c.id).sort();
    expect(network).toBeDefined();

    // Beside it, from another working directory: an instructor's labs check, a standalone cluster, a sweep.
    const check = kubelab(['labs', 'check', '--labs-dir', path.join(root, 'labs'), '--lab', '03-namespaces', '--runtime', 'docker'], otherDir);
    const cluster = kubelab(['cluster', '--runtime', 'docker', '--port', '0', '--data', 'data'], otherDir);
    await waitFor('kubelab cluster ready', () => {
      if (cluster.child.exitCode !== null) throw new Error(`kubelab cluster exited: ${cluster.output()}`);
      return /ready at https/.test(cluster.output());
    }, 60_000);
    expect(await sweepOrphanClusters(engine)).not.toContain(learnerId);
    cluster.child.kill('SIGTERM');
    expect(await cluster.exited).toBe(0);
    if ((await check.exited) !== 0) throw new Error(`labs check failed:\n${check.output()}`);

    expect((await engine.networks.inspect(network!.id))?.name).toBe(network!.name);
    expect((await engine.containers.list({ [CLUSTER_LABEL]: learnerId })).map((c) => c.id).sort()).toEqual(containers);
    expect((await kubectl('get', 'pod', 'web', '-o', 'jsonpath={.status.phase}')).stdout).toBe('Running');
    shell.type('kubectl get pods -o name && echo still-here\r');
    await waitFor('kubectl in the terminal, afterwards', () => shell.screen().includes('still-here'), 30_000);
    shell.close();
  }, 240_000);
});
