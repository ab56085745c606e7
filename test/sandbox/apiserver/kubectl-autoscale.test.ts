// HorizontalPodAutoscalers through the real kubectl on the sim runtime: `kubectl autoscale` (autoscaling/v1 up to
// kubectl 1.32, v2 after), kube-apiserver's printer and validation, `kubectl top` reading metrics.k8s.io, and the
// HPA controller scaling a Deployment up from its CPU utilisation and back down once the load stops (lab timings:
// metrics and syncs every 5 s, the 300 s scale-down window at a tenth).
import { describeEachKubectl, kubectlRunners } from '../../helpers/kubectl-suite';
import { startTestCluster, waitFor, type TestCluster } from '../../helpers/test-cluster';

const describeKubectl = describeEachKubectl();

describeKubectl('horizontal pod autoscaling with %s', (bin) => {
  let tc: TestCluster;
  const { k, ok } = kubectlRunners(() => tc, bin);
  const hpa = async (name: string) => JSON.parse(await ok('get', 'hpa', name, '-o', 'json'));
  const replicas = async (deployment: string) => Number(await ok('get', 'deployment', deployment, '-o', 'jsonpath={.spec.replicas}'));

  beforeAll(async () => {
    tc = await startTestCluster();
    // The sim runtime burns the container's cpu limit (200m, twice its 100m request) for a loop that never sleeps.
    await ok('create', 'deployment', 'burn', '--image=busybox', '--', 'sh', '-c', 'while true; do :; done');
    await ok('set', 'resources', 'deployment', 'burn', '--requests=cpu=100m', '--limits=cpu=200m');
  });
  afterAll(() => tc.close());

  it('creates an autoscaler with kubectl autoscale and prints it as kube-apiserver does before any metric is read', async () => {
    await ok('create', 'deployment', 'idle', '--image=busybox', '--', 'sleep', '3600');
    expect(await ok('autoscale', 'deployment', 'idle', '--cpu-percent=50', '--min=1', '--max=3')).toContain('horizontalpodautoscaler.autoscaling/idle autoscaled');
    expect(await ok('get', 'hpa', 'idle')).toMatch(/^NAME\s+REFERENCE\s+TARGETS\s+MINPODS\s+MAXPODS\s+REPLICAS\s+AGE\nidle\s+Deployment\/idle\s+cpu: <unknown>\/50%\s+1\s+3\s+\d+\s+\d+s\n$/);
    expect((await hpa('idle')).spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'idle' },
      minReplicas: 1,
      maxReplicas: 3,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
    });
    // Its pods state no cpu request: the controller says so, as kube-controller-manager does.
    await waitFor(async () => (await hpa('idle')).status?.conditions?.some((c: any) => c.type === 'ScalingActive' && c.status === 'False'), 'the autoscaler to report why it cannot scale', 20_000);
    const active = (await hpa('idle')).status.conditions.find((c: any) => c.type === 'ScalingActive');
    expect(active.reason).toBe('FailedGetResourceMetric');
    expect((await k('autoscale', 'deployment', 'idle', '--max=3')).stderr).toContain('horizontalpodautoscalers.autoscaling "idle" already exists');
  });

  it('shows a v2 autoscaler through autoscaling/v1 as one CPU target', async () => {
    const v1 = JSON.parse(await ok('get', 'horizontalpodautoscalers.v1.autoscaling', 'idle', '-o', 'json'));
    expect(v1.apiVersion).toBe('autoscaling/v1');
    expect(v1.spec).toEqual({ scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'idle' }, minReplicas: 1, maxReplicas: 3, targetCPUUtilizationPercentage: 50 });
  });

  it('refuses an invalid autoscaler in kube-apiserver words', async () => {
    const bad = tc.file('bad-hpa.yaml', [
      'apiVersion: autoscaling/v2', 'kind: HorizontalPodAutoscaler', 'metadata: {name: bad}', 'spec:',
      '  scaleTargetRef: {kind: Deployment, name: web}', '  minReplicas: 3', '  maxReplicas: 2', '  metrics:',
      '  - type: Resource', '    resource: {name: cpu, target: {type: Utilization, averageUtilization: 0}}', '',
    ].join('\n'));
    const r = await k('apply', '-f', bad);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('The HorizontalPodAutoscaler "bad" is invalid: \n* spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`\n* spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0');
  });

  it('prints the CPU and memory pods and nodes use with kubectl top', async () => {
    await waitFor(async () => /burn-[a-z0-9]+-[a-z0-9]+\s+200m\s+2Mi/.test((await k('top', 'pod')).stdout), 'kubectl top pod to show the busy pod', 20_000);
    const nodes = await ok('top', 'node');
    expect(nodes).toMatch(/^NAME\s+CPU\(cores\)\s+CPU(\(%\)|%)\s+MEMORY\(bytes\)\s+MEMORY(\(%\)|%)\s*\n/);
    expect(nodes).toMatch(/kubelab-worker2?\s+2\d\dm\s+\d+%/);
    expect((await k('top', 'pod', 'nope')).stderr).toContain('podmetrics.metrics.k8s.io "default/nope" not found');
  });

  it('lets whoever holds view read metrics, through metrics-server\'s aggregated reader role', async () => {
    await ok('create', 'serviceaccount', 'viewer');
    await ok('create', 'rolebinding', 'viewer', '--clusterrole=view', '--serviceaccount=default:viewer');
    const as = '--as=system:serviceaccount:default:viewer';
    await waitFor(async () => (await k('auth', 'can-i', 'list', 'pods.metrics.k8s.io', as)).stdout.trim() === 'yes', 'view to include metrics.k8s.io');
    expect(await ok('top', 'pod', as)).toMatch(/burn-[a-z0-9]+-[a-z0-9]+\s+200m/);
    expect((await k('auth', 'can-i', 'create', 'pods.metrics.k8s.io', as)).stdout.trim()).toBe('no');
  });

  it('scales a busy Deployment up to maxReplicas from its CPU utilisation', async () => {
    expect(await ok('autoscale', 'deployment', 'burn', '--cpu-percent=50', '--min=1', '--max=4')).toContain('autoscaled');
    await waitFor(async () => (await replicas('burn')) === 4, 'the autoscaler to scale burn to 4', 30_000);
    await waitFor(async () => /burn\s+Deployment\/burn\s+cpu: 200%\/50%\s+1\s+4\s+4\s/.test(await ok('get', 'hpa', 'burn')), 'get hpa to show the utilisation and 4 replicas', 20_000);
    const described = await ok('describe', 'hpa', 'burn');
    expect(described).toMatch(/resource cpu on pods\s+\(as a percentage of request\):\s+200% \(200m\) \/ 50%/);
    expect(described).toMatch(/SuccessfulRescale\s+.*New size: 4; reason: cpu resource utilization \(percentage of request\) above target/);
    expect(described).toMatch(/ScalingActive\s+True\s+ValidMetricFound\s+the HPA was able to successfully calculate a replica count from cpu resource utilization \(percentage of request\)/);
  }, 60_000);

  it('fills in the behavior an autoscaler leaves out and holds scale-up to its Pods policy', async () => {
    await ok('create', 'deployment', 'steady', '--image=busybox', '--', 'sh', '-c', 'while true; do :; done');
    await ok('set', 'resources', 'deployment', 'steady', '--requests=cpu=100m', '--limits=cpu=200m');
    await ok('apply', '-f', tc.file('steady-hpa.yaml', [
      'apiVersion: autoscaling/v2', 'kind: HorizontalPodAutoscaler', 'metadata: {name: steady}', 'spec:',
      '  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: steady}', '  minReplicas: 1', '  maxReplicas: 4',
      '  behavior:', '    scaleUp:', '      policies: [{type: Pods, value: 1, periodSeconds: 60}]', '',
    ].join('\n')));
    const behavior = (await hpa('steady')).spec.behavior;
    expect(behavior).toEqual({
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] },
      scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
    });
    // One pod per (lab-scaled) period: 1 → 2 first, never straight to the 4 the utilisation asks for.
    await waitFor(async () => (await replicas('steady')) === 2, 'the first step of one pod', 30_000);
    const limited = (await hpa('steady')).status.conditions.find((c: any) => c.type === 'ScalingLimited');
    expect(limited).toMatchObject({ status: 'True', reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' });
    await ok('delete', 'hpa', 'steady');
    await ok('delete', 'deployment', 'steady');
  }, 60_000);

  it('scales back down to minReplicas after the scale-down window once the load stops', async () => {
    await ok('set', 'env', 'deployment', 'burn', 'KUBELAB_SIM_CPU=10m');
    await waitFor(async () => (await replicas('burn')) === 1, 'the autoscaler to scale burn back to 1', 90_000);
    expect(await ok('describe', 'hpa', 'burn')).toMatch(/New size: 1; reason: All metrics below target/);
  }, 120_000);
});
