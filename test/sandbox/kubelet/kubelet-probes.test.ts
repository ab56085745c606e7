// Probes and configuration under the simulated kubelet: readiness gates READY, liveness restarts, a missing
// ConfigMap holds a container back with the kubelet's own words until it exists.
import { startAgents, res, type AgentsHarness } from './agents-harness';

const echo = (extra: any = {}) => ({ name: 'echo', image: 'gihyodocker/echo:latest', ports: [{ containerPort: 8080 }], ...extra });
const ready = (h: AgentsHarness, name: string) => h.pod(name).status!.conditions!.find((c: any) => c.type === 'Ready');

describe('probes and config in the simulated kubelet', () => {
  let h: AgentsHarness;
  beforeEach(async () => {
    h = startAgents();
    await h.settle();
  });
  afterEach(() => h.dispose());

  it('keeps a pod unready until its readiness probe first passes after initialDelaySeconds', async () => {
    h.createPod('web', { containers: [echo({ readinessProbe: { httpGet: { path: '/', port: 8080 }, initialDelaySeconds: 5, periodSeconds: 10 } })] });
    await h.settle();
    expect(h.pod('web').status!.phase).toBe('Running');
    expect(ready(h, 'web')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [echo]' });
    await h.advance(5000);
    expect(ready(h, 'web')!.status).toBe('True');
    expect(ready(h, 'web')!.lastTransitionTime).toBe('2024-05-01T10:00:05Z');
  });

  it('leaves a pod whose readiness probe fails Running but 0/1, with an Unhealthy event', async () => {
    h.createPod('sick', { containers: [echo({ env: [{ name: 'KUBELAB_SIM_READY', value: 'false' }], readinessProbe: { httpGet: { path: '/', port: 8080 } } })] });
    await h.settle();
    await h.advance(30_000);
    const pod = h.pod('sick');
    expect(pod.status!.phase).toBe('Running');
    expect(pod.status!.containerStatuses![0]).toMatchObject({ ready: false, started: true, restartCount: 0 });
    expect(h.events('sick').find((e) => e.reason === 'Unhealthy')).toMatchObject({ type: 'Warning', message: 'Readiness probe failed: HTTP probe failed with statuscode: 500' });
  });

  it('restarts a container whose liveness probe checks a port nothing listens on', async () => {
    h.createPod('live', { containers: [echo({ livenessProbe: { httpGet: { path: '/', port: 9999 }, initialDelaySeconds: 3, periodSeconds: 5, failureThreshold: 3 } })] });
    await h.settle();
    await h.advance(12_000);
    expect(h.pod('live').status!.containerStatuses![0].restartCount).toBe(0);
    await h.advance(1000);
    const cs = h.pod('live').status!.containerStatuses![0];
    expect(cs.restartCount).toBe(1);
    expect(cs.lastState!.terminated).toMatchObject({ reason: 'Error', exitCode: 143 });
    const events = h.events('live').map((e) => `${e.reason}: ${e.message}`);
    expect(events).toContain(`Unhealthy: Liveness probe failed: Get "http://${h.pod('live').status!.podIP}:9999/": dial tcp ${h.pod('live').status!.podIP}:9999: connect: connection refused`);
    expect(events).toContain('Killing: Container echo failed liveness probe, will be restarted');
  });

  it('holds a container back with CreateContainerConfigError until the ConfigMap it reads exists', async () => {
    const env = [{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode' } } }];
    h.createPod('cfg', { containers: [{ name: 'app', image: 'gihyodocker/nginx:latest', env }] });
    await h.settle();
    expect(h.pod('cfg').status!.containerStatuses![0].state!.waiting).toEqual({ reason: 'CreateContainerConfigError', message: 'configmap "settings" not found' });
    expect(h.events('cfg').map((e) => e.message)).toContain('Error: configmap "settings" not found');
    h.api.create(res.cm, 'default', { metadata: { name: 'settings' }, data: { other: 'x' } });
    await h.advance(10_000);
    expect(h.pod('cfg').status!.containerStatuses![0].state!.waiting!.message).toBe("couldn't find key mode in ConfigMap default/settings");
    h.api.update(res.cm, 'default', 'settings', { metadata: { name: 'settings' }, data: { mode: 'fast' } });
    await h.advance(10_000);
    expect(h.pod('cfg').status!.phase).toBe('Running');
  });

  it('leaves a pod ContainerCreating with FailedMount while a ConfigMap volume is missing', async () => {
    h.createPod('vol', { volumes: [{ name: 'conf', configMap: { name: 'nginx-conf' } }], containers: [{ name: 'app', image: 'gihyodocker/nginx:latest' }] });
    await h.settle();
    const pod = h.pod('vol');
    expect(pod.status!.phase).toBe('Pending');
    expect(pod.status!.containerStatuses![0].state).toEqual({ waiting: { reason: 'ContainerCreating' } });
    expect(h.events('vol').find((e) => e.reason === 'FailedMount')).toMatchObject({
      type: 'Warning',
      message: 'MountVolume.SetUp failed for volume "conf" : configmap "nginx-conf" not found',
    });
  });
});
