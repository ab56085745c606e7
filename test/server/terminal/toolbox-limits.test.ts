// The learner's toolbox on a real Docker engine: a file bigger than the learner's home budget cannot be written
// (the shell says "File size limit exceeded" and the file stops at the budget), so one `dd` no longer fills the
// machine's disk from the home folder.
import { DockerToolboxBackend } from '../../../server/terminal/docker-toolbox-backend';
import { describeDocker, startDockerTestCluster, waitFor, type DockerTestCluster } from '../../e2e-docker/docker-cluster';
import { testEngine } from '../../sandbox/docker/docker-env';

describeDocker('toolbox limits (real Docker)', () => {
  let tc: DockerTestCluster;
  const user = `limits${Date.now().toString(36)}`;
  const engine = testEngine();

  beforeAll(async () => {
    tc = await startDockerTestCluster({ workers: 1, docker: { images: ['pause', 'netagent', 'toolbox'] } });
  }, 120_000);

  afterAll(async () => {
    await new DockerToolboxBackend({ engine, cluster: () => tc.cluster, hostAddress: '127.0.0.1' }).removeUser(user).catch(() => undefined);
    await tc?.close();
  }, 60_000);

  it('stops a file at the home budget with "File size limit exceeded"', async () => {
    const backend = new DockerToolboxBackend({ engine, cluster: () => tc.cluster, hostAddress: '127.0.0.1', homeBytes: 32 * 2 ** 20 });
    const session = await backend.open({ id: user, home: tc.dir, cluster: { id: 'c', token: 't', caCert: '', host: '127.0.0.1', port: 1 } } as any, 100, 30);
    let out = '';
    session.onData((d) => (out += d));
    const started = Date.now();
    session.write('dd if=/dev/zero of=big bs=1M count=2000; echo "rc=$?"; wc -c < big\r');
    await waitFor('dd to stop', () => /rc=\d+[\s\S]*\d{6,}/.test(out), 60_000);
    console.log(`toolbox: dd of 2000 MiB stopped after ${Date.now() - started} ms`);
    expect(out).toContain('File size limit exceeded');
    expect(out).toMatch(/rc=153/);
    expect(out).toMatch(/\b33554432\b/);
    session.kill();
  }, 90_000);
});
