// `kubectl set image pod/app app=<other>`: the kubelet kills the running container ("definition changed") and
// starts one of the new image, so RESTARTS goes to 1 and `kubectl logs -p` shows what the old one printed.
// Real containers, the real kubectl (oldest sets the image, newest reads).
import { kubectlBinaries, requireOrSkip } from '../helpers/kubectl-bin';
import { describeDocker, newestKubectl, oldestKubectl, podReady, startDockerTestCluster, waitFor, type DockerTestCluster } from './docker-cluster';

const hasKubectl = requireOrSkip('kubectl', kubectlBinaries().all.length > 0);

(hasKubectl ? describeDocker : describe.skip)('changing a running pod’s image (docker runtime, real kubectl)', () => {
  let tc: DockerTestCluster;

  beforeAll(async () => {
    tc = await startDockerTestCluster({ workers: 1 });
  }, 90_000);

  afterAll(async () => {
    await tc?.close();
  }, 60_000);

  it('restarts the container with the new image; RESTARTS 1 and logs -p show the old one', async () => {
    await tc.ok('apply', '-f', tc.file('app.yaml', `
apiVersion: v1
kind: Pod
metadata: {name: app}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - {name: app, image: busybox, command: [sh, -c, 'if [ -e /usr/local/bin/echo-server ]; then echo running echo-image; else echo running busybox-image; fi; sleep 3600']}
`));
    await waitFor('app running', () => podReady(tc.pod('app')), 60_000);
    const set = await tc.kubectl(oldestKubectl(), ['set', 'image', 'pod/app', 'app=gihyodocker/echo:latest']);
    expect(set.code).toBe(0);
    const status = await waitFor('the new image running', () => {
      const s = tc.pod('app')?.status?.containerStatuses?.[0];
      return s?.image === 'docker.io/gihyodocker/echo:latest' && s.state?.running && s.ready ? s : undefined;
    }, 60_000);
    expect(status.restartCount).toBe(1);
    expect(status.lastState?.terminated).toBeDefined();
    const previous = await tc.kubectl(newestKubectl(), ['logs', 'app', '-p']);
    expect(previous.stdout).toBe('running busybox-image\n');
    expect((await tc.kubectl(newestKubectl(), ['logs', 'app'])).stdout).toBe('running echo-image\n');
    const events = await tc.ok('get', 'events', '--field-selector', 'involvedObject.name=app', '-o', 'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}');
    expect(events).toContain('Killing: Container app definition changed, will be restarted');
    const table = await tc.kubectl(newestKubectl(), ['get', 'pod', 'app']);
    expect(table.stdout).toMatch(/app\s+1\/1\s+Running\s+1 \(/);
  }, 120_000);
});
