// `kubectl run -it --rm … -- sh` — the way most tutorials open a throw-away shell in the cluster — and
// `kubectl attach -i`: the real kubectl (oldest over SPDY, newest over WebSocket) connected to a container's own
// process with its input, its TTY and its exit code.
import { kubectlBinaries, requireOrSkip } from '../helpers/kubectl-bin';
import { describeDocker, kubectlInPty, newestKubectl, oldestKubectl, podReady, startDockerTestCluster, waitFor, type DockerTestCluster } from './docker-cluster';

const hasKubectl = requireOrSkip('kubectl', kubectlBinaries().all.length > 0);

(hasKubectl ? describeDocker : describe.skip)('attaching to a container (docker runtime, real kubectl)', () => {
  let tc: DockerTestCluster;
  const versions = [...new Set([oldestKubectl(), newestKubectl()])];
  const tag = (bin: string) => bin.replace(/.*kubectl\.?/, '').replace(/\D/g, '') || 'k';

  beforeAll(async () => {
    tc = await startDockerTestCluster({ workers: 1 });
  }, 90_000);

  afterAll(async () => {
    await tc?.close();
  }, 60_000);

  it.each(versions)('pipes input to `kubectl run -i --rm` and reports its exit code (%s)', async (bin) => {
    const name = `piped${tag(bin)}`;
    const r = await tc.kubectl(bin, ['run', '-i', '--rm', name, '--image=busybox', '--restart=Never', '--', 'sh'], { input: 'echo typed $((6*7)); exit 3\n', timeoutMs: 60_000 });
    expect(r.stdout).toContain('typed 42');
    expect(r.code).toBe(3);
    await waitFor(`pod ${name} removed by --rm`, () => !tc.pod(name), 30_000);
  });

  it.each(versions)('opens an interactive shell with `kubectl run -it --rm` (%s)', async (bin) => {
    const name = `shell${tag(bin)}`;
    const { term, out, exitCode } = kubectlInPty(tc, bin, ['run', '-it', '--rm', name, '--image=busybox', '--restart=Never', '--', 'sh'], 90, 25);
    try {
      // The prompt was printed before kubectl attached: press enter for a fresh one, as kubectl's hint says.
      let presses = 0;
      await waitFor('a shell prompt', () => {
        if (/try pressing enter/.test(out()) && presses++ % 10 === 0) term.write('\r');
        return / # /.test(out());
      }, 40_000);
      term.write('echo answer=$((6*7))\r');
      await waitFor('the command output', () => /answer=42/.test(out()), 10_000);
      // The terminal's size travels kubectl → API server → engine: asked again every tenth poll until it is there.
      let polls = 0;
      await waitFor('the terminal size', () => {
        if (polls++ % 10 === 0) term.write('stty size\r');
        return /25 90/.test(out());
      }, 15_000);
      term.write('exit\r');
      await waitFor('kubectl to exit', () => exitCode() !== undefined, 30_000);
      expect(exitCode()).toBe(0);
      await waitFor(`pod ${name} removed by --rm`, () => !tc.pod(name), 30_000);
    } finally {
      if (exitCode() === undefined) term.kill();
    }
  });

  it('feeds `kubectl attach -i` input to a running container that reads stdin', async () => {
    await tc.ok('apply', '-f', tc.file('reader.yaml', `
apiVersion: v1
kind: Pod
metadata: {name: reader}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - {name: reader, image: busybox, stdin: true, command: [sh, -c, 'while read line; do echo "got: $line"; done']}
`));
    await waitFor('reader running', () => podReady(tc.pod('reader')), 30_000);
    const { term, out } = kubectlInPty(tc, newestKubectl(), ['attach', '-i', 'reader'], 80, 24);
    try {
      let sent = 0;
      await waitFor('the echoed line', () => {
        if (sent++ % 10 === 0) term.write('hello reader\r');
        return /got: hello reader/.test(out());
      }, 30_000);
    } finally {
      term.kill();
    }
  });
});
