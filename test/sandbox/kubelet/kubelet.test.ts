// The simulated kubelet with the scheduler on an in-process cluster: pods go from Pending to Running with the events
// and status a real node reports, crash-loop with growing back-off, complete as Jobs, and leave cleanly on delete.
import { startNodeAgents } from '../../../sandbox/kubelet';
import { startAgents, res, type AgentsHarness } from './agents-harness';

const env = (vars: Record<string, string>) => Object.entries(vars).map(([name, value]) => ({ name, value }));
const state = (p: any, i = 0) => p.status.containerStatuses[i].state;

describe('the simulated kubelet', () => {
  let h: AgentsHarness;
  beforeEach(async () => {
    h = startAgents();
    await h.settle();
  });
  afterEach(() => h.dispose());

  it('takes a two-container pod from Pending to Running 2/2 with Scheduled, Pulled, Created, Started in order', async () => {
    h.createPod('simple-echo', {
      containers: [
        { name: 'nginx', image: 'gihyodocker/nginx:latest' },
        { name: 'echo', image: 'gihyodocker/echo:latest' },
      ],
    });
    expect(h.pod('simple-echo').status!.phase).toBe('Pending');
    await h.settle();
    const pod = h.pod('simple-echo');
    expect(pod.status!.phase).toBe('Running');
    expect(pod.spec!.nodeName).toMatch(/^kubelab-worker/);
    expect(pod.status!.containerStatuses!.filter((c: any) => c.ready)).toHaveLength(2);
    expect(pod.status!.podIP).toMatch(/^10\.244\.[12]\.\d+$/);
    expect(pod.status!.hostIP).toMatch(/^172\.18\.0\.[34]$/);
    expect(pod.status!.containerStatuses![0]).toMatchObject({ restartCount: 0, started: true, image: 'docker.io/gihyodocker/nginx:latest', containerID: expect.stringMatching(/^sim:\/\/[0-9a-f]{64}$/) });
    const events = h.events('simple-echo').map((e) => [e.reason, e.source!.component, e.involvedObject.fieldPath ?? '']);
    expect(events[0]).toEqual(['Scheduled', 'default-scheduler', '']);
    // imagePullPolicy Always (":latest"): the kubelet pulls each time.
    expect(events.slice(1).map((e) => e[0])).toEqual(['Pulling', 'Pulled', 'Created', 'Started', 'Pulling', 'Pulled', 'Created', 'Started']);
    expect(events[4]).toEqual(['Started', 'kubelet', 'spec.containers{nginx}']);
    expect(h.events('simple-echo')[0].message).toBe(`Successfully assigned default/simple-echo to ${pod.spec!.nodeName}`);
  });

  it('says an image with a pinned tag is already present on machine', async () => {
    h.createPod('web', { containers: [{ name: 'web', image: 'kubelab/busybox:1.35', command: ['sleep', '3600'] }] });
    await h.settle();
    expect(h.events('web').map((e) => `${e.reason}: ${e.message}`)).toEqual([
      'Scheduled: Successfully assigned default/web to kubelab-worker',
      'Pulled: Container image "kubelab/busybox:1.35" already present on machine',
      'Created: Created container: web',
      'Started: Started container web',
    ]);
    expect(h.events('web')[1].source).toEqual({ component: 'kubelet', host: 'kubelab-worker' });
  });

  it('gives every pod its own IP from its node podCIDR', async () => {
    for (let i = 0; i < 6; i++) h.createPod(`p${i}`, { containers: [{ name: 'c', image: 'gihyodocker/nginx:latest' }] });
    await h.settle();
    const pods = h.api.list(res.pod, 'default').items;
    const ips = pods.map((p) => p.status!.podIP);
    expect(new Set(ips).size).toBe(6);
    for (const p of pods) expect(p.status!.podIP!.startsWith(p.spec!.nodeName === 'kubelab-worker' ? '10.244.1.' : '10.244.2.')).toBe(true);
  });

  it('restarts a container told to fail with CrashLoopBackOff back-off of 10s, 20s, 40s', async () => {
    h.createPod('crash', { containers: [{ name: 'app', image: 'gihyodocker/echo:latest', env: env({ KUBELAB_SIM_EXIT_CODE: '1' }) }] });
    await h.settle();
    expect(state(h.pod('crash'))).toHaveProperty('running');
    await h.advance(1000);
    // First exit: restarted at once.
    expect(h.pod('crash').status!.containerStatuses![0]).toMatchObject({ restartCount: 1, state: { running: {} }, lastState: { terminated: { exitCode: 1, reason: 'Error' } } });
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      await h.advance(1000);
      const cs = h.pod('crash').status!.containerStatuses![0];
      expect(cs.state!.waiting!.reason).toBe('CrashLoopBackOff');
      seen.push(cs.state!.waiting!.message!);
      const wait = Number(/back-off (\d+)s/.exec(cs.state!.waiting!.message!)![1]) * 1000;
      await h.advance(wait - 1);
      expect(h.pod('crash').status!.containerStatuses![0].state!.waiting?.reason).toBe('CrashLoopBackOff');
      await h.advance(1);
      expect(state(h.pod('crash'))).toHaveProperty('running');
    }
    const uid = h.pod('crash').metadata.uid;
    expect(seen).toEqual([10, 20, 40].map((s) => `back-off ${s}s restarting failed container=app pod=crash_default(${uid})`));
    expect(h.pod('crash').status).toMatchObject({ phase: 'Running', containerStatuses: [{ restartCount: 4 }] });
    const backoff = h.events('crash').find((e) => e.reason === 'BackOff')!;
    expect(backoff).toMatchObject({ type: 'Warning', message: `Back-off restarting failed container app in pod crash_default(${uid})` });
  });

  it('runs a Job-style pod to Succeeded with its container terminated Completed', async () => {
    h.createPod('pi', { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'busybox', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] }] });
    await h.settle();
    expect(h.pod('pi').status!.phase).toBe('Running');
    await h.advance(1000);
    const pod = h.pod('pi');
    expect(pod.status!.phase).toBe('Succeeded');
    expect(state(pod).terminated).toMatchObject({ exitCode: 0, reason: 'Completed', startedAt: '2024-05-01T10:00:00Z', finishedAt: '2024-05-01T10:00:01Z' });
    expect(pod.status!.conditions!.find((c: any) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
  });

  it('fails a Never pod whose container exits 1, and restarts an OnFailure one', async () => {
    const failing = (policy: string) => ({ restartPolicy: policy, containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'sleep 2; exit 1'] }] });
    h.createPod('never', failing('Never'));
    h.createPod('onfailure', failing('OnFailure'));
    await h.settle();
    await h.advance(2000);
    expect(h.pod('never').status!.phase).toBe('Failed');
    expect(state(h.pod('never')).terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(h.pod('onfailure').status).toMatchObject({ phase: 'Running', containerStatuses: [{ restartCount: 1 }] });
  });

  it('shows ErrImagePull, then ImagePullBackOff, with the events of a real kubelet', async () => {
    h.createPod('bad', { containers: [{ name: 'app', image: 'nginx:doesnotexist' }] });
    await h.settle();
    let cs = h.pod('bad').status!.containerStatuses![0];
    expect(h.pod('bad').status!.phase).toBe('Pending');
    expect(cs.state!.waiting).toMatchObject({ reason: 'ErrImagePull', message: expect.stringContaining('docker.io/library/nginx:doesnotexist: not found') });
    await h.advance(1000);
    cs = h.pod('bad').status!.containerStatuses![0];
    expect(cs.state!.waiting).toEqual({ reason: 'ImagePullBackOff', message: 'Back-off pulling image "nginx:doesnotexist"' });
    const events = h.events('bad').map((e) => `${e.type} ${e.reason}: ${e.message}`);
    expect(events).toEqual(
      expect.arrayContaining([
        'Normal Pulling: Pulling image "nginx:doesnotexist"',
        expect.stringMatching(/^Warning Failed: Failed to pull image "nginx:doesnotexist": rpc error: code = NotFound/),
        'Warning Failed: Error: ErrImagePull',
        'Normal BackOff: Back-off pulling image "nginx:doesnotexist"',
        'Warning Failed: Error: ImagePullBackOff',
      ]),
    );
    // The next pull comes after the back-off: ErrImagePull again.
    await h.advance(9000);
    expect(h.pod('bad').status!.containerStatuses![0].state!.waiting!.reason).toBe('ErrImagePull');
  });

  it('finishes a graceful delete: Killing events, containers stopped, the pod gone', async () => {
    h.createPod('web', { containers: [{ name: 'web', image: 'gihyodocker/nginx:latest' }, { name: 'log', image: 'busybox', command: ['tail', '-f', '/dev/null'] }] });
    await h.settle();
    h.api.delete(res.pod, 'default', 'web');
    expect(h.pod('web').metadata.deletionTimestamp).toBeDefined();
    await h.settle();
    expect(h.api.tryGet(res.pod, 'default', 'web')).toBeUndefined();
    const killing = h.events('web').filter((e) => e.reason === 'Killing');
    expect(killing.map((e) => [e.message, e.involvedObject.fieldPath])).toEqual([
      ['Stopping container web', 'spec.containers{web}'],
      ['Stopping container log', 'spec.containers{log}'],
    ]);
  });

  it('takes a pod name back with a new pod after the old one is force-deleted', async () => {
    h.createPod('same', { containers: [{ name: 'c', image: 'gihyodocker/nginx:latest' }] });
    await h.settle();
    const first = h.pod('same');
    h.api.delete(res.pod, 'default', 'same', { gracePeriodSeconds: 0 });
    h.createPod('same', { containers: [{ name: 'c', image: 'gihyodocker/nginx:latest' }] });
    await h.settle();
    const second = h.pod('same');
    expect(second.metadata.uid).not.toBe(first.metadata.uid);
    expect(second.status!.phase).toBe('Running');
    expect(second.status!.podIP).not.toBe(first.status!.podIP);
  });

  it('runs init containers one after the other before the app container', async () => {
    h.createPod('init', {
      initContainers: [
        { name: 'first', image: 'busybox', command: ['sh', '-c', 'sleep 2'] },
        { name: 'second', image: 'busybox', command: ['sh', '-c', 'echo ready'] },
      ],
      containers: [{ name: 'app', image: 'gihyodocker/nginx:latest' }],
    });
    await h.settle();
    let pod = h.pod('init');
    expect(pod.status!.phase).toBe('Pending');
    expect(pod.status!.initContainerStatuses!.map((c: any) => Object.keys(c.state)[0])).toEqual(['running', 'waiting']);
    expect(pod.status!.containerStatuses![0].state).toEqual({ waiting: { reason: 'PodInitializing' } });
    await h.advance(2000);
    expect(h.pod('init').status!.initContainerStatuses!.map((c: any) => Object.keys(c.state)[0])).toEqual(['terminated', 'running']);
    await h.advance(1000);
    pod = h.pod('init');
    expect(pod.status!.phase).toBe('Running');
    expect(pod.status!.initContainerStatuses!.map((c: any) => c.state.terminated?.reason)).toEqual(['Completed', 'Completed']);
    expect(pod.status!.conditions!.find((c: any) => c.type === 'Initialized')!.status).toBe('True');
  });

  it('renews its node Lease every 10 s and keeps the node Ready', async () => {
    const lease = () => h.api.get(res.lease, 'kube-node-lease', 'kubelab-worker');
    expect(lease().spec).toEqual({ holderIdentity: 'kubelab-worker', leaseDurationSeconds: 40, renewTime: '2024-05-01T10:00:00.000000Z' });
    expect(lease().metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Node', name: 'kubelab-worker' });
    await h.advance(25_000);
    expect(lease().spec!.renewTime).toBe('2024-05-01T10:00:20.000000Z');
    await h.advance(40_000);
    const ready = h.api.get(res.node, undefined, 'kubelab-worker').status!.conditions!.find((c: any) => c.type === 'Ready');
    expect(ready).toMatchObject({ status: 'True', reason: 'KubeletReady', lastHeartbeatTime: '2024-05-01T10:01:00Z' });
  });

  it('picks its running pods up again after kubelab restarts, keeping their IPs and containers', async () => {
    h.createPod('keep', { containers: [{ name: 'c', image: 'gihyodocker/nginx:latest' }] });
    h.createPod('loop', { containers: [{ name: 'c', image: 'gihyodocker/echo:latest', env: env({ KUBELAB_SIM_EXIT_CODE: '1' }) }] });
    await h.settle();
    await h.advance(1000);
    await h.advance(1000);
    const before = h.pod('keep');
    const loopBefore = h.pod('loop').status!.containerStatuses![0];
    expect(loopBefore.state!.waiting!.reason).toBe('CrashLoopBackOff');
    h.agents.dispose();
    const again = startNodeAgents(h.api, h.clock, {});
    try {
      await again.idle();
      await h.settle();
      const after = h.pod('keep');
      expect(after.status!.podIP).toBe(before.status!.podIP);
      expect(after.status!.containerStatuses).toEqual(before.status!.containerStatuses);
      expect(h.pod('loop').status!.containerStatuses![0].restartCount).toBeGreaterThanOrEqual(loopBefore.restartCount);
      h.createPod('fresh', { nodeName: before.spec!.nodeName, containers: [{ name: 'c', image: 'gihyodocker/nginx:latest' }] });
      await again.idle();
      await h.settle();
      const ips = h.api.list(res.pod, 'default').items.map((p) => p.status!.podIP);
      expect(new Set(ips).size).toBe(3);
    } finally {
      again.dispose();
    }
  });
});
