// Resource metrics from real containers: the metrics reader takes docker stats of each running container, so a
// busybox loop that never sleeps shows its CPU in `kubectl top pod` (limited by its cpu limit through the cgroup),
// an idle one shows next to none, and the HorizontalPodAutoscaler scales the busy Deployment from that reading.
import { describeDocker, newestKubectl, oldestKubectl, startDockerTestCluster, waitFor, type DockerTestCluster } from './docker-cluster';
import { kubectlBinaries, requireOrSkip } from '../helpers/kubectl-bin';

const hasKubectl = requireOrSkip('kubectl', kubectlBinaries().all.length > 0);

const millicores = (cell: string) => (cell.endsWith('m') ? Number(cell.slice(0, -1)) : Number(cell) * 1000);

(hasKubectl ? describeDocker : describe.skip)('resource metrics and autoscaling on real containers (docker runtime, real kubectl)', () => {
  let tc: DockerTestCluster;

  beforeAll(async () => {
    tc = await startDockerTestCluster({ workers: 2 });
    await tc.ok('create', 'deployment', 'burn', '--image=busybox', '--', 'sh', '-c', 'while true; do :; done');
    await tc.ok('set', 'resources', 'deployment', 'burn', '--requests=cpu=100m', '--limits=cpu=200m');
    await tc.ok('create', 'deployment', 'idle', '--image=busybox', '--', 'sleep', '3600');
  }, 90_000);

  afterAll(async () => {
    await tc?.close();
  }, 120_000);

  it.each([...new Set([oldestKubectl(), newestKubectl()])])('shows a busy container near its cpu limit and an idle one near zero in kubectl top pod (%s)', async (bin) => {
    const usage = async () => {
      const r = await tc.kubectl(bin, ['top', 'pod', '--no-headers']);
      return new Map(r.stdout.trim().split('\n').filter(Boolean).map((row) => {
        const [name, cpu, memory] = row.split(/\s+/);
        return [name.replace(/-[a-z0-9]+-[a-z0-9]+$/, ''), { cpu: millicores(cpu), memory }] as const;
      }));
    };
    const seen = await waitFor('kubectl top pod to show both pods, the busy one using its cpu', async () => {
      const u = await usage();
      return u.has('burn') && u.has('idle') && u.get('burn')!.cpu >= 120 ? u : undefined;
    }, 60_000);
    expect(seen.get('burn')!.cpu).toBeLessThanOrEqual(230);
    expect(seen.get('idle')!.cpu).toBeLessThan(20);
    expect(seen.get('idle')!.memory).toMatch(/^\d+Mi$/);
    const nodes = await tc.kubectl(bin, ['top', 'node', '--no-headers']);
    expect(nodes.stdout).toMatch(/kubelab-worker2?\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%/);
  }, 90_000);

  it('scales the busy Deployment up from its measured CPU utilisation', async () => {
    await tc.ok('autoscale', 'deployment', 'burn', '--cpu-percent=50', '--min=1', '--max=3');
    await waitFor('the autoscaler to scale burn to 3', async () => (await tc.ok('get', 'deployment', 'burn', '-o', 'jsonpath={.spec.replicas}')).trim() === '3', 60_000);
    expect(await tc.ok('describe', 'hpa', 'burn')).toMatch(/SuccessfulRescale\s+.*New size: [23]; reason: cpu resource utilization \(percentage of request\) above target/);
  }, 90_000);
});
