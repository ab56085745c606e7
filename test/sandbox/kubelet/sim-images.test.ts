// The bad-image lesson under the simulated runtime: the sim has exactly the images the docker runtime has (the lab
// catalog), so `kubectl set image … echo=gihyodocker/echo:v2` shows ErrImagePull then ImagePullBackOff with the
// kubelet's events, and `kubectl rollout undo` brings the Deployment back — with the real kubectl, oldest and newest.
import { findKind } from '../../../sandbox/apiserver/kinds/registry';
import { kubectlBinaries, requireOrSkip } from '../../helpers/kubectl-bin';
import { startTestCluster, waitFor, type TestCluster } from '../../helpers/test-cluster';

const podRes = findKind('Pod')!;
const hasKubectl = requireOrSkip('kubectl', kubectlBinaries().all.length > 0);

(hasKubectl ? describe : describe.skip)('images under the simulated runtime (real kubectl)', () => {
  let tc: TestCluster;

  beforeAll(async () => {
    tc = await startTestCluster();
  });

  afterAll(async () => {
    await tc?.close();
  });

  it.each([...new Set([kubectlBinaries().oldest!, kubectlBinaries().newest!])])('shows a missing image as ErrImagePull/ImagePullBackOff and rolls back (%s)', async (bin) => {
    const k = async (...args: string[]) => {
      const r = await tc.kubectl(bin, args);
      if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    };
    const name = `echo${bin.replace(/\D/g, '').slice(-2)}`;
    await k('create', 'deployment', name, '--image=gihyodocker/echo:latest');
    await k('rollout', 'status', `deployment/${name}`, '--timeout=30s');
    await k('set', 'image', `deployment/${name}`, `echo=gihyodocker/echo:v2`);
    const reasons = new Set<string>();
    await waitFor(async () => {
      const out = await k('get', 'pods', '-l', `app=${name}`, '-o', 'jsonpath={range .items[*]}{.status.containerStatuses[0].state.waiting.reason}{"\\n"}{end}');
      for (const r of out.split('\n').filter(Boolean)) reasons.add(r);
      return reasons.has('ImagePullBackOff') || undefined;
    }, 'the new pod in ImagePullBackOff', 30_000);
    expect([...reasons]).toEqual(expect.arrayContaining(['ImagePullBackOff']));
    const events = await k('get', 'events', '-o', 'jsonpath={range .items[*]}{.reason}|{.message}{"\\n"}{end}');
    expect(events).toContain('Failed|Failed to pull image "gihyodocker/echo:v2": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/gihyodocker/echo:v2"');
    expect(events).toContain('Failed|Error: ErrImagePull');
    expect(events).toContain('BackOff|Back-off pulling image "gihyodocker/echo:v2"');
    const table = await k('get', 'pods', '-l', `app=${name}`);
    expect(table).toMatch(/0\/1\s+(ErrImagePull|ImagePullBackOff)/);
    await k('rollout', 'undo', `deployment/${name}`);
    await k('rollout', 'status', `deployment/${name}`, '--timeout=30s');
    const images = await k('get', 'pods', '-l', `app=${name}`, '-o', 'jsonpath={.items[*].spec.containers[0].image}');
    expect(images.split(' ')).toEqual(['gihyodocker/echo:latest']);
  }, 90_000);

  it('restarts a pod’s container with its new image after `kubectl set image pod/…`', async () => {
    const { oldest, newest } = kubectlBinaries();
    expect((await tc.kubectl(newest!, ['run', 'single', '--image=gihyodocker/echo:latest'])).code).toBe(0);
    await waitFor(() => tc.cluster.api.tryGet(podRes, 'default', 'single')?.status?.containerStatuses?.[0]?.state?.running || undefined, 'single running', 30_000);
    expect((await tc.kubectl(oldest!, ['set', 'image', 'pod/single', 'single=gihyodocker/nginx:latest'])).code).toBe(0);
    const status = await waitFor(() => {
      const s = tc.cluster.api.tryGet(podRes, 'default', 'single')?.status?.containerStatuses?.[0];
      return s?.image === 'docker.io/gihyodocker/nginx:latest' && s.state?.running ? s : undefined;
    }, 'the new image running', 30_000);
    expect(status!.restartCount).toBe(1);
  }, 60_000);
});
