// NetworkPolicies enforced on real containers, driven by the real kubectl (oldest and newest): the kubernetes.io
// "Declare Network Policy" task (nginx, and a busybox that gets in only with access=true), default deny ingress and
// egress (DNS fails), allowing DNS to kube-dns, namespaceSelector, ipBlock with except, and named ports — from pod to
// pod, straight to pod IPs and through Services. Traffic from the node (kubelet probes, the API server's proxy) is
// never held back.
import { describeDocker, newestKubectl, oldestKubectl, podReady, podRes, startDockerTestCluster, waitFor, type DockerTestCluster } from './docker-cluster';
import { kubectlBinaries, requireOrSkip } from '../helpers/kubectl-bin';
import { testEngine } from '../sandbox/docker/docker-env';

const hasKubectl = requireOrSkip('kubectl', kubectlBinaries().all.length > 0);

const WEB = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
  - name: web
    image: busybox
    command: ["sh", "-c", "echo hello > /tmp/index.html && httpd -p 8080 -h /tmp && exec httpd -f -p 80 -h /tmp"]
    ports:
    - name: http
      containerPort: 80
    - name: alt
      containerPort: 8080
    readinessProbe:
      httpGet:
        port: http
      periodSeconds: 1
`;

const policy = (name: string, spec: string, namespace = 'default') => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
${spec.replace(/^/gm, '  ')}
`;

const ACCESS_NGINX = policy(
  'access-nginx',
  `podSelector:
  matchLabels:
    app: nginx
ingress:
- from:
  - podSelector:
      matchLabels:
        access: "true"`,
);

const DENY_INGRESS = policy('default-deny-ingress', `podSelector: {}
policyTypes:
- Ingress`);

const DENY_EGRESS = policy('default-deny-egress', `podSelector: {}
policyTypes:
- Egress`);

const ALLOW_DNS = policy(
  'allow-dns',
  `podSelector: {}
policyTypes:
- Egress
egress:
- to:
  - namespaceSelector:
      matchLabels:
        kubernetes.io/metadata.name: kube-system
    podSelector:
      matchLabels:
        k8s-app: kube-dns
  ports:
  - protocol: UDP
    port: 53
  - protocol: TCP
    port: 53`,
);

(hasKubectl ? describeDocker : describe.skip)('NetworkPolicies on real containers (real kubectl)', () => {
  let tc: DockerTestCluster;
  const old = oldestKubectl();
  const neu = newestKubectl();
  const ip = (name: string, ns = 'default') => String(tc.pod(name, ns)?.status?.podIP);

  /** A wget from inside a pod: true when it got an answer within 2 s. */
  const reaches = async (from: string, url: string, ns = 'default', bin = neu): Promise<boolean> => {
    const r = await tc.kubectl(bin, ['exec', '-n', ns, from, '--', 'timeout', '2', 'wget', '-qO-', url], { timeoutMs: 20_000 });
    return r.code === 0;
  };
  const expectReach = (from: string, url: string, want: boolean, ns = 'default', bin = neu) =>
    waitFor(`${ns}/${from} ${want ? 'reaching' : 'kept from'} ${url}`, async () => (await reaches(from, url, ns, bin)) === want, 20_000);
  const resolves = async (from: string, name: string): Promise<boolean> => (await tc.kubectl(neu, ['exec', from, '--', 'timeout', '3', 'nslookup', name], { timeoutMs: 20_000 })).code === 0;
  const apply = async (bin: string, yaml: string) => {
    const r = await tc.kubectl(bin, ['apply', '-f', '-'], { input: yaml });
    if (r.code !== 0) throw new Error(`kubectl apply failed: ${r.stderr}`);
    await tc.cluster.docker!.network.synced();
  };

  /** A busybox pod that only waits; its shell (PID 1) reaps what `timeout` leaves behind. */
  const idle = (name: string, ...flags: string[]) => tc.ok('run', name, '--image=busybox', ...flags, '--command', '--', 'sh', '-c', 'while true; do sleep 1; done');

  beforeAll(async () => {
    tc = await startDockerTestCluster();
    await tc.kubectl(neu, ['apply', '-f', '-'], { input: WEB });
    await tc.ok('create', 'deployment', 'nginx', '--image=gihyodocker/nginx:latest');
    await tc.ok('expose', 'deployment', 'nginx', '--port=80');
    await idle('client', '--labels=access=true');
    await idle('stranger');
    await tc.ok('create', 'namespace', 'other');
    await tc.ok('label', 'namespace', 'other', 'team=blue');
    await idle('visitor', '-n', 'other');
    await tc.ok('rollout', 'status', 'deployment/nginx', '--timeout=60s');
    await waitFor('the pods ready', () => ['web', 'client', 'stranger'].every((n) => podReady(tc.pod(n))) && podReady(tc.pod('visitor', 'other')), 60_000);
    await tc.cluster.docker!.network.synced();
  }, 120_000);

  afterEach(async () => {
    await tc.ok('delete', 'networkpolicy', '--all', '--all-namespaces');
    await tc.cluster.docker!.network.synced();
  }, 30_000);

  afterAll(async () => {
    await tc?.close();
  }, 60_000);

  it('lets only pods labelled access=true reach nginx (the kubernetes.io task), through its Service and at its pod IP', async () => {
    expect(await reaches('stranger', 'http://nginx')).toBe(true);
    await apply(old, ACCESS_NGINX);
    const nginxIp = tc.cluster.api.list(podRes, 'default', { labelSelector: 'app=nginx' }).items[0].status?.podIP;
    await expectReach('stranger', 'http://nginx', false);
    await expectReach('stranger', `http://${nginxIp}`, false, 'default', old);
    expect(await reaches('client', 'http://nginx')).toBe(true);
    expect(await reaches('client', `http://${nginxIp}`, 'default', old)).toBe(true);
    // Another pod, now labelled access=true, gets in as soon as the label is on it.
    await tc.ok('label', 'pod', 'stranger', 'access=true');
    await expectReach('stranger', 'http://nginx', true);
    await tc.ok('label', 'pod', 'stranger', 'access-');
    await expectReach('stranger', 'http://nginx', false);
  }, 120_000);

  it('keeps every pod of the namespace closed with a default deny ingress, but not the node (probes, the API server\'s proxy)', async () => {
    await apply(neu, DENY_INGRESS);
    await expectReach('client', `http://${ip('web')}`, false, 'default', old);
    await expectReach('visitor', 'http://nginx.default', false, 'other');
    expect(podReady(tc.pod('web'))).toBe(true);
    await new Promise((r) => setTimeout(r, 2500)); // several readiness periods
    expect(podReady(tc.pod('web'))).toBe(true);
    expect(await tc.ok('get', '--raw', '/api/v1/namespaces/default/pods/web:80/proxy/')).toBe('hello\n');
  }, 90_000);

  it('fails DNS and every connection out under a default deny egress, until DNS to kube-dns and nginx are allowed', async () => {
    await apply(old, DENY_EGRESS);
    await waitFor('DNS failing for client', async () => !(await resolves('client', 'nginx.default.svc.cluster.local')), 20_000);
    await expectReach('client', `http://${ip('web')}`, false);
    await apply(neu, ALLOW_DNS);
    await waitFor('DNS answering client again', () => resolves('client', 'nginx.default.svc.cluster.local'), 20_000);
    await expectReach('client', 'http://nginx', false);
    await apply(
      old,
      policy('client-to-nginx', `podSelector:
  matchLabels:
    access: "true"
policyTypes:
- Egress
egress:
- to:
  - podSelector:
      matchLabels:
        app: nginx
  ports:
  - port: 80`),
    );
    await expectReach('client', 'http://nginx', true);
    expect(await reaches('client', `http://${ip('web')}`)).toBe(false);
    expect(await reaches('stranger', 'http://nginx')).toBe(false);
  }, 120_000);

  it('admits pods of namespaces a namespaceSelector picks, and only those', async () => {
    await apply(
      neu,
      policy('from-team-blue', `podSelector:
  matchLabels:
    app: web
ingress:
- from:
  - namespaceSelector:
      matchLabels:
        team: blue`),
    );
    await expectReach('client', `http://${ip('web')}`, false);
    expect(await reaches('visitor', `http://${ip('web')}`, 'other')).toBe(true);
    await tc.ok('label', 'namespace', 'other', 'team-');
    await expectReach('visitor', `http://${ip('web')}`, false, 'other');
    await tc.ok('label', 'namespace', 'other', 'team=blue');
  }, 120_000);

  it('admits an ipBlock minus its except, and limits a pod\'s egress to an ipBlock', async () => {
    const podRange = tc.cluster.docker!.network.subnet.replace(/\/22$/, '/23');
    await apply(
      old,
      policy('from-pod-range', `podSelector:
  matchLabels:
    app: web
ingress:
- from:
  - ipBlock:
      cidr: ${podRange}
      except:
      - ${ip('stranger')}/32`),
    );
    await expectReach('stranger', `http://${ip('web')}`, false);
    expect(await reaches('client', `http://${ip('web')}`)).toBe(true);
    await apply(
      neu,
      policy('client-only-to-web', `podSelector:
  matchLabels:
    access: "true"
policyTypes:
- Egress
egress:
- to:
  - ipBlock:
      cidr: ${ip('web')}/32`),
    );
    await expectReach('client', `http://${ip('visitor', 'other')}`, false);
    expect(await reaches('client', `http://${ip('web')}`)).toBe(true);
  }, 120_000);

  it('opens only the named port a policy names', async () => {
    await apply(
      old,
      policy('web-http-only', `podSelector:
  matchLabels:
    app: web
ingress:
- ports:
  - port: http`),
    );
    await expectReach('client', `http://${ip('web')}:8080`, false);
    expect(await reaches('client', `http://${ip('web')}:80`)).toBe(true);
  }, 90_000);

  it('never holds back the learner\'s terminal, a container on the cluster network that is not a pod', async () => {
    await apply(neu, DENY_INGRESS);
    await expectReach('client', `http://${ip('web')}`, false);
    // Made as the terminal backend makes the toolbox: an infra container from podSandboxConfig, busybox joined to it.
    const engine = testEngine();
    const sb = tc.cluster.docker!.network.podSandboxConfig('default');
    const sandbox = await engine.containers.create({ image: sb.image, networkMode: sb.networkMode, env: sb.env, capAdd: sb.capAdd, dns: sb.dns, labels: tc.labels });
    await engine.containers.start(sandbox);
    const box = await engine.containers.create({ image: 'busybox:latest', networkMode: `container:${sandbox}`, cmd: ['sh', '-c', 'while true; do sleep 1; done'], labels: tc.labels });
    await engine.containers.start(box);
    const r = await engine.containers.exec(box, { cmd: ['timeout', '5', 'wget', '-qO-', `http://${ip('web')}`] });
    expect(r.stdout).toBe('hello\n');
    const viaService = await engine.containers.exec(box, { cmd: ['timeout', '5', 'wget', '-qO-', 'http://nginx.default.svc.cluster.local'] });
    expect(viaService.exitCode).toBe(0);
  }, 90_000);

  it('opens everything again once the policies are deleted', async () => {
    await apply(neu, DENY_INGRESS);
    await expectReach('client', `http://${ip('web')}`, false);
    await tc.kubectl(old, ['delete', 'networkpolicy', 'default-deny-ingress']);
    await expectReach('client', `http://${ip('web')}`, true);
  }, 90_000);
});
