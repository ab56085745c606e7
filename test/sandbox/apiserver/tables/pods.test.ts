import type { KubeObject } from '../../../../sandbox/api/types';
import { tableFor } from '../../../../sandbox/apiserver/kinds/strategy';

const NOW = new Date('2024-05-01T12:00:00Z');
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString().replace(/\.000Z$/, 'Z');

const running = (name: string, ready = true, restartCount = 0, lastState: any = {}) => ({
  name,
  ready,
  restartCount,
  started: true,
  state: { running: { startedAt: ago(600) } },
  lastState,
});
const waiting = (name: string, reason: string, restartCount = 0, lastState: any = {}) => ({
  name,
  ready: false,
  restartCount,
  state: { waiting: { reason } },
  lastState,
});
const terminated = (name: string, t: Record<string, unknown>) => ({ name, ready: false, restartCount: 0, state: { terminated: t }, lastState: {} });

/** A two-container pod (app + sidecar) created ten minutes ago. */
function pod(status: Record<string, unknown>, extra: { spec?: any; metadata?: any } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', creationTimestamp: ago(600), ...extra.metadata },
    spec: { containers: [{ name: 'app', image: 'nginx' }, { name: 'log', image: 'busybox' }], nodeName: 'node-1', ...extra.spec },
    status,
  };
}

function row(p: KubeObject) {
  const [name, ready, status, restarts, age, ip, node, nominated, gates] = tableFor('Pod', [p], NOW).rows[0].cells as string[];
  return { name, ready, status, restarts, age, ip, node, nominated, gates };
}

describe('Pod table', () => {
  it('shows a healthy two-container pod as 2/2 Running with no restarts', () => {
    const r = row(pod({ phase: 'Running', podIP: '10.1.0.7', containerStatuses: [running('app'), running('log')] }));
    expect(r).toEqual({ name: 'web', ready: '2/2', status: 'Running', restarts: '0', age: '10m', ip: '10.1.0.7', node: 'node-1', nominated: '<none>', gates: '<none>' });
  });

  it('shows a crash-looping container with its restarts and when the last one ended', () => {
    const crashed = waiting('app', 'CrashLoopBackOff', 5, { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(300) } });
    const r = row(pod({ phase: 'Running', containerStatuses: [crashed, running('log', true, 1, { terminated: { exitCode: 0, finishedAt: ago(500) } })] }));
    expect([r.ready, r.status, r.restarts]).toEqual(['1/2', 'CrashLoopBackOff', '6 (5m ago)']);
  });

  it('shows image pull failures and container creation from the waiting reason', () => {
    expect(row(pod({ phase: 'Pending', containerStatuses: [waiting('app', 'ErrImagePull'), waiting('log', 'ContainerCreating')] })).status).toBe('ErrImagePull');
    expect(row(pod({ phase: 'Pending', containerStatuses: [waiting('app', 'ImagePullBackOff'), running('log')] })).status).toBe('ImagePullBackOff');
    expect(row(pod({ phase: 'Pending', containerStatuses: [waiting('app', 'ContainerCreating'), waiting('log', 'ContainerCreating')] }))).toMatchObject({
      ready: '0/2',
      status: 'ContainerCreating',
    });
  });

  it('shows a pod with no statuses yet by its phase', () => {
    expect(row(pod({ phase: 'Pending' }))).toMatchObject({ ready: '0/2', status: 'Pending', restarts: '0', ip: '<none>' });
  });

  it('shows the terminated reason, or the exit code or signal when there is none', () => {
    expect(row(pod({ phase: 'Running', containerStatuses: [terminated('app', { exitCode: 137, reason: 'OOMKilled' }), running('log')] })).status).toBe('OOMKilled');
    expect(row(pod({ phase: 'Failed', containerStatuses: [terminated('app', { exitCode: 1, reason: 'Error' }), terminated('log', { exitCode: 0, reason: 'Completed' })] })).status).toBe('Error');
    expect(row(pod({ phase: 'Running', containerStatuses: [terminated('app', { exitCode: 3 }), running('log')] })).status).toBe('ExitCode:3');
    expect(row(pod({ phase: 'Running', containerStatuses: [terminated('app', { exitCode: 0, signal: 9 }), running('log')] })).status).toBe('Signal:9');
  });

  it('shows Completed when every container finished, and Running/NotReady while one still runs', () => {
    const done = terminated('app', { exitCode: 0, reason: 'Completed' });
    expect(row(pod({ phase: 'Succeeded', containerStatuses: [done, terminated('log', { exitCode: 0, reason: 'Completed' })] }))).toMatchObject({ ready: '0/2', status: 'Completed' });
    const readyCond = [{ type: 'Ready', status: 'True' }];
    expect(row(pod({ phase: 'Running', conditions: readyCond, containerStatuses: [done, running('log')] })).status).toBe('Running');
    expect(row(pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }], containerStatuses: [done, running('log')] })).status).toBe('NotReady');
  });

  describe('with an init container', () => {
    const spec = { initContainers: [{ name: 'migrate', image: 'busybox' }] };
    const mainWaiting = [waiting('app', 'PodInitializing'), waiting('log', 'PodInitializing')];

    it('shows Init:0/1 while it runs', () => {
      const init = [{ name: 'migrate', ready: false, restartCount: 0, state: { running: {} } }];
      expect(row(pod({ phase: 'Pending', initContainerStatuses: init, containerStatuses: mainWaiting }, { spec })).status).toBe('Init:0/1');
    });

    it('shows Init:<reason> when it fails or crash-loops, counting its restarts', () => {
      const failed = [{ name: 'migrate', restartCount: 0, state: { terminated: { exitCode: 1, reason: 'Error' } } }];
      expect(row(pod({ phase: 'Pending', initContainerStatuses: failed }, { spec })).status).toBe('Init:Error');
      const looping = [{ name: 'migrate', restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, finishedAt: ago(30) } } }];
      expect(row(pod({ phase: 'Pending', initContainerStatuses: looping, containerStatuses: mainWaiting }, { spec }))).toMatchObject({
        status: 'Init:CrashLoopBackOff',
        restarts: '3 (30s ago)',
      });
      const noReason = [{ name: 'migrate', restartCount: 0, state: { terminated: { exitCode: 2 } } }];
      expect(row(pod({ phase: 'Pending', initContainerStatuses: noReason }, { spec })).status).toBe('Init:ExitCode:2');
    });

    it('shows PodInitializing once it succeeded and the app containers are starting', () => {
      const done = [{ name: 'migrate', restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }];
      expect(row(pod({ phase: 'Pending', initContainerStatuses: done, containerStatuses: mainWaiting }, { spec })).status).toBe('PodInitializing');
    });
  });

  it('counts a started restartable init container (sidecar) in READY', () => {
    const spec = { initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }] };
    const init = [{ name: 'proxy', ready: true, started: true, restartCount: 1, state: { running: {} }, lastState: { terminated: { exitCode: 1, finishedAt: ago(120) } } }];
    const r = row(pod({ phase: 'Running', conditions: [{ type: 'Initialized', status: 'True' }], initContainerStatuses: init, containerStatuses: [running('app'), running('log')] }, { spec }));
    expect([r.ready, r.status, r.restarts]).toEqual(['3/3', 'Running', '1 (2m ago)']);
  });

  it('shows Terminating for a pod being deleted, but keeps Completed for a finished one', () => {
    const metadata = { deletionTimestamp: ago(5) };
    expect(row(pod({ phase: 'Running', containerStatuses: [running('app'), running('log')] }, { metadata })).status).toBe('Terminating');
    expect(row(pod({ phase: 'Succeeded', containerStatuses: [terminated('app', { exitCode: 0, reason: 'Completed' })] }, { metadata })).status).toBe('Completed');
  });

  it('shows Unknown for a pod being deleted off an unreachable node', () => {
    expect(row(pod({ phase: 'Running', reason: 'NodeLost', containerStatuses: [running('app'), running('log')] }, { metadata: { deletionTimestamp: ago(5) } })).status).toBe('Unknown');
  });

  it('shows the pod reason, like Evicted, and SchedulingGated', () => {
    expect(row(pod({ phase: 'Failed', reason: 'Evicted' })).status).toBe('Evicted');
    expect(row(pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] })).status).toBe('SchedulingGated');
  });

  it('fills the wide columns: nominated node and readiness gates', () => {
    const spec = { nodeName: undefined, readinessGates: [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/dns' }] };
    const r = row(pod({ phase: 'Pending', nominatedNodeName: 'node-2', conditions: [{ type: 'example.com/lb', status: 'True' }] }, { spec }));
    expect([r.node, r.nominated, r.gates]).toEqual(['<none>', 'node-2', '1/2']);
  });
});
