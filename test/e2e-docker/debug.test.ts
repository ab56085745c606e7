// `kubectl debug -i <pod> --image=busybox --target=<container>` on the docker runtime with the real kubectl (oldest
// over SPDY, newest over WebSocket): the debug container is a real container in the pod's network namespace that
// shares the target container's processes, so `ps` in it lists the target's program; without --target it does not.
import { kubectlBinaries, requireOrSkip } from '../helpers/kubectl-bin';
import { describeDocker, kubectlInPty, newestKubectl, oldestKubectl, podReady, startDockerTestCluster, waitFor, type DockerTestCluster } from './docker-cluster';

const hasKubectl = requireOrSkip('kubectl', kubectlBinaries().all.length > 0);

const TARGET = `
apiVersion: v1
kind: Pod
metadata: {name: target}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - {name: c, image: busybox, command: [sh, -c, 'exec sleep 12345']}
`;

(hasKubectl ? describeDocker : describe.skip)('kubectl debug (docker runtime, real kubectl)', () => {
  let tc: DockerTestCluster;
  const versions = [...new Set([oldestKubectl(), newestKubectl()])];

  beforeAll(async () => {
    tc = await startDockerTestCluster({ workers: 1 });
    await tc.ok('apply', '-f', tc.file('target.yaml', TARGET));
    await waitFor('target running', () => podReady(tc.pod('target')), 60_000);
  }, 120_000);

  afterAll(async () => {
    await tc?.close();
  }, 60_000);

  it.each(versions)('lists the target container\'s processes with `ps` in a debug container (%s)', async (bin) => {
    const r = await tc.kubectl(bin, ['debug', '-i', 'target', '--image=busybox', '--target=c', '--', 'ps'], { timeoutMs: 90_000 });
    if (!/sleep 12345/.test(r.stdout)) throw new Error(`no target process in ${JSON.stringify(r)}`);
    expect(r.code).toBe(0);
    // kubectl returns when the output ends; the kubelet reports the exit on its next sync.
    await waitFor('the debug container reported as exited 0', () => {
      const statuses = tc.pod('target')?.status?.ephemeralContainerStatuses ?? [];
      return statuses.some((s) => s.state?.terminated?.exitCode === 0 && /^docker:\/\//.test(String(s.containerID)));
    }, 30_000);
  });

  it('runs an interactive shell beside the target, on the pod\'s network', async () => {
    const r = await tc.kubectl(newestKubectl(), ['debug', '-i', 'target', '--image=busybox', '--target=c', '-c', 'shell', '--', 'sh'], {
      input: 'ps; hostname -i; echo typed $((6*7)); exit 0\n',
      timeoutMs: 90_000,
    });
    expect(r.stdout).toContain('typed 42');
    expect(r.stdout).toMatch(/sleep 12345/);
    expect(r.stdout).toContain(String(tc.pod('target')?.status?.podIP));
  });

  it.each(versions)('opens a terminal in the debug container with `kubectl debug -it` (%s)', async (bin) => {
    const name = `tty${bin.replace(/\D/g, '').slice(-3)}`;
    const { term, out, exitCode } = kubectlInPty(tc, bin, ['debug', '-it', 'target', '--image=busybox', '--target=c', '-c', name], 90, 25);
    try {
      let presses = 0;
      await waitFor('a shell prompt', () => {
        if (/try pressing enter/.test(out()) && presses++ % 10 === 0) term.write('\r');
        return / # /.test(out());
      }, 40_000);
      // Counts the target's process only (the bracket keeps grep from counting itself).
      term.write("ps | grep -c '[s]leep 12345' | sed 's/^/seen=/'\r");
      await waitFor('the target\'s process', () => /seen=1/.test(out()), 10_000).catch((e) => {
        throw new Error(`${e.message}; terminal: ${JSON.stringify(out())}`);
      });
      term.write('exit\r');
      await waitFor('kubectl to exit', () => exitCode() !== undefined, 30_000);
      expect(exitCode()).toBe(0);
      await waitFor('the debug container terminated', () => tc.pod('target')?.status?.ephemeralContainerStatuses?.find((s) => s.name === name)?.state?.terminated, 30_000);
    } finally {
      if (exitCode() === undefined) term.kill();
    }
  });

  it('does not show the target\'s processes without --target', async () => {
    const r = await tc.kubectl(newestKubectl(), ['debug', '-i', 'target', '--image=busybox', '-c', 'alone', '--', 'ps'], { timeoutMs: 90_000 });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/PID/);
    expect(r.stdout).not.toMatch(/sleep 12345/);
  });
});
