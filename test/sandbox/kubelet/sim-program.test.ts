// The simulated runtime's reading of a container: how long it runs, how it exits, how its probes answer.
import { imageRepository, parseScript, simProbe, simProgram, simPullFailure } from '../../../sandbox/kubelet/sim-program';

const always = { restartPolicy: 'Always', init: false };
const job = { restartPolicy: 'Never', init: false };
const env = (vars: Record<string, string>) => Object.entries(vars).map(([name, value]) => ({ name, value }));

describe('simProgram', () => {
  it('runs a server until stopped, and a Job container for one second then exits 0', () => {
    expect(simProgram({ name: 'web', image: 'nginx:1.25' }, always)).toMatchObject({ runSeconds: undefined, exitCode: 0 });
    expect(simProgram({ name: 'pi', image: 'perl', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] }, job)).toMatchObject({ runSeconds: 1, exitCode: 0 });
  });

  it('follows KUBELAB_SIM_EXIT_CODE and KUBELAB_SIM_RUN_SECONDS', () => {
    expect(simProgram({ name: 'c', image: 'x', env: env({ KUBELAB_SIM_EXIT_CODE: '1' }) }, always)).toMatchObject({ runSeconds: 1, exitCode: 1 });
    expect(simProgram({ name: 'c', image: 'x', env: env({ KUBELAB_SIM_EXIT_CODE: '2', KUBELAB_SIM_RUN_SECONDS: '30' }) }, always)).toMatchObject({ runSeconds: 30, exitCode: 2 });
    expect(simProgram({ name: 'c', image: 'x', env: env({ KUBELAB_SIM_RUN_SECONDS: '5' }) }, job)).toMatchObject({ runSeconds: 5, exitCode: 0 });
  });

  it('reads simple commands the way a shell runs them', () => {
    const run = (command: string[]) => simProgram({ name: 'c', image: 'busybox', command }, always);
    expect(run(['false'])).toMatchObject({ runSeconds: 1, exitCode: 1 });
    expect(run(['sh', '-c', 'exit 3'])).toMatchObject({ runSeconds: 1, exitCode: 3 });
    expect(run(['sleep', '30'])).toMatchObject({ runSeconds: 30, exitCode: 0 });
    expect(run(['sleep', '2m'])).toMatchObject({ runSeconds: 120 });
    expect(run(['sh', '-c', 'echo hi; sleep 5; exit 1'])).toMatchObject({ runSeconds: 5, exitCode: 1 });
    expect(run(['sh', '-c', 'false && sleep 100'])).toMatchObject({ runSeconds: 1, exitCode: 1 });
    expect(run(['sh', '-c', 'while true; do echo hi; sleep 5; done'])).toMatchObject({ runSeconds: undefined });
    expect(run(['sh', '-c', 'touch /tmp/x; tail -f /tmp/x'])).toMatchObject({ runSeconds: undefined });
    expect(run(['sleep', 'infinity'])).toMatchObject({ runSeconds: undefined });
    expect(run(['python', 'app.py'])).toMatchObject({ runSeconds: undefined });
  });

  it('exits at once for a shell image given no command, unless it has a terminal', () => {
    expect(simProgram({ name: 'c', image: 'busybox' }, always)).toMatchObject({ runSeconds: 1, exitCode: 0 });
    expect(simProgram({ name: 'c', image: 'busybox', stdin: true, tty: true }, always)).toMatchObject({ runSeconds: undefined });
  });

  it('runs init containers to completion', () => {
    expect(simProgram({ name: 'init', image: 'nginx' }, { restartPolicy: 'Always', init: true })).toMatchObject({ runSeconds: 1, exitCode: 0 });
  });

  it('splits scripts on ; && || and newlines, keeping quoted text together', () => {
    expect(parseScript(`echo "a; b" && sleep 1\nexit 2`)?.map((s) => [s.join, s.pipeline])).toEqual([
      [';', [['echo', 'a; b']]],
      ['&&', [['sleep', '1']]],
      [';', [['exit', '2']]],
    ]);
    expect(parseScript('sleep 10 &')).toBeUndefined();
  });
});

describe('simProbe', () => {
  const echo = { name: 'echo', image: 'gihyodocker/echo:latest', ports: [{ name: 'http', containerPort: 8080 }] };
  const program = simProgram(echo, always);

  it('passes where the image listens and refuses other ports', () => {
    expect(simProbe(program, echo, 'readiness', { httpGet: { path: '/', port: 8080 } }, '10.244.1.5')).toEqual({ success: true });
    expect(simProbe(program, echo, 'readiness', { httpGet: { path: '/', port: 'http' } }, '10.244.1.5')).toEqual({ success: true });
    expect(simProbe(program, echo, 'liveness', { httpGet: { path: '/healthz', port: 9999, scheme: 'HTTP' } }, '10.244.1.5')).toEqual({
      success: false,
      message: 'Get "http://10.244.1.5:9999/healthz": dial tcp 10.244.1.5:9999: connect: connection refused',
    });
    expect(simProbe(program, echo, 'readiness', { tcpSocket: { port: 81 } }, '10.244.1.5')).toEqual({
      success: false,
      message: 'dial tcp 10.244.1.5:81: connect: connection refused',
    });
  });

  it('fails the probe a container is told to fail', () => {
    const sick = { ...echo, env: env({ KUBELAB_SIM_READY: 'false' }) };
    const p = simProgram(sick, always);
    expect(simProbe(p, sick, 'readiness', { httpGet: { path: '/', port: 8080 } }, '10.244.1.5')).toEqual({ success: false, message: 'HTTP probe failed with statuscode: 500' });
    expect(simProbe(p, sick, 'liveness', { httpGet: { path: '/', port: 8080 } }, '10.244.1.5')).toEqual({ success: true });
  });
});

describe('image conventions', () => {
  it('has exactly the lab catalog’s images, as the docker runtime does', () => {
    for (const known of ['busybox', 'busybox:latest', 'kubelab/busybox:1.35', 'gihyodocker/echo:latest', 'docker.io/gihyodocker/nginx:latest', 'gihyodocker/echo', 'nginx', 'nginx:1.25']) {
      expect(simPullFailure(known)).toBe(false);
    }
    for (const unknown of ['gihyodocker/echo:v2', 'simpleapp', 'nginx:1.161', 'busybox:1.36', 'nginx:doesnotexist']) expect(simPullFailure(unknown)).toBe(true);
  });

  it('finds the repository of an image reference', () => {
    expect(imageRepository('docker.io/library/nginx:1.25')).toBe('nginx');
    expect(imageRepository('gihyodocker/echo:latest')).toBe('gihyodocker/echo');
    expect(imageRepository('localhost:5000/app@sha256:abc')).toBe('app');
  });
});
