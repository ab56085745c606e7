// The API server's request record, as the real kubectl makes requests: exec with its container and command (over
// WebSocket and SPDY, refused by the simulated runtime but still on record), logs with follow, rollout undo and
// scale with kubectl's command header, reads as Tables or objects, --as, and a ServiceAccount's token. A sink that
// throws never fails kubectl.
import type { RequestRecord } from '../../../sandbox/apiserver/http/audit';
import { describeEachKubectl, kubectlRunners } from '../../helpers/kubectl-suite';
import { startTestCluster, waitFor, type TestCluster } from '../../helpers/test-cluster';

const POD = `apiVersion: v1
kind: Pod
metadata: { name: simple-echo }
spec:
  containers:
    - { name: nginx, image: gihyodocker/nginx:latest }
    - { name: echo, image: gihyodocker/echo:latest }
`;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: { name: echo }
spec:
  replicas: 1
  selector: { matchLabels: { app: echo } }
  template:
    metadata: { labels: { app: echo } }
    spec: { containers: [{ name: echo, image: gihyodocker/echo:latest }] }
`;

describeEachKubectl()('the API server request record with %s', (bin) => {
  let tc: TestCluster;
  const records: RequestRecord[] = [];
  const { k, ok } = kubectlRunners(() => tc, bin);
  const since = () => records.length;
  const after = (n: number) => records.slice(n);

  beforeAll(async () => {
    tc = await startTestCluster({ audit: (r) => records.push(r) });
    await ok('apply', '-f', tc.file('pod.yaml', POD));
    await waitFor(async () => (await k('get', 'pod', 'simple-echo', '-o', 'jsonpath={.status.phase}')).stdout === 'Running', 'simple-echo Running');
  });
  afterAll(() => tc?.close());

  it('records an exec with its container and command, refused by the simulated runtime', async () => {
    const n = since();
    const r = await k('exec', 'simple-echo', '-c', 'nginx', '--', 'wget', '-qO-', 'http://localhost:8080');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/need real containers/);
    const execs = after(n).filter((x) => x.subresource === 'exec');
    expect(execs.length).toBeGreaterThanOrEqual(1);
    for (const e of execs) {
      expect(e).toMatchObject({ verb: 'create', resource: 'pods', namespace: 'default', name: 'simple-echo', container: 'nginx', code: 400, kubectlCommand: 'kubectl exec' });
      expect(e.command).toEqual(['wget', '-qO-', 'http://localhost:8080']);
      expect(e.message).toMatch(/need real containers/);
    }
  });

  it('records a port-forward', async () => {
    const n = since();
    const r = await tc.kubectl(bin, ['port-forward', 'pod/simple-echo', '0:8080'], { timeoutMs: 10_000 });
    expect(r.code).not.toBe(0);
    expect(after(n)).toContainEqual(expect.objectContaining({ verb: 'create', resource: 'pods', subresource: 'portforward', name: 'simple-echo', kubectlCommand: 'kubectl port-forward' }));
  });

  it('records logs with the container and whether they were followed', async () => {
    const n = since();
    await k('logs', '-f', 'simple-echo', '-c', 'echo');
    await k('logs', 'simple-echo', '-c', 'nginx', '--tail=3');
    const logs = after(n).filter((x) => x.subresource === 'log');
    expect(logs.map((l) => [l.verb, l.container, l.follow, l.kubectlCommand])).toEqual([
      ['get', 'echo', true, 'kubectl logs'],
      ['get', 'nginx', false, 'kubectl logs'],
    ]);
  });

  it('records rollout undo and scale by kubectl command, reads by format, and --as', async () => {
    await ok('apply', '-f', tc.file('dep.yaml', DEPLOYMENT));
    await ok('set', 'image', 'deployment/echo', 'echo=gihyodocker/echo:v2');
    await waitFor(async () => (await k('rollout', 'history', 'deployment/echo')).stdout.includes('2 '), 'revision 2');
    const n = since();
    await ok('rollout', 'undo', 'deployment/echo');
    await ok('scale', 'deployment/echo', '--replicas=2');
    await ok('get', 'pods');
    await ok('get', 'pod', 'simple-echo', '-o', 'yaml');
    // As the grader does: a user with the cluster admins' group (a user alone may do nothing under RBAC).
    await ok('get', 'deployments', '--as', 'kubelab:grader', '--as-group', 'system:masters');
    const seen = after(n);
    expect(seen).toContainEqual(expect.objectContaining({ verb: 'patch', resource: 'deployments', group: 'apps', name: 'echo', kubectlCommand: 'kubectl rollout undo', code: 200 }));
    expect(seen).toContainEqual(expect.objectContaining({ verb: 'patch', resource: 'deployments', subresource: 'scale', name: 'echo', kubectlCommand: 'kubectl scale' }));
    expect(seen).toContainEqual(expect.objectContaining({ verb: 'list', resource: 'pods', format: 'table', kubectlCommand: 'kubectl get' }));
    expect(seen).toContainEqual(expect.objectContaining({ verb: 'get', resource: 'pods', name: 'simple-echo', format: 'object' }));
    expect(seen).toContainEqual(expect.objectContaining({ verb: 'list', resource: 'deployments', impersonatedUser: 'kubelab:grader' }));
  });

  it('records whose token it was when not the learner\'s, and the Forbidden refusals of an impersonated user', async () => {
    await ok('create', 'serviceaccount', 'ci');
    const token = (await ok('create', 'token', 'ci')).trim();
    const n = since();
    await k(`--token=${token}`, 'get', 'pods');
    await k('get', 'secrets', '--as=system:serviceaccount:default:ci');
    expect(after(n)).toContainEqual(expect.objectContaining({ verb: 'list', resource: 'pods', code: 403, tokenUser: 'system:serviceaccount:default:ci' }));
    const asCi = after(n).find((r) => r.resource === 'secrets');
    expect(asCi).toMatchObject({ verb: 'list', code: 403, impersonatedUser: 'system:serviceaccount:default:ci', message: expect.stringContaining('cannot list resource "secrets"') });
    expect(asCi?.tokenUser).toBeUndefined();
  });

  it('records a refused request with its code and the Status message', async () => {
    const n = since();
    await k('get', 'pod', 'nope');
    expect(after(n)).toContainEqual(expect.objectContaining({ verb: 'get', resource: 'pods', name: 'nope', code: 404, message: 'pods "nope" not found' }));
  });
});

describeEachKubectl()('a broken request record sink with %s', (bin) => {
  it('never fails the request', async () => {
    const tc = await startTestCluster({
      audit: () => {
        throw new Error('sink broken');
      },
    });
    try {
      const r = await tc.kubectl(bin, ['get', 'nodes', '-o', 'name']);
      expect(r).toMatchObject({ code: 0, stdout: expect.stringContaining('node/kubelab-worker') });
    } finally {
      await tc.close();
    }
  });
});
