// `kubectl run tmp --rm -i --restart=Never --image=busybox -- wget -qO- http://svc`: the course's most common way
// to look at a Service from inside the cluster. Whatever the race between the container's exit and kubectl's
// attach, the real kubectl (oldest and newest) must print the output, return, and leave no pod behind — a hundred
// times in a row, with `-it` in a terminal too.
import { kubectlBinaries, requireOrSkip } from '../helpers/kubectl-bin';
import { describeDocker, kubectlInPty, newestKubectl, oldestKubectl, podRes, startDockerTestCluster, waitFor, type DockerTestCluster } from './docker-cluster';

const hasKubectl = requireOrSkip('kubectl', kubectlBinaries().all.length > 0);
const RUNS = 100;
const PARALLEL = 4;

(hasKubectl ? describeDocker : describe.skip)('kubectl run --rm -i (docker runtime, real kubectl)', () => {
  let tc: DockerTestCluster;

  beforeAll(async () => {
    tc = await startDockerTestCluster({ workers: 1 });
  }, 90_000);

  afterAll(async () => {
    await tc?.close();
  }, 60_000);

  const podsLeft = () => tc.cluster.api.list(podRes, 'default').items.map((p) => String(p.metadata.name));

  it(`prints the output and returns every time, ${RUNS} runs, and leaves no pod behind`, async () => {
    const bins = [oldestKubectl(), newestKubectl()];
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < RUNS) {
        const i = next++;
        const bin = bins[i % bins.length];
        const r = await tc.kubectl(bin, ['run', `quick${i}`, '--rm', '-i', '--restart=Never', '--image=busybox', '--', 'echo', `hi-${i}`], { timeoutMs: 60_000 });
        if (r.code !== 0 || !r.stdout.split('\n').includes(`hi-${i}`)) failures.push(`run ${i} (${bin}): exit ${r.code}, stdout ${JSON.stringify(r.stdout)}, stderr ${JSON.stringify(r.stderr)}`);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    expect(failures).toEqual([]);
    await waitFor('every pod removed by --rm', () => podsLeft().length === 0, 60_000);
  }, 600_000);

  it('prints a Service answer through `kubectl run --rm -i … -- wget -qO- http://echo`', async () => {
    await tc.ok('create', 'deployment', 'echo', '--image=gihyodocker/echo:latest', '--port=8080');
    await tc.ok('expose', 'deployment', 'echo', '--port=80', '--target-port=8080');
    await tc.ok('rollout', 'status', 'deployment/echo', '--timeout=60s');
    // The Service answers once the network agent has its endpoints (seconds on a loaded machine); what is tested here
    // is that kubectl prints what the container printed, not how fast a new Service starts answering.
    await tc.cluster.docker!.network.synced(30_000);
    for (const bin of [oldestKubectl(), newestKubectl()]) {
      const r = await tc.kubectl(bin, ['run', 'peek', '--rm', '-i', '--restart=Never', '--image=busybox', '--', 'wget', '-qO-', 'http://echo'], { timeoutMs: 60_000 });
      expect({ stdout: r.stdout, stderr: r.stderr }).toEqual({ stdout: expect.stringContaining('Hello Docker!!'), stderr: expect.any(String) });
      expect(r.code).toBe(0);
      await waitFor('pod peek removed by --rm', () => !tc.pod('peek'), 30_000);
    }
  }, 120_000);

  it('prints the output of `kubectl run --rm -it` in a terminal and returns', async () => {
    for (let i = 0; i < 10; i++) {
      const bin = i % 2 ? newestKubectl() : oldestKubectl();
      const { term, out, exitCode } = kubectlInPty(tc, bin, ['run', `tty${i}`, '--rm', '-it', '--restart=Never', '--image=busybox', '--', 'echo', `tty-${i}`], 80, 24);
      try {
        await waitFor(`run ${i} to return`, () => exitCode() !== undefined, 60_000);
        expect(out()).toContain(`tty-${i}`);
        expect(exitCode()).toBe(0);
      } finally {
        if (exitCode() === undefined) term.kill();
      }
    }
    await waitFor('every pod removed by --rm', () => podsLeft().filter((n) => n.startsWith('tty')).length === 0, 60_000);
  }, 300_000);
});

