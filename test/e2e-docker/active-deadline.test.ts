// activeDeadlineSeconds on real containers: when it runs out the kubelet kills the pod's containers and fails the
// pod with reason DeadlineExceeded (`kubectl get pods` shows that as its STATUS), with a Warning event — both
// kubectl versions read it.
import { POD_UID_LABEL } from '../../sandbox/kubelet/docker-runtime-names';
import { kubectlBinaries, requireOrSkip } from '../helpers/kubectl-bin';
import { testEngine } from '../sandbox/docker/docker-env';
import { describeDocker, newestKubectl, oldestKubectl, startDockerTestCluster, waitFor, type DockerTestCluster } from './docker-cluster';

const hasKubectl = requireOrSkip('kubectl', kubectlBinaries().all.length > 0);

(hasKubectl ? describeDocker : describe.skip)('activeDeadlineSeconds (docker runtime, real kubectl)', () => {
  let tc: DockerTestCluster;

  beforeAll(async () => {
    tc = await startDockerTestCluster({ workers: 1 });
  }, 90_000);

  afterAll(async () => {
    await tc?.close();
  }, 60_000);

  it('fails a pod that runs past its deadline with reason DeadlineExceeded and stops its container', async () => {
    await tc.ok('apply', '-f', tc.file('deadline.yaml', `
apiVersion: v1
kind: Pod
metadata: {name: limited}
spec:
  activeDeadlineSeconds: 3
  terminationGracePeriodSeconds: 1
  containers:
  - {name: app, image: busybox, command: [sleep, '3600']}
`));
    const pod = await waitFor('the pod failed', () => (tc.pod('limited')?.status?.phase === 'Failed' ? tc.pod('limited') : undefined), 30_000);
    expect(pod!.status).toMatchObject({ reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' });
    expect(pod!.status!.containerStatuses![0].ready).toBe(false);
    await waitFor('its container stopped', async () => {
      const containers = await testEngine().containers.list({ [POD_UID_LABEL]: String(pod!.metadata.uid) });
      return containers.length > 0 && containers.every((c) => c.state !== 'running');
    }, 20_000);
    for (const bin of [oldestKubectl(), newestKubectl()]) {
      const r = await tc.kubectl(bin, ['get', 'pod', 'limited']);
      expect(r.stdout).toMatch(/limited\s+0\/1\s+DeadlineExceeded\s+0\s/);
    }
    const events = await tc.ok('get', 'events', '--field-selector', 'involvedObject.name=limited', '-o', 'jsonpath={range .items[*]}{.type} {.reason}: {.message}{"\\n"}{end}');
    expect(events).toContain('Normal DeadlineExceeded: Pod was active on the node longer than the specified deadline');
    const failedAt = Date.parse(pod!.status!.conditions!.find((c: any) => c.type === 'Ready')!.lastTransitionTime!);
    expect(failedAt - Date.parse(pod!.status!.startTime!)).toBeGreaterThanOrEqual(2_000);
  }, 60_000);
});
