// The kubelet's state machine driven by real container exits and real probes: a container that exits is restarted
// with back-off (CrashLoopBackOff, "back-off 10s"), a failing liveness probe gets it killed and restarted with an
// Unhealthy event, a failing readiness probe takes the pod out of its Service's endpoints and a passing one puts
// it back, and the previous instance's logs stay readable. All pods start together so the waits overlap.
import { findKind } from '../../sandbox/apiserver/kinds/registry';
import { describeDocker, podReady, startDockerTestCluster, waitFor, type DockerTestCluster } from './docker-cluster';
import { kubectlBinaries, requireOrSkip } from '../helpers/kubectl-bin';

const SPEC = `
apiVersion: v1
kind: Pod
metadata: {name: crash}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - {name: app, image: busybox, command: [sh, -c, "echo run at $(date +%s); exit 2"]}
---
apiVersion: v1
kind: Pod
metadata: {name: live}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: app
    image: busybox
    command: [sh, -c, "touch /tmp/healthy; exec sleep 3600"]
    livenessProbe: {exec: {command: [cat, /tmp/healthy]}, periodSeconds: 1, failureThreshold: 1}
---
apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: httpd
    image: busybox
    command: [sh, -c, "mkdir -p /www && echo ok > /www/ready && exec httpd -f -p 8080 -h /www"]
    readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: 1, failureThreshold: 1}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}
`;

const epRes = findKind('Endpoints')!;
const hasKubectl = requireOrSkip('kubectl', kubectlBinaries().all.length > 0);

(hasKubectl ? describeDocker : describe.skip)('restarts and probes with real containers', () => {
  let tc: DockerTestCluster;
  const status = (pod: string) => tc.pod(pod)?.status?.containerStatuses?.[0];

  beforeAll(async () => {
    tc = await startDockerTestCluster({ workers: 1 });
    await tc.ok('apply', '-f', tc.file('spec.yaml', SPEC));
  }, 60_000);

  afterAll(async () => {
    await tc?.close();
  }, 60_000);

  it('restarts a container that exits, then holds it back with CrashLoopBackOff', async () => {
    await waitFor('CrashLoopBackOff after the first restart', () => status('crash')?.restartCount === 1 && status('crash')?.state?.waiting?.reason === 'CrashLoopBackOff', 20_000);
    expect(status('crash')!.state!.waiting!.message).toMatch(/^back-off 10s restarting failed container=app pod=crash_default/);
    expect(status('crash')!.lastState!.terminated).toMatchObject({ exitCode: 2, reason: 'Error' });
    expect(await tc.ok('get', 'pod', 'crash')).toMatch(/crash\s+0\/1\s+CrashLoopBackOff\s+1 \(\d+s ago\)/);
    // The next start waits out the back-off: about 10 s after the second exit.
    const secondExit = Date.parse(status('crash')!.lastState!.terminated!.finishedAt!);
    await waitFor('the second restart', () => (status('crash')?.restartCount ?? 0) >= 2, 30_000);
    // The third run's own words say when it started; --previous shows the second run's.
    const started = Number(/run at (\d+)/.exec(await tc.ok('logs', 'crash'))?.[1] ?? 0) * 1000;
    expect(started - secondExit).toBeGreaterThanOrEqual(9_000);
    expect(await tc.ok('logs', 'crash', '--previous')).toMatch(/^run at \d+\n$/);
    const events = await tc.ok('get', 'events', '--field-selector', 'involvedObject.name=crash');
    expect(events).toContain('Back-off restarting failed container app in pod crash_default');
  }, 60_000);

  it('kills and restarts a container whose liveness probe fails, saying why', async () => {
    await waitFor('live running', () => podReady(tc.pod('live')), 20_000);
    await tc.ok('exec', 'live', '--', 'rm', '/tmp/healthy');
    await waitFor('a restart', () => status('live')?.restartCount === 1 && !!status('live')?.state?.running, 20_000);
    const described = await tc.ok('describe', 'pod', 'live');
    expect(described).toContain("Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory");
    expect(described).toContain('Container app failed liveness probe, will be restarted');
  }, 40_000);

  it('takes a pod out of its Service while its readiness probe fails, and back when it passes', async () => {
    const endpoints = () => tc.cluster.api.tryGet(epRes, 'default', 'web')?.subsets?.[0];
    await waitFor('web ready in the endpoints', () => podReady(tc.pod('web')) && endpoints()?.addresses?.length === 1, 20_000);
    await tc.ok('exec', 'web', '--', 'rm', '/www/ready');
    await waitFor('web out of the endpoints', () => !endpoints()?.addresses?.length && endpoints()?.notReadyAddresses?.length === 1, 20_000);
    expect(await tc.ok('get', 'pod', 'web')).toMatch(/web\s+0\/1\s+Running/);
    expect(await tc.ok('describe', 'pod', 'web')).toContain('Readiness probe failed: HTTP probe failed with statuscode: 404');
    await tc.ok('exec', 'web', '--', 'sh', '-c', 'echo ok > /www/ready');
    await waitFor('web back in the endpoints', () => endpoints()?.addresses?.length === 1, 20_000);
  }, 60_000);
});
