// The storage behind a PersistentVolume goes with it on the docker runtime: delete the claim (reclaim policy
// Delete) and its Docker volume is removed from the engine, so a claim made again under the same name starts empty.
import { CLAIM_LABEL } from '../../sandbox/kubelet/docker-runtime-names';
import { CLUSTER_LABEL } from '../../sandbox/docker/labels';
import { kubectlBinaries, requireOrSkip } from '../helpers/kubectl-bin';
import { testEngine } from '../sandbox/docker/docker-env';
import { describeDocker, newestKubectl, oldestKubectl, podReady, startDockerTestCluster, waitFor, type DockerTestCluster } from './docker-cluster';

const hasKubectl = requireOrSkip('kubectl', kubectlBinaries().all.length > 0);

(hasKubectl ? describeDocker : describe.skip)('Docker volumes behind PersistentVolumes (docker runtime, real kubectl)', () => {
  let tc: DockerTestCluster;
  const manifest = (writes: boolean) => `
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
---
apiVersion: v1
kind: Pod
metadata: {name: user}
spec:
  terminationGracePeriodSeconds: 1
  volumes: [{name: d, persistentVolumeClaim: {claimName: data}}]
  containers:
  - {name: c, image: busybox, command: [sh, -c, '${writes ? 'echo kept > /data/file; ' : ''}sleep 3600'], volumeMounts: [{name: d, mountPath: /data}]}
`;
  const claimVolumes = async () => (await testEngine().volumes.list({ [CLUSTER_LABEL]: tc.cluster.docker!.network.clusterId, [CLAIM_LABEL]: 'data' })).map((v) => v.name);

  beforeAll(async () => {
    tc = await startDockerTestCluster({ workers: 1 });
  }, 90_000);

  afterAll(async () => {
    await tc?.close();
  }, 60_000);

  it('removes the Docker volume when the PersistentVolume is reclaimed, so the same claim name starts empty', async () => {
    await tc.ok('apply', '-f', tc.file('first.yaml', manifest(true)));
    await waitFor('user running', () => podReady(tc.pod('user')), 60_000);
    expect(await claimVolumes()).toHaveLength(1);
    const pv = (await tc.ok('get', 'pvc', 'data', '-o', 'jsonpath={.spec.volumeName}')).trim();
    expect((await tc.kubectl(oldestKubectl(), ['delete', '-f', tc.file('first.yaml', manifest(true)), '--timeout=60s'])).code).toBe(0);
    await waitFor('the PersistentVolume deleted', async () => (await tc.kubectl(newestKubectl(), ['get', 'pv', pv])).code !== 0, 30_000);
    await waitFor('the Docker volume removed', async () => (await claimVolumes()).length === 0, 30_000);
    await tc.ok('apply', '-f', tc.file('second.yaml', manifest(false)));
    await waitFor('user running again', () => podReady(tc.pod('user')), 60_000);
    const r = await tc.kubectl(newestKubectl(), ['exec', 'user', '--', 'ls', '/data']);
    expect(r.stdout.trim()).toBe('');
  }, 180_000);
});
