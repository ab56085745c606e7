// The official Python client (Debian's python3-kubernetes) against a learner's cluster on the docker runtime: it
// writes booleans as Python does (`watch=True`, `tty=False`, `previous=True`) and pages lists with limit/continue, so
// watch, exec, `previous` logs and chunked lists must work as they do against kube-apiserver.
import { spawnSync, execFile } from 'node:child_process';
import path from 'node:path';
import { encodeContinue, INCONSISTENT_CONTINUE } from '../../sandbox/apiserver/list-pages';
import { findKind } from '../../sandbox/apiserver/kinds/registry';
import { requireOrSkip } from '../helpers/kubectl-bin';
import { describeDocker, startDockerTestCluster, waitFor, type DockerTestCluster } from './docker-cluster';

const PYTHON = '/usr/bin/python3';
const hasClient = requireOrSkip('python', spawnSync(PYTHON, ['-c', 'import kubernetes'], { timeout: 20_000 }).status === 0);
const SCRIPT = path.join(__dirname, '../fixtures/python-client/client-calls.py');

interface CallResult {
  call: string;
  ok: boolean;
  value?: any;
  error?: string;
}

function runClient(tc: DockerTestCluster, pod: string, token: string): Promise<Map<string, CallResult>> {
  return new Promise((resolve, reject) => {
    execFile(PYTHON, [SCRIPT, tc.kubeconfig, 'pages', pod, token], { timeout: 120_000 }, (err, stdout, stderr) => {
      const results = new Map<string, CallResult>();
      for (const line of stdout.split('\n').filter(Boolean)) {
        const r = JSON.parse(line) as CallResult;
        results.set(r.call, r);
      }
      if (!results.size) reject(new Error(`the client printed nothing: ${err?.message ?? ''} ${stderr}`));
      else resolve(results);
    });
  });
}

(hasClient ? describeDocker : describe.skip)('the official Python client (docker runtime)', () => {
  let tc: DockerTestCluster;
  let results: Map<string, CallResult>;

  beforeAll(async () => {
    tc = await startDockerTestCluster({ workers: 1 });
    await tc.ok('create', 'namespace', 'pages');
    // The root CA publisher adds kube-root-ca.crt to every new namespace; wait for it so lists are settled.
    await waitFor('kube-root-ca.crt in pages', () => !!tc.cluster.api.tryGet(findKind('ConfigMap')!, 'pages', 'kube-root-ca.crt'), 10_000);
    for (let i = 1; i <= 5; i++) await tc.ok('-n', 'pages', 'create', 'configmap', `c${i}`, `--from-literal=n=${i}`);
    // Prints run-1 and exits, then prints run-2 and stays: "previous" logs are run-1, current ones run-2.
    await tc.ok('apply', '-f', tc.file('counter.yaml', `
apiVersion: v1
kind: Pod
metadata: {name: counter}
spec:
  terminationGracePeriodSeconds: 1
  volumes: [{name: d, emptyDir: {}}]
  containers:
  - name: c
    image: busybox
    volumeMounts: [{name: d, mountPath: /d}]
    command: [sh, -c, 'n=$(cat /d/n 2>/dev/null || echo 0); n=$((n+1)); echo $n > /d/n; echo run-$n; [ $n -ge 2 ] && exec sleep 3600; exit 1']
`));
    await waitFor('counter restarted once and running', () => {
      const s = tc.pod('counter')?.status?.containerStatuses?.[0];
      return s?.restartCount === 1 && !!s.state?.running;
    }, 60_000);
    results = await runClient(tc, 'counter', encodeContinue(1, 'c1\u0000'));
  }, 180_000);

  afterAll(async () => {
    await tc?.close();
  }, 60_000);

  const result = (call: string) => {
    const r = results.get(call);
    if (!r?.ok) throw new Error(`${call} failed: ${r?.error ?? 'not run'}`);
    return r.value;
  };

  it('pages a list with limit and continue, with remainingItemCount', () => {
    // Every namespace also holds kube-root-ca.crt (the root CA publisher's), as on a real cluster.
    expect(result('list with limit')).toEqual({ pages: [['c1', 'c2'], ['c3', 'c4'], ['c5', 'kube-root-ca.crt']], remaining: [4, 2, null] });
  });

  it('watches with watch=True', () => {
    const names = ['c1', 'c2', 'c3', 'c4', 'c5', 'kube-root-ca.crt'];
    expect([...(result('watch') as string[][])].sort()).toEqual(names.map((n) => ['ADDED', n]));
  });

  it('execs with stdout=True, stdin=False, tty=False', () => {
    expect(result('exec')).toContain('from-exec');
  });

  it('reads the current and the previous container logs (previous=True)', () => {
    expect(result('logs')).toBe('run-2\n');
    expect(result('logs previous')).toBe('run-1\n');
  });

  it('answers an expired continue token with 410 Expired and an inconsistent token', () => {
    expect(result('expired continue')).toEqual({ status: 410, reason: 'Expired', message: INCONSISTENT_CONTINUE, continue: true });
  });
});
