// `kubectl debug <pod> --image=busybox --target=<container>` with the real kubectl (oldest and newest) on the
// simulated runtime: the debug container is added through pods/ephemeralcontainers, the kubelet starts it and
// reports it in status.ephemeralContainerStatuses, `kubectl describe` lists it, and kube-apiserver's refusals (a
// name already in use, an unknown target, fields a debug container may not have, changing or removing one) come
// back word for word.
import { apiRequest } from '../helpers/api-request';
import { describeEachKubectl, kubectlRunners } from '../helpers/kubectl-suite';
import { startTestCluster, waitFor, type TestCluster } from '../helpers/test-cluster';
import type { Pod } from '../../sandbox/api/objects';
import { findKind } from '../../sandbox/apiserver/kinds/registry';

const podRes = findKind('Pod')!;

const describeKubectl = describeEachKubectl();

const WEB = `
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - {name: app, image: nginx}
`;

describeKubectl('kubectl debug with %s', (bin) => {
  let tc: TestCluster;
  const { k, ok } = kubectlRunners(() => tc, bin);
  const pod = (name = 'web') => tc.cluster.api.get(podRes, 'default', name);
  const api = (method: string, path: string, body: unknown, contentType = 'application/json') =>
    apiRequest(`${tc.url}${path}`, { method, token: tc.cluster.token, ca: tc.caCert, body, headers: { 'content-type': contentType } });

  beforeAll(async () => {
    tc = await startTestCluster();
    await ok('apply', '-f', tc.file('web.yaml', WEB));
    await waitFor(() => pod().status?.phase === 'Running', 'web running', 20_000);
  });
  afterAll(() => tc.close());

  it('adds a debug container targeting the app container, which the kubelet starts', async () => {
    const r = await k('debug', 'web', '--image=busybox', '--target=app', '-c', 'debugger', '--', 'sleep', '3600');
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).toContain('Targeting container "app"');
    const ec = pod().spec?.ephemeralContainers?.[0];
    expect(ec).toMatchObject({ name: 'debugger', image: 'busybox', targetContainerName: 'app', command: ['sleep', '3600'], terminationMessagePolicy: 'File' });
    const running = await waitFor(() => pod().status?.ephemeralContainerStatuses?.find((s) => s.name === 'debugger' && s.state?.running), 'the debug container running', 20_000);
    expect(running).toMatchObject({ ready: false, restartCount: 0, image: 'docker.io/library/busybox:latest' });
    // The pod itself is as it was: one container, ready.
    expect(await ok('get', 'pod', 'web', '--no-headers')).toMatch(/^web\s+1\/1\s+Running\s+0/);
  });

  it('shows the debug container under "Ephemeral Containers:" in kubectl describe', async () => {
    const out = await ok('describe', 'pod', 'web');
    expect(out).toMatch(/Ephemeral Containers:\n\s+debugger:\n\s+Container ID:\s+sim:\/\/\w+\n\s+Image:\s+busybox/);
    expect(out).toMatch(/debugger:[\s\S]*State:\s+Running/);
    expect(out).toMatch(/Created container:? debugger/);
  });

  it('refuses a debug container whose name is already used by a container of the pod', async () => {
    const r = await k('debug', 'web', '--image=busybox', '-c', 'app', '--', 'true');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('The Pod "web" is invalid: spec.ephemeralContainers[1].name: Duplicate value: "app"');
  });

  it('refuses a target that is not a container of the pod', async () => {
    const r = await k('debug', 'web', '--image=busybox', '-c', 'lost', '--target=nope', '--', 'true');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('The Pod "web" is invalid: spec.ephemeralContainers[1].targetContainerName: Not found: "nope"');
  });

  it('refuses ports, probes and resources on a debug container, field by field', async () => {
    const body = (await api('GET', '/api/v1/namespaces/default/pods/web/ephemeralcontainers', undefined)).body as Pod;
    body.spec!.ephemeralContainers!.push({
      name: 'probed', image: 'busybox', ports: [{ containerPort: 80 }], resources: { limits: { cpu: '1' } },
      readinessProbe: { exec: { command: ['true'] } }, lifecycle: { preStop: { exec: { command: ['true'] } } },
    });
    const r = await api('PUT', '/api/v1/namespaces/default/pods/web/ephemeralcontainers', body);
    expect(r.status).toBe(422);
    expect(r.body.message).toBe(
      'Pod "web" is invalid: [spec.ephemeralContainers[1].ports: Forbidden: cannot be set for an Ephemeral Container, '
      + 'spec.ephemeralContainers[1].resources: Forbidden: cannot be set for an Ephemeral Container, '
      + 'spec.ephemeralContainers[1].readinessProbe: Forbidden: cannot be set for an Ephemeral Container, '
      + 'spec.ephemeralContainers[1].lifecycle: Forbidden: cannot be set for an Ephemeral Container]',
    );
  });

  it('refuses to change or remove a debug container that exists', async () => {
    const current = (await api('GET', '/api/v1/namespaces/default/pods/web/ephemeralcontainers', undefined)).body as Pod;
    expect(current.kind).toBe('Pod');
    const changed = structuredClone(current);
    changed.spec!.ephemeralContainers![0].image = 'alpine';
    const r1 = await api('PUT', '/api/v1/namespaces/default/pods/web/ephemeralcontainers', changed);
    expect(r1.status).toBe(422);
    expect(r1.body.message).toContain('Pod "web" is invalid: spec.ephemeralContainers[debugger]: Forbidden: existing ephemeral containers "debugger" may not be changed\n');
    const removed = structuredClone(current);
    removed.spec!.ephemeralContainers = [];
    const r2 = await api('PUT', '/api/v1/namespaces/default/pods/web/ephemeralcontainers', removed);
    expect(r2.status).toBe(422);
    expect(r2.body.message).toBe('Pod "web" is invalid: spec.ephemeralContainers: Forbidden: existing ephemeral containers "debugger" may not be removed\n');
  });

  it('takes nothing but ephemeral containers from a write to the subresource', async () => {
    const current = (await api('GET', '/api/v1/namespaces/default/pods/web/ephemeralcontainers', undefined)).body as Pod;
    const sent = structuredClone(current);
    sent.metadata.labels = { sneaky: 'yes' };
    sent.spec!.containers[0].image = 'httpd';
    sent.spec!.ephemeralContainers!.push({ name: 'second', image: 'busybox', stdin: true });
    const r = await api('PUT', '/api/v1/namespaces/default/pods/web/ephemeralcontainers', sent);
    expect(r.status).toBe(200);
    expect(r.body.metadata.labels?.sneaky).toBeUndefined();
    expect(r.body.spec.containers[0].image).toBe('nginx');
    expect(r.body.spec.ephemeralContainers.map((c: { name: string }) => c.name)).toEqual(['debugger', 'second']);
    expect(r.body.spec.ephemeralContainers[1]).toMatchObject({ imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log' });
  });

  it('is added with one strategic merge patch to pods/ephemeralcontainers (what both kubectl versions send)', async () => {
    const r = await k('debug', 'web', '--image=busybox', '-c', 'wire', '-v=8', '--', 'sleep', '3600');
    expect(r.code).toBe(0);
    // 1.27 logs `PATCH https://…`, 1.33 `"Request" verb="PATCH" url="https://…"`; the request's headers follow.
    const writes = [...r.stderr.matchAll(/(?:"Request" verb="|\] )(PATCH|PUT|POST)"? (?:url=")?https:\/\/[^/\s]+(\/\S*ephemeralcontainers)[\s\S]*?Content-Type: (\S+)/g)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    expect(writes).toEqual(['PATCH /api/v1/namespaces/default/pods/web/ephemeralcontainers application/strategic-merge-patch+json']);
  });

  it('holds a debug container to the namespace\'s PodSecurity level, as the pod\'s own containers', async () => {
    await ok('create', 'namespace', 'locked');
    await ok('label', 'namespace', 'locked', 'pod-security.kubernetes.io/enforce=restricted');
    await ok('apply', '-n', 'locked', '-f', tc.file('strict.yaml', `
apiVersion: v1
kind: Pod
metadata: {name: strict}
spec:
  securityContext: {runAsNonRoot: true, runAsUser: 1000, seccompProfile: {type: RuntimeDefault}}
  containers:
  - name: app
    image: nginx
    securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
`));
    const r = await k('debug', '-n', 'locked', 'strict', '--image=busybox', '-c', 'debugger', '--', 'sleep', '3600');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('pods "strict" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "debugger" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "debugger" must set securityContext.capabilities.drop=["ALL"])');
    expect(tc.cluster.api.get(podRes, 'locked', 'strict').spec?.ephemeralContainers).toBeUndefined();
  });

  it('explains on the simulated runtime that attaching to the debug container needs real containers', async () => {
    const r = await k('debug', '-i', 'web', '--image=busybox', '-c', 'simshell', '--', 'sh');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('warning: couldn\'t attach to pod/web, falling back to streaming logs: attach for pod "web" need real containers: this cluster runs the simulated runtime (sim)');
    // The debug container itself was added and runs (a shell with stdin open runs until stopped).
    expect(pod().status?.ephemeralContainerStatuses?.find((st) => st.name === 'simshell')?.state?.running).toBeDefined();
  });

  it('lists pods/ephemeralcontainers in discovery', async () => {
    expect(await ok('api-resources', '--no-headers')).toMatch(/^pods\s+po\s+v1\s+true\s+Pod$/m);
    const r = await api('GET', '/api/v1', undefined);
    expect(r.body.resources.find((x: { name: string }) => x.name === 'pods/ephemeralcontainers')).toMatchObject({ kind: 'Pod', verbs: ['get', 'patch', 'update'] });
  });
});
