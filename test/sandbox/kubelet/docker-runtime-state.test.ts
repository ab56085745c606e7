// What the runtime makes of inspected containers: the kubelet's exit reasons, and after a crash of kubelab, which
// leftovers go (an extra infra container, a container created but never started, a duplicate attempt).
import type { ContainerInfo } from '../../../sandbox/docker/types';
import { instanceOf, reconcileInspected, surplusInstances } from '../../../sandbox/kubelet/docker-runtime-state';

let n = 0;
function info(role: 'pod-infra' | 'pod-container', state: Partial<ContainerInfo['state']>, labels: Record<string, string> = {}, created = '2026-01-01T00:00:00Z'): ContainerInfo {
  n++;
  return {
    id: `id${n}`,
    name: `c${n}`,
    image: 'gihyodocker/echo:latest',
    imageId: 'sha256:abc',
    created,
    labels: { 'dev.kubelab.role': role, ...labels },
    state: { status: 'running', running: true, exitCode: 0, oomKilled: false, error: '', pid: 1, startedAt: '2026-01-01T00:00:01.5Z', finishedAt: '0001-01-01T00:00:00Z', ...state },
    restartCount: 0,
    networkMode: role === 'pod-infra' ? 'kubelab-c1' : 'container:x',
    privileged: false,
    capAdd: [],
    networks: role === 'pod-infra' ? { 'kubelab-c1': { ipAddress: '10.224.0.7', gateway: '10.224.0.1', aliases: [] } } : {},
  };
}

const exited = (exitCode: number, extra: Partial<ContainerInfo['state']> = {}) => ({ status: 'exited', running: false, exitCode, finishedAt: '2026-01-01T00:00:09Z', ...extra });

describe('docker runtime state', () => {
  it('reports exits with the kubelet reasons and second-precision times', () => {
    const app = { 'dev.kubelab.container': 'echo', 'dev.kubelab.attempt': '3' };
    expect(instanceOf(info('pod-container', exited(0), app))).toMatchObject({ name: 'echo', attempt: 3, state: 'exited', exitCode: 0, reason: 'Completed', startedAt: '2026-01-01T00:00:01Z', finishedAt: '2026-01-01T00:00:09Z' });
    expect(instanceOf(info('pod-container', exited(1), app))).toMatchObject({ reason: 'Error', exitCode: 1 });
    expect(instanceOf(info('pod-container', exited(137, { oomKilled: true }), app))).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
    expect(instanceOf(info('pod-container', { status: 'created', running: false, exitCode: 127, error: 'exec: "nope": executable file not found in $PATH', startedAt: '0001-01-01T00:00:00Z' }, app))).toMatchObject({
      state: 'exited',
      reason: 'StartError',
      exitCode: 127,
      message: 'exec: "nope": executable file not found in $PATH',
    });
    expect(instanceOf(info('pod-container', {}, app))).toMatchObject({ id: expect.stringMatching(/^docker:\/\//), state: 'running', image: 'docker.io/gihyodocker/echo:latest' });
  });

  it('keeps the running infra and one instance per attempt, and drops what a crash left half-made', () => {
    const oldInfra = info('pod-infra', exited(0), {}, '2026-01-01T00:00:00Z');
    const infra = info('pod-infra', {}, {}, '2026-01-01T00:01:00Z');
    const a0 = info('pod-container', exited(1), { 'dev.kubelab.container': 'echo', 'dev.kubelab.attempt': '0' });
    const a1 = info('pod-container', {}, { 'dev.kubelab.container': 'echo', 'dev.kubelab.attempt': '1' }, '2026-01-01T00:02:00Z');
    const dup = info('pod-container', {}, { 'dev.kubelab.container': 'echo', 'dev.kubelab.attempt': '1' }, '2026-01-01T00:01:30Z');
    const unstarted = info('pod-container', { status: 'created', running: false, startedAt: '0001-01-01T00:00:00Z' }, { 'dev.kubelab.container': 'nginx', 'dev.kubelab.attempt': '0' });
    const { state, remove } = reconcileInspected([oldInfra, infra, a0, a1, dup, unstarted], 'kubelab-c1');
    expect(state.infra).toMatchObject({ dockerId: infra.id, ip: '10.224.0.7', running: true });
    expect(state.instances.map((i) => i.dockerId)).toEqual([a0.id, a1.id]);
    expect(remove.sort()).toEqual([oldInfra.id, dup.id, unstarted.id].sort());
  });

  it('keeps the current and the previous instance of each container, as kubectl logs --previous needs', () => {
    const instances = [0, 1, 2, 3].map((attempt) => instanceOf(info('pod-container', exited(1), { 'dev.kubelab.container': 'echo', 'dev.kubelab.attempt': String(attempt) })));
    expect(surplusInstances(instances).map((i) => i.attempt)).toEqual([0, 1]);
  });
});
