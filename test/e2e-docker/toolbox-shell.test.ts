// The learner's terminal on the docker runtime is bash in the toolbox, set up as the Kubernetes docs suggest:
// kubectl's own completion (`kubectl get po<TAB>`), `alias k=kubectl` completing too (`k get no<TAB>`), curl reaching a
// Service by name, and two terminals at once in one toolbox sharing the home folder and the shell history.
import fs from 'node:fs';
import path from 'node:path';
import { kubectlBinaries, requireOrSkip } from '../helpers/kubectl-bin';
import { runKubectl } from '../helpers/test-cluster';
import { startApp, type Harness, type WebClient } from '../server/app-harness';
import { openShell, type ShellSocket } from '../server/shell-socket';
import { CLUSTER_LABEL } from '../../sandbox/docker/labels';
import { describeDocker, testEngine, waitFor } from '../sandbox/docker/docker-env';

const hasKubectl = requireOrSkip('kubectl', kubectlBinaries().all.length > 0);

/** The screen with colours and cursor moves taken out, as a learner reads it. */
function plain(s: ShellSocket): string {
   
  return s.screen().replace(/\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007]*\u0007|\r/g, '');
}

const noBell = (screen: string) => screen.replace(/\x07/g, '');

/** Waits until the screen shows this; a timeout says what the screen showed. */
async function until(s: ShellSocket, what: string, seen: (screen: string) => boolean, timeoutMs = 30_000): Promise<void> {
  await waitFor(what, () => seen(plain(s)), timeoutMs).catch((e: Error) => {
    throw new Error(`${e.message}; the screen:\n${plain(s)}`);
  });
}

(hasKubectl ? describeDocker : describe.skip)('the toolbox shell (bash, kubectl completion, k, curl, several terminals)', () => {
  let app: Harness;
  let bo: WebClient;
  let boId: string;
  let cyId = '';
  const shells: ShellSocket[] = [];

  async function shell(): Promise<ShellSocket> {
    const s = await openShell(app, bo, { cols: 120, rows: 40 });
    shells.push(s);
    await until(s, 'the prompt', (t) => /learner:~\$ /.test(t), 60_000);
    return s;
  }

  beforeAll(async () => {
    app = await startApp({ runtime: 'docker' });
    bo = app.client();
    await bo.signUp('bo@example.com');
    boId = await bo.userId();
    const kubeconfig = path.join(app.dataDir, 'bo.kubeconfig');
    fs.writeFileSync(kubeconfig, (await bo.get(`/api/clusters/${boId}/kubeconfig`)).text);
    const k = (...args: string[]) => runKubectl(kubectlBinaries().newest!, ['--kubeconfig', kubeconfig, ...args], app.dataDir, { timeoutMs: 60_000 });
    await k('run', 'web', '--image=gihyodocker/echo:latest', '--port=8080');
    await k('expose', 'pod', 'web', '--port=80', '--target-port=8080', '--name=echo');
  }, 90_000);

  afterAll(async () => {
    for (const s of shells) s.close();
    await app?.close();
    const engine = testEngine();
    for (const id of [boId, cyId].filter(Boolean)) {
      for (const c of await engine.containers.list({ [CLUSTER_LABEL]: true })) if (c.labels[CLUSTER_LABEL]?.startsWith(id)) await engine.containers.remove(c.id, { force: true });
      for (const n of await engine.networks.list({ [CLUSTER_LABEL]: true })) if (n.labels[CLUSTER_LABEL]?.startsWith(id)) await engine.networks.remove(n.id).catch(() => undefined);
      await engine.volumes.remove(`kubelab-home-${id}`, { force: true }).catch(() => undefined);
    }
  }, 60_000);

  it('is a bash login shell with curl, which reaches a Service by its name', async () => {
    const s = await shell();
    s.type('echo "shell=${0##*/} login=$(shopt -q login_shell && echo yes) bash=${BASH_VERSINFO[0]}"; curl -s --retry 20 --retry-delay 1 --retry-all-errors http://echo; echo; echo END-$((6*7))\n');
    await until(s, 'the commands', (t) => /END-42/.test(t), 60_000);
    expect(plain(s)).toContain('shell=bash login=yes bash=5');
    expect(plain(s)).toContain('Hello Docker!!');
  }, 90_000);

  it('completes `kubectl get po<TAB>` from the cluster\'s resource types, then the pod names', async () => {
    const s = await shell();
    // As on a real cluster with metrics: `po` starts pods, poddisruptionbudgets and pods.metrics.k8s.io, so bash
    // completes the common part and rings the bell (\x07); `s` and a space make it pods, then names complete.
    s.type('kubectl get po\t');
    await until(s, 'the common prefix completed', (t) => noBell(t).includes('kubectl get pod'));
    s.type('s\t');
    await until(s, 'pods completed', (t) => noBell(t).includes('kubectl get pods'));
    s.type(' \t');
    await until(s, 'the pod name completed', (t) => noBell(t).includes('kubectl get pods web'));
    s.type('\u0015echo DONE-$((1+1))\n');
    await until(s, 'the line cleared', (t) => /DONE-2\s+learner:~\$ $/.test(t));
  }, 90_000);

  it('completes `k get no<TAB>` to nodes, k being kubectl', async () => {
    const s = await shell();
    s.type('k get no\t');
    // nodes, or nodes.metrics.k8s.io: completed up to nodes
    await until(s, 'nodes completed', (t) => noBell(t).includes('k get nodes'));
    s.type(' -o name; type k\n');
    await until(s, 'the nodes listed', (t) => /node\/\S+/.test(t) && t.includes('k is aliased to `kubectl\''));
  }, 90_000);

  it('runs two shells at once in one toolbox (two terminal tabs), sharing the home folder and the history', async () => {
    // A learner with no toolbox yet, whose two tabs open at the same moment: one toolbox, two bash processes.
    const cy = app.client();
    await cy.signUp('cy@example.com');
    cyId = await cy.userId();
    const { ctx } = app.server;
    const user = { id: cyId, home: path.join(app.dataDir, 'homes', cyId), cluster: { id: cyId, token: ctx.clusters.token(cyId), caCert: ctx.caCert, host: '127.0.0.1', port: Number(new URL(app.url).port) } };
    const [a, b] = await Promise.all([ctx.terminals!.backend.open(user, 120, 40), ctx.terminals!.backend.open(user, 120, 40)]);
    const screens = ['', ''];
    a.onData((d) => (screens[0] += d));
    b.onData((d) => (screens[1] += d));
    const shown = (i: number) => screens[i].replace(/\u001b\[[0-9;?]*[A-Za-z]|\r/g, '');
    try {
      a.write('echo from-a > shared.txt; echo history-mark-$((40+2)); echo A-$((1+2))\n');
      await waitFor('tab A, and its next prompt', () => /A-3\s+learner:~\$ /.test(shown(0)), 60_000);
      b.write('cat shared.txt; grep -c "history-mark-" ~/.bash_history; kubectl get nodes -o name; ps -o comm | grep -c bash; echo B-$((2+2))\n');
      await waitFor('tab B', () => /B-4/.test(shown(1)), 60_000);
      expect(shown(1)).toMatch(/from-a\s+1\s+(node\/\S+\s+)+2\s+B-4/);
    } finally {
      a.kill();
      b.kill();
    }
    const boxes = (await testEngine().containers.list({ [CLUSTER_LABEL]: true })).filter((c) => c.name.replace(/^\//, '') === `kubelab-toolbox-${cyId}`);
    expect(boxes).toHaveLength(1);
  }, 120_000);
});
