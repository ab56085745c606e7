// The status a kubelet reports, from runtime facts alone: phases, conditions and their messages, container states.
import type { ContainerStatus, Pod } from '../../../sandbox/api/objects';
import { generatePodStatus, podPhase, type ContainerFacts } from '../../../sandbox/kubelet/pod-status';
import type { RuntimeContainer, RuntimePodStatus } from '../../../sandbox/runtime/container-runtime';

const NOW = '2024-05-01T10:00:10Z';
const sandbox = { id: 'sim://s', ip: '10.244.1.7', createdAt: '2024-05-01T10:00:00Z' };

function pod(spec: any, status: any = {}): Pod {
  return { metadata: { name: 'p', namespace: 'default', uid: 'u1' }, spec: { restartPolicy: 'Always', ...spec }, status: { phase: 'Pending', qosClass: 'BestEffort', ...status } };
}

function c(name: string, attempt: number, state: RuntimeContainer['state'], extra: Partial<RuntimeContainer> = {}): RuntimeContainer {
  return { id: `sim://${name}-${attempt}`, name, attempt, image: `docker.io/library/${name}:1`, imageID: `docker.io/library/${name}@sha256:x`, state, createdAt: '2024-05-01T10:00:00Z', startedAt: '2024-05-01T10:00:00Z', ...extra };
}

function status(p: Pod, rt: RuntimePodStatus, facts: Record<string, ContainerFacts> = {}, terminal = false) {
  return generatePodStatus({ pod: p, runtime: rt, facts: new Map(Object.entries(facts)), now: NOW, hostIP: '172.18.0.3', terminal });
}

const cond = (s: any, type: string) => s.conditions.find((x: any) => x.type === type);

describe('generatePodStatus', () => {
  it('reports a running pod with every condition in a real cluster order, IPs and container fields', () => {
    const s = status(pod({ containers: [{ name: 'app', image: 'app:1' }] }), { sandbox, containers: [c('app', 0, 'running')] });
    expect(s.phase).toBe('Running');
    expect(s.conditions!.map((x: any) => `${x.type}=${x.status}`)).toEqual(['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True']);
    expect(s).toMatchObject({ hostIP: '172.18.0.3', hostIPs: [{ ip: '172.18.0.3' }], podIP: '10.244.1.7', podIPs: [{ ip: '10.244.1.7' }], startTime: NOW, qosClass: 'BestEffort' });
    expect(s.containerStatuses).toEqual([
      {
        name: 'app', state: { running: { startedAt: '2024-05-01T10:00:00Z' } }, lastState: {}, ready: true, restartCount: 0,
        image: 'docker.io/library/app:1', imageID: 'docker.io/library/app@sha256:x', containerID: 'sim://app-0', started: true,
      },
    ]);
  });

  it('names unready containers in Ready and ContainersReady', () => {
    const p = pod({ containers: [{ name: 'a', image: 'a' }, { name: 'b', image: 'b' }] });
    const s = status(p, { sandbox, containers: [c('a', 0, 'running'), c('b', 0, 'running')] }, { b: { ready: false } });
    expect(cond(s, 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [b]' });
    expect(cond(s, 'ContainersReady')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [b]' });
  });

  it('shows an image pull failure as Pending with the waiting reason', () => {
    const s = status(pod({ containers: [{ name: 'app', image: 'nginx:doesnotexist' }] }), { sandbox, containers: [] }, { app: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "nginx:doesnotexist"' } } });
    expect(s.phase).toBe('Pending');
    expect(s.containerStatuses![0]).toMatchObject({ image: 'nginx:doesnotexist', imageID: '', ready: false, started: false, state: { waiting: { reason: 'ImagePullBackOff' } } });
  });

  it('keeps a crash-looping pod Running with the last exit in lastState', () => {
    const rt = { sandbox, containers: [c('app', 0, 'exited', { exitCode: 1, reason: 'Error', finishedAt: '2024-05-01T10:00:01Z' }), c('app', 1, 'exited', { exitCode: 1, reason: 'Error', finishedAt: '2024-05-01T10:00:02Z' })] };
    const s = status(pod({ containers: [{ name: 'app', image: 'app' }] }), rt, { app: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container=app pod=p_default(u1)' } } });
    expect(s.phase).toBe('Running');
    expect(s.containerStatuses![0]).toMatchObject({
      restartCount: 1,
      state: { waiting: { reason: 'CrashLoopBackOff' } },
      lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2024-05-01T10:00:02Z', containerID: 'sim://app-1' } },
    });
  });

  it('completes a Job pod: Succeeded, containers terminated Completed, Ready False with PodCompleted', () => {
    const p = pod({ restartPolicy: 'Never', containers: [{ name: 'job', image: 'perl' }] });
    const s = status(p, { sandbox, containers: [c('job', 0, 'exited', { exitCode: 0, reason: 'Completed', finishedAt: '2024-05-01T10:00:01Z' })] });
    expect(s.phase).toBe('Succeeded');
    expect(s.containerStatuses![0].state).toEqual({ terminated: { exitCode: 0, reason: 'Completed', startedAt: '2024-05-01T10:00:00Z', finishedAt: '2024-05-01T10:00:01Z', containerID: 'sim://job-0' } });
    expect(cond(s, 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    expect(cond(s, 'Initialized')).toMatchObject({ status: 'True', reason: 'PodCompleted' });
    expect(cond(s, 'PodReadyToStartContainers').status).toBe('False');
  });

  it('waits on init containers: Initialized False and app containers PodInitializing', () => {
    const p = pod({ initContainers: [{ name: 'init', image: 'busybox' }], containers: [{ name: 'app', image: 'app' }] });
    const s = status(p, { sandbox, containers: [c('init', 0, 'running')] });
    expect(s.phase).toBe('Pending');
    expect(cond(s, 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [init]' });
    expect(s.containerStatuses![0].state).toEqual({ waiting: { reason: 'PodInitializing' } });
    expect(s.initContainerStatuses![0].ready).toBe(false);
  });

  it('keeps lastTransitionTime while a condition holds, and conditions it does not own', () => {
    const old = { conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: '2024-05-01T09:00:00Z' }, { type: 'DisruptionTarget', status: 'True' }] };
    const s = status(pod({ containers: [{ name: 'app', image: 'app' }] }, old), { sandbox, containers: [c('app', 0, 'running')] });
    expect(cond(s, 'Ready').lastTransitionTime).toBe('2024-05-01T09:00:00Z');
    expect(cond(s, 'DisruptionTarget')).toEqual({ type: 'DisruptionTarget', status: 'True' });
  });
});

describe('podPhase', () => {
  const spec = (restartPolicy: 'Always' | 'OnFailure' | 'Never') => ({ metadata: {}, spec: { restartPolicy, containers: [{ name: 'a' }] } });
  const exited = (exitCode: number): ContainerStatus[] => [{ name: 'a', image: 'busybox', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode } } }];
  const failed = exited(1);
  it('applies the restart policy to stopped containers', () => {
    expect(podPhase(spec('Always'), [], failed, false)).toBe('Running');
    expect(podPhase(spec('OnFailure'), [], failed, false)).toBe('Running');
    expect(podPhase(spec('Never'), [], failed, false)).toBe('Failed');
    expect(podPhase(spec('Always'), [], failed, true)).toBe('Failed');
    expect(podPhase(spec('Always'), [], exited(0), true)).toBe('Succeeded');
  });
});
